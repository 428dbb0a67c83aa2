"""Properties of the payment calculation over generated contracts and statements (docs/finance.md)."""

from decimal import Decimal as D

from hypothesis import given
from hypothesis import strategies as st

from statements.calculation import (
    DECLARATION_TYPES,
    Band,
    Counts,
    StatementInput,
    Terms,
    allocate,
    calculate,
)

money = st.decimals(min_value=D("0.01"), max_value=D(5000), places=2)
percentage = st.decimals(min_value=D(0), max_value=D(100), places=2)


@st.composite
def bands(draw):
    capacities = draw(st.lists(st.integers(1, 8), min_size=1, max_size=4))
    result, minimum = [], 1
    for letter, capacity in zip("ABCD", capacities, strict=False):
        output = draw(percentage)
        result.append(Band(letter, minimum, minimum + capacity - 1, draw(money), output, D(100) - output))
        minimum += capacity
    return tuple(result)


@st.composite
def terms(draw):
    return Terms(
        bands=draw(bands()),
        recruitment_target=draw(st.integers(0, 40)),
        set_up_fee=draw(st.decimals(min_value=D(0), max_value=D(1000), places=2)),
        monthly_service_fee=draw(st.none() | st.decimals(min_value=D(0), max_value=D(9999), places=2)),
        uplift_fee=draw(st.none() | money),
        mentor_fee_per_participant=draw(st.none() | money),
        vat_rate=draw(st.sampled_from([D(0), D("0.2"), D("0.175")])),
    )


@st.composite
def histories(draw, total_capacity: int):
    """Per statement, (billable, refundable) of one type: clawbacks only of declarations paid earlier, and never
    more declarations than the bands hold."""
    statements, paid, claimed = [], 0, 0
    for _ in range(draw(st.integers(1, 6))):
        refundable = draw(st.integers(0, paid))
        billable = draw(st.integers(0, max(total_capacity - claimed, 0)))
        statements.append((billable, refundable))
        paid += billable - refundable
        claimed += billable
    return statements


@given(terms=terms(), data=st.data())
def test_total_is_the_sum_of_its_lines(terms, data):
    counts = st.builds(Counts, *(st.integers(0, 12) for _ in range(4)))
    banded = data.draw(st.dictionaries(st.sampled_from(DECLARATION_TYPES), counts))
    mentors = data.draw(st.dictionaries(st.sampled_from(["started", "completed"]), counts))
    adjustments = data.draw(st.lists(st.decimals(min_value=D(-9999), max_value=D(9999), places=2), max_size=3))
    payment = calculate(
        StatementInput(
            terms,
            banded=banded,
            mentors=mentors,
            uplift_billable=data.draw(st.integers(0, 9)),
            uplift_refundable=data.draw(st.integers(0, 9)),
            adjustments=adjustments,
        )
    )
    lines = (
        payment.ect_output
        + payment.mentor_output
        + payment.uplift_fees
        + payment.service_fee
        - payment.clawbacks
        + payment.adjustments
    )
    assert payment.total_excluding_vat == lines
    assert payment.total == lines + payment.vat
    assert payment.vat == lines * terms.vat_rate
    assert payment.ect_output == sum(
        slot.billable * fee for line in payment.outputs for slot, fee in zip(line.slots, line.fees, strict=True)
    )


@given(data=st.data())
def test_allocating_statement_by_statement_equals_allocating_all_at_once(data):
    contract_bands = data.draw(bands())
    capacities = [band.capacity for band in contract_bands]
    history = data.draw(histories(sum(capacities)))
    per_band = [0] * len(capacities)
    money_paid = D(0)
    previous_billable = previous_refundable = 0
    for billable, refundable in history:
        slots = allocate(capacities, Counts(previous_billable, previous_refundable, billable, refundable))
        for index, slot in enumerate(slots):
            per_band[index] += slot.billable - slot.refundable
            money_paid += (slot.billable - slot.refundable) * contract_bands[index].fee("retained-2")
        previous_billable += billable
        previous_refundable += refundable
    at_once = allocate(capacities, Counts(billable=previous_billable, refundable=previous_refundable))
    assert per_band == [slot.billable - slot.refundable for slot in at_once]
    assert money_paid == sum(
        (slot.billable - slot.refundable) * band.fee("retained-2")
        for slot, band in zip(at_once, contract_bands, strict=True)
    )


@given(data=st.data())
def test_clawing_back_every_paid_declaration_returns_output_fees_to_zero(data):
    contract_bands = data.draw(bands())
    terms = Terms(bands=contract_bands, monthly_service_fee=D(0))
    capacities = [band.capacity for band in contract_bands]
    billables = data.draw(st.lists(st.integers(0, 2 * sum(capacities)), min_size=1, max_size=4))
    # Then every paid declaration is clawed back, in any number of later statements.
    remaining, clawbacks = sum(billables), []
    while remaining:
        clawbacks.append(data.draw(st.integers(1, remaining)))
        remaining -= clawbacks[-1]
    net = D(0)
    previous_billable = previous_refundable = 0
    for billable, refundable in [(b, 0) for b in billables] + [(0, r) for r in clawbacks]:
        counts = {"started": Counts(previous_billable, previous_refundable, billable, refundable)}
        payment = calculate(StatementInput(terms, banded=counts))
        net += payment.ect_output - payment.ect_clawbacks
        previous_billable += billable
        previous_refundable += refundable
    assert net == 0
