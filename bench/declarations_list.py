"""GET /api/v3/participant-declarations?page[per_page]=3000&filter[updated_since]=... on the production server
set-up against the hand-written json_agg query that builds the same page (≥ 200,000 declarations; aim ≤ 3×).

Run: .venv/bin/python bench/declarations_list.py   (database `ecf_bench_money`; data is generated once, then reused)
"""

import datetime as dt
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (  # noqa: E402
    api_tokens,
    bulk_ects,
    http,
    open_statement,
    production_server,
    record_result,
    setup_django,
    timed,
)

TARGET = 200_000
TYPES = ["started", "retained-1", "retained-2", "retained-3", "retained-4", "completed"]
LEAD_PROVIDER = "Bench List Provider"

HAND_WRITTEN = """
SELECT coalesce(json_agg(page.doc), '[]')::text FROM (
  SELECT json_build_object(
    'id', d.api_id::text, 'type', 'participant-declaration',
    'attributes', json_build_object(
      'participant_id', t.api_id, 'declaration_type', d.declaration_type,
      'declaration_date', to_char(d.declaration_date AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
      'course_identifier', d.course_identifier,
      'state', CASE WHEN d.clawback_state <> '' THEN replace(d.clawback_state, '_', '-')
                    WHEN d.payment_state = 'no_payment' THEN 'submitted' ELSE d.payment_state END,
      'updated_at', to_char(d.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
      'created_at', to_char(d.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
      'delivery_partner_id', dp.api_id,
      'statement_id', CASE WHEN d.payment_state IN ('eligible', 'payable', 'paid') THEN s.api_id::text END,
      'clawback_statement_id', cs.api_id, 'ineligible_for_funding_reason', nullif(d.ineligible_reason, ''),
      'mentor_id', m.api_id,
      'uplift_paid', (d.course_identifier = 'ecf-induction' AND d.declaration_type = 'started'
                      AND d.payment_state = 'paid' AND (d.pupil_premium_uplift OR d.sparsity_uplift)),
      'evidence_held', nullif(d.evidence_held, ''), 'has_passed', NULL::boolean, 'lead_provider_name', lp.name)
  ) AS doc
  FROM declarations_declaration d
  JOIN participants_teacher t ON t.id = d.teacher_id
  JOIN partnerships_leadprovider lp ON lp.id = d.lead_provider_id
  LEFT JOIN partnerships_deliverypartner dp ON dp.id = d.delivery_partner_id
  LEFT JOIN statements_statement s ON s.id = d.statement_id
  LEFT JOIN statements_statement cs ON cs.id = d.clawback_statement_id
  LEFT JOIN participants_teacher m ON m.id = d.mentor_id
  WHERE d.lead_provider_id = %s AND d.updated_at >= %s
  ORDER BY d.created_at, d.id
  LIMIT 3000
) page
"""


def ensure_data():
    from django.db import connection

    from declarations.models import Declaration
    from partnerships.models import Cohort, LeadProvider
    from partnerships.services import lead_provider_contract_ensure

    lead_provider, _ = LeadProvider.objects.get_or_create(name=LEAD_PROVIDER)
    lead_provider_contract_ensure(lead_provider=lead_provider, cohort=Cohort.objects.get(start_year=2025))
    existing = Declaration.objects.filter(lead_provider=lead_provider).count()
    if existing >= TARGET:
        return lead_provider, existing
    statement = open_statement(lead_provider=lead_provider, year=2025)
    teachers = (TARGET - existing) // len(TYPES) + 1
    print(f"generating {teachers} participants and {teachers * len(TYPES)} declarations...", flush=True)
    periods = bulk_ects(lead_provider=lead_provider, year=2025, count=teachers)
    partnership_id = periods[0].partnership_id
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO declarations_declaration (api_id, lead_provider_id, teacher_id, training_period_id,
                course_identifier, declaration_type, declaration_date, evidence_held, cohort_id,
                delivery_partner_id, pupil_premium_uplift, sparsity_uplift, payment_state, clawback_state,
                ineligible_reason, statement_id, created_at, updated_at)
            SELECT gen_random_uuid(), %s, tp.teacher_id, tp.id, 'ecf-induction', kind.value,
                   '2025-10-01T10:00:00Z'::timestamptz + kind.ordinality * interval '1 day', 'other', s.cohort_id,
                   ldp.delivery_partner_id, tp.id %% 7 = 0, tp.id %% 11 = 0, 'eligible', '', '', s.id,
                   now() - interval '60 days' + (tp.id %% 86400) * interval '1 minute',
                   now() - (tp.id %% 5000) * interval '10 minutes'
            FROM participants_trainingperiod tp
            JOIN partnerships_partnership p ON p.id = tp.partnership_id
            JOIN partnerships_leadproviderdeliverypartnership ldp ON ldp.id = p.delivery_partnership_id
            CROSS JOIN statements_statement s
            CROSS JOIN unnest(%s::text[]) WITH ORDINALITY AS kind(value, ordinality)
            WHERE tp.partnership_id = %s AND s.id = %s
            """,
            [lead_provider.pk, TYPES, partnership_id, statement.pk],
        )
        cursor.execute("ANALYZE declarations_declaration")
    return lead_provider, Declaration.objects.filter(lead_provider=lead_provider).count()


def main():
    setup_django("ecf_bench_money")
    from django.db import connection

    lead_provider, total = ensure_data()
    since = (dt.datetime.now(dt.UTC) - dt.timedelta(days=20)).strftime("%Y-%m-%dT%H:%M:%SZ")
    (token,) = api_tokens(lead_provider, 1)

    def sql():
        with connection.cursor() as cursor:
            cursor.execute(HAND_WRITTEN, [lead_provider.pk, since])
            return cursor.fetchone()[0]

    sql_median, _ = timed(sql, repeat=7)
    rows_sql = len(json.loads(sql()))
    connection.close()
    url = f"/api/v3/participant-declarations?page[per_page]=3000&filter[updated_since]={since}"
    with production_server(workers=2) as base:

        def api():
            status, content = http("GET", base + url, token)
            assert status == 200, content[:300]
            return content

        api_median, _ = timed(api, repeat=7)
        rows_api = len(json.loads(api())["data"])
    print(f"declarations in database: {total}")
    print(f"rows per page: api={rows_api} sql={rows_sql}")
    print(f"hand-written json_agg query: median {sql_median * 1000:.1f} ms")
    print(f"GET over HTTP (gunicorn, production settings): median {api_median * 1000:.1f} ms")
    print(f"ratio: {api_median / sql_median:.2f}x (aim <= 3x)")
    record_result(
        "declarations_list",
        {"api_ms": api_median * 1000, "sql_ms": sql_median * 1000, "ratio": api_median / sql_median},
    )


if __name__ == "__main__":
    main()
