"""POST /api/v3/participant-declarations against the cheapest authenticated read (GET /api/v3/statements/{id}), in
one run against one production server set-up (gunicorn with config/gunicorn.conf.py, production settings, pinned
to 2 CPUs), driven by the same compiled load generator (wrk, bench/wrk/api.lua): the POSTs name distinct fundable
participants, with every REPLAY_EVERY-th one an exact replay of an earlier body; both are warmed first (the POST on
participants of its own). Prints, for each, throughput and p50/p95/p99 latency, and the ratios POST/read (aim:
throughput ≥ 0.7×, p95 ≤ 2× the read's, 0 errors, 0 duplicate rows). Then, in process (Django test client, same
database): queries per new POST, replay and 422, and milliseconds per new POST.

Run: .venv/bin/python bench/declarations_post.py   (database `ecf_bench_money`; fresh participants each run)
Environment: BENCH_SECONDS (15), BENCH_CONNECTIONS (16), BENCH_WORKERS (2), BENCH_THREADS (8, as production),
BENCH_WORKER_CLASS (gthread; or sync), BENCH_RUNS (1: read and POST alternate, each run on fresh participants).
"""

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (  # noqa: E402
    ROOT,
    api_tokens,
    bulk_ects,
    open_statement,
    production_server,
    record_result,
    setup_django,
)

SECONDS = int(os.environ.get("BENCH_SECONDS", "15"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
THREADS = int(os.environ.get("BENCH_THREADS", "8"))
WORKER_CLASS = os.environ.get("BENCH_WORKER_CLASS", "gthread")
RUNS = int(os.environ.get("BENCH_RUNS", "1"))
WRK_THREADS = 2
REPLAY_EVERY = 10  # one POST in ten repeats an earlier body exactly
# Bodies for more POSTs than the run can send at 1000/s, so every POST but the replays names a new participant.
BODIES = SECONDS * 1000
# Both endpoints are warmed before anything is measured: every worker connected, and each process has built its
# queries and met the data once (a cold first run measured the first seconds of each process, not the service).
WARM_UP_SECONDS = 5
WARM_UP_BODIES = WARM_UP_SECONDS * 1000
IN_PROCESS = 200
URL = "/api/v3/participant-declarations"


def body(participant_id: str) -> dict:
    attributes = {
        "participant_id": participant_id,
        "declaration_type": "started",
        "declaration_date": "2025-10-01T10:00:00Z",
        "course_identifier": "ecf-induction",
    }
    return {"data": {"type": "participant-declaration", "attributes": attributes}}


def wrk(base: str, path: str, token: str, *extra: str, seconds: int = SECONDS) -> dict:
    wrk_bin = subprocess.check_output([str(ROOT / "scripts" / "wrk.sh")], text=True).strip()
    command = [wrk_bin, f"-t{WRK_THREADS}", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency", "--timeout", "10s"]
    command += ["-s", str(ROOT / "bench" / "wrk" / "api.lua"), base, "--", path, token, *extra]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    line = next(line for line in output.splitlines() if line.startswith("WRK_RESULT "))
    result = json.loads(line.removeprefix("WRK_RESULT "))
    result["per_second"] = result["requests"] / result["seconds"]
    result["errors"] = result["socket_errors"] + sum(n for s, n in result["statuses"].items() if s != "200")
    return result


def in_process(lead_provider, token: str, participant_ids: list[str]) -> dict:
    """Queries per kind of POST and milliseconds per new POST, through Django's test client (no HTTP server)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")

    def post(payload):
        return client.post(URL, json.dumps(payload), content_type="application/json")

    def counted(payload, status):
        with CaptureQueriesContext(connection) as queries:
            response = post(payload)
        assert response.status_code == status, response.content[:300]
        return len(queries)

    post(body(participant_ids[0]))  # warm-up: stamps the token's last use, opens the rate-limit bucket
    new = counted(body(participant_ids[1]), 200)
    replay = counted(body(participant_ids[1]), 200)
    future = body(participant_ids[2])
    future["data"]["attributes"]["declaration_date"] = "2099-10-01T10:00:00Z"
    refused = counted(future, 422)
    times = []
    for participant_id in participant_ids[3 : 3 + IN_PROCESS]:
        started = time.perf_counter()
        response = post(body(participant_id))
        times.append(time.perf_counter() - started)
        assert response.status_code == 200
    return {
        "queries_new": new,
        "queries_replay": replay,
        "queries_422": refused,
        "ms_per_post": 1000 * statistics.median(times),
    }


def duplicates(lead_provider) -> int:
    """Rows beyond one per participant and event (replays must not add any)."""
    from django.db.models import Count

    from declarations.models import Declaration

    groups = (
        Declaration.objects.filter(lead_provider=lead_provider)
        .values("teacher_id", "course_identifier", "declaration_type")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
    )
    return sum(group["n"] - 1 for group in groups)


def main():
    setup_django("ecf_bench_money")
    from django.db import connection

    from partnerships.models import Cohort, LeadProvider
    from partnerships.services import lead_provider_contract_ensure

    lead_provider, _ = LeadProvider.objects.get_or_create(name="Bench Post Provider")
    lead_provider_contract_ensure(lead_provider=lead_provider, cohort=Cohort.objects.get(start_year=2025))
    statement = open_statement(lead_provider=lead_provider, year=2025)
    (token,) = api_tokens(lead_provider, 1)
    count = RUNS * BODIES + WARM_UP_BODIES + IN_PROCESS + 3
    print(f"generating {count} fundable participants...", flush=True)
    periods = bulk_ects(lead_provider=lead_provider, year=2025, count=count)
    participant_ids = [str(period.teacher.api_id) for period in periods]
    before = duplicates(lead_provider)
    figures = in_process(lead_provider, token, participant_ids[: IN_PROCESS + 3])
    connection.close()
    participant_ids = participant_ids[IN_PROCESS + 3 :]

    results = []
    # One token sends everything, so the rate limit (1000 requests per 5 minutes) is lifted for the run.
    server = {
        "workers": WORKERS,
        "threads": THREADS,
        "worker_class": WORKER_CLASS,
        "env": {"API_RATE_LIMIT": "100000000"},
    }
    with tempfile.TemporaryDirectory() as scratch, production_server(**server) as base:
        wrk(base, f"/api/v3/statements/{statement.api_id}", token)  # warm-up: every worker connected and loaded
        warm_up = Path(scratch) / "bodies-warm-up.jsonl"
        warm_up.write_text("".join(json.dumps(body(pid)) + "\n" for pid in participant_ids[-WARM_UP_BODIES:]))
        wrk(base, URL, token, str(warm_up), str(WRK_THREADS), str(REPLAY_EVERY), seconds=WARM_UP_SECONDS)
        for run in range(RUNS):
            bodies = Path(scratch) / f"bodies-{run}.jsonl"
            chunk = participant_ids[run * BODIES : (run + 1) * BODIES]
            bodies.write_text("".join(json.dumps(body(pid)) + "\n" for pid in chunk))
            read = wrk(base, f"/api/v3/statements/{statement.api_id}", token)
            post = wrk(base, URL, token, str(bodies), str(WRK_THREADS), str(REPLAY_EVERY))
            results.append((read, post))
    duplicated = duplicates(lead_provider) - before
    print(
        f"gunicorn {WORKERS} {WORKER_CLASS} workers × {THREADS} threads on 2 CPUs; wrk {WRK_THREADS} threads, "
        f"{CONNECTIONS} connections, {SECONDS} s each; one POST in {REPLAY_EVERY} an exact replay"
    )
    for run, (read, post) in enumerate(results, 1):
        for name, r in (("GET statement", read), ("POST declaration", post)):
            print(
                f"run {run} {name:17} {r['per_second']:7.1f}/s  p50 {r['p50_ms']:6.1f} ms  p95 {r['p95_ms']:6.1f} ms"
                f"  p99 {r['p99_ms']:6.1f} ms  statuses {r['statuses']}  errors {r['errors']}"
            )
        if post["exhausted"]:
            print(f"run {run}: {post['exhausted']} POSTs found no fresh participant (raise BODIES)")
        print(
            f"run {run} POST/read: throughput {post['per_second'] / read['per_second']:.2f}× (aim ≥ 0.7), "
            f"p95 {post['p95_ms'] / read['p95_ms']:.2f}× (aim ≤ 2)"
        )
    print(f"duplicate declarations: {duplicated}")
    print(
        f"in process: {figures['queries_new']} queries per new POST, {figures['queries_replay']} per replay, "
        f"{figures['queries_422']} per 422; {figures['ms_per_post']:.1f} ms per new POST"
    )
    read, post = results[-1]
    record_result(
        "declarations_post",
        {
            "read_per_s": read["per_second"],
            "read_p50_ms": read["p50_ms"],
            "read_p95_ms": read["p95_ms"],
            "read_p99_ms": read["p99_ms"],
            "post_per_s": post["per_second"],
            "post_p50_ms": post["p50_ms"],
            "post_p95_ms": post["p95_ms"],
            "post_p99_ms": post["p99_ms"],
            "throughput_ratio": post["per_second"] / read["per_second"],
            "p95_ratio": post["p95_ms"] / read["p95_ms"],
            "errors": read["errors"] + post["errors"] + post["exhausted"],
            "duplicates": duplicated,
            **figures,
        },
    )


if __name__ == "__main__":
    main()
