"""Benchmark: GET /api/v3/participants?page[per_page]=3000 against the equivalent single json_agg query.

One command (from the project root): `.venv/bin/python bench/participants_page.py`
It uses its own database (`ecf_bench` on the managed PostgreSQL, or BENCH_DATABASE_URL), fills it once with
PARTICIPANTS (default 50,000) confirmed ECTs of one lead provider, starts the production server set-up (gunicorn,
config.settings.production) on 127.0.0.1, and prints median timings of:
  A. the HTTP endpoint (auth, rate limit, filters, rendering, network on loopback);
  B. the single json_agg query the endpoint runs, sent straight to PostgreSQL;
  C. for reference, a plain nested DRF serializer building the same page in Python.
"""

import json
import os
import secrets
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PARTICIPANTS = int(os.environ.get("PARTICIPANTS", "50000"))
RUNS = int(os.environ.get("RUNS", "7"))
PER_PAGE = 3000


def database_url() -> str:
    if os.environ.get("BENCH_DATABASE_URL"):
        return os.environ["BENCH_DATABASE_URL"]
    env = {**os.environ, "PGDATABASE_NAME": "ecf_bench"}
    return subprocess.run(
        [str(ROOT / "scripts/pg.sh")], env=env, check=True, capture_output=True, text=True
    ).stdout.strip()


os.environ["DATABASE_URL"] = database_url()
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
import django  # noqa: E402

django.setup()
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from partnerships.models import LeadProvider  # noqa: E402

LEAD_PROVIDER = "Benchmark Lead Provider"

FILL_SQL = """
WITH lp AS (INSERT INTO partnerships_leadprovider (api_id, name, created_at, updated_at)
            VALUES (gen_random_uuid(), %(lp)s, now(), now()) RETURNING id),
     contract AS (INSERT INTO partnerships_leadprovidercontract (lead_provider_id, cohort_id, created_at)
                  SELECT lp.id, c.id, now() FROM lp, partnerships_cohort c WHERE c.start_year = 2025 RETURNING id),
     dp AS (INSERT INTO partnerships_deliverypartner (api_id, name, created_at, updated_at, api_updated_at)
            VALUES (gen_random_uuid(), 'Benchmark Delivery Partner', now(), now(), now()) RETURNING id),
     pairing AS (INSERT INTO partnerships_leadproviderdeliverypartnership
                     (contract_id, delivery_partner_id, created_at)
                 SELECT contract.id, dp.id, now() FROM contract, dp
                 RETURNING id)
SELECT 1;
INSERT INTO schools_school (api_id, urn, name, gias_status, establishment_type_code, establishment_type_name,
    administrative_district_code, administrative_district_name, section_41_approved, induction_tutor_name,
    induction_tutor_email, created_at, updated_at, api_updated_at)
SELECT gen_random_uuid(), (500000 + n)::text, 'Bench School ' || n, 'open', 1, 'Community school', 'E09000001', '',
       false, 'Tutor ' || n, 'tutor' || n || '@example.com', now(), now(), now()
FROM generate_series(1, %(schools)s) n;
INSERT INTO partnerships_partnership
    (api_id, school_id, delivery_partnership_id, created_at, updated_at, api_updated_at)
SELECT gen_random_uuid(), s.id, (SELECT d.id FROM partnerships_leadproviderdeliverypartnership d
    JOIN partnerships_leadprovidercontract c ON c.id = d.contract_id
    JOIN partnerships_leadprovider l ON l.id = c.lead_provider_id WHERE l.name = %(lp)s), now(), now(), now()
FROM schools_school s WHERE s.urn::int > 500000;
INSERT INTO participants_teacher (api_id, api_ect_training_record_id, api_mentor_training_record_id, trn,
    trs_first_name, trs_last_name, corrected_name, trn_validated, induction_end_date, mentor_funding_end_date,
    mentor_ineligible_for_funding_reason, ect_cohort_changed_after_payments_frozen,
    mentor_cohort_changed_after_payments_frozen, ect_first_became_eligible_for_funding_at,
    created_at, updated_at, api_updated_at, api_unfunded_mentor_updated_at, trs_induction_status, trs_not_found)
SELECT gen_random_uuid(), gen_random_uuid(), gen_random_uuid(), (1000000 + n)::text, 'First' || n, 'Last' || n, '',
       true, NULL, NULL, '', false, false, now(), now() + n * interval '1 millisecond', now(), now(), now(), '', false
FROM generate_series(1, %(teachers)s) n;
INSERT INTO participants_ectatschoolperiod
    (teacher_id, school_id, started_on, finished_on, email, working_pattern, created_at)
SELECT t.id, s.id, date '2025-09-01', NULL, 'ect' || t.trn || '@example.com', 'full_time', now()
FROM participants_teacher t
JOIN schools_school s ON s.urn = (500001 + (t.trn::int - 1000001) %% %(schools)s)::text
WHERE t.trn::int > 1000000;
INSERT INTO participants_trainingperiod (teacher_id, role, school_id, ect_at_school_period_id, training_programme,
    partnership_id, expression_of_interest_id, schedule_id, started_on, finished_on, withdrawn_at, withdrawal_reason,
    deferred_at, deferral_reason, created_at, updated_at)
SELECT e.teacher_id, 'ect', e.school_id, e.id, 'provider_led', p.id, d.contract_id,
       (SELECT sc.id FROM partnerships_schedule sc JOIN partnerships_cohort c ON c.id = sc.cohort_id
        WHERE c.start_year = 2025 AND sc.identifier = 'ecf-standard-september'),
       date '2025-09-01', NULL, NULL, '', NULL, '', now(), now()
FROM participants_ectatschoolperiod e
JOIN partnerships_partnership p ON p.school_id = e.school_id
JOIN partnerships_leadproviderdeliverypartnership d ON d.id = p.delivery_partnership_id;
"""


def fill() -> LeadProvider:
    from bench.common import script_cursor

    call_command("migrate", verbosity=0)
    existing = LeadProvider.objects.filter(name=LEAD_PROVIDER).first()
    if existing:
        return existing
    print(f"Generating {PARTICIPANTS} participants (once)...", flush=True)
    started = time.perf_counter()
    with script_cursor() as cursor:
        cursor.execute(FILL_SQL, {"lp": LEAD_PROVIDER, "schools": 1000, "teachers": PARTICIPANTS})
        cursor.execute("ANALYZE")
    print(f"  generated in {time.perf_counter() - started:.1f} s", flush=True)
    return LeadProvider.objects.get(name=LEAD_PROVIDER)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(port: int) -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "API_RATE_LIMIT": "1000000",
        "LOG_LEVEL": "WARNING",
        # The repository's production configuration (config/gunicorn.conf.py), on loopback with 2 workers.
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "2",
        "GUNICORN_TIMEOUT": "120",
    }
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "-c", str(ROOT / "config/gunicorn.conf.py")],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise RuntimeError("gunicorn did not start")


def timed(function, runs: int = RUNS) -> tuple[float, object]:
    function()  # warm-up
    samples, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = function()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples), result


def main() -> None:
    from participants.api.resources import ParticipantResource
    from participants.selectors import participants_for
    from partnerships.services import api_token_create

    lead_provider = fill()
    _, token = api_token_create(lead_provider=lead_provider, description="benchmark")
    port = free_port()
    server = start_server(port)
    url = f"http://127.0.0.1:{port}/api/v3/participants?page%5Bper_page%5D={PER_PAGE}"
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})

    def http_get():
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.read()

    try:
        http_seconds, body = timed(http_get)
    finally:
        server.terminate()
        server.wait(timeout=10)
    count = len(json.loads(body)["data"])

    context = {"lead_provider": lead_provider, "client": lead_provider, "filters": {}}
    page = participants_for(lead_provider=lead_provider).order_by("created_at", "pk")[:PER_PAGE]
    sql, params = ParticipantResource._sql(page, context)

    def raw_query():
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COALESCE(json_agg(_page._doc), '[]')::text FROM ({sql}) _page", params)
            return cursor.fetchone()[0]

    sql_seconds, _ = timed(raw_query)

    from bench.nested_drf import nested_drf_page

    drf_seconds, drf_count = timed(lambda: len(nested_drf_page(lead_provider, PER_PAGE)), runs=3)

    print(f"participants in database: {participants_for(lead_provider=lead_provider).count()}, page size: {count}")
    print(
        f"A  GET /api/v3/participants?page[per_page]={PER_PAGE} (gunicorn, production settings): {http_seconds:.3f} s"
    )
    print(f"B  the same json_agg query straight to PostgreSQL:                       {sql_seconds:.3f} s")
    print(f"C  plain nested DRF serializer, same page ({drf_count} records):              {drf_seconds:.3f} s")
    print(f"ratio A/B = {http_seconds / sql_seconds:.2f}x (goal <= 3x); C/A = {drf_seconds / http_seconds:.1f}x")
    from bench.common import record_result

    record_result(
        "participants_page",
        {"api_ms": http_seconds * 1000, "sql_ms": sql_seconds * 1000, "ratio": http_seconds / sql_seconds},
    )


if __name__ == "__main__":
    main()
