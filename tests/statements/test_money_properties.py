"""Property: any sequence of declares, voids and statement payments keeps the books straight.

Per statement: each declaration is billed at most once and clawed back at most once, no event is billed twice,
and what a paid statement paid and clawed back (and the amount it stored) never changes afterwards.
"""

import datetime as dt

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from config import clock
from config.errors import DomainValidationError
from declarations import services as declaration_services
from declarations.models import BILLABLE, ClawbackState, Declaration, PaymentState
from declarations.services import payments as payment_run
from statements.models import Statement, StatementState
from tests.declarations.factories import StatementFactory, close, ect
from tests.factories import LeadProviderFactory

TYPES = ["started", "retained-1", "retained-2"]
DATES = {"started": "2024-10-01T10:00:00Z", "retained-1": "2025-02-01T10:00:00Z", "retained-2": "2025-05-01T10:00:00Z"}

operations = st.lists(
    st.one_of(
        st.tuples(st.just("declare"), st.integers(0, 2), st.sampled_from(TYPES), st.booleans()),
        st.tuples(st.just("void"), st.integers(0, 20)),
        st.tuples(st.just("pay")),
    ),
    min_size=1,
    max_size=25,
)


class _Rollback(Exception):
    pass


def _snapshot(statement: Statement) -> tuple:
    billed = sorted(statement.declarations.values_list("pk", "payment_state"))
    clawed = sorted(statement.clawbacks.values_list("pk", "clawback_state"))
    return billed, clawed, Statement.objects.get(pk=statement.pk).paid_amount


def _run(ops) -> None:
    lead_provider = LeadProviderFactory()
    periods = [ect(lead_provider, fundable=index != 2) for index in range(3)]
    StatementFactory(lead_provider=lead_provider, cut_off_date=clock.today() + dt.timedelta(days=10))
    paid_snapshots: dict[int, tuple] = {}
    created: list[Declaration] = []
    for op in ops:
        if op[0] == "declare":
            _, who, declaration_type, vary = op
            try:
                recorded = declaration_services.declaration_record(
                    lead_provider=lead_provider,
                    participant_id=str(periods[who].teacher.api_id),
                    course_identifier="ecf-induction",
                    declaration_type=declaration_type,
                    declaration_date=DATES[declaration_type].replace("10:00", "11:00" if vary else "10:00"),
                    evidence_held=None if declaration_type == "started" else "other",
                )
                created.append(Declaration.objects.get(pk=recorded.pk))
            except DomainValidationError:
                pass
        elif op[0] == "void" and created:
            try:
                declaration_services.declaration_void(declaration=created[op[1] % len(created)])
            except DomainValidationError:
                pass
        elif op[0] == "pay":
            statement = Statement.objects.filter(lead_provider=lead_provider, state=StatementState.OPEN).first()
            latest = Statement.objects.filter(lead_provider=lead_provider).order_by("-cut_off_date").first()
            StatementFactory(lead_provider=lead_provider, cut_off_date=latest.cut_off_date + dt.timedelta(days=30))
            close(statement)
            payment_run.statement_authorise_payment(statement=statement, author_name="Finance")
            paid_snapshots[statement.pk] = _snapshot(statement)

    for statement_pk, snapshot in paid_snapshots.items():
        assert _snapshot(Statement.objects.get(pk=statement_pk)) == snapshot
    declarations = Declaration.objects.filter(lead_provider=lead_provider)
    # No event is billable twice.
    live = list(declarations.filter(BILLABLE).values_list("teacher_id", "declaration_type"))
    assert len(live) == len(set(live))
    for declaration in declarations:
        billed = declaration.payment_state in (PaymentState.ELIGIBLE, PaymentState.PAYABLE, PaymentState.PAID)
        assert billed == (declaration.statement_id is not None) or declaration.payment_state in (
            PaymentState.VOIDED,
            PaymentState.INELIGIBLE,
        )
        if declaration.clawback_state != ClawbackState.NONE:
            assert declaration.payment_state == PaymentState.PAID
            assert declaration.clawback_statement_id != declaration.statement_id
            if declaration.clawback_state == ClawbackState.CLAWED_BACK:
                assert declaration.clawback_statement.state == StatementState.PAID
        if declaration.payment_state == PaymentState.PAID:
            assert declaration.statement.state == StatementState.PAID
        if declaration.payment_state == PaymentState.NO_PAYMENT:
            assert declaration.teacher_id == periods[2].teacher_id


@pytest.mark.django_db
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=operations)
def test_random_declares_voids_and_payments_keep_statements_consistent(ops):
    try:
        with transaction.atomic():
            _run(ops)
            raise _Rollback
    except _Rollback:
        pass
