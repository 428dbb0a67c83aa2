"""What a statement pays: the counts of declarations the database keeps per claim group (a fixed number of queries
whatever their number, by `declarations.selectors.statement_claim_groups`), then priced by `statements.calculation`
(docs/finance.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from declarations.models import CLAWBACK_STATES, ON_STATEMENT_STATES, CourseIdentifier, PaymentState
from declarations.selectors import claim_groups_apart, statement_claim_groups

from .calculation import Band, Counts, Payment, StatementInput, Terms, add_counts, calculate
from .models import CallOffContract, ContractType, Statement

MENTOR_COURSE = CourseIdentifier.ECF_MENTOR
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


def _earlier_statements(statement: Statement) -> set[int]:
    return set(
        Statement.objects.filter(
            lead_provider_id=statement.lead_provider_id,
            cohort_id=statement.cohort_id,
            payment_date__lt=statement.payment_date,
        ).values_list("pk", flat=True)
    )


def _claims_counted(statement: Statement, earlier: set[int]) -> dict:
    """Which claims the statement counts: the provider's in its cohort, on it or on an earlier statement."""
    return {
        "lead_provider_id": statement.lead_provider_id,
        "cohort_id": statement.cohort_id,
        "statement_ids": [*earlier, statement.pk],
    }


def kept_counts_disagree(statement: Statement) -> bool:
    """Whether the counts the database keeps for the statement's claims differ from counting its declarations
    (`claim_groups_apart`, one snapshot; docs/finance.md "How the counts are kept"). The payment run asks before
    it pays."""
    return bool(claim_groups_apart(**_claims_counted(statement, _earlier_statements(statement))))


def _grouped_counts(statement: Statement) -> list[dict]:
    """Per declaration type and course, how many are billable and refundable on earlier statements and on this one,
    and on this one how many are uplifted and voided (two queries in all). The database keeps the groups' counts
    (`statement_claim_groups`, docs/finance.md "How the counts are kept"); which group counts where is decided here,
    over those few groups."""
    earlier = _earlier_statements(statement)
    groups = statement_claim_groups(**_claims_counted(statement, earlier))
    totals: dict[tuple[str, str], dict] = {}
    for group in groups:
        row = totals.setdefault(
            (group["declaration_type"], group["course_identifier"]),
            {
                "declaration_type": group["declaration_type"],
                "course_identifier": group["course_identifier"],
                **dict.fromkeys(COUNTED, 0),
            },
        )
        count, uplifted = group["count"], group["uplifted"]
        billable = group["payment_state"] in ON_STATEMENT_STATES
        refundable = group["clawback_state"] in CLAWBACK_STATES
        if billable and group["statement_id"] in earlier:
            row["previous_billable"] += count
        if billable and group["statement_id"] == statement.pk:
            row["billable"] += count
            row["uplift_billable"] += count if uplifted else 0
        if refundable and group["clawback_statement_id"] in earlier:
            row["previous_refundable"] += count
        if refundable and group["clawback_statement_id"] == statement.pk:
            row["refundable"] += count
            row["uplift_refundable"] += count if uplifted else 0
        if group["payment_state"] == PaymentState.VOIDED and group["statement_id"] == statement.pk:
            row["voided"] += count
    return list(totals.values())


COUNTED = (
    "previous_billable",
    "billable",
    "previous_refundable",
    "refundable",
    "uplift_billable",
    "uplift_refundable",
    "voided",
)


def statement_input(statement: Statement, contract: CallOffContract, adjustments: list[Decimal]) -> tuple:
    """Counts for the calculation and the voided counts per role."""
    grouped = _grouped_counts(statement)
    flat_rate = contract.contract_type == ContractType.ITTECF_ECTP

    def rows(keep):
        for row in grouped:
            if keep(row["course_identifier"]):
                counts = Counts(
                    row["previous_billable"], row["previous_refundable"], row["billable"], row["refundable"]
                )
                yield row["declaration_type"], counts

    def is_banded(course):
        return not flat_rate or course != MENTOR_COURSE

    def is_flat_rate_mentor(course):
        return flat_rate and course == MENTOR_COURSE

    data = StatementInput(
        terms=contract_terms(contract),
        banded=add_counts(rows(is_banded)),
        mentors=add_counts(rows(is_flat_rate_mentor)),
        uplift_billable=sum(row["uplift_billable"] for row in grouped),
        uplift_refundable=sum(row["uplift_refundable"] for row in grouped),
        adjustments=adjustments,
        output_fee=statement.output_fee,
    )
    voided_mentors = sum(row["voided"] for row in grouped if row["course_identifier"] == MENTOR_COURSE)
    voided_ects = sum(row["voided"] for row in grouped) - voided_mentors
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
