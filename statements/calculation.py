"""What a statement pays, from counts of declarations and a contract's terms (docs/finance.md).

Pure functions over plain values: no ORM, no database, no rounding. `statements.payments` counts declarations
in SQL and feeds them here; pages round to pence only when they show an amount.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

ZERO = Decimal(0)
HUNDRED = Decimal(100)
PENNY = Decimal("0.01")

# docs/finance.md "Output fees": the share of a band's output price each milestone pays.
FEE_PROPORTIONS: dict[str, Decimal] = {
    "started": Decimal("0.2"),
    "retained-1": Decimal("0.15"),
    "retained-2": Decimal("0.15"),
    "retained-3": Decimal("0.15"),
    "retained-4": Decimal("0.15"),
    "completed": Decimal("0.2"),
    "extended-1": Decimal("0.15"),
    "extended-2": Decimal("0.15"),
    "extended-3": Decimal("0.15"),
}
DECLARATION_TYPES: tuple[str, ...] = tuple(FEE_PROPORTIONS)
# docs/finance.md "Mentors from 2025": started and completed each pay half the per-mentor price.
MENTOR_FEE_PROPORTIONS: dict[str, Decimal] = {"started": Decimal("0.5"), "completed": Decimal("0.5")}
# docs/finance.md "Service fee": the total service fee is paid in 29 monthly instalments.
SERVICE_FEE_PAYMENTS = 29
# Dividing by 29 is the one inexact step; keeping ten decimal places (far below a penny) keeps every sum exact,
# so the total is the sum of its lines whatever order they are added in.
SERVICE_FEE_PLACES = Decimal("1e-10")


def to_the_penny(amount: Decimal) -> Decimal:
    """An amount in pounds rounded to the penny, halves away from zero (for display and for the amount paid)."""
    return amount.quantize(PENNY, rounding=ROUND_HALF_UP) + ZERO  # + ZERO turns -0.00 into 0.00


@dataclass(frozen=True)
class Band:
    """One volume band of a contract: participants `minimum`..`maximum` (inclusive) at `per_participant`."""

    letter: str
    minimum: int
    maximum: int
    per_participant: Decimal
    output_percentage: Decimal = Decimal(60)
    service_percentage: Decimal = Decimal(40)

    @property
    def capacity(self) -> int:
        # A first band starting at 0 holds `maximum` participants, as one starting at 1 does.
        return max(self.maximum - max(self.minimum, 1) + 1, 0)

    def fee(self, declaration_type: str) -> Decimal:
        """What one declaration of this type is paid (or clawed back) in this band."""
        return FEE_PROPORTIONS[declaration_type] * self.per_participant * self.output_percentage / HUNDRED


@dataclass(frozen=True)
class Terms:
    """The parts of a contract the calculation needs. `mentor_fee_per_participant` is set only for contracts
    (2025 onwards) that pay mentors a flat rate; `uplift_fee` is None when the contract pays no uplift."""

    bands: tuple[Band, ...]
    recruitment_target: int = 0
    set_up_fee: Decimal = ZERO
    monthly_service_fee: Decimal | None = None
    uplift_fee: Decimal | None = None
    mentor_fee_per_participant: Decimal | None = None
    vat_rate: Decimal = ZERO  # a fraction: 0.2 for 20 %, 0 when the provider is not VAT registered

    @property
    def mentors_flat_rate(self) -> bool:
        return self.mentor_fee_per_participant is not None


@dataclass(frozen=True)
class Counts:
    """Declarations of one type (and, from 2025, one role): billable and refundable (clawed back) on earlier
    statements of the same provider and cohort, and on this statement."""

    previous_billable: int = 0
    previous_refundable: int = 0
    billable: int = 0
    refundable: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            self.previous_billable + other.previous_billable,
            self.previous_refundable + other.previous_refundable,
            self.billable + other.billable,
            self.refundable + other.refundable,
        )


@dataclass(frozen=True)
class BandSlot:
    """Where one type's declarations landed in one band: earlier statements' (previous_*) and this one's."""

    previous_billable: int = 0
    previous_refundable: int = 0
    billable: int = 0
    refundable: int = 0

    @property
    def net(self) -> int:
        return self.previous_billable + self.billable - self.previous_refundable - self.refundable


def allocate(capacities: Sequence[int], counts: Counts) -> list[BandSlot]:
    """Band allocation for one declaration type (docs/finance.md "Band allocation", four steps):
    earlier statements' billable declarations fill bands lowest first, their clawbacks drain them highest first,
    then this statement's billable declarations fill what is left lowest first and its clawbacks drain highest
    first. What finds no room is not paid; clawbacks beyond what is in the bands take nothing."""
    slots = [[0, 0, 0, 0] for _ in capacities]  # previous_billable, previous_refundable, billable, refundable

    def net(i: int) -> int:
        s = slots[i]
        return s[0] + s[2] - s[1] - s[3]

    def fill(count: int, column: int) -> None:
        for i, capacity in enumerate(capacities):
            taken = min(count, max(capacity - net(i), 0))
            slots[i][column] += taken
            count -= taken

    def drain(count: int, column: int) -> None:
        for i in reversed(range(len(capacities))):
            taken = min(count, max(net(i), 0))
            slots[i][column] += taken
            count -= taken

    fill(counts.previous_billable, 0)
    drain(counts.previous_refundable, 1)
    fill(counts.billable, 2)
    drain(counts.refundable, 3)
    return [BandSlot(*s) for s in slots]


@dataclass(frozen=True)
class OutputLine:
    """One declaration type's allocation on this statement, band by band, with each band's fee."""

    declaration_type: str
    bands: tuple[Band, ...]
    slots: tuple[BandSlot, ...]

    @property
    def fees(self) -> list[Decimal]:
        return [band.fee(self.declaration_type) for band in self.bands]

    @property
    def billable_count(self) -> int:
        return sum(slot.billable for slot in self.slots)

    @property
    def refundable_count(self) -> int:
        return sum(slot.refundable for slot in self.slots)

    @property
    def amount(self) -> Decimal:
        return sum((slot.billable * fee for slot, fee in zip(self.slots, self.fees, strict=True)), ZERO)

    @property
    def clawback(self) -> Decimal:
        return sum((slot.refundable * fee for slot, fee in zip(self.slots, self.fees, strict=True)), ZERO)


def output_lines(bands: Sequence[Band], counts: Mapping[str, Counts]) -> list[OutputLine]:
    """Every declaration type's band allocation (each type fills its own set of bands)."""
    capacities = [band.capacity for band in bands]
    return [
        OutputLine(declaration_type, tuple(bands), tuple(allocate(capacities, counts.get(declaration_type, Counts()))))
        for declaration_type in DECLARATION_TYPES
    ]


def service_fee(terms: Terms) -> Decimal:
    """The monthly service fee (docs/finance.md "Service fee"): the contract's fixed monthly amount when it has
    one (0 stops it); otherwise the recruitment target fills the bands lowest first, each participant earns the
    service share of its band's price, the set-up fee is taken from Band A's places, and the total is spread
    over 29 payments. A negative result is not clamped."""
    if terms.monthly_service_fee is not None:
        return terms.monthly_service_fee
    if not terms.bands:
        return ZERO
    remaining, total = terms.recruitment_target, ZERO
    first = terms.bands[0]
    for index, band in enumerate(terms.bands):
        placed = min(remaining, band.capacity)
        remaining -= placed
        total += placed * band.per_participant * band.service_percentage / HUNDRED
        if index == 0 and first.capacity:
            total -= placed * terms.set_up_fee / first.capacity
    return (total / SERVICE_FEE_PAYMENTS).quantize(SERVICE_FEE_PLACES, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class MentorLine:
    declaration_type: str
    fee: Decimal
    billable: int
    refundable: int

    @property
    def amount(self) -> Decimal:
        return self.billable * self.fee

    @property
    def clawback(self) -> Decimal:
        return self.refundable * self.fee


def mentor_lines(fee_per_participant: Decimal, counts: Mapping[str, Counts]) -> list[MentorLine]:
    """Mentors from 2025: a flat fee per started and per completed declaration on this statement only."""
    return [
        MentorLine(dtype, proportion * fee_per_participant, counts[dtype].billable, counts[dtype].refundable)
        if dtype in counts
        else MentorLine(dtype, proportion * fee_per_participant, 0, 0)
        for dtype, proportion in MENTOR_FEE_PROPORTIONS.items()
    ]


@dataclass(frozen=True)
class StatementInput:
    """Everything a statement's payment depends on. Counts are keyed by declaration type: `banded` are the
    declarations priced in bands (ECTs and mentors together before 2025, ECTs only from 2025), `mentors` the
    flat-rate mentor declarations (2025 onwards). Uplift counts are this statement's uplifted starts."""

    terms: Terms
    banded: Mapping[str, Counts] = field(default_factory=dict)
    mentors: Mapping[str, Counts] = field(default_factory=dict)
    uplift_billable: int = 0
    uplift_refundable: int = 0
    adjustments: Sequence[Decimal] = ()
    output_fee: bool = True


@dataclass(frozen=True)
class Payment:
    """A statement's payment at full precision; every amount a page shows is one of these attributes."""

    terms: Terms
    outputs: tuple[OutputLine, ...]
    mentors: tuple[MentorLine, ...]
    service_fee: Decimal
    uplift_fee: Decimal
    uplift_billable: int
    uplift_refundable: int
    adjustments: Decimal

    @property
    def ect_output(self) -> Decimal:
        return sum((line.amount for line in self.outputs), ZERO)

    @property
    def ect_clawbacks(self) -> Decimal:
        return sum((line.clawback for line in self.outputs), ZERO)

    @property
    def mentor_output(self) -> Decimal:
        return sum((line.amount for line in self.mentors), ZERO)

    @property
    def mentor_clawbacks(self) -> Decimal:
        return sum((line.clawback for line in self.mentors), ZERO)

    @property
    def uplift_fees(self) -> Decimal:
        return self.uplift_billable * self.uplift_fee

    @property
    def uplift_clawbacks(self) -> Decimal:
        return self.uplift_refundable * self.uplift_fee

    @property
    def clawbacks(self) -> Decimal:
        """Everything clawed back on this statement, as a positive amount."""
        return self.ect_clawbacks + self.mentor_clawbacks + self.uplift_clawbacks

    @property
    def banded_subtotal(self) -> Decimal:
        return (
            self.ect_output
            - self.ect_clawbacks
            + self.uplift_fees
            - self.uplift_clawbacks
            + self.service_fee
            + self.adjustments
        )

    @property
    def mentor_subtotal(self) -> Decimal:
        return self.mentor_output - self.mentor_clawbacks

    @property
    def total_excluding_vat(self) -> Decimal:
        return self.banded_subtotal + self.mentor_subtotal

    @property
    def vat(self) -> Decimal:
        # VAT is worked out on the banded and the mentor parts separately and added (docs/finance.md "Totals and VAT").
        return self.banded_subtotal * self.terms.vat_rate + self.mentor_subtotal * self.terms.vat_rate

    @property
    def total(self) -> Decimal:
        return self.total_excluding_vat + self.vat

    @property
    def has_payments(self) -> bool:
        """Whether there is anything to pay or claw back."""
        return any(
            (
                self.ect_output,
                self.ect_clawbacks,
                self.mentor_output,
                self.mentor_clawbacks,
                self.uplift_billable,
                self.uplift_refundable,
                self.service_fee,
                self.adjustments,
            )
        )


def calculate(data: StatementInput) -> Payment:
    """A statement's payment: output fees by band, mentor flat-rate fees, service fee, uplifts, clawbacks,
    adjustments and VAT (docs/finance.md)."""
    terms = data.terms
    uplift = terms.uplift_fee if terms.uplift_fee is not None and not terms.mentors_flat_rate else None
    return Payment(
        terms=terms,
        outputs=tuple(output_lines(terms.bands, data.banded)) if data.output_fee else (),
        mentors=(
            tuple(mentor_lines(terms.mentor_fee_per_participant, data.mentors))
            if terms.mentors_flat_rate and data.output_fee
            else ()
        ),
        service_fee=service_fee(terms),
        uplift_fee=uplift if uplift is not None else ZERO,
        uplift_billable=data.uplift_billable if uplift is not None else 0,
        uplift_refundable=data.uplift_refundable if uplift is not None else 0,
        adjustments=sum(data.adjustments, ZERO),
    )


def add_counts(rows: Iterable[tuple[str, Counts]]) -> dict[str, Counts]:
    """Counts per declaration type, adding rows of the same type."""
    totals: dict[str, Counts] = {}
    for declaration_type, counts in rows:
        totals[declaration_type] = totals.get(declaration_type, Counts()) + counts
    return totals
