"""Reads the school registration and change journeys need, always for one school (docs/school-registration.md).

The home pages' lists and the ECT and mentor pages are in school_pages.selectors.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from config import clock
from partnerships.models import Cohort, DeliveryPartner, LeadProvider
from schools.models import AppropriateBody, School

from .. import trs
from ..models import ECTAtSchoolPeriod, MentorAtSchoolPeriod, Teacher
from ..services.mentors import (
    current_training,
    eligible_for_first_provider_led_training,
    mentor_funding_eligible,
    training_lead_provider,
)
from ..services.registration import already_active_at_school, registration_dead_end
from .cohorts import (
    frozen_cohort_destination,
    lead_provider_contract,
    lead_providers_in,
    ongoing,
    registration_cohort,
    reusable_partnership,
)
from .messages import CANNOT_REGISTER_MENTOR
from .rules import CANNOT_MENTOR_THEMSELF, school_is_independent


def _teacher(trn: str | None) -> Teacher | None:
    return Teacher.objects.filter(trn=trn).first() if trn else None


def saved_teacher_name(*, trn: str) -> str:
    """The name the service already holds for a TRN (with any school's correction), or "" for a teacher it has never
    registered."""
    teacher = _teacher(trn)
    return teacher.full_name if teacher else ""


def registration_cohort_for(*, school: School, started_on: dt.date, trn: str | None = None) -> Cohort:
    """The contract period an ECT starting on `started_on` is registered in (an earlier provider-led cohort of
    theirs is kept; a payments-frozen one becomes 2024)."""
    return registration_cohort(started_on=started_on, teacher=_teacher(trn)).cohort


def lead_providers_for_registration(
    *, school: School, started_on: dt.date, trn: str | None = None
) -> QuerySet[LeadProvider]:
    """Lead providers active in the ECT's registration cohort, by name."""
    return lead_providers_in(registration_cohort_for(school=school, started_on=started_on, trn=trn))


def appropriate_bodies_for(*, school: School) -> QuerySet[AppropriateBody]:
    """Active teaching school hubs; independent schools may also choose a national body (ISTIP)."""
    types = ["teaching_school_hub", "national"] if school_is_independent(school) else ["teaching_school_hub"]
    return AppropriateBody.objects.filter(active=True, body_type__in=types).order_by("name")


@dataclass(frozen=True)
class FindTeacherResult:
    """The find-ECT / find-mentor answer: `branch` names the next page; `message` is the dead end's text."""

    branch: str  # found, trn_not_found, dob_mismatch, not_found, or a dead end (see find_ect / find_mentor)
    teacher: trs.TRSTeacher | None = None
    message: str = ""


def find_ect(
    *, school: School, trn: str, date_of_birth: dt.date, national_insurance_number: str | None = None
) -> FindTeacherResult:
    """TRS branches, then dead ends with the message to show: `already_active_at_school`, `induction_passed`,
    `induction_exempt`, `induction_failed`, `prohibited`."""
    looked_up = trs.lookup(trn=trn, date_of_birth=date_of_birth, national_insurance_number=national_insurance_number)
    teacher = looked_up.teacher
    if teacher is None:
        return FindTeacherResult(branch=str(looked_up.result))
    if already_active_at_school(trn=teacher.trn, school=school):
        message = registration_dead_end(teacher=teacher, school=school)
        return FindTeacherResult(branch="already_active_at_school", teacher=teacher, message=message)
    message = registration_dead_end(teacher=teacher)
    if message is None:
        return FindTeacherResult(branch="found", teacher=teacher)
    status = teacher.induction_status
    branch = f"induction_{status}" if status in ("passed", "exempt", "failed") else "prohibited"
    return FindTeacherResult(branch=branch, teacher=teacher, message=message)


def find_mentor(
    *,
    school: School,
    ect_at_school_period: ECTAtSchoolPeriod,
    trn: str,
    date_of_birth: dt.date,
    national_insurance_number: str | None = None,
) -> FindTeacherResult:
    """TRS branches, then `cannot_mentor_themself`, `prohibited`, or `already_active_at_school` (who are simply
    assigned). Mentors need neither QTS nor an induction status."""
    looked_up = trs.lookup(trn=trn, date_of_birth=date_of_birth, national_insurance_number=national_insurance_number)
    teacher = looked_up.teacher
    if teacher is None:
        return FindTeacherResult(branch=str(looked_up.result))
    if teacher.trn == ect_at_school_period.teacher.trn:
        return FindTeacherResult(branch="cannot_mentor_themself", teacher=teacher, message=CANNOT_MENTOR_THEMSELF)
    if teacher.prohibited_from_teaching:
        return FindTeacherResult(
            branch="prohibited", teacher=teacher, message=CANNOT_REGISTER_MENTOR.format(name=teacher.full_name)
        )
    if ongoing(MentorAtSchoolPeriod.objects.filter(teacher__trn=teacher.trn, school=school)).exists():
        return FindTeacherResult(branch="already_active_at_school", teacher=teacher)
    return FindTeacherResult(branch="found", teacher=teacher)


@dataclass(frozen=True)
class PreviousRegistration:
    """Step 4, "registered before": the ECT's latest period at another school."""

    school_name: str
    lead_provider: str
    delivery_partner: str
    appropriate_body: str
    training_programme: str


def previous_registration(*, school: School, trn: str) -> PreviousRegistration | None:
    period = (
        ECTAtSchoolPeriod.objects.filter(teacher__trn=trn)
        .exclude(school=school)
        .select_related("school", "appropriate_body")
        .order_by("-started_on")
        .first()
    )
    if period is None:
        return None
    training = (
        period.training_periods.order_by("-started_on")
        .select_related(
            "partnership__delivery_partnership__delivery_partner",
            "partnership__delivery_partnership__contract__lead_provider",
            "expression_of_interest__lead_provider",
        )
        .first()
    )
    provider = training_lead_provider(training)
    return PreviousRegistration(
        school_name=period.school.name,
        lead_provider=provider.name if provider else "",
        delivery_partner=training.partnership.delivery_partnership.delivery_partner.name
        if training and training.partnership_id
        else "",
        appropriate_body=period.appropriate_body.name if period.appropriate_body else "",
        training_programme=training.get_training_programme_display() if training else "",
    )


@dataclass(frozen=True)
class PreviousChoices:
    """Step 8, "use previous programme choices": what would be reused, and whether a partnership rolls over."""

    appropriate_body: AppropriateBody
    training_programme: str
    lead_provider: LeadProvider | None = None
    delivery_partner: DeliveryPartner | None = None
    rollover: bool = False  # an earlier cohort's partnership is copied into the registration cohort on confirm


def previous_choices(*, school: School, started_on: dt.date, trn: str | None = None) -> PreviousChoices | None:
    """Reuse is possible when the last appropriate body is still active (and right for the school) and either the
    last choice was school-led, or provider-led with a reusable partnership or a reusable expression of interest
    (the lead provider is active) in the registration cohort. None when it is not."""
    choices = getattr(school, "last_choices", None) if school.pk else None
    if choices is None or choices.appropriate_body is None or not choices.training_programme:
        return None
    body = choices.appropriate_body
    if not appropriate_bodies_for(school=school).filter(pk=body.pk).exists():
        return None
    if choices.training_programme == "school_led":
        return PreviousChoices(appropriate_body=body, training_programme="school_led")
    if choices.lead_provider is None:
        return None
    cohort = registration_cohort_for(school=school, started_on=started_on, trn=trn)
    partnership = reusable_partnership(school=school, lead_provider=choices.lead_provider, cohort=cohort)
    if partnership is None and lead_provider_contract(lead_provider=choices.lead_provider, cohort=cohort) is None:
        return None
    return PreviousChoices(
        appropriate_body=body,
        training_programme="provider_led",
        lead_provider=choices.lead_provider,
        delivery_partner=partnership.delivery_partnership.delivery_partner if partnership else None,
        rollover=partnership is not None and partnership.cohort.pk != cohort.pk,
    )


def mentors_eligible_for(
    *, school: School, ect_at_school_period: ECTAtSchoolPeriod, today: dt.date | None = None
) -> QuerySet[MentorAtSchoolPeriod]:
    """The school's current mentors who may be assigned to the ECT (never the ECT themself), by name."""
    return (
        ongoing(MentorAtSchoolPeriod.objects.filter(school=school), today=today)
        .exclude(teacher_id=ect_at_school_period.teacher_id)
        .select_related("teacher")
        .order_by("teacher__trs_last_name", "teacher__trs_first_name", "id")
    )


@dataclass(frozen=True)
class MentorRegistrationFacts:
    """What decides the register-mentor branches after the email step (docs/school-registration.md, "Register a
    mentor")."""

    mentoring_elsewhere: list[str]  # schools where they mentor now: ask "mentoring at your school only?"
    previously_a_mentor: bool  # not currently: ask for the start date
    funding_eligible: bool
    ect_lead_provider: LeadProvider | None
    ect_lead_provider_available: bool  # active in the mentor's cohort; otherwise ask for a lead provider
    eligible_for_provider_led_training: bool  # show "review mentor eligibility"


def mentor_registration_facts(
    *, school: School, ect_at_school_period: ECTAtSchoolPeriod, trn: str, started_on: dt.date | None = None
) -> MentorRegistrationFacts:
    teacher = _teacher(trn)
    today = clock.today()
    elsewhere = (
        ongoing(MentorAtSchoolPeriod.objects.filter(teacher__trn=trn)).exclude(school=school).select_related("school")
    )
    training = current_training(ect_at_school_period)
    provider = training_lead_provider(training)
    cohort = registration_cohort(started_on=started_on or today, teacher=teacher, role="mentor").cohort
    available = provider is not None and lead_provider_contract(lead_provider=provider, cohort=cohort) is not None
    funding = teacher is None or mentor_funding_eligible(teacher)
    if teacher is None:
        eligible = provider is not None
    else:
        eligible = eligible_for_first_provider_led_training(ect_at_school_period=ect_at_school_period, mentor=teacher)
    return MentorRegistrationFacts(
        mentoring_elsewhere=[period.school.name for period in elsewhere],
        previously_a_mentor=teacher is not None
        and not elsewhere.exists()
        and MentorAtSchoolPeriod.objects.filter(teacher=teacher).exists(),
        funding_eligible=funding,
        ect_lead_provider=provider,
        ect_lead_provider_available=available,
        eligible_for_provider_led_training=eligible and funding,
    )


def lead_providers_for_change(*, at_school_period) -> QuerySet[LeadProvider]:
    """Lead providers active in the contract period the ECT's or mentor's training continues in, except the current
    one."""
    training = current_training(at_school_period)
    if training is None or training.schedule_id is None:
        return LeadProvider.objects.none()
    cohort = training.schedule.cohort
    cohort = frozen_cohort_destination(cohort, role=training.role) or cohort
    current = training_lead_provider(training)
    return lead_providers_in(cohort).exclude(pk=current.pk if current else None)


def appropriate_bodies_for_change(*, ect_at_school_period: ECTAtSchoolPeriod) -> QuerySet[AppropriateBody]:
    return appropriate_bodies_for(school=ect_at_school_period.school).exclude(
        Q(pk=ect_at_school_period.appropriate_body_id)
    )
