"""Statement rules written in SQL and in Python agree over generated data: the state a statement's dates put it
in (Python for the calendar's unsaved statements, SQL for the daily job), and the `type` that `filter[type]`
matches."""

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from statements import rules
from statements.filters import StatementFilterSet
from statements.models import Statement
from tests.declarations.factories import StatementFactory

WITH_DB = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
DAYS = st.dates(min_value=dt.date(2021, 1, 1), max_value=dt.date(2030, 12, 31))


@WITH_DB
@given(cut_off=DAYS, gap=st.integers(0, 120), today=DAYS)
def test_statement_state_on_a_day_in_sql_and_in_python_agree(lead_provider, cut_off, gap, today):
    rows = Statement.objects.filter(pk=StatementFactory(lead_provider=lead_provider).pk)
    rows.update(cut_off_date=cut_off, payment_date=cut_off + dt.timedelta(days=gap))
    loaded = rows.annotate(sql_state=rules.state_on_expression(today)).get()
    assert loaded.sql_state == rules.state_on(loaded.payment_date, loaded.cut_off_date, today)


def test_statement_state_on_the_edges(lead_provider):
    cut_off, payment = dt.date(2025, 4, 30), dt.date(2025, 5, 25)
    assert [rules.state_on(payment, cut_off, day) for day in (cut_off, cut_off + dt.timedelta(1))] == [
        "open",
        "payable",
    ]
    assert [rules.state_on(payment, cut_off, day) for day in (payment, payment + dt.timedelta(1))] == [
        "payable",
        "paid",
    ]


@WITH_DB
@given(value=st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=12))
def test_filter_type_matches_what_the_api_renders(lead_provider, value):
    StatementFactory(lead_provider=lead_provider)
    statements = Statement.objects.filter(lead_provider=lead_provider)
    found = StatementFilterSet({"type": value}, queryset=statements).qs
    rendered = statements.annotate(shown=rules.statement_type_expression()).values_list("shown", flat=True)
    expected = [s for s, shown in zip(statements, rendered, strict=True) if value.strip().lower() in ("", shown)]
    assert list(found) == expected
