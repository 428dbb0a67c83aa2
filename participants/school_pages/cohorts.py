"""What a school registration derives rather than asks (docs/school-registration.md "Derived rules"): the contract
period (cohort) a new ECT or mentor trains in, where their training starts, their schedule, and which partnership
of the school's can be reused for a lead provider."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q

from config import clock
from partnerships.models import Cohort, LeadProvider, LeadProviderContract, Partnership, Schedule
from schools.rules import contract_period_start, contract_year

from ..models import Teacher, TrainingPeriod
from ..rules import FROZEN_COHORT_DESTINATION


def frozen_cohort_destination(cohort: Cohort, *, role: str) -> Cohort | None:
    """Where training in a payments-frozen cohort continues: an ECT's in FROZEN_COHORT_DESTINATION (on an extended
    schedule); None when the cohort's payments are not frozen, and for a mentor, who is never moved
    (docs/participants.md, "Payments-frozen cohorts")."""
    if cohort.payments_frozen_at is None or role != "ect":
        return None
    return Cohort.objects.get(start_year=FROZEN_COHORT_DESTINATION)


def current_cohort(*, today: dt.date | None = None) -> Cohort:
    """The contract period containing today (or, past the last one loaded, the latest one)."""
    year = contract_year(today or clock.today())
    return Cohort.objects.filter(start_year__lte=year).order_by("-start_year").first() or Cohort.objects.earliest(
        "start_year"
    )


@dataclass(frozen=True)
class RegistrationCohort:
    cohort: Cohort
    # The schedule to keep (an earlier provider-led training in the same cohort) or whose identifier to reuse.
    previous_schedule: Schedule | None = None
    # Moved out of a payments-frozen cohort: extended schedule, training may start at the school start date.
    frozen_reassignment: bool = False


def previous_provider_led_training(*, teacher: Teacher | None, role: str) -> TrainingPeriod | None:
    if teacher is None or teacher.pk is None:
        return None
    return (
        TrainingPeriod.objects.filter(teacher=teacher, role=role, training_programme="provider_led")
        .select_related("schedule__cohort")
        .order_by("-started_on", "-id")
        .first()
    )


def registration_cohort(
    *, started_on: dt.date, teacher: Teacher | None = None, role: str = "ect", today: dt.date | None = None
) -> RegistrationCohort:
    """The contract period of a new registration: an earlier provider-led cohort is kept (an ECT's payments-frozen
    cohort becomes 2024); otherwise the current one, or the later enabled one the start date falls in."""
    previous = previous_provider_led_training(teacher=teacher, role=role)
    if previous is not None:
        cohort = previous.schedule.cohort
        if cohort.payments_frozen_at is None:
            return RegistrationCohort(cohort=cohort, previous_schedule=previous.schedule)
        destination = frozen_cohort_destination(cohort, role=role)
        if destination is not None:
            return RegistrationCohort(cohort=destination, frozen_reassignment=True)
    current = current_cohort(today=today)
    later = Cohort.objects.filter(start_year=contract_year(started_on), enabled=True).first()
    if later is not None and later.start_year > current.start_year:
        return RegistrationCohort(cohort=later)
    return RegistrationCohort(cohort=current)


def training_start(*, started_on: dt.date, frozen_reassignment: bool = False, today: dt.date | None = None) -> dt.date:
    """Training starts on the later of the school start date and today (a frozen-cohort move: the later of the
    school start date and the 2024 contract period's start)."""
    if frozen_reassignment:
        return max(started_on, contract_period_start(FROZEN_COHORT_DESTINATION))
    return max(started_on, today or clock.today())


def schedule_month(day: dt.date) -> str:
    """June–October: september; November–February: january; March–May: april."""
    if 6 <= day.month <= 10:
        return "september"
    if day.month in (11, 12, 1, 2):
        return "january"
    return "april"


def schedule_for(
    *,
    cohort: Cohort,
    started_on: dt.date,
    schedule_type: str = "standard",
    previous_schedule: Schedule | None = None,
    today: dt.date | None = None,
) -> Schedule:
    """A provider-led schedule: the previous one if it is in this cohort, else the same identifier in this cohort,
    else `ecf-<type>-<month of the later of the start date and today>`."""
    if previous_schedule is not None and schedule_type == "standard":
        if previous_schedule.cohort_id == cohort.pk:
            return previous_schedule
        same = Schedule.objects.filter(cohort=cohort, identifier=previous_schedule.identifier).first()
        if same is not None:
            return same
    month = schedule_month(max(started_on, today or clock.today()))
    return Schedule.objects.get(cohort=cohort, identifier=f"ecf-{schedule_type}-{month}")


def reusable_partnership(*, school, lead_provider: LeadProvider, cohort: Cohort) -> Partnership | None:
    """The school's partnership with the lead provider whose delivery partner still works with it in `cohort`: one
    in `cohort` first, otherwise the most recent earlier one (to be rolled over)."""
    still_paired = LeadProviderContract.objects.filter(lead_provider=lead_provider, cohort=cohort).values_list(
        "delivery_partnerships__delivery_partner", flat=True
    )
    return (
        Partnership.objects.filter(
            school=school,
            delivery_partnership__contract__lead_provider=lead_provider,
            delivery_partnership__contract__cohort__start_year__lte=cohort.start_year,
            delivery_partnership__delivery_partner__in=still_paired,
        )
        .select_related("delivery_partnership__contract__cohort", "delivery_partnership__delivery_partner")
        .order_by("-delivery_partnership__contract__cohort__start_year", "created_at")
        .first()
    )


def lead_provider_contract(*, lead_provider: LeadProvider, cohort: Cohort) -> LeadProviderContract | None:
    """The lead provider is active in the cohort (it can receive an expression of interest)."""
    return LeadProviderContract.objects.filter(lead_provider=lead_provider, cohort=cohort).first()


def lead_providers_in(cohort: Cohort):
    """Lead providers active in a cohort, by name."""
    return LeadProvider.objects.filter(contracts__cohort=cohort).order_by("name").distinct()


def ongoing(queryset, *, today: dt.date | None = None):
    """Rows of a period queryset that have not finished before today (current or future)."""
    today = today or clock.today()
    return queryset.filter(Q(finished_on__isnull=True) | Q(finished_on__gte=today))
