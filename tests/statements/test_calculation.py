"""The payment calculation of docs/finance.md as tests: its examples, and worked examples of each rule."""

from decimal import Decimal as D

import pytest

from statements.calculation import (
    Band,
    Counts,
    StatementInput,
    Terms,
    allocate,
    calculate,
    mentor_lines,
    service_fee,
    to_the_penny,
)

MINIMAL_BANDS = (
    Band("A", 0, 2, D(400)),
    Band("B", 3, 4, D(300)),
    Band("C", 5, 6, D(200)),
    Band("D", 7, 8, D(100)),
)
DEFAULT_BANDS = (
    Band("A", 0, 2000, D(995)),
    Band("B", 2001, 4000, D(979)),
    Band("C", 4001, 6000, D(966)),
)
SET_UP_FEE = D(149651)


def _slots(capacities, previous_billable=0, previous_refundable=0, billable=0, refundable=0):
    counts = Counts(previous_billable, previous_refundable, billable, refundable)
    return [(slot.billable, slot.refundable) for slot in allocate(capacities, counts)]


# Fees


@pytest.mark.parametrize(
    "band, started, retained",
    [(0, D(48), D(36)), (1, D(36), D(27)), (2, D(24), D(18)), (3, D(12), D(9))],
)
def test_minimal_bands_pay_each_milestone_its_share_of_the_output_price(band, started, retained):
    b = MINIMAL_BANDS[band]
    assert b.fee("started") == b.fee("completed") == started
    for declaration_type in ("retained-1", "retained-2", "retained-3", "retained-4", "extended-1", "extended-3"):
        assert b.fee(declaration_type) == retained


def test_default_contract_fees_per_band():
    assert [to_the_penny(b.fee("started")) for b in DEFAULT_BANDS] == [D("119.40"), D("117.48"), D("115.92")]
    assert [to_the_penny(b.fee("retained-1")) for b in DEFAULT_BANDS] == [D("89.55"), D("88.11"), D("86.94")]


def test_a_mentor_is_paid_half_the_flat_rate_for_starting_and_half_for_completing():
    started, completed = mentor_lines(D(1000), {"started": Counts(billable=2)})
    assert started.fee == completed.fee == D(500)
    assert to_the_penny(started.amount) == D("1000.00")


def test_started_fee_is_a_fifth_of_the_output_share_of_the_price():
    band = Band("A", 1, 10, D(150), output_percentage=D(50), service_percentage=D(50))
    payment = calculate(StatementInput(Terms(bands=(band,)), banded={"started": Counts(billable=5, refundable=3)}))
    assert band.fee("started") == D(15)
    assert (payment.ect_output, payment.ect_clawbacks, payment.ect_output - payment.ect_clawbacks) == (75, 45, 30)


# Band allocation (minimal bands: capacity 2 each)

CAPACITY_2 = [2, 2, 2, 2]


def test_capacity_counts_from_one_when_band_a_starts_at_zero():
    assert [band.capacity for band in MINIMAL_BANDS] == CAPACITY_2
    assert [band.capacity for band in DEFAULT_BANDS] == [2000, 2000, 2000]


def test_declarations_that_overflow_a_band_go_to_the_next():
    assert _slots(CAPACITY_2, billable=3) == [(2, 0), (1, 0), (0, 0), (0, 0)]


def test_declarations_beyond_every_band_are_not_paid():
    assert _slots(CAPACITY_2, billable=9) == [(2, 0)] * 4


def test_earlier_statements_fill_bands_first():
    assert _slots(CAPACITY_2, previous_billable=2, billable=1) == [(0, 0), (1, 0), (0, 0), (0, 0)]
    assert _slots(CAPACITY_2, previous_billable=4, billable=3) == [(0, 0), (0, 0), (2, 0), (1, 0)]


def test_clawbacks_drain_the_highest_occupied_band():
    assert _slots(CAPACITY_2, previous_billable=4, refundable=2) == [(0, 0), (0, 2), (0, 0), (0, 0)]
    assert _slots(CAPACITY_2, previous_billable=4, billable=3, refundable=2) == [(0, 0), (0, 0), (2, 1), (1, 1)]


def test_three_consecutive_statements():
    assert _slots(CAPACITY_2, previous_billable=4, billable=4, refundable=1) == [(0, 0), (0, 0), (2, 0), (2, 1)]
    assert _slots(CAPACITY_2, previous_billable=8, previous_refundable=1, billable=4, refundable=2) == [
        (0, 0),
        (0, 0),
        (0, 0),
        (1, 2),
    ]


def test_a_participant_clawed_back_and_declared_again_is_paid_at_band_a_again():
    assert _slots(CAPACITY_2, billable=1) == [(1, 0), (0, 0), (0, 0), (0, 0)]
    assert _slots(CAPACITY_2, previous_billable=1, refundable=1) == [(0, 1), (0, 0), (0, 0), (0, 0)]
    assert _slots(CAPACITY_2, previous_billable=1, previous_refundable=1, billable=1) == [
        (1, 0),
        (0, 0),
        (0, 0),
        (0, 0),
    ]


def test_rect_allocation_records_earlier_and_current_counts_per_band():
    slots = allocate([2, 2, 2], Counts(4, 1, 4, 1))
    as_tuples = [(s.previous_billable, s.previous_refundable, s.billable, s.refundable) for s in slots]
    assert as_tuples == [(2, 0, 0, 0), (2, 1, 1, 0), (0, 0, 2, 1)]  # one current declaration finds no room
    slots = allocate([2, 2, 2], Counts(1, 0, 3, 3))
    as_tuples = [(s.previous_billable, s.previous_refundable, s.billable, s.refundable) for s in slots]
    assert as_tuples == [(1, 0, 1, 1), (0, 0, 2, 2), (0, 0, 0, 0)]


def test_output_payments_review_bands_of_different_sizes():
    bands = (
        Band("A", 1, 5, D(100)),
        Band("B", 6, 10, D(100)),
        Band("C", 11, 20, D(100)),
        Band("D", 21, 40, D(100)),
    )
    capacities = [b.capacity for b in bands]
    assert [s.billable for s in allocate(capacities, Counts(billable=25))] == [5, 5, 10, 5]
    assert [s.billable for s in allocate(capacities, Counts(billable=15))] == [5, 5, 5, 0]
    assert [s.billable for s in allocate(capacities, Counts(billable=8))] == [5, 3, 0, 0]
    assert [s.billable for s in allocate(capacities, Counts(billable=3))] == [3, 0, 0, 0]


def test_nro_guidance_six_thousand_places():
    capacities = [2000, 2000, 2000]
    assert [s.billable for s in allocate(capacities, Counts(billable=6000))] == [2000, 2000, 2000]
    assert [s.billable for s in allocate(capacities, Counts(billable=3500))] == [2000, 1500, 0]


# Service fee


def test_service_fee_spreads_the_service_share_less_the_set_up_fee_over_29_payments():
    terms = Terms(bands=DEFAULT_BANDS, recruitment_target=6000, set_up_fee=SET_UP_FEE)
    fee = service_fee(terms)
    assert fee == D("75943.0689655172")  # (2000 × (398 − 74.8255) + 2000 × 391.60 + 2000 × 386.40) / 29
    assert str(fee).startswith("75943.06896")
    assert to_the_penny(fee) == D("75943.07")


def test_a_monthly_service_fee_replaces_the_calculated_one():
    terms = Terms(bands=DEFAULT_BANDS, recruitment_target=6000, set_up_fee=SET_UP_FEE, monthly_service_fee=D("123.45"))
    assert service_fee(terms) == D("123.45")
    assert service_fee(Terms(bands=DEFAULT_BANDS, recruitment_target=6000, monthly_service_fee=D(0))) == 0


def test_a_service_fee_below_the_set_up_fee_is_negative_not_clamped():
    terms = Terms(bands=MINIMAL_BANDS, recruitment_target=6000, set_up_fee=SET_UP_FEE)
    assert service_fee(terms) == D("-5132.7931034483")  # (2 × (160 − 74,825.5) + 2×120 + 2×80 + 2×40) / 29
    assert to_the_penny(service_fee(terms)) == D("-5132.79")


@pytest.mark.parametrize(
    "target, bands, expected",
    [
        (100, (Band("A", 1, 100, D(800)),), D("1086.2069")),
        (150, (Band("A", 1, 100, D(800)), Band("B", 101, 150, D(600))), D("1500.0000")),
        (50, (Band("A", 1, 100, D(800)),), D("543.1034")),
    ],
)
def test_set_up_fee_is_taken_from_band_a_places_filled_by_the_target(target, bands, expected):
    terms = Terms(bands=bands, recruitment_target=target, set_up_fee=D(500))
    assert service_fee(terms).quantize(D("0.0001")) == expected


# Totals


def _uplift_only_terms(**kwargs):
    return Terms(bands=MINIMAL_BANDS, recruitment_target=6000, set_up_fee=SET_UP_FEE, uplift_fee=D(100), **kwargs)


def test_uplifts_are_paid_and_clawed_back_at_the_uplift_amount():
    payment = calculate(StatementInput(_uplift_only_terms(), uplift_billable=4, uplift_refundable=2))
    assert (payment.uplift_fees, -payment.clawbacks) == (400, -200)
    assert payment.total_excluding_vat.quantize(D("0.0001")) == D("-4932.7931")
    with_vat = calculate(StatementInput(_uplift_only_terms(vat_rate=D("0.2")), uplift_billable=4, uplift_refundable=2))
    assert with_vat.total == payment.total_excluding_vat * D("1.2")


def test_additional_adjustments_are_added_to_the_total():
    base = calculate(StatementInput(_uplift_only_terms(), uplift_billable=4, uplift_refundable=2))
    adjusted = calculate(
        StatementInput(
            _uplift_only_terms(),
            uplift_billable=4,
            uplift_refundable=2,
            adjustments=[D("999.99"), D(-500), D(300)],
        )
    )
    assert adjusted.adjustments == D("799.99")
    assert adjusted.total_excluding_vat - base.total_excluding_vat == D("799.99")


def test_clawbacks_are_priced_at_the_band_they_drain_and_add_uplift_refunds():
    terms = Terms(bands=(Band("A", 0, 10, D(400)),), monthly_service_fee=D(0), uplift_fee=D(100))
    payment = calculate(StatementInput(terms, banded={"started": Counts(previous_billable=6, refundable=6)}))
    assert -payment.clawbacks == D(-288)
    with_uplifts = calculate(
        StatementInput(terms, banded={"started": Counts(previous_billable=6, refundable=6)}, uplift_refundable=2)
    )
    assert -with_uplifts.clawbacks == D(-488)


def test_mentor_flat_rate_total():
    terms = Terms(bands=MINIMAL_BANDS, monthly_service_fee=D(0), mentor_fee_per_participant=D(1000), vat_rate=D("0.2"))
    mentors = {"started": Counts(billable=5, refundable=2), "completed": Counts(billable=3, refundable=1)}
    payment = calculate(StatementInput(terms, mentors=mentors))
    assert payment.mentor_subtotal == D(2500)
    assert payment.total == D(3000)


def test_banded_total_with_and_without_vat():
    band = Band("A", 1, 10, D(1000), output_percentage=D(100), service_percentage=D(0))
    counts = {"started": Counts(billable=1)}

    def terms(vat_rate):
        return Terms(bands=(band,), monthly_service_fee=D(1000), uplift_fee=D(50), vat_rate=vat_rate)

    payment = calculate(StatementInput(terms(D("0.2")), banded=counts, uplift_billable=1))
    assert (payment.ect_output, payment.uplift_fees, payment.service_fee) == (200, 50, 1000)
    assert (payment.total_excluding_vat, payment.vat, payment.total) == (1250, 250, 1500)
    assert calculate(StatementInput(terms(D(0)), banded=counts, uplift_billable=1)).total == 1250


def test_2025_statement_pays_ects_in_bands_and_mentors_at_a_flat_rate():
    band = Band("A", 1, 100, D(500), output_percentage=D(50), service_percentage=D(50))
    terms = Terms(
        bands=(band,),
        monthly_service_fee=D(1000),
        uplift_fee=D(100),  # ignored: no uplift from 2025
        mentor_fee_per_participant=D(200),
        vat_rate=D("0.2"),
    )
    payment = calculate(
        StatementInput(
            terms,
            banded={"started": Counts(previous_billable=3, billable=11, refundable=3)},
            mentors={"started": Counts(billable=5, refundable=3)},
            uplift_billable=4,
            adjustments=[D(375)],
        )
    )
    rows = [
        payment.ect_output,
        payment.mentor_output,
        payment.service_fee,
        -payment.ect_clawbacks,
        -payment.mentor_clawbacks,
        payment.adjustments,
        payment.vat,
    ]
    assert [to_the_penny(amount) for amount in rows] == [D(550), D(500), D(1000), D(-150), D(-300), D(375), D(395)]
    assert payment.uplift_fees == 0
    assert to_the_penny(payment.total) == D("2370.00")
    unregistered = calculate(
        StatementInput(
            Terms(bands=(band,), monthly_service_fee=D(1000), mentor_fee_per_participant=D(200)),
            banded={"started": Counts(previous_billable=3, billable=11, refundable=3)},
            mentors={"started": Counts(billable=5, refundable=3)},
            adjustments=[D(375)],
        )
    )
    assert to_the_penny(unregistered.total) == D("1975.00")


def test_end_to_end_statement_total():
    terms = Terms(
        bands=DEFAULT_BANDS,
        recruitment_target=6000,
        set_up_fee=SET_UP_FEE,
        uplift_fee=D(100),
        vat_rate=D("0.2"),
    )
    payment = calculate(
        StatementInput(
            terms,
            banded={"started": Counts(previous_billable=1, billable=3, refundable=1), "retained-1": Counts(billable=1)},
            uplift_billable=2,
            adjustments=[D("799.99")],
        )
    )
    assert to_the_penny(payment.ect_output) == D("447.75")
    assert to_the_penny(payment.ect_clawbacks) == D("119.40")
    assert payment.uplift_fees == 200
    assert to_the_penny(payment.total_excluding_vat) == D("77271.41")
    assert to_the_penny(payment.vat) == D("15454.28")
    assert to_the_penny(payment.total) == D("92725.69")


def test_pence_rounds_halves_away_from_zero_and_never_shows_minus_zero():
    assert to_the_penny(D("0.005")) == D("0.01")
    assert to_the_penny(D("-0.005")) == D("-0.01")
    assert str(to_the_penny(D("-0.001"))) == "0.00"
