"""The statements app's rules and messages (docs/finance.md): which state a statement's dates put it in, the type
lead providers see, and why finance cannot do something to a statement."""

import datetime as dt

from django.db.models import Case, Q, TextField, Value, When

from .models import StatementState

NOT_OPEN = "Only an open statement can become payable."
NOT_PAYABLE = "Only a payable statement can be authorised for payment."
BEFORE_CUT_OFF = "A statement can be authorised for payment only after its cut-off date."
NO_CONTRACT = "This statement has no contract, so what it pays is unknown."
NOTHING_TO_PAY = "This statement has nothing to pay."
COUNTS_DISAGREE = (
    "This statement's declaration counts do not match its declarations, so it cannot be paid. Ask the service's "
    "developers to check the counts the database keeps."
)
# The confirm page's checkbox, left unticked (docs/finance.md, "Authorising payment").
AUTHORISE_NOT_CONFIRMED = "Tick the box to confirm you have checked the figures and the statement can be paid"
ADJUSTMENT_NOT_ALLOWED = "Adjustments can be made only on an output statement that is not paid."

# A statement's calendar facts and what ties its claims to it (docs/statements.md, "The calendar"; docs/security.md
# §2): the admin refuses each change with these messages before the database would.
CALENDAR_FIELDS = ("year", "month", "cut_off_date", "payment_date")
OWNER_FIELDS = ("lead_provider", "cohort", "output_fee")
CALENDAR_FIXED = (
    "This statement carries declarations or is no longer open, so its dates cannot change: they come from the calendar."
)
CARRIES_CLAIMS = "This statement carries declarations, so its lead provider, cohort and output fee cannot change."

# Every statement this service keeps is an ECF one: the API's `type`, and what `filter[type]` matches.
STATEMENT_TYPE = "ecf"


def statement_type_expression() -> Value:
    """The `type` lead providers see, in SQL; `filter[type]` filters on this same expression."""
    return Value(STATEMENT_TYPE, output_field=TextField())


def state_on(payment_date: dt.date, cut_off_date: dt.date, today: dt.date) -> str:
    """The state a statement's dates put it in on `today`: open up to its cut-off date, payable after it, paid
    after its payment date. Python form of `state_on_expression`, for statements not yet saved (tests/statements/
    test_rule_agreement.py keeps the two in step)."""
    if payment_date < today:
        return StatementState.PAID
    if cut_off_date < today:
        return StatementState.PAYABLE
    return StatementState.OPEN


def state_on_expression(today: dt.date) -> Case:
    """`state_on` in SQL, over a statement's own dates."""
    return Case(
        When(Q(payment_date__lt=today), then=Value(StatementState.PAID)),
        When(Q(cut_off_date__lt=today), then=Value(StatementState.PAYABLE)),
        default=Value(StatementState.OPEN),
        output_field=TextField(),
    )
