"""A lead provider's full sync: paging through all its 50,000 participants and 200,000 declarations at 3000 a page
with `filter[updated_since]`, one request after another over HTTP (gunicorn with config/gunicorn.conf.py, production
settings), against the same pages' SQL sent straight to PostgreSQL. The page queries are the ones the API itself
sends (captured in process with Django's test client), so the ratio is the cost of everything around them.

Run: .venv/bin/python bench/full_sync.py   (database `ecf_bench_sync`; data is generated once, then reused)
"""

import datetime as dt
import json
import sys
import time
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (  # noqa: E402
    api_tokens,
    bulk_ects,
    http,
    open_statement,
    production_server,
    record_result,
    setup_django,
)

PARTICIPANTS = 50_000
TYPES = ["started", "retained-1", "retained-2", "retained-3"]  # 4 × 50,000 = 200,000 declarations
PER_PAGE = 3000
LEAD_PROVIDER = "Bench Sync Provider"


def ensure_data():
    from django.db import connection

    from declarations.models import Declaration
    from participants.selectors import participants_for
    from partnerships.models import Cohort, LeadProvider
    from partnerships.services import lead_provider_contract_ensure

    lead_provider, _ = LeadProvider.objects.get_or_create(name=LEAD_PROVIDER)
    if Declaration.objects.filter(lead_provider=lead_provider).count() >= PARTICIPANTS * len(TYPES):
        return lead_provider
    lead_provider_contract_ensure(lead_provider=lead_provider, cohort=Cohort.objects.get(start_year=2025))
    statement = open_statement(lead_provider=lead_provider, year=2025)
    missing = PARTICIPANTS - participants_for(lead_provider=lead_provider).count()
    print(f"generating {missing} participants and their {len(TYPES)} declarations each (once)...", flush=True)
    started = time.perf_counter()
    bulk_ects(lead_provider=lead_provider, year=2025, count=missing)
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO declarations_declaration (api_id, lead_provider_id, teacher_id, training_period_id,
                course_identifier, declaration_type, declaration_date, evidence_held, cohort_id,
                delivery_partner_id, pupil_premium_uplift, sparsity_uplift, payment_state, clawback_state,
                ineligible_reason, statement_id, created_at, updated_at)
            SELECT gen_random_uuid(), %s, tp.teacher_id, tp.id, 'ecf-induction', kind.value,
                   '2025-10-01T10:00:00Z'::timestamptz + kind.ordinality * interval '1 day', 'other', s.cohort_id,
                   ldp.delivery_partner_id, false, false, 'eligible', '', '', s.id, now(), now()
            FROM participants_trainingperiod tp
            JOIN partnerships_partnership p ON p.id = tp.partnership_id
            JOIN partnerships_leadproviderdeliverypartnership ldp ON ldp.id = p.delivery_partnership_id
            JOIN partnerships_leadprovidercontract c ON c.id = ldp.contract_id
            CROSS JOIN statements_statement s
            CROSS JOIN unnest(%s::text[]) WITH ORDINALITY AS kind(value, ordinality)
            WHERE c.lead_provider_id = %s AND s.id = %s
            ON CONFLICT DO NOTHING
            """,
            [lead_provider.pk, TYPES, lead_provider.pk, statement.pk],
        )
        cursor.execute("ANALYZE")
    print(f"  generated in {time.perf_counter() - started:.1f} s", flush=True)
    return lead_provider


def page_urls(since: str) -> list[tuple[str, str]]:
    """Every page of both lists (what a full sync requests)."""
    from declarations.models import Declaration
    from participants.selectors import participants_for
    from partnerships.models import LeadProvider

    lead_provider = LeadProvider.objects.get(name=LEAD_PROVIDER)
    counts = {
        "participants": participants_for(lead_provider=lead_provider).count(),
        "participant-declarations": Declaration.objects.filter(lead_provider=lead_provider).count(),
    }
    urls = []
    for kind, count in counts.items():
        for page in range(1, -(-count // PER_PAGE) + 1):
            urls.append(
                (
                    kind,
                    f"/api/v3/{kind}?page[per_page]={PER_PAGE}&page[page]={page}&filter[updated_since]={quote(since)}",
                )
            )
    return urls


def page_queries(token: str, urls) -> list[tuple[str, int]]:
    """The SQL of each page's document query (the largest query the request sends), from the API in process."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    pages = []
    for _, url in urls:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, response.content[:300]
        sql = max((q["sql"] for q in queries.captured_queries), key=len)
        pages.append((sql, len(json.loads(response.content)["data"])))
    return pages


def main():
    setup_django("ecf_bench_sync")
    from django.db import connection

    ensure_data()
    from partnerships.models import LeadProvider

    lead_provider = LeadProvider.objects.get(name=LEAD_PROVIDER)
    (token,) = api_tokens(lead_provider, 1)
    since = (dt.datetime.now(dt.UTC) - dt.timedelta(days=3650)).strftime("%Y-%m-%dT%H:%M:%SZ")
    urls = page_urls(since)
    pages = page_queries(token, urls)

    def sql_pass() -> float:
        started = time.perf_counter()
        with connection.cursor() as cursor:
            for sql, _ in pages:
                cursor.execute(sql)
                cursor.fetchall()
        return time.perf_counter() - started

    sql_pass()  # warm-up (the same cache state as the HTTP pass finds)
    sql_seconds = sql_pass()
    connection.close()
    rows = {"participants": 0, "participant-declarations": 0}
    with production_server(workers=2, threads=4, env={"API_RATE_LIMIT": "100000000"}) as base:
        http("GET", base + urls[0][1], token)  # warm-up
        http_seconds = 0.0  # the requests only, not the counting of what they returned
        for kind, url in urls:
            started = time.perf_counter()
            status, content = http("GET", base + url, token)
            http_seconds += time.perf_counter() - started
            assert status == 200, content[:300]
            rows[kind] += len(json.loads(content)["data"])
    print(
        f"full sync of {rows['participants']} participants and {rows['participant-declarations']} declarations, "
        f"{len(urls)} pages of {PER_PAGE} with filter[updated_since]"
    )
    print(f"HTTP (gunicorn, production settings, one request at a time): {http_seconds:.2f} s")
    print(f"the same pages' SQL straight to PostgreSQL:                  {sql_seconds:.2f} s")
    print(f"ratio {http_seconds / sql_seconds:.2f}x")
    record_result(
        "full_sync",
        {
            "participants": rows["participants"],
            "declarations": rows["participant-declarations"],
            "pages": len(urls),
            "http_seconds": http_seconds,
            "sql_seconds": sql_seconds,
            "ratio": http_seconds / sql_seconds,
        },
    )


if __name__ == "__main__":
    main()
