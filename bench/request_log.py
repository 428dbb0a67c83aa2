"""The API request log's cost on the declaration POST benchmark (docs/support.md, "API request log"): the same wrk
load as bench/declarations_post.py (distinct fundable participants, one POST in ten an exact replay) against one
production gunicorn (production settings, 2 workers × 8 threads, pinned to 2 CPUs) with API_REQUEST_LOG off, then
on, alternating off/on, on/off… on fresh participants each run so that drift weighs on both sides alike. Prints POST
throughput and p95 with and without the log (aim: at most 5% fewer POSTs per second), then, in process (Django test
client, log off and on POST by POST), milliseconds per new POST and the log's statements per POST.

Run: .venv/bin/python bench/request_log.py   (database `ecf_bench_request_log`)
Environment: BENCH_SECONDS (10, per wrk run), BENCH_RUNS (2 pairs), BENCH_CONNECTIONS (16).
"""

import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("BENCH_SECONDS", "10")  # per wrk run, here and in bench/declarations_post.wrk

from bench.common import (  # noqa: E402
    api_tokens,
    bulk_ects,
    open_statement,
    production_server,
    record_result,
    setup_django,
)
from bench.declarations_post import URL, WRK_THREADS, body, wrk  # noqa: E402

SECONDS = int(os.environ["BENCH_SECONDS"])
RUNS = int(os.environ.get("BENCH_RUNS", "2"))
BODIES = SECONDS * 1000  # more than a run can send, so every POST but the replays names a new participant
IN_PROCESS = 200


def in_process(token: str, participant_ids: list[str]) -> dict:
    """Milliseconds per new POST with the log off and on, interleaved POST by POST so that drift weighs on both, and
    the log's statements per POST (the POST's own statements go through psycopg directly and are pinned by
    tests/declarations/test_create_cost.py)."""
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    insert = "INSERT INTO config_apirequest ("
    times, statements = {False: [], True: []}, {False: 0, True: 0}
    for n, participant_id in enumerate(participant_ids):
        logged = n % 2 == 1
        with override_settings(API_REQUEST_LOG=logged), CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.post(URL, json.dumps(body(participant_id)), content_type="application/json")
            times[logged].append(time.perf_counter() - started)
        assert response.status_code == 200, response.content[:300]
        statements[logged] += sum(q["sql"].startswith(insert) for q in queries.captured_queries)
    half = len(participant_ids) // 2
    return {
        "ms_without_log": 1000 * statistics.median(times[False]),
        "ms_with_log": 1000 * statistics.median(times[True]),
        "log_statements_per_post": statements[True] / half,
        "log_statements_without_log": statements[False],
    }


def main():
    setup_django("ecf_bench_request_log")
    from django.db import connection

    from partnerships.models import Cohort, LeadProvider
    from partnerships.services import lead_provider_contract_ensure

    lead_provider, _ = LeadProvider.objects.get_or_create(name="Bench Request Log Provider")
    lead_provider_contract_ensure(lead_provider=lead_provider, cohort=Cohort.objects.get(start_year=2025))
    statement = open_statement(lead_provider=lead_provider, year=2025)
    (token,) = api_tokens(lead_provider, 1)
    count = 2 * RUNS * BODIES + 2 * IN_PROCESS + 2
    print(f"generating {count} fundable participants...", flush=True)
    ids = [str(period.teacher.api_id) for period in bulk_ects(lead_provider=lead_provider, year=2025, count=count)]
    # Warm-up (the token's last use, the rate-limit bucket), then POSTs with the log off and on in turn.
    in_process(token, ids[:2])
    figures_in = in_process(token, ids[2 : 2 + 2 * IN_PROCESS])
    ids = ids[2 + 2 * IN_PROCESS :]
    connection.close()

    chunks = iter(ids[i : i + BODIES] for i in range(0, len(ids), BODIES))
    runs = []
    server = {"workers": 2, "threads": 8, "worker_class": "gthread", "env": {"API_RATE_LIMIT": "100000000"}}
    with tempfile.TemporaryDirectory() as scratch:
        for run in range(RUNS):
            for logged in (False, True) if run % 2 == 0 else (True, False):
                bodies = Path(scratch) / f"bodies-{run}-{logged}.jsonl"
                bodies.write_text("".join(json.dumps(body(pid)) + "\n" for pid in next(chunks)))
                env = {**server["env"], "API_REQUEST_LOG": "true" if logged else "false"}
                with production_server(**{**server, "env": env}) as base:
                    wrk(base, f"/api/v3/statements/{statement.api_id}", token)  # every worker connected and warm
                    result = wrk(base, URL, token, str(bodies), str(WRK_THREADS), "10")
                runs.append((logged, result))
                print(
                    f"run {run + 1} request log {'on ' if logged else 'off'}: {result['per_second']:.1f} POST/s  "
                    f"p50 {result['p50_ms']:.1f} ms  p95 {result['p95_ms']:.1f} ms  errors {result['errors']}",
                    flush=True,
                )
    off = statistics.mean(r["per_second"] for logged, r in runs if not logged)
    on = statistics.mean(r["per_second"] for logged, r in runs if logged)
    figures = {
        "post_per_s_without_log": off,
        "post_per_s_with_log": on,
        "post_p95_ms_without_log": statistics.mean(r["p95_ms"] for logged, r in runs if not logged),
        "post_p95_ms_with_log": statistics.mean(r["p95_ms"] for logged, r in runs if logged),
        "cost": 1 - on / off,
        "errors": sum(r["errors"] for _, r in runs),
        **figures_in,
    }
    print(
        f"declaration POST: {off:.1f}/s without the request log, {on:.1f}/s with it: cost {figures['cost'] * 100:.1f}% "
        f"(aim ≤ 5%), errors {figures['errors']}"
    )
    print(
        f"in process (log off and on in turn): {figures_in['ms_without_log']:.2f} ms per new POST without the log, "
        f"{figures_in['ms_with_log']:.2f} ms with it; {figures_in['log_statements_per_post']:.0f} log statement per "
        f"POST ({figures_in['log_statements_without_log']} with it off)"
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM config_apirequest")
        print(f"request log rows: {cursor.fetchone()[0]}")
    record_result("request_log", figures)


if __name__ == "__main__":
    main()
