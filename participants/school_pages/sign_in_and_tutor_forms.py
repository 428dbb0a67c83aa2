"""The school pages' forms that belong to schools: sign-in, the induction tutor's details, and "Contact DfE
support"."""

from django import forms

from config.govuk import GovukForm
from schools import rules


class SignInEmailForm(GovukForm):
    email = forms.CharField(
        label="Email address",
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )

    def clean_email(self):
        return rules.clean_email(self.cleaned_data["email"], blank=rules.SIGN_IN_EMAIL_BLANK).lower()


class SignInCodeForm(GovukForm):
    submit_label = "Sign in"
    code = forms.CharField(
        label="Sign-in code",
        help_text="The 6-digit code from the email we sent you",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split())
        if not code:
            raise forms.ValidationError(rules.SIGN_IN_CODE_BLANK)
        if len(code) != 6 or not (code.isascii() and code.isdigit()):
            raise forms.ValidationError(rules.SIGN_IN_CODE_FORMAT)
        return code


class ConfirmInductionTutorForm(GovukForm):
    confirmed = forms.ChoiceField(
        label="Are these details correct?",
        choices=[("yes", "Yes"), ("no", "No, someone else will be the induction tutor")],
        widget=forms.RadioSelect,
        error_messages={"required": rules.SIT_CONFIRM_BLANK},
    )


class InductionTutorDetailsForm(GovukForm):
    name = forms.CharField(label="Full name", required=False, widget=forms.TextInput(attrs={"autocomplete": "name"}))
    email = forms.CharField(
        label="Email address",
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )

    def clean_name(self):
        return rules.clean_person_name(
            self.cleaned_data["name"], blank=rules.SIT_NAME_BLANK, too_long=rules.SIT_NAME_TOO_LONG
        )

    def clean_email(self):
        return rules.clean_email(self.cleaned_data["email"])

    def clean(self):
        data = super().clean()
        wizard = self.wizard
        if (
            wizard is not None
            and wizard.replaces_current_tutor
            and "name" in data
            and "email" in data
            and rules.induction_tutor_unchanged(wizard.school, name=data["name"], email=data["email"])
        ):
            self.add_error("name", rules.SIT_UNCHANGED)
        return data


class SupportQueryForm(GovukForm):
    """ "Contact DfE support": who is asking, for which school, and what (schools.rules.support_query_errors)."""

    submit_label = "Send"
    name = forms.CharField(label="Full name", required=False, widget=forms.TextInput(attrs={"autocomplete": "name"}))
    email = forms.CharField(
        label="Email address",
        help_text="We'll reply to this address",
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    school_name = forms.CharField(label="School name or URN", required=False)
    message = forms.CharField(
        label="How can we help?",
        help_text="Do not include a teacher's date of birth or National Insurance number",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    # The rules are the service's (schools.services.support_query_create): the view puts its refusals on the fields.
