"""Assign a mentor to an ECT, and register a new mentor for an ECT (docs/school-registration.md, "Mentors")."""

from django.http import Http404, HttpResponseRedirect
from django.urls import reverse

from config.wizard import CHECK_ANSWERS, Step, Wizard, WizardView

from ...models import ECTAtSchoolPeriod, MentorAtSchoolPeriod, TrainingPeriod
from ...services.mentors import (
    current_training,
    eligible_for_first_provider_led_training,
    mentor_register,
    mentorship_assign,
    training_lead_provider,
)
from .. import date_rules, forms, rules
from .. import registration_selectors as selectors
from ..cohorts import ongoing
from .base import SchoolPageMixin
from .finding import FindsTeacher
from .register_ect import DEAD_END

_FIND_BRANCHES = {
    "found": "review-mentor-details",
    "trn_not_found": "trn-not-found",
    "dob_mismatch": "national-insurance-number",
    "not_found": "not-found",
    "cannot_mentor_themself": "cannot-mentor-themself",
    "prohibited": "cannot-register-mentor",
    "already_active_at_school": "already-active-at-school",
}


class _ForOneECT(Wizard):
    """A journey about one of the school's current ECTs."""

    url_context_names = ("ect_id",)

    def __init__(self, request, *, school, person, today, ect_id):
        super().__init__(request, ect_id=ect_id)
        self.school, self.person, self.today = school, person, today
        self.ect = (
            ongoing(ECTAtSchoolPeriod.objects.filter(school=school), today=today)
            .select_related("teacher")
            .filter(pk=ect_id)
            .first()
        )
        if self.ect is None:
            raise Http404

    def exit_url(self):
        return reverse("school:ect", args=[self.ect.pk])

    def step_title(self, step: str) -> str:
        """Questions name the ECT (and the mentor, once found) they are about (docs/school-registration.md,
        "Mentors")."""
        title = super().step_title(step).replace("{ect}", self.ect.teacher.full_name)
        if "{mentor}" in title:  # only the steps after the mentor is found name them
            title = title.replace("{mentor}", self.full_name() or "the mentor")
        return title

    def page_context(self):
        return {"school": self.school, "nav": "ects", "ect": self.ect}

    def ect_lead_provider(self):
        return training_lead_provider(current_training(self.ect))

    def lead_providers(self):
        return selectors.lead_providers_for_registration(school=self.school, started_on=self.today)

    def chosen_lead_provider(self):
        """The lead provider the school chose for the mentor instead of the ECT's (None: the ECT's)."""
        if self.answer("programme-choices", "use_previous_choices") == "yes":
            return self.previous_training()["lead_provider"]
        if self.answer("review-mentor-eligibility", "accept_lead_provider") != "yes":
            return self.answer("lead-provider", "lead_provider")
        return None

    def confirmation(self, mentor_name: str) -> dict:
        return {
            "title": f"You have assigned {mentor_name} as a mentor",
            "body": f"{mentor_name} will mentor {self.ect.teacher.full_name}.",
            "next_url": reverse("school:ects-home"),
            "next_label": "Back to your ECTs",
        }


_ELIGIBILITY = Step(
    "review-mentor-eligibility",
    "The mentor can get provider-led mentor training",
    forms.AcceptLeadProviderForm,
    template="school/mentors/eligibility.html",
)
_LEAD_PROVIDER = Step(
    "lead-provider",
    "Which lead provider will contact your school about the mentor's training?",
    forms.MentorLeadProviderForm,
)


class AssignMentor(_ForOneECT):
    name = "assign-mentor"
    check_answers_title = "Check your answers before assigning the mentor"
    confirm_label = "Confirm and assign"
    steps = [
        Step("choose-mentor", "Who will mentor {ect}?", forms.ChooseMentorForm),
        _ELIGIBILITY,
        _LEAD_PROVIDER,
    ]

    def available_mentors(self):
        return selectors.mentors_eligible_for(school=self.school, ect_at_school_period=self.ect, today=self.today)

    def mentor_by_id(self, value):
        return self.available_mentors().filter(pk=value).first() if str(value).isdigit() else None

    def mentor(self):
        return self.mentor_by_id(self.answer("choose-mentor", "mentor"))

    def full_name(self) -> str:
        mentor = self.mentor()
        return mentor.teacher.full_name if mentor else ""

    def next_step(self, step):
        if step == "choose-mentor":
            if self.answer(step, "mentor") == forms.NEW_MENTOR:
                return None  # the register-mentor journey takes over (see the view)
            mentor = self.mentor()
            eligible = mentor and eligible_for_first_provider_led_training(
                ect_at_school_period=self.ect, mentor=mentor.teacher
            )
            return "review-mentor-eligibility" if eligible else CHECK_ANSWERS
        if step == "review-mentor-eligibility":
            return CHECK_ANSWERS if self.answer(step, "accept_lead_provider") == "yes" else "lead-provider"
        return CHECK_ANSWERS

    def summary(self):
        rows = [
            {"key": "ECT", "value": self.ect.teacher.full_name, "step": ""},
            {"key": "Mentor", "value": self.mentor().teacher.full_name, "step": "choose-mentor"},
        ]
        if self.answers("review-mentor-eligibility"):
            provider = self.chosen_lead_provider() or self.ect_lead_provider()
            rows.append({"key": "Mentor's lead provider", "value": str(provider), "step": "review-mentor-eligibility"})
        return rows

    def commit(self):
        mentor = self.mentor()
        mentorship_assign(
            ect_at_school_period=self.ect,
            mentor_at_school_period=mentor,
            mentor_lead_provider=self.chosen_lead_provider(),
            **self.person.author(),
        )
        return self.confirmation(mentor.teacher.full_name)


class RegisterMentor(FindsTeacher, _ForOneECT):
    name = "register-mentor"
    caption = "Register a mentor"
    check_answers_title = "Check your answers before registering the mentor"
    confirm_label = "Confirm details"
    steps = [
        Step("find-mentor", "Find a mentor", forms.FindTeacherForm),
        Step("national-insurance-number", "We cannot find the mentor's details", forms.NationalInsuranceNumberForm),
        Step("trn-not-found", "We cannot find a mentor with this TRN", template=DEAD_END, dead_end=True),
        Step(
            "not-found", "We're unable to match the mentor with the TRN you provided", template=DEAD_END, dead_end=True
        ),
        Step("cannot-mentor-themself", "A mentee cannot mentor themself", template=DEAD_END, dead_end=True),
        Step(
            "cannot-register-mentor", "You cannot register this teacher as a mentor", template=DEAD_END, dead_end=True
        ),
        Step(
            "already-active-at-school",
            "This mentor is already registered at your school",
            template="school/mentors/already_active.html",
        ),
        Step(
            "review-mentor-details",
            "Check the mentor's details",
            forms.ReviewDetailsForm,
            template="school/register_ect/review.html",
        ),
        Step("email-address", "What is the mentor's email address?", forms.EmailForm),
        Step("cannot-use-email", "This email address is already in use", template=DEAD_END, dead_end=True),
        Step(
            "mentoring-at-new-school-only",
            "Will {mentor} be mentoring at your school only?",
            forms.MentoringAtNewSchoolOnlyForm,
        ),
        Step("started-on", "When did or will {mentor} start mentoring at your school?", forms.MentorStartedOnForm),
        Step("cannot-register-mentor-yet", "You cannot register this mentor yet", template=DEAD_END, dead_end=True),
        Step(
            "previous-training-period-details",
            "This mentor has had mentor training before",
            template="school/mentors/previous_training.html",
        ),
        Step(
            "programme-choices",
            "Do you want the same lead provider to train the mentor again?",
            forms.MentorProgrammeChoicesForm,
            template="school/mentors/previous_training.html",
        ),
        _ELIGIBILITY,
        _LEAD_PROVIDER,
    ]

    find_step = "find-mentor"
    review_step = "review-mentor-details"

    def lookup(self, *, trn, date_of_birth, national_insurance_number):
        return selectors.find_mentor(
            school=self.school,
            ect_at_school_period=self.ect,
            trn=trn,
            date_of_birth=date_of_birth,
            national_insurance_number=national_insurance_number,
        )

    def facts(self) -> selectors.MentorRegistrationFacts:
        return selectors.mentor_registration_facts(
            school=self.school,
            ect_at_school_period=self.ect,
            trn=self.trn,
            started_on=self.answer("started-on", "started_on"),
        )

    def next_step(self, step):
        if step in ("find-mentor", "national-insurance-number"):
            return self.find_branch(step, _FIND_BRANCHES)
        if step == "already-active-at-school":
            return CHECK_ANSWERS
        if step == "review-mentor-details":
            return "email-address"
        if step == "email-address":
            email = self.answer(step, "email")
            if rules.email_in_use_by_another_teacher(email=email, trn=self.trn, today=self.today):
                return "cannot-use-email"
            facts = self.facts()
            if facts.mentoring_elsewhere:
                return "mentoring-at-new-school-only"
            return "started-on" if facts.previously_a_mentor else self.training_step()
        if step == "mentoring-at-new-school-only":
            return "started-on" if self.answer(step, "mentoring_at_new_school_only") == "yes" else CHECK_ANSWERS
        if step == "started-on":
            if date_rules.cannot_register_yet(self.answer(step, "started_on"), today=self.today):
                return "cannot-register-mentor-yet"
            return "previous-training-period-details" if self.previous_training() else self.training_step()
        if step == "previous-training-period-details":
            return "programme-choices"
        if step == "programme-choices":
            return CHECK_ANSWERS if self.answer(step, "use_previous_choices") == "yes" else "lead-provider"
        if step == "review-mentor-eligibility":
            return CHECK_ANSWERS if self.answer(step, "accept_lead_provider") == "yes" else "lead-provider"
        return CHECK_ANSWERS

    def previous_training(self) -> dict | None:
        """A returning mentor's latest provider-led mentor training, played back before asking whether to keep the
        same lead provider (docs/school-registration.md)."""
        training = (
            TrainingPeriod.objects.filter(teacher__trn=self.trn, role="mentor", training_programme="provider_led")
            .select_related(
                "partnership__delivery_partnership__contract__lead_provider",
                "partnership__delivery_partnership__delivery_partner",
                "expression_of_interest__lead_provider",
            )
            .order_by("-started_on", "-id")
            .first()
        )
        if training is None:
            return None
        partner = training.partnership.delivery_partnership.delivery_partner if training.partnership_id else None
        return {"lead_provider": training_lead_provider(training), "delivery_partner": partner}

    def training_step(self) -> str:
        facts = self.facts()
        if not facts.eligible_for_provider_led_training:
            return CHECK_ANSWERS
        return "review-mentor-eligibility" if facts.ect_lead_provider_available else "lead-provider"

    def only_here(self) -> bool:
        return self.answer("mentoring-at-new-school-only", "mentoring_at_new_school_only", "yes") == "yes"

    def summary(self):
        if self.answers("already-active-at-school") is not None and self.answers("review-mentor-details") is None:
            return [
                {"key": "Mentor", "value": self.full_name(), "step": "find-mentor"},
                {"key": "ECT", "value": self.ect.teacher.full_name, "step": ""},
            ]
        rows = [
            {
                "key": "Teacher reference number (TRN)",
                "value": self.trn,
                "step": "find-mentor",
                "url": self.restart_url(),
            },
            {"key": "Name", "value": self.full_name(), "step": "review-mentor-details"},
            {"key": "Email address", "value": self.answer("email-address", "email"), "step": "email-address"},
        ]
        if self.answers("mentoring-at-new-school-only"):
            rows.append(
                {
                    "key": "Mentoring at your school only",
                    "value": "Yes" if self.only_here() else "No",
                    "step": "mentoring-at-new-school-only",
                }
            )
        if self.answers("started-on"):
            rows.append(
                {
                    "key": "Start date",
                    "value": date_rules.format_date(self.answer("started-on", "started_on")),
                    "step": "started-on",
                }
            )
        asked = [s for s in ("programme-choices", "review-mentor-eligibility", "lead-provider") if self.answers(s)]
        if asked:
            provider = self.chosen_lead_provider() or self.ect_lead_provider()
            step = asked[0]
            rows.append({"key": "Lead provider", "value": str(provider), "step": step})
        return rows

    def commit(self):
        if self.answers("already-active-at-school") is not None and self.answers("review-mentor-details") is None:
            here = ongoing(
                MentorAtSchoolPeriod.objects.filter(teacher__trn=self.trn, school=self.school), today=self.today
            ).first()
            mentorship_assign(ect_at_school_period=self.ect, mentor_at_school_period=here, **self.person.author())
            return self.confirmation(here.teacher.full_name)
        trains = any(
            self.answers(step) is not None
            for step in ("review-mentor-eligibility", "lead-provider", "programme-choices")
        )
        period = mentor_register(
            school=self.school,
            ect_at_school_period=self.ect,
            trn=self.trn,
            corrected_name=self.answer("review-mentor-details", "corrected_name") or "",
            email=self.answer("email-address", "email") or "",
            started_on=self.answer("started-on", "started_on"),
            mentoring_at_new_school_only=self.only_here(),
            lead_provider=(self.chosen_lead_provider() or self.ect_lead_provider()) if trains else None,
            **self.person.author(),
        )
        return self.confirmation(period.teacher.full_name)


class _ECTJourneyView(SchoolPageMixin, WizardView):
    registration_gate = True

    def make_wizard(self, request, **kwargs):
        return self.wizard_class(request, school=self.school, person=self.person, today=self.today, **kwargs)


class AssignMentorView(_ECTJourneyView):
    wizard_class = AssignMentor

    def after_answer(self, step, changing):
        if step == "choose-mentor" and self.wizard.answer(step, "mentor") == forms.NEW_MENTOR:
            self.wizard.clear()
            url = reverse("school:register-mentor", kwargs={"ect_id": self.wizard.ect.pk, "step": "find-mentor"})
            return HttpResponseRedirect(url)
        return super().after_answer(step, changing)


class RegisterMentorView(_ECTJourneyView):
    wizard_class = RegisterMentor
