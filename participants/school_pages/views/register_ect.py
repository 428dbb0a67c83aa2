"""Register an ECT (docs/school-registration.md, "Register an ECT"): find the teacher in the Teacher Record Service, ask
what the school knows, check the answers, and save through participants.services.registration.ect_register."""

from django.urls import reverse

from config.wizard import CHECK_ANSWERS, Step, Wizard, WizardView

from ...models import WorkingPattern
from ...services.registration import ect_register
from .. import date_rules, forms, rules
from .. import registration_selectors as selectors
from .base import SchoolPageMixin
from .finding import FindsTeacher

DEAD_END = "school/wizard/dead_end.html"

# Where the Teacher Record Service's answer leads (participants.school_pages.registration_selectors.find_ect).
_FIND_BRANCHES = {
    "found": "review-ect-details",
    "trn_not_found": "trn-not-found",
    "dob_mismatch": "national-insurance-number",
    "not_found": "not-found",
    "already_active_at_school": "already-active-at-school",
    "induction_passed": "induction-completed",
    "induction_exempt": "induction-exempt",
    "induction_failed": "induction-failed",
    "prohibited": "cannot-register-ect",
}


def _yes(wizard, step, field) -> bool:
    return wizard.answer(step, field) == "yes"


class RegisterECT(FindsTeacher, Wizard):
    name = "register-ect"
    caption = "Register an ECT"
    confirm_label = "Confirm details"
    check_answers_title = "Check your answers before submitting"
    steps = [
        Step(
            "what-you-will-need", "What you'll need to register an ECT", extra={"body": "school/register_ect/need.html"}
        ),
        Step("find-ect", "Find an early career teacher", forms.FindTeacherForm),
        Step("national-insurance-number", "We cannot find the ECT's details", forms.NationalInsuranceNumberForm),
        Step("trn-not-found", "We cannot find a teacher with this TRN", template=DEAD_END, dead_end=True),
        Step("not-found", "We're unable to match the ECT with the TRN you provided", template=DEAD_END, dead_end=True),
        Step(
            "already-active-at-school",
            "This ECT is already registered at your school",
            template=DEAD_END,
            dead_end=True,
        ),
        Step(
            "induction-completed",
            "This teacher has already completed their induction",
            template=DEAD_END,
            dead_end=True,
        ),
        Step(
            "induction-exempt",
            "This teacher is exempt from completing their induction",
            template=DEAD_END,
            dead_end=True,
        ),
        Step("induction-failed", "This teacher has failed their induction", template=DEAD_END, dead_end=True),
        Step("cannot-register-ect", "You cannot register this teacher as an ECT", template=DEAD_END, dead_end=True),
        Step(
            "review-ect-details",
            "Check the ECT's details",
            forms.ReviewDetailsForm,
            template="school/register_ect/review.html",
        ),
        Step("registered-before", "This ECT has been registered before", template="school/register_ect/before.html"),
        Step("email-address", "What is the ECT's email address?", forms.EmailForm),
        Step("cannot-use-email", "This email address is already in use", template=DEAD_END, dead_end=True),
        Step("start-date", "When did or will the ECT start teaching at your school?", forms.StartDateForm),
        Step("cannot-register-ect-yet", "You cannot register this ECT yet", template=DEAD_END, dead_end=True),
        Step("working-pattern", "Is the ECT's working pattern full or part time?", forms.WorkingPatternForm),
        Step(
            "use-previous-ect-choices",
            "Do you want to use the programme choices your school used before?",
            forms.UsePreviousChoicesForm,
            template="school/register_ect/previous_choices.html",
        ),
        Step(
            "appropriate-body",
            "Which appropriate body will be supporting the ECT's induction?",
            forms.AppropriateBodyForm,
        ),
        Step("training-programme", "Which training programme will the ECT follow?", forms.TrainingProgrammeForm),
        Step("lead-provider", "Which lead provider will be training the ECT?", forms.LeadProviderForm),
    ]

    def __init__(self, request, *, school, person, today):
        super().__init__(request, school_id=school.pk)
        self.school, self.person, self.today = school, person, today

    # --- what the answers mean -------------------------------------------------------------------------------
    find_step = "find-ect"
    review_step = "review-ect-details"

    def lookup(self, *, trn, date_of_birth, national_insurance_number):
        return selectors.find_ect(
            school=self.school,
            trn=trn,
            date_of_birth=date_of_birth,
            national_insurance_number=national_insurance_number,
        )

    def previous_registration(self):
        return selectors.previous_registration(school=self.school, trn=self.trn)

    def started_on(self):
        return self.answer("start-date", "started_on") or self.today

    def appropriate_bodies(self):
        return selectors.appropriate_bodies_for(school=self.school)

    def lead_providers(self):
        return selectors.lead_providers_for_registration(school=self.school, started_on=self.started_on(), trn=self.trn)

    def previous_choices(self) -> selectors.PreviousChoices | None:
        return selectors.previous_choices(school=self.school, started_on=self.started_on(), trn=self.trn)

    def choices(self) -> dict:
        previous = self.previous_choices()
        if _yes(self, "use-previous-ect-choices", "use_previous_choices") and previous:
            return {
                "appropriate_body": previous.appropriate_body,
                "training_programme": previous.training_programme,
                "lead_provider": previous.lead_provider,
            }
        programme = self.answer("training-programme", "training_programme")
        return {
            "appropriate_body": self.answer("appropriate-body", "appropriate_body"),
            "training_programme": programme,
            "lead_provider": self.answer("lead-provider", "lead_provider") if programme == "provider_led" else None,
        }

    # --- the route through the steps -------------------------------------------------------------------------
    def next_step(self, step):
        if step == "what-you-will-need":
            return "find-ect"
        if step in ("find-ect", "national-insurance-number"):
            return self.find_branch(step, _FIND_BRANCHES)
        if step == "review-ect-details":
            return "registered-before" if self.previous_registration() else "email-address"
        if step == "registered-before":
            return "email-address"
        if step == "email-address":
            email = self.answer("email-address", "email")
            if rules.email_in_use_by_another_teacher(email=email, trn=self.trn, today=self.today):
                return "cannot-use-email"
            return "start-date"
        if step == "start-date":
            if date_rules.cannot_register_yet(self.answer("start-date", "started_on"), today=self.today):
                return "cannot-register-ect-yet"
            return "working-pattern"
        if step == "working-pattern":
            return "use-previous-ect-choices" if self.previous_choices() else "appropriate-body"
        if step == "use-previous-ect-choices":
            return CHECK_ANSWERS if _yes(self, step, "use_previous_choices") else "appropriate-body"
        if step == "appropriate-body":
            return "training-programme"
        if step == "training-programme":
            return "lead-provider" if self.answer(step, "training_programme") == "provider_led" else CHECK_ANSWERS
        return CHECK_ANSWERS

    def exit_url(self) -> str:
        return reverse("school:ects-home")

    def page_context(self):
        return {"school": self.school, "nav": "ects"}

    def summary(self):
        teacher = self.teacher()
        choices = self.choices()
        reuse = _yes(self, "use-previous-ect-choices", "use_previous_choices")
        choice_step = "use-previous-ect-choices" if reuse else None
        rows = [
            {"key": "Teacher reference number (TRN)", "value": self.trn, "step": "find-ect", "url": self.restart_url()},
            {"key": "Name", "value": self.full_name(), "step": "review-ect-details"},
            {"key": "Email address", "value": self.answer("email-address", "email"), "step": "email-address"},
            {
                "key": "School start date",
                "value": date_rules.format_date(self.answer("start-date", "started_on")),
                "step": "start-date",
            },
            {
                "key": "Working pattern",
                "value": WorkingPattern(self.answer("working-pattern", "working_pattern")).label,
                "step": "working-pattern",
            },
            {
                "key": "Appropriate body",
                "value": str(choices["appropriate_body"]),
                "step": choice_step or "appropriate-body",
            },
            {
                "key": "Training programme",
                "value": "Provider-led" if choices["training_programme"] == "provider_led" else "School-led",
                "step": choice_step or "training-programme",
            },
        ]
        if choices["training_programme"] == "provider_led":
            rows.append(
                {"key": "Lead provider", "value": str(choices["lead_provider"]), "step": choice_step or "lead-provider"}
            )
        if teacher and teacher.full_name != self.full_name():
            rows[1]["value"] = f"{self.full_name()} (TRS name: {teacher.full_name})"
        return rows

    def commit(self):
        choices = self.choices()
        period = ect_register(
            school=self.school,
            trn=self.trn,
            corrected_name=self.answer("review-ect-details", "corrected_name") or "",
            email=self.answer("email-address", "email"),
            started_on=self.answer("start-date", "started_on"),
            working_pattern=self.answer("working-pattern", "working_pattern"),
            appropriate_body=choices["appropriate_body"],
            training_programme=choices["training_programme"],
            lead_provider=choices.get("lead_provider"),
            **self.person.author(),
        )
        return {
            "title": f"You have saved {period.teacher.full_name}'s details",
            "heading": "You still need to assign a mentor",
            "detail": f"{period.teacher.full_name}'s registration will be complete once you assign them a mentor.",
            "next_url": reverse("school:assign-mentor", kwargs={"ect_id": period.pk, "step": "choose-mentor"}),
            "next_label": "Assign a mentor",
            "other_url": reverse("school:ects-home"),
            "other_label": "Back to your ECTs",
        }


class RegisterECTView(SchoolPageMixin, WizardView):
    registration_gate = True
    wizard_class = RegisterECT

    def make_wizard(self, request, **kwargs):
        return RegisterECT(request, school=self.school, person=self.person, today=self.today)
