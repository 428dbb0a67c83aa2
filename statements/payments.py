"""What a statement pays: declarations counted in SQL (a fixed number of queries whatever their number), then
priced by `statements.calculation` (docs/finance.md).

Declarations are reached through the statement's reverse relations (`declarations`, `clawbacks`), so this app
does not import the declarations app, which sits above it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, F, Q

from .calculation import Band, Counts, Payment, StatementInput, Terms, add_counts, calculate
from .models import CallOffContract, ContractType, Statement

# Declaration states that count for money (docs/finance.md "Which declarations a statement counts").
BILLABLE_STATES = ("eligible", "payable", "paid")
REFUNDABLE_STATES = ("awaiting_clawback", "clawed_back")
MENTOR_COURSE = "ecf-mentor"
HUNDRED = Decimal(100)


def contract_terms(contract: CallOffContract) -> Terms:
    """The calculation's view of a contract (its bands must be prefetched or are read here)."""
    vat = contract.vat_percentage / HUNDRED if contract.vat_registered else Decimal(0)
    flat_rate = contract.contract_type == ContractType.ITTECF_ECTP
    return Terms(
        bands=tuple(
            Band(
                band.band,
                band.min_participants,
                band.max_participants,
                band.per_participant,
                band.output_percentage,
                band.service_percentage,
            )
            for band in sorted(contract.bands.all(), key=lambda b: b.band)
        ),
        recruitment_target=contract.recruitment_target,
        set_up_fee=contract.set_up_fee,
        monthly_service_fee=contract.monthly_service_fee,
        uplift_fee=None if flat_rate else contract.uplift_amount,
        mentor_fee_per_participant=contract.mentor_payment_per_participant if flat_rate else None,
        vat_rate=vat,
    )


@dataclass(frozen=True)
class StatementFigures:
    """A statement's payment and the declaration counts its page shows."""

    statement: Statement
    contract: CallOffContract
    payment: Payment
    voided_ects: int
    voided_mentors: int
    adjustments: list


def _uplifted(prefix: str) -> Q:
    return Q(**{f"{prefix}__declaration_type": "started"}) & (
        Q(**{f"{prefix}__pupil_premium_uplift": True}) | Q(**{f"{prefix}__sparsity_uplift": True})
    )


def _grouped_counts(statement: Statement, relation: str, states_field: str, states: tuple[str, ...]) -> list[dict]:
    """One GROUP BY over the provider's and cohort's statements up to this one: per declaration type and course,
    how many are on earlier statements and how many on this one (and, on this one, uplifted and voided)."""
    current = Q(pk=statement.pk)
    counted = Q(**{f"{relation}__{states_field}__in": states})
    return list(
        Statement.objects.filter(
            Q(pk=statement.pk)
            | Q(
                lead_provider_id=statement.lead_provider_id,
                cohort_id=statement.cohort_id,
                payment_date__lt=statement.payment_date,
            )
        )
        .filter(**{f"{relation}__isnull": False})
        .values(declaration_type=F(f"{relation}__declaration_type"), course=F(f"{relation}__course_identifier"))
        .annotate(
            previous=Count(relation, filter=~current & counted),
            this=Count(relation, filter=current & counted),
            uplifted=Count(relation, filter=current & counted & _uplifted(relation)),
            voided=Count(relation, filter=current & Q(**{f"{relation}__payment_state": "voided"})),
        )
        .order_by()
    )


def statement_input(statement: Statement, contract: CallOffContract, adjustments: list[Decimal]) -> tuple:
    """Counts for the calculation (three queries) and the voided counts per role."""
    billed = _grouped_counts(statement, "declarations", "payment_state", BILLABLE_STATES)
    refunded = _grouped_counts(statement, "clawbacks", "clawback_state", REFUNDABLE_STATES)
    flat_rate = contract.contract_type == ContractType.ITTECF_ECTP

    def rows(course_filter):
        for row in billed:
            if course_filter(row["course"]):
                yield row["declaration_type"], Counts(previous_billable=row["previous"], billable=row["this"])
        for row in refunded:
            if course_filter(row["course"]):
                yield row["declaration_type"], Counts(previous_refundable=row["previous"], refundable=row["this"])

    def is_banded(course):
        return not flat_rate or course != MENTOR_COURSE

    def is_flat_rate_mentor(course):
        return flat_rate and course == MENTOR_COURSE

    data = StatementInput(
        terms=contract_terms(contract),
        banded=add_counts(rows(is_banded)),
        mentors=add_counts(rows(is_flat_rate_mentor)),
        uplift_billable=sum(row["uplifted"] for row in billed),
        uplift_refundable=sum(row["uplifted"] for row in refunded),
        adjustments=adjustments,
        output_fee=statement.output_fee,
    )
    voided_mentors = sum(row["voided"] for row in billed if row["course"] == MENTOR_COURSE)
    voided_ects = sum(row["voided"] for row in billed) - voided_mentors
    return data, voided_ects, voided_mentors


def statement_figures(*, statement: Statement) -> StatementFigures | None:
    """A statement's payment at full precision, or None when it has no contract to be paid under. A fixed
    number of queries: the contract with its bands, the adjustments, and two grouped counts."""
    if statement.contract_id is None:
        return None
    contract = CallOffContract.objects.prefetch_related("bands").get(pk=statement.contract_id)
    adjustments = list(statement.adjustments.order_by("created_at", "id"))
    data, voided_ects, voided_mentors = statement_input(statement, contract, [a.amount for a in adjustments])
    return StatementFigures(
        statement=statement,
        contract=contract,
        payment=calculate(data),
        voided_ects=voided_ects,
        voided_mentors=voided_mentors,
        adjustments=adjustments,
    )


def statement_payment(*, statement: Statement) -> Payment | None:
    figures = statement_figures(statement=statement)
    return figures.payment if figures else None
