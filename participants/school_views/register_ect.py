"""Register an ECT (docs/school-pages.md, "Register an ECT"): find the teacher in the Teacher Record Service, ask
what the school knows, check the answers, and save through participants.services.registration.ect_register."""

from django.urls import reverse

from config.wizard import CHECK_ANSWERS, Step, Wizard, WizardView
from schools.models import AppropriateBody, AppropriateBodyType
from schools.rules import is_independent
from schools.views.base import SchoolPageMixin

from .. import school_forms as forms
from .. import school_rules as rules
from .. import trs
from ..models import ECTAtSchoolPeriod, Teacher, WorkingPattern
from ..school_cohorts import lead_provider_contract, lead_providers_in, registration_cohort
from ..services.registration import ect_register, registration_dead_end

DEAD_END = "school/wizard/dead_end.html"

# The pages a found teacher can stop at, by the reason they cannot be registered.
_DEAD_END_STEPS = {
    "already_active": "already-active-at-school",
    "passed": "induction-completed",
    "exempt": "induction-exempt",
    "failed": "induction-failed",
    "prohibited": "cannot-register-ect",
}


def _yes(wizard, step, field) -> bool:
    return wizard.answer(step, field) == "yes"


class RegisterECT(Wizard):
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
        Step("trn-not-found", "We cannot find the ECT's details", template=DEAD_END, dead_end=True),
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
        self._lookup = None

    # --- what the answers mean -------------------------------------------------------------------------------
    @property
    def trn(self) -> str:
        return self.answer("find-ect", "trn", "")

    def lookup(self) -> trs.Lookup | None:
        found = self.answers("find-ect")
        if not found:
            return None
        national_insurance_number = self.answer("national-insurance-number", "national_insurance_number")
        key = (found["trn"], found["date_of_birth"], national_insurance_number)
        if self._lookup is None or self._lookup[0] != key:
            result = trs.lookup(
                trn=found["trn"],
                date_of_birth=found["date_of_birth"],
                national_insurance_number=national_insurance_number,
            )
            self._lookup = (key, result)
        return self._lookup[1]

    def teacher(self) -> trs.TRSTeacher | None:
        result = self.lookup()
        return result.teacher if result else None

    def dead_end_reason(self) -> str | None:
        teacher = self.teacher()
        if teacher is None:
            return None
        message = registration_dead_end(teacher=teacher, school=self.school)
        if message is None:
            return None
        if Teacher.objects.filter(trn=teacher.trn).exists() and message.endswith("at your school"):
            return "already_active"
        return teacher.induction_status if teacher.induction_status in _DEAD_END_STEPS else "prohibited"

    def full_name(self) -> str:
        corrected = self.answer("review-ect-details", "corrected_name")
        teacher = self.teacher()
        return corrected or (teacher.full_name if teacher else "")

    def previous_registration(self) -> ECTAtSchoolPeriod | None:
        return (
            ECTAtSchoolPeriod.objects.filter(teacher__trn=self.trn)
            .exclude(school=self.school)
            .select_related("school", "appropriate_body")
            .prefetch_related(
                "training_periods__partnership__delivery_partnership__delivery_partner",
                "training_periods__partnership__delivery_partnership__contract__lead_provider",
                "training_periods__expression_of_interest__lead_provider",
            )
            .order_by("-started_on")
            .first()
        )

    def cohort(self):
        started_on = self.answer("start-date", "started_on") or self.today
        existing = Teacher.objects.filter(trn=self.trn).first()
        return registration_cohort(started_on=started_on, teacher=existing, role="ect", today=self.today).cohort

    def appropriate_bodies(self):
        kinds = [AppropriateBodyType.TEACHING_SCHOOL_HUB]
        if is_independent(self.school):
            kinds.append(AppropriateBodyType.NATIONAL)
        return AppropriateBody.objects.filter(active=True, body_type__in=kinds).order_by("body_type", "name")

    def lead_providers(self):
        return lead_providers_in(self.cohort())

    def previous_choices(self) -> dict | None:
        """The school's last choices when they can be used again for this ECT (docs/school-pages.md)."""
        choices = getattr(self.school, "last_choices", None)
        if choices is None or choices.appropriate_body is None or not choices.appropriate_body.active:
            return None
        if choices.appropriate_body not in self.appropriate_bodies():
            return None
        if choices.training_programme == "school_led":
            return {"appropriate_body": choices.appropriate_body, "training_programme": "school_led"}
        if choices.training_programme == "provider_led" and choices.lead_provider is not None:
            if lead_provider_contract(lead_provider=choices.lead_provider, cohort=self.cohort()) is None:
                return None
            return {
                "appropriate_body": choices.appropriate_body,
                "training_programme": "provider_led",
                "lead_provider": choices.lead_provider,
            }
        return None

    def choices(self) -> dict:
        if _yes(self, "use-previous-ect-choices", "use_previous_choices") and self.previous_choices():
            return self.previous_choices()
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
            result = self.lookup()
            if result is None:
                return None
            if result.result == trs.LookupResult.TRN_NOT_FOUND:
                return "trn-not-found"
            if result.result == trs.LookupResult.DOB_MISMATCH:
                return "national-insurance-number"
            if result.result == trs.LookupResult.NOT_FOUND:
                return "not-found"
            reason = self.dead_end_reason()
            return _DEAD_END_STEPS[reason] if reason else "review-ect-details"
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
            if rules.cannot_register_yet(self.answer("start-date", "started_on"), today=self.today):
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
            {"key": "Teacher reference number (TRN)", "value": self.trn, "step": "find-ect"},
            {"key": "Name", "value": self.full_name(), "step": "review-ect-details"},
            {"key": "Email address", "value": self.answer("email-address", "email"), "step": "email-address"},
            {
                "key": "School start date",
                "value": rules.format_date(self.answer("start-date", "started_on")),
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


def previous_training_summary(period: ECTAtSchoolPeriod) -> dict:
    training = max(period.training_periods.all(), key=lambda item: item.started_on, default=None)
    lead_provider = delivery_partner = ""
    if training is not None and training.partnership_id:
        lead_provider = training.partnership.delivery_partnership.contract.lead_provider.name
        delivery_partner = training.partnership.delivery_partnership.delivery_partner.name
    elif training is not None and training.expression_of_interest_id:
        lead_provider = training.expression_of_interest.lead_provider.name
    return {
        "school": period.school.name,
        "appropriate_body": period.appropriate_body.name if period.appropriate_body else "",
        "training_programme": training.get_training_programme_display() if training else "",
        "lead_provider": lead_provider,
        "delivery_partner": delivery_partner,
    }
