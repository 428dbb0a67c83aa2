"""A school registers a mentor and assigns mentors to its ECTs (docs/school-registration.md "Mentors")."""

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from config import clock
from config.db import check_deferred_constraints
from config.errors import DomainValidationError
from config.notify import send_email
from declarations.selectors import claimed_with_another_mentor
from declarations.services import declarations_follow_funding
from partnerships.models import LeadProvider
from schools.models import School

from .. import trs
from ..models import ECTAtSchoolPeriod, MentorAtSchoolPeriod, MentorshipPeriod, Teacher, TrainingPeriod
from ..school_pages import date_rules, messages, rules
from ..school_pages.cohorts import ongoing, registration_cohort, schedule_for, training_start
from .periods import training_period_start
from .registration import author_event, provider_led_links
from .school_periods import destroy_period, mentor_at_school_end, refuse


def current_training(period) -> TrainingPeriod | None:
    """The training period of an at-school period that is current, or else the next one."""
    return (
        ongoing(period.training_periods.all())
        .select_related("partnership__delivery_partnership__contract__lead_provider", "expression_of_interest")
        .order_by("started_on")
        .first()
    )


def training_lead_provider(training: TrainingPeriod | None) -> LeadProvider | None:
    """Who trains: the partnership's lead provider, else the one the school expressed interest in."""
    if training is None or training.training_programme != "provider_led":
        return None
    if training.partnership_id:
        return training.partnership.delivery_partnership.contract.lead_provider
    return training.expression_of_interest.lead_provider


def mentor_funding_eligible(teacher: Teacher) -> bool:
    return not teacher.mentor_ineligible_for_funding_reason


def eligible_for_first_provider_led_training(*, ect_at_school_period: ECTAtSchoolPeriod, mentor: Teacher) -> bool:
    """The ECT trains provider-led, the mentor can be funded, and the mentor has never had mentor training."""
    training = current_training(ect_at_school_period)
    return (
        training is not None
        and training.training_programme == "provider_led"
        and mentor_funding_eligible(mentor)
        and not TrainingPeriod.objects.filter(teacher=mentor, role="mentor").exists()
    )


def mentor_training_start(
    *,
    period: MentorAtSchoolPeriod,
    lead_provider: LeadProvider,
    mentee: ECTAtSchoolPeriod | None,
    author_type: str,
    author_name: str,
) -> TrainingPeriod:
    """Provider-led mentor training (mentors only train provider-led): partnership if the school has one with the
    lead provider in the mentor's cohort, else an expression of interest; a replacement schedule when the mentee
    was already claimed for with another mentor. The mentor becomes fundable."""
    today = clock.today()
    derived = registration_cohort(started_on=period.started_on, teacher=period.teacher, role="mentor", today=today)
    starts = training_start(started_on=period.started_on, today=today)
    replacement = mentee is not None and claimed_with_another_mentor(ect=mentee.teacher, mentor=period.teacher)
    partnership, contract = provider_led_links(
        school=period.school,
        lead_provider=lead_provider,
        cohort=derived.cohort,
        author_type=author_type,
        author_name=author_name,
    )
    training = training_period_start(
        at_school_period=period,
        started_on=starts,
        partnership=partnership,
        expression_of_interest=contract,
        schedule=schedule_for(
            cohort=derived.cohort,
            started_on=starts,
            schedule_type="replacement" if replacement else "standard",
            previous_schedule=derived.previous_schedule,
            today=today,
        ),
        author_type=author_type,
        author_name=author_name,
        finished_on=period.finished_on,
    )
    teacher = Teacher.objects.select_for_update().get(pk=period.teacher_id)
    if teacher.mentor_first_became_eligible_for_funding_at is None and mentor_funding_eligible(teacher):
        teacher.mentor_first_became_eligible_for_funding_at = timezone.now()
        teacher.save()
        declarations_follow_funding(teacher=teacher)
    return training


@transaction.atomic
def mentorship_assign(
    *,
    ect_at_school_period: ECTAtSchoolPeriod,
    mentor_at_school_period: MentorAtSchoolPeriod,
    mentor_lead_provider: LeadProvider | None = None,
    author_type: str,
    author_name: str,
) -> MentorshipPeriod:
    """Assign a mentor to an ECT from the latest of the ECT's start, the mentor's start and today (for a mentor who
    moved here from another school and is the ECT's first mentor: without today), until the earlier of their ends.
    The ECT's current or next mentorship ends the day before (or goes, if it would start on or after the new one).
    A mentor eligible for their first provider-led training starts it, with `mentor_lead_provider` or
    the ECT's lead provider. Assigning the current mentor again changes nothing."""
    ect = (
        ECTAtSchoolPeriod.objects.select_for_update()
        .select_related("teacher", "school")
        .get(pk=ect_at_school_period.pk)
    )
    mentor = MentorAtSchoolPeriod.objects.select_related("teacher").get(pk=mentor_at_school_period.pk)
    today = clock.today()
    current = ongoing(MentorshipPeriod.objects.filter(mentee=ect)).order_by("started_on").first()
    if current is not None and current.mentor_id == mentor.pk:
        return current
    refuse("mentor", rules.mentor_choice_error(mentor, school=ect.school, ect_at_school_period=ect))
    starts = max(ect.started_on, mentor.started_on, today)
    first_mentor = not MentorshipPeriod.objects.filter(mentee=ect).exists()
    transferring = MentorAtSchoolPeriod.objects.filter(teacher=mentor.teacher_id).exclude(school=ect.school).exists()
    if first_mentor and transferring:
        # A mentor who moved here from another school may be the ECT's first mentor from the day both were here.
        starts = max(ect.started_on, mentor.started_on)
    ends = min((day for day in (ect.finished_on, mentor.finished_on) if day is not None), default=None)
    for existing in ongoing(MentorshipPeriod.objects.select_for_update().filter(mentee=ect)):
        if existing.started_on >= starts:
            destroy_period(existing)
        else:
            existing.finished_on = starts - dt.timedelta(days=1)
            existing.save(update_fields=["finished_on"])
    mentorship = MentorshipPeriod.objects.create(mentee=ect, mentor=mentor, started_on=starts, finished_on=ends)
    now = timezone.now()
    Teacher.objects.filter(pk=mentor.teacher_id).touch_api_timestamps("api_unfunded_mentor_updated_at", at=now)
    Teacher.objects.filter(pk=ect.teacher_id).touch_api_timestamps("api_updated_at", at=now)
    for event_type, teacher, heading in (
        ("teacher_starts_being_mentored", ect.teacher, f"{ect.teacher.full_name} is mentored by "),
        ("teacher_starts_mentoring", mentor.teacher, f"{mentor.teacher.full_name} mentors "),
    ):
        other = mentor.teacher if teacher == ect.teacher else ect.teacher
        author_event(
            event_type=event_type,
            heading=f"{heading}{other.full_name}",
            subject=mentorship,
            author_type=author_type,
            author_name=author_name,
            teacher_id=teacher.api_id,
        )
    if eligible_for_first_provider_led_training(ect_at_school_period=ect, mentor=mentor.teacher):
        lead_provider = mentor_lead_provider or training_lead_provider(current_training(ect))
        mentor_training_start(
            period=mentor, lead_provider=lead_provider, mentee=ect, author_type=author_type, author_name=author_name
        )
    check_deferred_constraints()
    return mentorship


@transaction.atomic
def mentor_register(
    *,
    school: School,
    ect_at_school_period: ECTAtSchoolPeriod,
    trn: str,
    corrected_name: str = "",
    email: str,
    started_on: dt.date | None = None,
    mentoring_at_new_school_only: bool = True,
    lead_provider: LeadProvider | None = None,
    author_type: str,
    author_name: str,
) -> MentorAtSchoolPeriod:
    """Register a teacher as a mentor at the school (from `started_on`, default today) and assign them to the ECT.
    Mentoring here only: their other schools' mentor periods end the day before. Provider-led mentor training
    starts when a lead provider is chosen, the mentor can be funded and has no training yet (never when they
    keep mentoring elsewhere). A mentor already at the school is just assigned. Repeating it changes nothing."""
    today = clock.today()
    trn = rules.normalise_trn(trn)
    started_on = started_on or today
    trs_teacher = trs.find_teacher(trn=trn)
    if trs_teacher is None:
        raise DomainValidationError("trn", messages.TRN_NOT_FOUND)
    if ect_at_school_period.school_id != school.pk:
        raise DomainValidationError("ect", messages.MENTOR_NOT_AT_SCHOOL)
    if trs_teacher.trn == ect_at_school_period.teacher.trn:
        raise DomainValidationError("trn", messages.CANNOT_MENTOR_THEMSELF)
    if trs_teacher.prohibited_from_teaching:
        raise DomainValidationError("trn", messages.CANNOT_REGISTER_MENTOR.format(name=trs_teacher.full_name))
    if corrected_name:
        refuse("corrected_name", rules.corrected_name_error(corrected_name))
        corrected_name = corrected_name.strip()
    refuse("email", rules.email_error(email))
    email = email.strip()

    teacher, _ = Teacher.objects.get_or_create(
        trn=trn, defaults={"trs_first_name": trs_teacher.first_name, "trs_last_name": trs_teacher.last_name}
    )
    teacher = Teacher.objects.select_for_update().get(pk=teacher.pk)
    here = ongoing(MentorAtSchoolPeriod.objects.filter(teacher=teacher, school=school)).first()
    if here is not None:  # "already active at school": assign them
        mentorship_assign(
            ect_at_school_period=ect_at_school_period,
            mentor_at_school_period=here,
            author_type=author_type,
            author_name=author_name,
        )
        return here
    if rules.email_in_use_by_another_teacher(email=email, trn=trn, today=today):
        raise DomainValidationError("email", messages.EMAIL_IN_USE)
    refuse("started_on", date_rules.mentor_started_on_error(started_on, trn=trn, school=school, today=today))
    if date_rules.cannot_register_yet(started_on, today=today):
        raise DomainValidationError("started_on", messages.CANNOT_REGISTER_MENTOR_YET)
    if corrected_name and corrected_name != teacher.corrected_name:
        teacher.corrected_name = corrected_name
        teacher.save()
        author_event(
            event_type="teacher_name_updated_by_user",
            heading=f"Name changed from {trs_teacher.full_name} to {corrected_name}",
            subject=teacher,
            author_type=author_type,
            author_name=author_name,
            teacher_id=teacher.api_id,
        )

    elsewhere = MentorAtSchoolPeriod.objects.filter(
        Q(finished_on__isnull=True) | Q(finished_on__gte=started_on), teacher=teacher
    ).exclude(school=school)
    if mentoring_at_new_school_only:
        for previous in elsewhere:
            mentor_at_school_end(period=previous, last_day=started_on - dt.timedelta(days=1))
    try:
        with transaction.atomic():
            period = MentorAtSchoolPeriod.objects.create(
                teacher=teacher, school=school, started_on=started_on, email=email
            )
    except IntegrityError:
        raise DomainValidationError(
            "trn", messages.MENTOR_ALREADY_ACTIVE_AT_SCHOOL.format(name=teacher.full_name)
        ) from None
    author_event(
        event_type="teacher_registered_as_mentor",
        heading=f"{teacher.full_name} was registered as a mentor at {school.name}",
        subject=period,
        author_type=author_type,
        author_name=author_name,
        teacher_id=teacher.api_id,
        school_urn=school.urn,
    )
    keeps_training_elsewhere = not mentoring_at_new_school_only and elsewhere.exists()
    if (
        lead_provider is not None
        and not keeps_training_elsewhere
        and mentor_funding_eligible(teacher)
        and not ongoing(TrainingPeriod.objects.filter(teacher=teacher, role="mentor")).exists()
    ):
        mentor_training_start(
            period=period,
            lead_provider=lead_provider,
            mentee=ect_at_school_period,
            author_type=author_type,
            author_name=author_name,
        )
    # Training (if any) was chosen above; assigning does not start another.
    mentorship_assign(
        ect_at_school_period=ect_at_school_period,
        mentor_at_school_period=period,
        mentor_lead_provider=lead_provider,
        author_type=author_type,
        author_name=author_name,
    )
    send_email(
        to=email,
        template="mentor_registered",
        personalisation={"name": teacher.full_name, "school_name": school.name},
    )
    check_deferred_constraints()
    return period
