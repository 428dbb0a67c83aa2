"""Short journeys in the admin (docs/support.md): the school pages' journeys (config/wizard.py: one URL per step,
answers kept in the session and checked again whenever they are read, a check-answers step that saves through the
owning service and shows the service's own message when it refuses), on admin pages. A saved journey goes back to
where it started, with a message saying what was done.
"""

from django import forms
from django.contrib import messages
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path

from config.wizard import CHECK_ANSWERS, CONFIRMATION, Wizard, WizardView

QUESTION_TEMPLATE = "admin/wizard/question.html"


class AdminWizard(Wizard):
    """A journey on admin pages. `name` is the admin URL name (without the "admin:" namespace)."""

    check_answers_template = "admin/wizard/check_answers.html"
    confirm_label = "Confirm"

    def url_namespace(self) -> str:
        return "admin"


class RadioChoiceForm(forms.Form):
    """A journey's one radio question over rows (`queryset()`, which may read the journey's earlier answers through
    `self.wizard`): `question` is its label, `blank` what it says when nothing (or a row no longer offered) is
    chosen, `choice_label(row)` how each row reads."""

    question = ""
    blank = ""

    def __init__(self, *args, wizard=None, **kwargs):
        self.wizard = wizard
        super().__init__(*args, **kwargs)
        self.fields["choice"] = forms.ModelChoiceField(
            queryset=self.queryset(),
            label=self.question,
            widget=forms.RadioSelect,
            empty_label=None,
            error_messages={"required": self.blank, "invalid_choice": self.blank},
        )
        self.fields["choice"].label_from_instance = self.choice_label

    def queryset(self):
        raise NotImplementedError

    def choice_label(self, obj) -> str:
        return str(obj)


class AdminWizardView(WizardView):
    """Serves an AdminWizard inside the admin: its pages carry the admin's context (`model_admin.admin_site`)."""

    wizard_class = None
    model_admin = None

    def render_step(self, request, template: str, **context):
        admin_site = self.model_admin.admin_site
        return TemplateResponse(
            request,
            template,
            {
                **admin_site.each_context(request),
                "opts": self.model_admin.model._meta,
                "wizard": self.wizard,
                **self.wizard.page_context(),
                **context,
                "check_answers": CHECK_ANSWERS,
            },
        )

    def confirmation(self, request):
        result = request.session.pop(f"{self.wizard.store_key}:result", None)
        if result is None:
            return HttpResponseRedirect(self.wizard.url(self.wizard.first_step()))
        messages.success(request, result["title"])
        return HttpResponseRedirect(result["next_url"])


def admin_wizard_urls(model_admin, prefix: str, wizard_class: type[AdminWizard], permission: str) -> list:
    """The URL of every step of `wizard_class`, reached only by staff with `permission` (config/admin_base.py)."""
    view = AdminWizardView.as_view(wizard_class=wizard_class, model_admin=model_admin)
    return [path(f"{prefix}/<slug:step>/", model_admin.staff_view(view, permission), name=wizard_class.name)]


__all__ = [
    "CHECK_ANSWERS",
    "CONFIRMATION",
    "QUESTION_TEMPLATE",
    "AdminWizard",
    "AdminWizardView",
    "RadioChoiceForm",
    "admin_wizard_urls",
]
