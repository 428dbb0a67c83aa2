"""Confirming partnerships between schools and lead providers (docs/partnerships.md; docs/decisions.md 2–3)."""

from django.db import transaction

from config import clock
from config.db import check_deferred_constraints
from config.errors import DomainValidationError, ValidationErrors
from config.events import record_event
from config.models import AuthorType
from config.text import as_uuid, is_blank
from participants.models import Teacher, TrainingPeriod
from partnerships.models import Cohort, DeliveryPartner, LeadProvider, LeadProviderDeliveryPartnership, Partnership
from partnerships.rules import (
    COHORT_BLANK,
    DP_ALREADY_PARTNERED,
    DP_BLANK,
    DP_INVALID,
    DP_NOT_PAIRED,
    EXACT_DUPLICATE,
    SCHOOL_ALREADY_PARTNERED,
    SCHOOL_BLANK,
    SCHOOL_LED,
    cohort_problem,
    school_problem,
)
from partnerships.selectors import induction_programme_choice, lead_provider_partnerships
from schools.models import School


def _by_api_id(model, value):
    api_id = as_uuid(value)
    return None if api_id is None else model.objects.filter(api_id=api_id).first()


def _pairing(lead_provider: LeadProvider, delivery_partner: DeliveryPartner, cohort: Cohort):
    return LeadProviderDeliveryPartnership.objects.filter(
        contract__lead_provider=lead_provider, contract__cohort=cohort, delivery_partner=delivery_partner
    ).first()


@transaction.atomic
def partnership_create(
    *, lead_provider: LeadProvider, cohort: str | int | None, school_id: str | None, delivery_partner_id: str | None
) -> Partnership:
    """A lead provider confirms it trains a school's participants with a delivery partner in a cohort.

    Each lead provider may hold one partnership per school per cohort; other providers may partner the same school.
    """
    errors = ValidationErrors()
    for attribute, value, message in (
        ("cohort", cohort, COHORT_BLANK),
        ("school_id", school_id, SCHOOL_BLANK),
        ("delivery_partner_id", delivery_partner_id, DP_BLANK),
    ):
        if is_blank(value):
            errors.add_first(attribute, message)

    cohort_row = None if errors.has("cohort") else Cohort.for_api(cohort)
    if not errors.has("cohort") and (problem := cohort_problem(cohort_row, today=clock.today())):
        errors.add_first("cohort", problem)

    school = None if errors.has("school_id") else _by_api_id(School, school_id)
    if not errors.has("school_id") and (problem := school_problem(school)):
        errors.add_first("school_id", problem)

    partner = None if errors.has("delivery_partner_id") else _by_api_id(DeliveryPartner, delivery_partner_id)
    pairing = None
    if not errors.has("delivery_partner_id"):
        if partner is None:
            errors.add_first("delivery_partner_id", DP_INVALID)
        elif cohort_row is not None:
            pairing = _pairing(lead_provider, partner, cohort_row)
            if pairing is None:
                errors.add_first("delivery_partner_id", DP_NOT_PAIRED)

    if cohort_row is not None and school is not None and not errors.has("school_id"):
        if (
            lead_provider_partnerships(lead_provider=lead_provider)
            .filter(school=school, delivery_partnership__contract__cohort=cohort_row)
            .exists()
        ):
            errors.add_first("school_id", SCHOOL_ALREADY_PARTNERED)
        elif induction_programme_choice(school=school, cohort=cohort_row) == "school_led":
            errors.add_first("school_id", SCHOOL_LED)
    errors.raise_any()

    # Concurrent identical requests: the lock makes the duplicate check and the insert one step per school.
    School.objects.select_for_update().filter(pk=school.pk).first()
    if (
        lead_provider_partnerships(lead_provider=lead_provider)
        .filter(school=school, delivery_partnership__contract__cohort=cohort_row)
        .exists()
    ):
        raise DomainValidationError("school_id", SCHOOL_ALREADY_PARTNERED)
    return _create(
        school=school, pairing=pairing, author_type=AuthorType.LEAD_PROVIDER_API, author_name=lead_provider.name
    )


def _create(
    *,
    school: School,
    pairing: LeadProviderDeliveryPartnership,
    author_type: str,
    author_name: str,
    event_type: str = "school_partnership_created",
):
    partnership = Partnership.objects.create(school=school, delivery_partnership=pairing)
    record_event(
        event_type=event_type,
        heading=f"{pairing.contract.lead_provider} partnered with {school} with {pairing.delivery_partner} "
        f"for {pairing.contract.cohort}",
        subject=partnership,
        author_type=author_type,
        author_name=author_name,
        partnership_id=partnership.api_id,
        school_urn=school.urn,
    )
    _link_expressions_of_interest(partnership, pairing)
    check_deferred_constraints()
    return partnership


def _link_expressions_of_interest(partnership: Partnership, pairing: LeadProviderDeliveryPartnership) -> None:
    """Training periods at the school that only expressed interest in this provider and cohort are now confirmed."""
    periods = list(
        TrainingPeriod.objects.select_for_update().filter(
            school=partnership.school, expression_of_interest=pairing.contract, partnership__isnull=True
        )
    )
    for period in periods:
        period.partnership = partnership
        period.save(update_fields=["partnership", "updated_at"])
        record_event(
            event_type="training_period_assigned_to_school_partnership",
            heading=f"Training period {period.pk} confirmed by partnership {partnership.api_id}",
            subject=period,
            author_type=AuthorType.SYSTEM,
            partnership_id=partnership.api_id,
        )
    Teacher.objects.filter(pk__in={p.teacher_id for p in periods}).touch_api_timestamps("api_updated_at")


@transaction.atomic
def partnership_change_delivery_partner(
    *, partnership: Partnership, delivery_partner_id: str | None, author_name: str = ""
) -> Partnership:
    """A lead provider corrects the delivery partner of its own partnership (the cohort is not re-checked)."""
    partnership = (
        Partnership.objects.select_for_update().select_related("delivery_partnership__contract").get(pk=partnership.pk)
    )
    contract = partnership.delivery_partnership.contract
    if is_blank(delivery_partner_id):
        raise DomainValidationError("delivery_partner_id", DP_BLANK)
    partner = _by_api_id(DeliveryPartner, delivery_partner_id)
    if partner is None:
        raise DomainValidationError("delivery_partner_id", DP_INVALID)
    if partner.pk == partnership.delivery_partnership.delivery_partner_id:
        return partnership
    pairing = _pairing(contract.lead_provider, partner, contract.cohort)
    if pairing is None:
        raise DomainValidationError("delivery_partner_id", DP_NOT_PAIRED)
    if Partnership.objects.filter(school_id=partnership.school_id, delivery_partnership=pairing).exists():
        raise DomainValidationError("delivery_partner_id", DP_ALREADY_PARTNERED)
    previous = partnership.delivery_partnership.delivery_partner
    partnership.delivery_partnership = pairing
    partnership.save(update_fields=["delivery_partnership", "updated_at"])  # moves api_updated_at (ApiTimestamps)
    Teacher.objects.filter(training_periods__partnership=partnership).touch_api_timestamps(
        "api_updated_at", at=partnership.api_updated_at
    )
    record_event(
        event_type="school_partnership_updated",
        heading=f"Delivery partner changed from {previous} to {partner}",
        subject=partnership,
        author_type=AuthorType.LEAD_PROVIDER_API,
        author_name=author_name,
        previous_delivery_partner_id=previous.api_id,
        delivery_partner_id=partner.api_id,
    )
    return partnership


def partnership_refuse_exact_duplicate(*, school: School, pairing: LeadProviderDeliveryPartnership) -> None:
    """A school has at most one partnership per lead provider–delivery partner pairing (and so per cohort)."""
    if Partnership.objects.filter(school=school, delivery_partnership=pairing).exists():
        raise DomainValidationError("delivery_partner_id", EXACT_DUPLICATE)


@transaction.atomic
def partnership_add_by_dfe(
    *, school: School, pairing: LeadProviderDeliveryPartnership, author_name: str
) -> Partnership:
    """DfE staff add a further partnership, e.g. a second delivery partner under the same lead provider.

    Only an exact duplicate (same school and pairing) is refused; the pairing itself fixes provider and cohort.
    """
    School.objects.select_for_update().filter(pk=school.pk).first()
    partnership_refuse_exact_duplicate(school=school, pairing=pairing)
    return _create(school=school, pairing=pairing, author_type=AuthorType.DFE_STAFF_USER, author_name=author_name)


@transaction.atomic
def partnership_roll_over(
    *, school: School, pairing: LeadProviderDeliveryPartnership, author_type: str, author_name: str
) -> Partnership:
    """A school registering someone with the lead provider it last chose reuses its earlier partnership: the same
    lead provider and delivery partner, in the new cohort (docs/school-registration.md "Rollover")."""
    School.objects.select_for_update().filter(pk=school.pk).first()
    existing = Partnership.objects.filter(school=school, delivery_partnership=pairing).first()
    if existing is not None:
        return existing
    return _create(
        school=school,
        pairing=pairing,
        author_type=author_type,
        author_name=author_name,
        event_type="school_partnership_reused",
    )
