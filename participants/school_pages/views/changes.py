"""Changes to an ECT's or a mentor's details, and reporting that they are leaving (docs/school-registration.md,
"Changes"): one question, check answers, confirmation; each saves through the owning service."""

from django.http import Http404
from django.urls import reverse

from config.wizard import CHECK_ANSWERS, Step, Wizard, WizardView

from ...models import ECTAtSchoolPeriod, MentorAtSchoolPeriod, WorkingPattern
from ...services import ect_changes, mentor_changes
from ...services.mentors import current_training
from ...services.school_periods import latest_training_start
from .. import date_rules, forms, rules
from .. import registration_selectors as selectors
from ..cohorts import ongoing
from .base import SchoolPageMixin


class _Change(Wizard):
    """A change to one of the school's current ECTs (`ect_id`) or mentors (`mentor_id`)."""

    model = ECTAtSchoolPeriod
    id_name = "ect_id"
    confirm_label = "Confirm change"

    def __init__(self, request, *, school, person, today, **ids):
        super().__init__(request, **ids)
        self.school, self.person, self.today = school, person, today
        self.current = (
            ongoing(self.model.objects.filter(school=school), today=today)
            .select_related("teacher")
            .filter(pk=ids[self.id_name])
            .first()
        )
        if self.current is None:
            raise Http404
        self.url_context_names = (self.id_name,)

    what = ""

    @property
    def whose(self) -> str:
        return "ECT" if self.model is ECTAtSchoolPeriod else "mentor"

    @property
    def check_answers_title(self) -> str:
        return f"Check the {self.whose}'s new {self.what}"

    def step_title(self, step: str) -> str:
        return super().step_title(step).format(whose=self.whose)

    @property
    def name_now(self) -> str:
        return self.current.teacher.full_name

    def exit_url(self):
        page = "school:ect" if self.model is ECTAtSchoolPeriod else "school:mentor"
        return reverse(page, args=[self.current.pk])

    def page_context(self):
        return {"school": self.school, "nav": "ects" if self.model is ECTAtSchoolPeriod else "mentors"}

    def next_step(self, step):
        return CHECK_ANSWERS

    def service_kwargs(self) -> dict:
        key = "ect_at_school_period" if self.model is ECTAtSchoolPeriod else "mentor_at_school_period"
        return {key: self.current, **self.person.author()}

    def done(self, title: str) -> dict:
        self.current.teacher.refresh_from_db()  # a name change shows the new name
        return {"title": title, "next_url": self.exit_url(), "next_label": f"Back to {self.name_now}"}

    def current_programme(self) -> str:
        training = current_training(self.current)
        return training.training_programme if training else ""

    def latest_training_start(self):
        return latest_training_start(self.current, today=self.today)


class _ChangeName(_Change):
    what = "name"
    steps = [
        Step("edit", "Change the {whose}'s name", forms.ChangeNameForm),
        # An interruption page (docs/school-registration.md, "Changes"): a way on and a way out.
        Step(
            "confirm-name-change",
            "Is the {whose} with the new name the same person?",
            template="school/changes/confirm_name.html",
            extra={"button": "Yes, it is the same person"},
        ),
    ]

    def next_step(self, step):
        new = self.answer("edit", "name")
        if step == "edit" and new and rules.is_significant_name_change(new, current_name=self.name_now):
            return "confirm-name-change"
        return CHECK_ANSWERS

    def full_new_name(self) -> str:
        return self.answer("edit", "name", "")

    def initial(self, step):
        return {"name": self.name_now} if step == "edit" else {}

    def summary(self):
        return [
            {"key": "Current name", "value": self.name_now, "step": ""},
            {"key": "New name", "value": self.answer("edit", "name"), "step": "edit"},
        ]


class _ChangeEmail(_Change):
    what = "email address"
    steps = [Step("edit", "Change the {whose}'s email address", forms.ChangeEmailForm)]

    def initial(self, step):
        return {"email": self.current.email}

    def summary(self):
        return [
            {"key": "Current email address", "value": self.current.email, "step": ""},
            {"key": "New email address", "value": self.answer("edit", "email"), "step": "edit"},
        ]


class _ReportLeaving(_Change):
    steps = [Step("edit", "When is the {whose} leaving your school?", forms.LeavingDateForm)]
    confirm_label = "Confirm and report"

    @property
    def check_answers_title(self):
        leaving_on = self.answer("edit", "leaving_on")
        verb = "has left" if leaving_on and leaving_on < self.today else "is leaving"
        return f"Check your answers: {self.name_now} {verb} your school"

    def summary(self):
        return [
            {"key": "Leaving date", "value": date_rules.format_date(self.answer("edit", "leaving_on")), "step": "edit"}
        ]


# --- ECTs -------------------------------------------------------------------------------------------------------
class ECTChangeName(_ChangeName):
    name = "ect-change-name"

    def commit(self):
        ect_changes.ect_change_name(name=self.answer("edit", "name"), **self.service_kwargs())
        return self.done(f"You have changed the ECT's name to {self.answer('edit', 'name')}")


class ECTChangeEmail(_ChangeEmail):
    name = "ect-change-email"

    def commit(self):
        ect_changes.ect_change_email(email=self.answer("edit", "email"), **self.service_kwargs())
        return self.done(f"You have changed {self.name_now}'s email address")


class ECTChangeWorkingPattern(_Change):
    what = "working pattern"
    name = "ect-change-working-pattern"
    steps = [Step("edit", "Change the ECT's working pattern", forms.ChangeWorkingPatternForm)]

    def initial(self, step):
        return {"working_pattern": self.current.working_pattern}

    def summary(self):
        value = WorkingPattern(self.answer("edit", "working_pattern")).label
        return [{"key": "Working pattern", "value": value, "step": "edit"}]

    def commit(self):
        pattern = self.answer("edit", "working_pattern")
        ect_changes.ect_change_working_pattern(working_pattern=pattern, **self.service_kwargs())
        return self.done(f"You have changed {self.name_now}'s working pattern")


class ECTChangeAppropriateBody(_Change):
    what = "appropriate body"
    name = "ect-change-appropriate-body"
    steps = [Step("edit", "Which appropriate body will support the ECT's induction?", forms.AppropriateBodyForm)]

    def appropriate_bodies(self):
        return selectors.appropriate_bodies_for_change(ect_at_school_period=self.current)

    def summary(self):
        return [{"key": "Appropriate body", "value": str(self.answer("edit", "appropriate_body")), "step": "edit"}]

    def commit(self):
        body = self.answer("edit", "appropriate_body")
        ect_changes.ect_change_appropriate_body(appropriate_body=body, **self.service_kwargs())
        return self.done(f"You have changed {self.name_now}'s appropriate body to {body}")


class ECTChangeTrainingProgramme(_Change):
    what = "training programme"
    name = "ect-change-training-programme"
    steps = [
        Step("edit", "Change the ECT's training programme", forms.ChangeTrainingProgrammeForm),
        Step("lead-provider", "Which lead provider will be training the ECT?", forms.LeadProviderForm),
    ]

    def lead_providers(self):
        return selectors.lead_providers_for_registration(
            school=self.school, started_on=self.today, trn=self.current.teacher.trn
        )

    def next_step(self, step):
        if step == "edit" and self.answer("edit", "training_programme") == "provider_led":
            return "lead-provider"
        return CHECK_ANSWERS

    def summary(self):
        programme = self.answer("edit", "training_programme")
        rows = [
            {
                "key": "Training programme",
                "value": "Provider-led" if programme == "provider_led" else "School-led",
                "step": "edit",
            }
        ]
        if programme == "provider_led":
            rows.append(
                {
                    "key": "Lead provider",
                    "value": str(self.answer("lead-provider", "lead_provider")),
                    "step": "lead-provider",
                }
            )
        return rows

    def commit(self):
        programme = self.answer("edit", "training_programme")
        provider = self.answer("lead-provider", "lead_provider") if programme == "provider_led" else None
        ect_changes.ect_change_training_programme(
            training_programme=programme, lead_provider=provider, **self.service_kwargs()
        )
        return self.done(f"You have changed {self.name_now}'s training programme")


class _ChangeLeadProvider(_Change):
    """The lead provider who trains the ECT or mentor, among those active in their contract period."""

    what = "lead provider"

    def lead_providers(self):
        return selectors.lead_providers_for_change(at_school_period=self.current)

    def summary(self):
        return [{"key": "Lead provider", "value": str(self.answer("edit", "lead_provider")), "step": "edit"}]

    def commit(self):
        provider = self.answer("edit", "lead_provider")
        self.service(lead_provider=provider, **self.service_kwargs())
        return self.done(f"You have told us {provider} will train {self.name_now}")


class ECTChangeLeadProvider(_ChangeLeadProvider):
    name = "ect-change-lead-provider"
    steps = [Step("edit", "Which lead provider will be training the ECT?", forms.LeadProviderForm)]
    service = staticmethod(ect_changes.ect_change_lead_provider)


class ECTReportLeaving(_ReportLeaving):
    name = "ect-report-leaving"

    def commit(self):
        ect_changes.ect_report_leaving(
            school=self.school, leaving_on=self.answer("edit", "leaving_on"), **self.service_kwargs()
        )
        result = self.done(f"You have reported that {self.name_now} is leaving your school")
        result.update(next_url=reverse("school:ects-home"), next_label="Back to your ECTs")
        return result


# --- mentors ----------------------------------------------------------------------------------------------------
class _MentorChange:
    model = MentorAtSchoolPeriod
    id_name = "mentor_id"


class MentorChangeName(_MentorChange, _ChangeName):
    name = "mentor-change-name"

    def commit(self):
        mentor_changes.mentor_change_name(name=self.answer("edit", "name"), **self.service_kwargs())
        return self.done(f"You have changed the mentor's name to {self.answer('edit', 'name')}")


class MentorChangeEmail(_MentorChange, _ChangeEmail):
    name = "mentor-change-email"

    def commit(self):
        mentor_changes.mentor_change_email(email=self.answer("edit", "email"), **self.service_kwargs())
        return self.done(f"You have changed {self.name_now}'s email address")


class MentorChangeLeadProvider(_MentorChange, _ChangeLeadProvider):
    name = "mentor-change-lead-provider"
    steps = [Step("edit", "Which lead provider will be training the mentor?", forms.MentorLeadProviderForm)]
    service = staticmethod(mentor_changes.mentor_change_lead_provider)


class MentorReportLeaving(_MentorChange, _ReportLeaving):
    name = "mentor-report-leaving"

    def commit(self):
        mentor_changes.mentor_report_leaving(
            school=self.school, leaving_on=self.answer("edit", "leaving_on"), **self.service_kwargs()
        )
        result = self.done(f"You have reported that {self.name_now} is leaving your school")
        result.update(
            detail="The ECTs they mentor at your school will need a new mentor.",
            next_url=reverse("school:mentors-home"),
            next_label="Back to your mentors",
        )
        return result


def view_for(wizard: type[_Change], *, registration: bool = False) -> type[WizardView]:
    """The page view of one change journey (registration-window gate for programme and mentor changes)."""

    class ChangeView(SchoolPageMixin, WizardView):
        wizard_class = wizard
        registration_gate = registration

        def make_wizard(self, request, **kwargs):
            return wizard(request, school=self.school, person=self.person, today=self.today, **kwargs)

    ChangeView.__name__ = f"{wizard.__name__}View"
    return ChangeView


ECT_CHANGES = [
    ("name", ECTChangeName, False),
    ("email-address", ECTChangeEmail, False),
    ("working-pattern", ECTChangeWorkingPattern, False),
    ("appropriate-body", ECTChangeAppropriateBody, False),
    ("training-programme", ECTChangeTrainingProgramme, True),
    ("lead-provider", ECTChangeLeadProvider, False),
    ("report-teacher-leaving", ECTReportLeaving, False),
]
MENTOR_CHANGES = [
    ("name", MentorChangeName, False),
    ("email-address", MentorChangeEmail, False),
    ("lead-provider", MentorChangeLeadProvider, False),
    ("report-teacher-leaving", MentorReportLeaving, False),
]
