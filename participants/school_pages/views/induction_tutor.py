"""The induction tutor's page and the three journeys that name or confirm the tutor (docs/school-pages.md)."""

from django.urls import reverse
from django.views.generic import TemplateView

from config.wizard import CHECK_ANSWERS, Step, Wizard, WizardView
from schools import rules, services

from ..sign_in_and_tutor_forms import ConfirmInductionTutorForm, InductionTutorDetailsForm
from .base import SchoolPageMixin


class InductionTutorPage(SchoolPageMixin, TemplateView):
    template_name = "school/induction_tutor.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(title="Induction tutor", **kwargs)


class _InductionTutorWizard(Wizard):
    check_answers_title = "Check your answers before confirming the induction tutor"
    # A journey that changes the tutor refuses the current tutor's details, at its question and when it saves.
    replaces_current_tutor = False

    def __init__(self, request, *, school, person, today):
        super().__init__(request, school_id=school.pk)
        self.school, self.person, self.today = school, person, today

    def exit_url(self) -> str | None:
        """The induction tutor page, unless the confirmation gate would send the school straight back here: a back
        link never leads to itself (docs/school-pages.md, "Gates"), so the journey the gate starts has none."""
        if not self.person.impersonating and rules.needs_induction_tutor_confirmation(self.school, today=self.today):
            return None
        return reverse("school:induction-tutor")

    def summary(self):
        details = self.answers("details") or {}
        return [
            {"key": "Full name", "value": details.get("name", ""), "step": "details"},
            {"key": "Email address", "value": details.get("email", ""), "step": "details"},
        ]

    def commit(self):
        details = self.answers("details")
        services.induction_tutor_update(
            school=self.school,
            name=details["name"],
            email=details["email"],
            today=self.today,
            replaces_current=self.replaces_current_tutor,
            **self.person.author(),
        )
        return {
            "title": f"You have assigned {details['name']} as your induction tutor",
            "body": f"We have sent a confirmation email to {details['email']}.",
            "next_url": reverse("school:home"),
            "next_label": "Continue",
        }


_DETAILS = Step("details", "Who will be your school's induction tutor?", InductionTutorDetailsForm)


class NewInductionTutor(_InductionTutorWizard):
    name = "induction-tutor-new"
    steps = [_DETAILS]

    def next_step(self, step):
        return CHECK_ANSWERS


class ChangeInductionTutor(NewInductionTutor):
    name = "induction-tutor-change"
    steps = [Step("details", "Change your school's induction tutor", InductionTutorDetailsForm)]
    check_answers_title = "Check your answers before changing the induction tutor"
    # The form opens with the current tutor's details and refuses them unchanged (docs/school-pages.md).
    replaces_current_tutor = True

    def initial(self, step):
        return {"name": self.school.induction_tutor_name, "email": self.school.induction_tutor_email}


class ConfirmExistingInductionTutor(_InductionTutorWizard):
    name = "induction-tutor-confirm-existing"
    steps = [
        Step(
            "are-these-details-correct",
            "Confirm your school's induction tutor",
            ConfirmInductionTutorForm,
            template="school/induction_tutor_confirm.html",
        ),
        Step("details", "Who will be your school's new induction tutor?", InductionTutorDetailsForm),
    ]
    # "No, someone else will be the induction tutor": the current details are refused.
    replaces_current_tutor = True

    def next_step(self, step):
        if step == "are-these-details-correct":
            return CHECK_ANSWERS if self.answer(step, "confirmed") == "yes" else "details"
        return CHECK_ANSWERS

    def summary(self):
        if self.answer("are-these-details-correct", "confirmed") == "yes":
            return [
                {"key": "Full name", "value": self.school.induction_tutor_name, "step": ""},
                {"key": "Email address", "value": self.school.induction_tutor_email, "step": ""},
            ]
        return super().summary()

    def commit(self):
        if self.answer("are-these-details-correct", "confirmed") == "yes":
            services.induction_tutor_confirm(school=self.school, today=self.today, **self.person.author())
            return {
                "title": "You have confirmed your school's induction tutor",
                "body": f"{self.school.induction_tutor_name} is your induction tutor for this academic year.",
                "next_url": reverse("school:home"),
                "next_label": "Continue",
            }
        return super().commit()


class _InductionTutorWizardView(SchoolPageMixin, WizardView):
    induction_tutor_gate = False

    def make_wizard(self, request, **kwargs):
        return self.wizard_class(request, school=self.school, person=self.person, today=self.today)


class NewInductionTutorView(_InductionTutorWizardView):
    wizard_class = NewInductionTutor


class ChangeInductionTutorView(_InductionTutorWizardView):
    wizard_class = ChangeInductionTutor


class ConfirmExistingInductionTutorView(_InductionTutorWizardView):
    wizard_class = ConfirmExistingInductionTutor
