"""A school registers an ECT (docs/school-registration.md "Register an ECT"): one transaction from the teacher's
record to their training, then one email."""

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from config import clock
from config.db import check_deferred_constraints
from config.errors import DomainValidationError
from config.events import record_event
from config.models import AuthorType, Event
from config.notify import send_email
from declarations.services import declarations_follow_funding
from partnerships import services as partnership_services
from partnerships.models import Cohort, LeadProvider, Partnership
from schools.models import AppropriateBody, School, SchoolProgrammeChoices

from .. import trs
from ..models import ECTAtSchoolPeriod, Teacher, TrainingPeriod
from ..school_pages import date_rules, messages, rules
from ..school_pages.cohorts import (
    lead_provider_contract,
    ongoing,
    registration_cohort,
    reusable_partnership,
    schedule_for,
    training_start,
)
from .periods import training_period_start
from .school_periods import ect_at_school_end, refuse


def registration_dead_end(*, teacher: trs.TRSTeacher, school: School | None = None) -> str | None:
    """Why a found teacher cannot be registered as an ECT (already at this school; induction passed, exempt or
    failed; prohibited from teaching), as the message to show, or None."""
    name = teacher.full_name
    if school is not None and already_active_at_school(trn=teacher.trn, school=school):
        existing = Teacher.objects.get(trn=teacher.trn)
        return messages.ALREADY_ACTIVE_AT_SCHOOL.format(name=existing.full_name)
    dead_end = {
        "passed": messages.INDUCTION_COMPLETED,
        "exempt": messages.INDUCTION_EXEMPT,
        "failed": messages.INDUCTION_FAILED,
    }.get(teacher.induction_status, messages.PROHIBITED if teacher.prohibited_from_teaching else "")
    return dead_end.format(name=name) or None


def already_active_at_school(*, trn: str, school: School, today: dt.date | None = None) -> bool:
    """The teacher has an ECT period at this school that is current or still to come."""
    return ongoing(ECTAtSchoolPeriod.objects.filter(teacher__trn=trn, school=school), today=today).exists()


def author_event(*, event_type: str, heading: str, subject, author_type: str, author_name: str, **metadata):
    if author_type in (AuthorType.SCHOOL_USER, AuthorType.DFE_STAFF_USER) and not author_name:
        raise ValueError("A school user or DfE staff member must be named as the author")
    return record_event(
        event_type=event_type,
        heading=heading,
        subject=subject,
        author_type=author_type,
        author_name=author_name,
        **metadata,
    )


def provider_led_links(
    *, school: School, lead_provider: LeadProvider, cohort: Cohort, author_type: str, author_name: str
) -> tuple[Partnership | None, object]:
    """The partnership for school + lead provider + cohort; else the school's earlier partnership with the same lead
    provider and delivery partner rolled over into the cohort; else just an expression of interest."""
    contract = lead_provider_contract(lead_provider=lead_provider, cohort=cohort)
    if contract is None:
        raise DomainValidationError("lead_provider", messages.LEAD_PROVIDER_NOT_AVAILABLE)
    partnership = reusable_partnership(school=school, lead_provider=lead_provider, cohort=cohort)
    if partnership is not None and partnership.cohort.pk != cohort.pk:
        pairing = contract.delivery_partnerships.get(delivery_partner=partnership.delivery_partnership.delivery_partner)
        partnership = partnership_services.partnership_roll_over(
            school=school, pairing=pairing, author_type=author_type, author_name=author_name
        )
    return partnership, contract


def _teacher_for(trs_teacher: trs.TRSTeacher, corrected_name: str) -> tuple[Teacher, bool]:
    teacher, _ = Teacher.objects.get_or_create(
        trn=trs_teacher.trn,
        defaults={"trs_first_name": trs_teacher.first_name, "trs_last_name": trs_teacher.last_name},
    )
    teacher = Teacher.objects.select_for_update().get(pk=teacher.pk)  # one registration of a TRN at a time
    teacher.trs_first_name, teacher.trs_last_name = trs_teacher.first_name, trs_teacher.last_name
    renamed = bool(corrected_name) and corrected_name != teacher.corrected_name
    if renamed:
        teacher.corrected_name = corrected_name
    teacher.save()
    return teacher, renamed


def _replay(teacher: Teacher, school: School, *, started_on, email, author_name) -> ECTAtSchoolPeriod | None:
    """The same person confirming the same registration again (double submit, back button): nothing new."""
    period = ongoing(ECTAtSchoolPeriod.objects.filter(teacher=teacher, school=school)).first()
    if period is None:
        return None
    same = period.started_on == started_on and period.email.lower() == email.lower()
    registered_by_them = Event.objects.filter(
        event_type="teacher_registered_as_ect",
        subject_type=ContentType.objects.get_for_model(ECTAtSchoolPeriod),
        subject_id=period.pk,
        author_name=author_name,
    ).exists()
    if same and registered_by_them:
        return period
    raise DomainValidationError("trn", messages.ALREADY_ACTIVE_AT_SCHOOL.format(name=teacher.full_name))


def _update_last_choices(school, appropriate_body, training_programme, lead_provider) -> None:
    SchoolProgrammeChoices.objects.update_or_create(
        school=school,
        defaults={
            "appropriate_body": appropriate_body,
            "training_programme": training_programme,
            "lead_provider": lead_provider if training_programme == "provider_led" else None,
        },
    )


def ect_funding_start(*, teacher: Teacher, school: School) -> None:
    """An ECT registered at a school eligible for funding is fundable from now; the first time is kept."""
    if teacher.ect_first_became_eligible_for_funding_at is None and school.eligible_for_funding:
        teacher.ect_first_became_eligible_for_funding_at = timezone.now()
        teacher.save()  # moves api_updated_at
        declarations_follow_funding(teacher=teacher)


@transaction.atomic
def ect_register(
    *,
    school: School,
    trn: str,
    corrected_name: str = "",
    email: str,
    started_on: dt.date,
    working_pattern: str,
    appropriate_body: AppropriateBody,
    training_programme: str,
    lead_provider: LeadProvider | None = None,
    author_type: str,
    author_name: str,
) -> ECTAtSchoolPeriod:
    """Register a teacher as an ECT at the school from `started_on`: the teacher (from TRS), the end of their time
    at a previous school, the ECT-at-school period, school-led or provider-led training (partnership, rolled-over
    partnership or expression of interest) on a schedule, funding, the school's last choices, events, and the
    email to the ECT once committed. Repeating the same confirmation changes nothing."""
    today = clock.today()
    trn = rules.normalise_trn(trn)
    trs_teacher = trs.find_teacher(trn=trn)
    if trs_teacher is None:
        raise DomainValidationError("trn", messages.TRN_NOT_FOUND)
    refuse("trn", registration_dead_end(teacher=trs_teacher))
    if corrected_name:
        refuse("corrected_name", rules.corrected_name_error(corrected_name))
        corrected_name = corrected_name.strip()
    refuse("email", rules.email_error(email))
    email = email.strip()
    refuse("working_pattern", rules.working_pattern_error(working_pattern))
    refuse("appropriate_body", rules.appropriate_body_error(appropriate_body, school=school))
    refuse("training_programme", rules.training_programme_error(training_programme))
    if training_programme == "provider_led":
        refuse("lead_provider", rules.lead_provider_error(lead_provider and lead_provider.pk))

    teacher, renamed = _teacher_for(trs_teacher, corrected_name)
    replay = _replay(teacher, school, started_on=started_on, email=email, author_name=author_name)
    if replay is not None:
        return replay
    if rules.email_in_use_by_another_teacher(email=email, trn=trn, today=today):
        raise DomainValidationError("email", messages.EMAIL_IN_USE)
    refuse("started_on", date_rules.ect_start_date_error(started_on, trn=trn, school=school, today=today))
    if date_rules.cannot_register_yet(started_on, today=today):
        raise DomainValidationError("started_on", messages.CANNOT_REGISTER_YET)

    derived = registration_cohort(started_on=started_on, teacher=teacher, role="ect", today=today)
    _update_last_choices(school, appropriate_body, training_programme, lead_provider)
    still_there = Q(finished_on__isnull=True) | Q(finished_on__gte=started_on)
    for previous in ECTAtSchoolPeriod.objects.filter(still_there, teacher=teacher).exclude(school=school):
        ect_at_school_end(period=previous, last_day=started_on - dt.timedelta(days=1))
    try:
        with transaction.atomic():
            period = ECTAtSchoolPeriod.objects.create(
                teacher=teacher,
                school=school,
                started_on=started_on,
                email=email,
                working_pattern=working_pattern,
                appropriate_body=appropriate_body,
            )
    except IntegrityError:
        # Another tutor registered the same teacher a moment earlier: the database let only one through.
        raise DomainValidationError("trn", messages.ALREADY_ACTIVE_AT_SCHOOL.format(name=teacher.full_name)) from None

    training = ect_training_start(
        period=period,
        training_programme=training_programme,
        lead_provider=lead_provider,
        started_on=training_start(started_on=started_on, frozen_reassignment=derived.frozen_reassignment, today=today),
        derived=derived,
        author_type=author_type,
        author_name=author_name,
    )
    if derived.frozen_reassignment:
        teacher.ect_cohort_changed_after_payments_frozen = True
        teacher.save()
    ect_funding_start(teacher=teacher, school=school)
    author_event(
        event_type="teacher_registered_as_ect",
        heading=f"{teacher.full_name} was registered as an ECT at {school.name}",
        subject=period,
        author_type=author_type,
        author_name=author_name,
        teacher_id=teacher.api_id,
        school_urn=school.urn,
        training_programme=training_programme,
        lead_provider=lead_provider.name if lead_provider and training_programme == "provider_led" else None,
        cohort=derived.cohort.start_year,
    )
    if renamed:
        author_event(
            event_type="teacher_name_updated_by_user",
            heading=f"Name changed from {trs_teacher.full_name} to {corrected_name}",
            subject=teacher,
            author_type=author_type,
            author_name=author_name,
            teacher_id=teacher.api_id,
        )
    send_email(
        to=email,
        template=f"ect_registered_{training.training_programme}",
        personalisation={
            "name": teacher.full_name,
            "school_name": school.name,
            "lead_provider_name": lead_provider.name if lead_provider else "",
        },
    )
    check_deferred_constraints()
    return period


def ect_training_start(
    *,
    period: ECTAtSchoolPeriod,
    training_programme: str,
    lead_provider: LeadProvider | None,
    started_on: dt.date,
    derived,
    author_type: str,
    author_name: str,
) -> TrainingPeriod:
    """An ECT's training from `started_on`: school-led, or provider-led with the links of docs/school-registration.md,
    "Derived rules"."""
    if training_programme == "school_led":
        return training_period_start(
            at_school_period=period,
            started_on=started_on,
            training_programme="school_led",
            author_type=author_type,
            author_name=author_name,
            finished_on=period.finished_on,
        )
    partnership, contract = provider_led_links(
        school=period.school,
        lead_provider=lead_provider,
        cohort=derived.cohort,
        author_type=author_type,
        author_name=author_name,
    )
    schedule = schedule_for(
        cohort=derived.cohort,
        started_on=started_on,
        schedule_type="extended" if derived.frozen_reassignment else "standard",
        previous_schedule=derived.previous_schedule,
    )
    return training_period_start(
        at_school_period=period,
        started_on=started_on,
        partnership=partnership,
        expression_of_interest=contract,
        schedule=schedule,
        author_type=author_type,
        author_name=author_name,
        finished_on=period.finished_on,
    )
