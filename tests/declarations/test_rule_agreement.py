"""The declaration state lead providers see is written twice, in SQL (the API renders it) and in Python (for one
loaded declaration); they agree for every combination of states the database allows."""

import itertools

from django.db import IntegrityError, transaction

from declarations.models import ClawbackState, Declaration, PaymentState, api_state_expression
from tests.declarations.factories import StatementFactory, declare, ect

ON_STATEMENT = {PaymentState.ELIGIBLE, PaymentState.PAYABLE, PaymentState.PAID}


def test_api_state_in_sql_and_in_python_agree(lead_provider):
    statement = StatementFactory(lead_provider=lead_provider)
    rows = Declaration.objects.filter(pk=declare(lead_provider, ect(lead_provider)).pk)
    seen = {}
    # Paid last: the database lets a paid declaration change only its clawback.
    payment_states = sorted(PaymentState.values, key=lambda state: state == PaymentState.PAID)
    for payment_state, clawback_state in itertools.product(payment_states, ClawbackState.values):
        fields = {
            "payment_state": payment_state,
            "clawback_state": clawback_state,
            "statement": statement if payment_state in ON_STATEMENT else None,
            "clawback_statement": statement if clawback_state else None,
        }
        try:
            with transaction.atomic():
                rows.update(**fields)
        except IntegrityError:
            continue  # a combination the database refuses never reaches either form
        loaded = rows.annotate(sql_state=api_state_expression()).get()
        assert loaded.sql_state == loaded.api_state
        seen[(payment_state, clawback_state)] = loaded.api_state
    # Every payment state alone, and a paid declaration awaiting or clawed back.
    assert len(seen) == len(PaymentState.values) + 2
    assert set(seen.values()) == {
        "submitted",
        "eligible",
        "payable",
        "paid",
        "voided",
        "ineligible",
        "awaiting-clawback",
        "clawed-back",
    }
