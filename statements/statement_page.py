"""The finance statement page's tables, built from a statement's figures (docs/finance.md "The statement page").

Amounts stay `Decimal` at full precision; the template rounds them to pence with the `pounds` filter.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .calculation import ZERO, OutputLine
from .models import ContractType
from .payments import StatementFigures

TYPE_LABELS = {
    "started": "Started",
    "retained-1": "Retained 1",
    "retained-2": "Retained 2",
    "retained-3": "Retained 3",
    "retained-4": "Retained 4",
    "completed": "Completed",
    "extended-1": "Extended 1",
    "extended-2": "Extended 2",
    "extended-3": "Extended 3",
}
EXTENDED = ("extended-1", "extended-2", "extended-3")
RETAINED = ("retained-1", "retained-2", "retained-3", "retained-4")


@dataclass(frozen=True)
class OutputRow:
    label: str
    counts: list[int]
    fees: list[Decimal]
    amount: Decimal


@dataclass(frozen=True)
class ClawbackRow:
    label: str
    count: int
    fee: Decimal
    amount: Decimal


def _output_rows(lines: list[OutputLine]) -> list[OutputRow]:
    """One row per milestone; the three extended milestones share a row (they share a fee)."""
    rows = [
        OutputRow(TYPE_LABELS[line.declaration_type], [s.billable for s in line.slots], line.fees, line.amount)
        for line in lines
        if line.declaration_type not in EXTENDED
    ]
    extended = [line for line in lines if line.declaration_type in EXTENDED]
    if extended:
        counts = [sum(line.slots[i].billable for line in extended) for i in range(len(extended[0].slots))]
        rows.append(OutputRow("Extended", counts, extended[0].fees, sum((line.amount for line in extended), ZERO)))
    return rows


def _clawback_rows(figures: StatementFigures) -> list[ClawbackRow]:
    payment = figures.payment
    rows = []
    if figures.contract.contract_type == ContractType.ECF and payment.uplift_fee:
        rows.append(ClawbackRow("Uplift", payment.uplift_refundable, payment.uplift_fee, payment.uplift_clawbacks))
    if payment.outputs:
        for index, band in enumerate(payment.outputs[0].bands):
            for line in payment.outputs:
                slot = line.slots[index]
                if slot.refundable:
                    fee = line.fees[index]
                    label = f"{TYPE_LABELS[line.declaration_type]} (Band {band.letter})"
                    rows.append(ClawbackRow(label, slot.refundable, fee, slot.refundable * fee))
    for mentor_line in payment.mentors:
        if mentor_line.refundable:
            rows.append(
                ClawbackRow(
                    f"Mentor {TYPE_LABELS[mentor_line.declaration_type].lower()}",
                    mentor_line.refundable,
                    mentor_line.fee,
                    mentor_line.clawback,
                )
            )
    return rows


def statement_page(figures: StatementFigures) -> dict:
    """Everything the statement page shows, in the order it shows it."""
    payment, contract = figures.payment, figures.contract
    flat_rate = contract.contract_type == ContractType.ITTECF_ECTP
    lines = {line.declaration_type: line for line in payment.outputs}

    def billed(types) -> int:
        return sum(lines[t].billable_count for t in types if t in lines)

    if flat_rate:
        overview = [
            ("ECTs output payment", payment.ect_output),
            ("Mentors output payment", payment.mentor_output),
            ("Service fee", payment.service_fee),
            ("ECTs clawbacks", -payment.ect_clawbacks),
            ("Mentors clawbacks", -payment.mentor_clawbacks),
            ("Additional adjustments", payment.adjustments),
            ("VAT", payment.vat),
        ]
    else:
        overview = [
            ("Output payment", payment.ect_output),
            ("Service fee", payment.service_fee),
            ("Uplift fees", payment.uplift_fees),
            ("Clawbacks", -(payment.ect_clawbacks + payment.uplift_clawbacks)),
            ("Additional adjustments", payment.adjustments),
            ("VAT", payment.vat),
        ]
    mentors = {line.declaration_type: line for line in payment.mentors}
    summary = [
        ("Started", billed(["started"]), mentors["started"].billable if mentors else None),
        ("Retained", billed(RETAINED), None),
        ("Completed", billed(["completed"]), mentors["completed"].billable if mentors else None),
        ("Extended", billed(EXTENDED), None),
        (
            "Clawbacks",
            sum(line.refundable_count for line in payment.outputs),
            sum(line.refundable for line in payment.mentors) if mentors else None,
        ),
        ("Voided", figures.voided_ects + (0 if flat_rate else figures.voided_mentors), figures.voided_mentors),
    ]
    bands = list(payment.terms.bands)
    return {
        "flat_rate": flat_rate,
        "overview": overview,
        "summary": summary,
        "band_letters": [band.letter for band in bands],
        "output_rows": _output_rows(list(payment.outputs)),
        "mentor_rows": list(payment.mentors),
        "clawback_rows": _clawback_rows(figures),
        "contract_bands": sorted(contract.bands.all(), key=lambda b: b.band),
    }
