"""The questions of the school journeys about ECTs and mentors. Every check is a rule of participants.school_pages.rules
(the services apply the same rules again when they save); these forms only ask and show the messages."""

from django import forms

from config.govuk import GovukDateField, GovukForm
from partnerships.models import LeadProvider
from schools.models import AppropriateBody

from ..models import WorkingPattern
from . import date_rules, messages, rules

YES_NO = [("yes", "Yes"), ("no", "No")]


def _check(message: str | None) -> None:
    if message:
        raise forms.ValidationError(message)


class FindTeacherForm(GovukForm):
    trn = forms.CharField(
        label="Teacher reference number (TRN)",
        required=False,
        help_text=messages.TRN_HINT,
        widget=forms.TextInput(attrs={"spellcheck": "false", "inputmode": "numeric"}),
    )
    date_of_birth = GovukDateField(
        label="Date of birth",
        help_text=messages.DOB_HINT,
        required_message=messages.DOB_BLANK,
        invalid_message=messages.DOB_INVALID,
    )

    def clean_trn(self):
        _check(rules.trn_error(self.cleaned_data["trn"]))
        return rules.normalise_trn(self.cleaned_data["trn"])

    def clean_date_of_birth(self):
        _check(date_rules.date_of_birth_error(self.cleaned_data["date_of_birth"]))
        return self.cleaned_data["date_of_birth"]


class NationalInsuranceNumberForm(GovukForm):
    national_insurance_number = forms.CharField(
        label="National Insurance number",
        required=False,
        help_text=messages.NI_HINT,
        widget=forms.TextInput(attrs={"spellcheck": "false"}),
    )

    def clean_national_insurance_number(self):
        _check(rules.national_insurance_number_error(self.cleaned_data["national_insurance_number"]))
        return rules.normalise_national_insurance_number(self.cleaned_data["national_insurance_number"])


class ReviewDetailsForm(GovukForm):
    details_correct = forms.ChoiceField(
        label="Are these details correct?", choices=YES_NO, widget=forms.RadioSelect, required=False
    )
    corrected_name = forms.CharField(
        label="If the name is not correct, enter the correct full name",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def clean(self):
        data = super().clean()
        answer = data.get("details_correct")
        if message := rules.details_correct_error(answer):
            self.add_error("details_correct", message)
        elif answer == "no":
            if message := rules.corrected_name_error(data.get("corrected_name")):
                self.add_error("corrected_name", message)
        else:
            data["corrected_name"] = ""
        return data


class EmailForm(GovukForm):
    email = forms.CharField(
        label="Email address",
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )

    def clean_email(self):
        _check(rules.email_error(self.cleaned_data["email"]))
        return self.cleaned_data["email"].strip()


def _start_date_field(*, blank: str, invalid: str) -> GovukDateField:
    return GovukDateField(
        label="Start date", help_text=messages.START_DATE_HINT, required_message=blank, invalid_message=invalid
    )


class StartDateForm(GovukForm):
    """When the ECT starts at the school; `start_rule` is the rule of participants.school_pages.rules that checks it."""

    started_on = _start_date_field(blank=messages.START_DATE_BLANK, invalid=messages.START_DATE_INVALID)
    start_rule = staticmethod(date_rules.ect_start_date_error)

    def clean_started_on(self):
        started_on = self.cleaned_data["started_on"]
        wizard = self.wizard
        _check(self.start_rule(started_on, trn=wizard.trn, school=wizard.school, today=wizard.today))
        return started_on


class WorkingPatternForm(GovukForm):
    working_pattern = forms.ChoiceField(
        label="Working pattern",
        choices=WorkingPattern.choices,
        widget=forms.RadioSelect,
        error_messages={"required": messages.WORKING_PATTERN_BLANK, "invalid_choice": messages.WORKING_PATTERN_BLANK},
    )


class UsePreviousChoicesForm(GovukForm):
    use_previous_choices = forms.ChoiceField(
        label="Do you want to use these programme choices for this ECT?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={
            "required": messages.USE_PREVIOUS_CHOICES_BLANK,
            "invalid_choice": messages.USE_PREVIOUS_CHOICES_BLANK,
        },
    )


class AppropriateBodyForm(GovukForm):
    appropriate_body = forms.ModelChoiceField(
        label="Appropriate body",
        queryset=AppropriateBody.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            "required": messages.APPROPRIATE_BODY_BLANK,
            "invalid_choice": messages.APPROPRIATE_BODY_BLANK,
        },
    )

    def __init__(self, *args, wizard=None, **kwargs):
        super().__init__(*args, wizard=wizard, **kwargs)
        self.fields["appropriate_body"].queryset = wizard.appropriate_bodies()

    def clean_appropriate_body(self):
        body = self.cleaned_data["appropriate_body"]
        _check(rules.appropriate_body_error(body, school=self.wizard.school))
        return body


class TrainingProgrammeForm(GovukForm):
    training_programme = forms.ChoiceField(
        label="Training programme",
        choices=[("provider_led", "Provider-led"), ("school_led", "School-led")],
        widget=forms.RadioSelect,
        error_messages={
            "required": messages.TRAINING_PROGRAMME_BLANK,
            "invalid_choice": messages.TRAINING_PROGRAMME_BLANK,
        },
    )


class LeadProviderForm(GovukForm):
    lead_provider = forms.ModelChoiceField(
        label="Lead provider",
        queryset=LeadProvider.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": messages.LEAD_PROVIDER_BLANK, "invalid_choice": messages.LEAD_PROVIDER_BLANK},
    )

    def __init__(self, *args, wizard=None, **kwargs):
        super().__init__(*args, wizard=wizard, **kwargs)
        self.fields["lead_provider"].queryset = wizard.lead_providers()


NEW_MENTOR = "new"


class ChooseMentorForm(GovukForm):
    heading_in_legend = True
    mentor = forms.ChoiceField(
        widget=forms.RadioSelect,
        error_messages={"required": messages.MENTOR_CHOICE_BLANK, "invalid_choice": messages.MENTOR_NOT_AT_SCHOOL},
    )

    def __init__(self, *args, wizard=None, **kwargs):
        super().__init__(*args, wizard=wizard, **kwargs)
        self.fields["mentor"].label = wizard.step_title("choose-mentor")
        choices = [(str(mentor.pk), mentor.teacher.full_name) for mentor in wizard.available_mentors()]
        self.fields["mentor"].choices = [*choices, (NEW_MENTOR, "Register a new mentor")]

    def clean_mentor(self):
        value = self.cleaned_data["mentor"]
        if value != NEW_MENTOR:
            mentor = self.wizard.mentor_by_id(value)
            _check(rules.mentor_choice_error(mentor, school=self.wizard.school, ect_at_school_period=self.wizard.ect))
        return value


class AcceptLeadProviderForm(GovukForm):
    accept_lead_provider = forms.ChoiceField(
        label="Do you want the ECT's lead provider to train the mentor too?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": "Select 'Yes' or 'No'", "invalid_choice": "Select 'Yes' or 'No'"},
    )


class MentorLeadProviderForm(LeadProviderForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["lead_provider"]
        field.error_messages = {
            "required": messages.MENTOR_LEAD_PROVIDER_BLANK,
            "invalid_choice": messages.MENTOR_LEAD_PROVIDER_BLANK,
        }


class MentoringAtNewSchoolOnlyForm(GovukForm):
    heading_in_legend = True
    mentoring_at_new_school_only = forms.ChoiceField(
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={
            "required": messages.MENTORING_AT_NEW_SCHOOL_ONLY_BLANK,
            "invalid_choice": messages.MENTORING_AT_NEW_SCHOOL_ONLY_BLANK,
        },
    )

    def __init__(self, *args, wizard=None, **kwargs):
        super().__init__(*args, wizard=wizard, **kwargs)
        self.fields["mentoring_at_new_school_only"].label = wizard.step_title("mentoring-at-new-school-only")


class MentorStartedOnForm(StartDateForm):
    started_on = _start_date_field(blank=messages.MENTOR_STARTED_ON_BLANK, invalid=messages.MENTOR_STARTED_ON_INVALID)
    start_rule = staticmethod(date_rules.mentor_started_on_error)


# --- changes to an ECT or mentor (the wizard gives `current`: the teacher's at-school period) -------------------
class ChangeNameForm(GovukForm):
    name = forms.CharField(label="Full name", required=False, widget=forms.TextInput(attrs={"autocomplete": "off"}))

    def clean_name(self):
        name = self.cleaned_data["name"]
        _check(rules.name_change_error(name, current_name=self.wizard.current.teacher.full_name))
        return " ".join(name.split())


class ChangeEmailForm(EmailForm):
    def clean_email(self):
        email = self.cleaned_data["email"]
        _check(rules.email_change_error(email, current_email=self.wizard.current.email))
        # The rule registration applies, the same function (docs/school-registration.md, "Changes").
        current = self.wizard.current
        if rules.email_in_use_by_another_teacher(email=email, trn=current.teacher.trn, today=self.wizard.today):
            raise forms.ValidationError(messages.EMAIL_IN_USE)
        return email.strip()


class ChangeWorkingPatternForm(GovukForm):
    working_pattern = forms.ChoiceField(
        label="Working pattern", choices=WorkingPattern.choices, widget=forms.RadioSelect, required=False
    )

    def clean_working_pattern(self):
        value = self.cleaned_data["working_pattern"]
        _check(rules.working_pattern_change_error(value, current_pattern=self.wizard.current.working_pattern))
        return value


class ChangeTrainingProgrammeForm(TrainingProgrammeForm):
    def clean_training_programme(self):
        value = self.cleaned_data["training_programme"]
        if value == self.wizard.current_programme():
            raise forms.ValidationError(messages.TRAINING_PROGRAMME_UNCHANGED)
        return value


class LeavingDateForm(GovukForm):
    leaving_on = GovukDateField(
        label="Leaving date",
        help_text=messages.LEAVING_DATE_HINT,
        required_message=messages.LEAVING_DATE_BLANK,
        invalid_message=messages.LEAVING_DATE_INVALID,
    )

    def clean_leaving_on(self):
        leaving_on = self.cleaned_data["leaving_on"]
        wizard = self.wizard
        _check(
            date_rules.leaving_date_error(
                leaving_on,
                started_on=wizard.current.started_on,
                latest_training_start=wizard.latest_training_start(),
                teacher_name=wizard.current.teacher.full_name,
                role="ect" if wizard.whose == "ECT" else "mentor",
                today=wizard.today,
            )
        )
        return leaving_on


class MentorProgrammeChoicesForm(UsePreviousChoicesForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["use_previous_choices"].label = "Do you want the same lead provider to train the mentor?"
