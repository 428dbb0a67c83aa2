"""The finance statement page and its declarations CSV for a provider with 200,000 declarations across 30
statements, against one GROUP BY query over the same declarations (aim: page at most 1.5x the GROUP BY, a fixed
number of queries). The page reads the claim group counts the database keeps (docs/finance.md "How the counts are
kept"); what keeping them adds to one declaration's INSERT and UPDATE is PostgreSQL's own trigger timing.

Run: .venv/bin/python bench/statement_page.py   (database `ecf_bench_finance`; data is generated once, then reused)
"""

import datetime as dt
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import bulk_ects, record_result, setup_django, timed  # noqa: E402

TARGET = 200_000
STATEMENTS = 30
TYPES = ["started", "retained-1", "retained-2", "retained-3", "retained-4", "completed"]
LEAD_PROVIDER = "Bench Finance Provider"
GROUP_BY = """
SELECT statement_id, declaration_type, course_identifier, payment_state, count(*)
  FROM declarations_declaration
 WHERE lead_provider_id = %s
 GROUP BY 1, 2, 3, 4
"""


# Bands wide enough that every declaration is placed, so the CSV lists them all.
BANDS = (
    ("A", 0, 20000, 995, 60),
    ("B", 20001, 40000, 979, 60),
    ("C", 40001, 60000, 966, 60),
    ("D", 60001, 90000, 966, 100),
)


def _contract(lead_provider, cohort):
    from decimal import Decimal

    from statements.models import CallOffContract, ContractBand

    contract, _ = CallOffContract.objects.get_or_create(
        lead_provider=lead_provider,
        cohort=cohort,
        version=1,
        defaults={"recruitment_target": 60000, "set_up_fee": Decimal(149651), "uplift_amount": Decimal(100)},
    )
    if [(b.band, b.min_participants, b.max_participants) for b in contract.bands.order_by("band")] != [
        row[:3] for row in BANDS
    ]:
        contract.bands.all().delete()
        for letter, low, high, price, output in BANDS:
            ContractBand.objects.create(
                contract=contract,
                band=letter,
                min_participants=low,
                max_participants=high,
                per_participant=Decimal(price),
                output_percentage=Decimal(output),
                service_percentage=Decimal(100 - output),
            )
    return contract


def ensure_data():
    from django.db import connection

    from declarations.models import Declaration
    from partnerships.models import Cohort, LeadProvider
    from partnerships.services import lead_provider_contract_ensure
    from statements.models import Statement

    lead_provider, _ = LeadProvider.objects.get_or_create(name=LEAD_PROVIDER)
    cohort = Cohort.objects.get(start_year=2024)
    lead_provider_contract_ensure(lead_provider=lead_provider, cohort=cohort)
    contract = _contract(lead_provider, cohort)
    statements = []
    for index in range(STATEMENTS):
        year, month = 2090 + index // 12, index % 12 + 1
        cut_off = dt.date(year, month, 1) - dt.timedelta(days=1)
        statement, _ = Statement.objects.get_or_create(
            lead_provider=lead_provider,
            cohort=cohort,
            year=year,
            month=month,
            defaults={"cut_off_date": cut_off, "payment_date": dt.date(year, month, 25), "contract": contract},
        )
        statements.append(statement)
    existing = Declaration.objects.filter(lead_provider=lead_provider).count()
    if existing >= TARGET:
        return lead_provider, statements, existing
    teachers = (TARGET - existing) // len(TYPES) + 1
    print(f"generating {teachers} participants and {teachers * len(TYPES)} declarations...", flush=True)
    periods = bulk_ects(lead_provider=lead_provider, year=2024, count=teachers)
    ids = [s.pk for s in statements]
    with connection.cursor() as cursor:
        # Each declaration lands on one of the 30 statements; every 13th started one was paid and is clawed
        # back on the statement after it; every 7th and 11th participant carries an uplift.
        cursor.execute(
            """
            INSERT INTO declarations_declaration (api_id, lead_provider_id, teacher_id, training_period_id,
                course_identifier, declaration_type, declaration_date, evidence_held, cohort_id,
                delivery_partner_id, pupil_premium_uplift, sparsity_uplift, payment_state, clawback_state,
                clawback_statement_id, ineligible_reason, statement_id, created_at, updated_at)
            SELECT gen_random_uuid(), %(lp)s, tp.teacher_id, tp.id, 'ecf-induction', kind.value,
                   '2024-10-01T10:00:00Z'::timestamptz + kind.ordinality * interval '1 day', 'other', %(cohort)s,
                   ldp.delivery_partner_id, tp.id %% 7 = 0, tp.id %% 11 = 0,
                   CASE WHEN clawed THEN 'paid' ELSE 'payable' END,
                   CASE WHEN clawed THEN 'awaiting_clawback' ELSE '' END,
                   CASE WHEN clawed THEN (%(ids)s::bigint[])[slot + 2] END,
                   '', (%(ids)s::bigint[])[slot + 1], now(), now()
            FROM participants_trainingperiod tp
            JOIN partnerships_partnership p ON p.id = tp.partnership_id
            JOIN partnerships_leadproviderdeliverypartnership ldp ON ldp.id = p.delivery_partnership_id
            CROSS JOIN unnest(%(types)s::text[]) WITH ORDINALITY AS kind(value, ordinality)
            CROSS JOIN LATERAL (SELECT ((tp.id + kind.ordinality) %% %(n)s)::int AS slot) s
            CROSS JOIN LATERAL (SELECT kind.value = 'started' AND tp.id %% 13 = 0 AND s.slot < %(n)s - 1
                                AS clawed) c
            WHERE tp.partnership_id = %(partnership)s
            """,
            {
                "lp": lead_provider.pk,
                "cohort": cohort.pk,
                "ids": ids,
                "types": TYPES,
                "n": STATEMENTS,
                "partnership": periods[0].partnership_id,
            },
        )
        cursor.execute("ANALYZE declarations_declaration")
    return lead_provider, statements, Declaration.objects.filter(lead_provider=lead_provider).count()


CSV_PROVIDER = "Bench Finance CSV Provider"
CSV_ROWS = 100_000


def ensure_big_statement():
    """One statement carrying 100,000 declarations, for the CSV's memory."""
    from django.db import connection

    from partnerships.models import Cohort, LeadProvider
    from partnerships.services import lead_provider_contract_ensure
    from statements.models import Statement

    lead_provider, _ = LeadProvider.objects.get_or_create(name=CSV_PROVIDER)
    cohort = Cohort.objects.get(start_year=2024)
    lead_provider_contract_ensure(lead_provider=lead_provider, cohort=cohort)
    statement, _ = Statement.objects.get_or_create(
        lead_provider=lead_provider,
        cohort=cohort,
        year=2095,
        month=1,
        defaults={
            "cut_off_date": dt.date(2094, 12, 31),
            "payment_date": dt.date(2095, 1, 25),
            "contract": _contract(lead_provider, cohort),
        },
    )
    if statement.declarations.count() >= CSV_ROWS:
        return statement
    teachers = CSV_ROWS // len(TYPES) + 1
    print(f"generating {teachers * len(TYPES)} declarations on one statement...", flush=True)
    periods = bulk_ects(lead_provider=lead_provider, year=2024, count=teachers)
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO declarations_declaration (api_id, lead_provider_id, teacher_id, training_period_id,
                course_identifier, declaration_type, declaration_date, evidence_held, cohort_id,
                delivery_partner_id, pupil_premium_uplift, sparsity_uplift, payment_state, clawback_state,
                ineligible_reason, statement_id, created_at, updated_at)
            SELECT gen_random_uuid(), %(lp)s, tp.teacher_id, tp.id, 'ecf-induction', kind.value,
                   '2024-10-01T10:00:00Z'::timestamptz + kind.ordinality * interval '1 day', 'other', %(cohort)s,
                   ldp.delivery_partner_id, false, false, 'payable', '', '', %(statement)s, now(), now()
            FROM participants_trainingperiod tp
            JOIN partnerships_partnership p ON p.id = tp.partnership_id
            JOIN partnerships_leadproviderdeliverypartnership ldp ON ldp.id = p.delivery_partnership_id
            CROSS JOIN unnest(%(types)s::text[]) WITH ORDINALITY AS kind(value, ordinality)
            WHERE tp.partnership_id = %(partnership)s
            """,
            {
                "lp": lead_provider.pk,
                "cohort": cohort.pk,
                "types": TYPES,
                "statement": statement.pk,
                "partnership": periods[0].partnership_id,
            },
        )
        cursor.execute("ANALYZE declarations_declaration")
    return statement


def keeping_cost(lead_provider, repeat: int = 21) -> dict:
    """Median milliseconds that keeping the counts (the declarations' counting triggers) adds to inserting one
    declaration and to voiding one (an UPDATE), from EXPLAIN ANALYZE, each in a transaction rolled back; and the
    statement's whole execution time, for scale."""
    import statistics

    from django.db import connection, transaction

    from declarations.models import Declaration

    columns = [f.column for f in Declaration._meta.concrete_fields if not f.primary_key]
    copied = {
        "api_id": "gen_random_uuid()",
        "payment_state": "'voided'",
        "clawback_state": "''",
        "clawback_statement_id": "NULL",
    }
    target = Declaration.objects.filter(lead_provider=lead_provider, payment_state="payable").order_by("pk")
    ids = list(target.values_list("pk", flat=True)[:repeat])
    insert = (
        f"INSERT INTO declarations_declaration ({', '.join(columns)}) "
        f"SELECT {', '.join(copied.get(c, c) for c in columns)} FROM declarations_declaration WHERE id = %s"
    )
    update = "UPDATE declarations_declaration SET payment_state = 'voided' WHERE id = %s"
    figures = {}
    for name, sql in (("insert", insert), ("update", update)):
        kept, total = [], []
        for pk in ids:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}", [pk])
                (plan,) = cursor.fetchone()[0]
                transaction.set_rollback(True)
            kept.append(sum(t["Time"] for t in plan["Triggers"] if t["Trigger Name"].startswith("declarations_count")))
            total.append(plan["Execution Time"])
        figures[f"{name}_counting_ms"] = statistics.median(kept)
        figures[f"{name}_total_ms"] = statistics.median(total)
    return figures


def main():
    setup_django("ecf_bench_finance")
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from statements import declarations_csv
    from statements.payments import statement_figures

    settings.ALLOWED_HOSTS = ["*"]
    lead_provider, statements, total = ensure_data()
    statement = statements[-1]
    on_statement = statement.declarations.count()
    # The page as the finance staff who open it see it (the finance group that migrations made; docs/security.md).
    user = get_user_model().objects.filter(username="bench-finance-officer").first()
    if user is None:
        user = get_user_model().objects.create_user("bench-finance-officer", "bench@example.com", "x", is_staff=True)
        user.groups.add(Group.objects.get(name="finance"))
    client = Client()
    client.force_login(user)
    url = f"/admin/statements/statement/{statement.pk}/change/"

    def group_by():
        with connection.cursor() as cursor:
            cursor.execute(GROUP_BY, [lead_provider.pk])
            return cursor.fetchall()

    def page():
        response = client.get(url)
        assert response.status_code == 200, response.status_code
        return response

    def figures():
        return statement_figures(statement=statement)

    group_by_median, _ = timed(group_by, repeat=7)
    figures_median, _ = timed(figures, repeat=7)
    page_median, _ = timed(page, repeat=7)
    with CaptureQueriesContext(connection) as queries:
        page()
    with CaptureQueriesContext(connection) as figure_queries:
        figures()

    def csv_bytes():
        return sum(len(chunk) for chunk in declarations_csv.stream(figures()))

    start = time.perf_counter()
    size = csv_bytes()
    csv_seconds = time.perf_counter() - start
    tracemalloc.start()
    csv_bytes()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rows = size and sum(1 for _ in declarations_csv.rows(figures()))
    keeping = keeping_cost(lead_provider)
    from declarations.models import ClaimGroupCount

    kept_rows = ClaimGroupCount.objects.filter(lead_provider_id=lead_provider.pk).count()
    big = ensure_big_statement()
    big_figures = statement_figures(statement=big)
    start = time.perf_counter()
    big_size = sum(len(chunk) for chunk in declarations_csv.stream(big_figures))
    big_seconds = time.perf_counter() - start
    tracemalloc.start()
    sum(len(chunk) for chunk in declarations_csv.stream(big_figures))
    _, big_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    big_rows = big_size and sum(1 for _ in declarations_csv.rows(big_figures))
    print(f"declarations of the provider: {total} across {len(statements)} statements ({on_statement} on the last)")
    print(f"one GROUP BY query over them: median {group_by_median * 1000:.1f} ms")
    print(
        f"statement figures (counts + calculation): median {figures_median * 1000:.1f} ms, "
        f"{len(figure_queries)} queries"
    )
    print(f"statement page (admin, as finance staff): median {page_median * 1000:.1f} ms, {len(queries)} queries")
    print(
        f"ratio page / GROUP BY: {page_median / group_by_median:.2f}x; figures / GROUP BY: "
        f"{figures_median / group_by_median:.2f}x (aim: page at most 1.5x)"
    )
    print(
        f"kept counts: {kept_rows} rows for the provider's {total} declarations; keeping them adds "
        f"{keeping['insert_counting_ms']:.3f} ms to a declaration's INSERT "
        f"({keeping['insert_total_ms']:.3f} ms in all) "
        f"and {keeping['update_counting_ms']:.3f} ms to a void's UPDATE ({keeping['update_total_ms']:.3f} ms in all)"
    )
    print(
        f"CSV of a statement with {big.declarations.count()} declarations: {big_rows} rows, "
        f"{big_size / 1e6:.1f} MB in {big_seconds:.2f} s, peak Python memory {big_peak / 1e6:.1f} MB"
    )
    print(
        f"CSV of the last statement: {rows} rows, {size / 1e6:.1f} MB in {csv_seconds:.2f} s, "
        f"peak Python memory {peak / 1e6:.1f} MB"
    )
    record_result(
        "statement_page",
        {
            "page_ms": page_median * 1000,
            "group_by_ms": group_by_median * 1000,
            "ratio": page_median / group_by_median,
            "page_queries": len(queries),
            "kept_rows": kept_rows,
            **keeping,
        },
    )


if __name__ == "__main__":
    main()
