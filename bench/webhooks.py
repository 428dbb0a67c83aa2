"""Change notifications end to end (docs/webhooks.md): 1,000 changes, through the lead provider API (declaration
POSTs to a production gunicorn) and the school services (ECT email changes, in process), each announced to a local
receiver by one worker of the job queue (`manage.py worker`). Prints p50 and p95 from commit to delivery (the
delivery row is written in the change's transaction, so its `created_at` is at or before the commit; aim p95 ≤ 5 s),
whether every event was delivered, and how many were received twice by a receiver that always answered 2xx (aim 0).

Then the cost of the outbox on the declaration POST benchmark (bench/declarations_post.py's wrk load): POST
throughput with the outbox trigger switched off, against with it on and the provider subscribed (a delivery row and a
job per POST), alternating, on fresh participants each run (aim: at most 10% fewer POSTs per second).

Run: .venv/bin/python bench/webhooks.py   (database `ecf_bench_webhooks`)
Environment: BENCH_SECONDS (10, per wrk run), BENCH_RUNS (2 pairs), BENCH_CONNECTIONS (16).
"""

import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (  # noqa: E402
    PYTHON,
    ROOT,
    api_tokens,
    bulk_ects,
    database_url,
    http,
    open_statement,
    production_server,
    record_result,
    setup_django,
)

os.environ.setdefault("BENCH_SECONDS", "10")
from bench.declarations_post import BODIES, WRK_THREADS, body, wrk  # noqa: E402

API_CHANGES, SCHOOL_CHANGES = 700, 300
CLIENTS = 4
RUNS = int(os.environ.get("BENCH_RUNS", "2"))
RECEIVER = r"""
import json, sys, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

port, log = int(sys.argv[1]), sys.argv[2]
out = open(log, "a", buffering=1)

class Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        out.write(json.dumps({"id": self.headers["webhook-id"], "at": time.time()}) + "\n")
        self.send_response(204)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass

ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()
"""
TRIGGER = "ALTER TABLE declarations_declaration {} TRIGGER declaration_announce_insert"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def end_to_end(lead_provider, token: str, periods, scratch: Path) -> dict:
    from django.db import connection

    from participants.services import ect_change_email
    from webhooks.models import CHANGE_EVENTS, DeliveryState, WebhookDelivery
    from webhooks.services import endpoint_create

    log, port = scratch / "received.jsonl", 8799
    receiver = subprocess.Popen([PYTHON, "-c", RECEIVER, str(port), str(log)])
    endpoint, _ = endpoint_create(
        lead_provider=lead_provider, url=f"http://127.0.0.1:{port}/hooks", events=CHANGE_EVENTS
    )
    worker_env = {**os.environ, "DATABASE_URL": database_url("ecf_bench_webhooks"), "WORKER_LOG_LEVEL": "WARNING"}
    # Deliveries only: a periodic job that falls due during the run (the hourly TRS refresh of every bench teacher)
    # would take the CPU the measurement is about, and hold the worker's shutdown.
    worker = subprocess.Popen(
        [PYTHON, "manage.py", "worker", "--name", "bench", "--queues", "webhooks"], cwd=ROOT, env=worker_env
    )
    api_periods, school_periods = periods[:API_CHANGES], periods[API_CHANGES : API_CHANGES + SCHOOL_CHANGES]
    run = uuid.uuid4().hex[:8]
    statuses: list[int] = []
    server = {"workers": 2, "threads": 8, "worker_class": "gthread", "env": {"API_RATE_LIMIT": "100000000"}}
    try:
        with production_server(**server) as base:
            started = time.time()

            def post(chunk):
                for period in chunk:
                    status, _ = http(
                        "POST", f"{base}/api/v3/participant-declarations", token, body(str(period.teacher.api_id))
                    )
                    statuses.append(status)

            threads = [threading.Thread(target=post, args=(api_periods[i::CLIENTS],)) for i in range(CLIENTS)]
            for thread in threads:
                thread.start()
            for number, period in enumerate(school_periods):
                ect_change_email(
                    ect_at_school_period=period.ect_at_school_period,
                    email=f"changed.{run}.{number}@school.example",  # the database keeps earlier runs' ECTs
                    author_type="school_user",
                    author_name="bench",
                )
            for thread in threads:
                thread.join()
            changes_seconds = time.time() - started
            deliveries = WebhookDelivery.objects.filter(endpoint=endpoint)
            deadline = time.time() + 180
            while deliveries.filter(state=DeliveryState.PENDING).exists() and time.time() < deadline:
                time.sleep(0.2)
            drained_seconds = time.time() - started
    finally:
        for process, grace in ((worker, 30), (receiver, 10)):  # both stop, whatever either does
            process.terminate()
            try:
                process.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
    receipts: dict[str, list[float]] = {}
    for line in log.read_text().splitlines():
        entry = json.loads(line)
        receipts.setdefault(entry["id"], []).append(entry["at"])
    rows = list(deliveries.values_list("message_id", "created_at", "state"))
    latencies = [min(receipts[str(m)]) - created.timestamp() for m, created, _ in rows if str(m) in receipts]
    connection.close()
    return {
        "changes": len(api_periods) + len(school_periods),
        "api_changes_ok": statuses.count(200),
        "events": len(rows),
        "delivered": sum(1 for _, _, state in rows if state == DeliveryState.DELIVERED),
        "received": len(receipts),
        "not_received": sum(1 for m, _, _ in rows if str(m) not in receipts),
        "received_twice": sum(1 for times in receipts.values() if len(times) > 1),
        "p50_s": statistics.median(latencies),
        "p95_s": percentile(latencies, 0.95),
        "max_s": max(latencies),
        "changes_seconds": changes_seconds,
        "drained_seconds": drained_seconds,
    }


def post_cost(lead_provider, token: str, participant_ids: list[str], scratch: Path) -> dict:
    from django.db import connection

    from webhooks.models import EventType
    from webhooks.services import endpoint_create

    endpoint_create(lead_provider=lead_provider, url="http://127.0.0.1:9/hooks", events=[EventType.DECLARATION_UPDATED])
    runs = []
    server = {"workers": 2, "threads": 8, "worker_class": "gthread", "env": {"API_RATE_LIMIT": "100000000"}}
    chunks = iter(participant_ids[i : i + BODIES] for i in range(0, len(participant_ids), BODIES))

    def post_run(name: str) -> dict:
        bodies = scratch / f"bodies-{name}.jsonl"
        bodies.write_text("".join(json.dumps(body(pid)) + "\n" for pid in next(chunks)))
        return wrk(base, "/api/v3/participant-declarations", token, str(bodies), str(WRK_THREADS), "10")

    with production_server(**server) as base:
        post_run("warm-up")  # every worker connected, its statements prepared, the tables in memory
        # One server throughout; the trigger is switched between runs, in the order off, on, on, off... so that
        # any drift over the runs weighs on both sides alike.
        try:
            for run in range(RUNS):
                for hooked in (False, True) if run % 2 == 0 else (True, False):
                    with connection.cursor() as cursor:
                        cursor.execute(TRIGGER.format("ENABLE" if hooked else "DISABLE"))
                    result = post_run(f"{run}-{hooked}")
                    runs.append((hooked, result))
                    print(
                        f"run {run + 1} outbox {'on ' if hooked else 'off'}: {result['per_second']:.1f} POST/s  "
                        f"p95 {result['p95_ms']:.1f} ms  errors {result['errors']}",
                        flush=True,
                    )
        finally:  # never left off: a later run would write no declaration events and not notice
            with connection.cursor() as cursor:
                cursor.execute(TRIGGER.format("ENABLE"))
    off = statistics.mean(r["per_second"] for hooked, r in runs if not hooked)
    on = statistics.mean(r["per_second"] for hooked, r in runs if hooked)
    return {
        "post_per_s_without_outbox": off,
        "post_per_s_with_outbox": on,
        "post_cost": 1 - on / off,
        "post_errors": sum(r["errors"] for _, r in runs),
    }


def main():
    setup_django("ecf_bench_webhooks")
    from django.db import connection

    from partnerships.models import Cohort, LeadProvider
    from partnerships.services import lead_provider_contract_ensure

    lead_provider, _ = LeadProvider.objects.get_or_create(name="Bench Webhook Provider")
    lead_provider_contract_ensure(lead_provider=lead_provider, cohort=Cohort.objects.get(start_year=2025))
    open_statement(lead_provider=lead_provider, year=2025)
    (token,) = api_tokens(lead_provider, 1)
    with connection.cursor() as cursor:  # a fresh queue and log for this run, the outbox trigger on
        cursor.execute("DELETE FROM webhooks_webhookdelivery; DELETE FROM webhooks_webhookendpoint")
        cursor.execute(TRIGGER.format("ENABLE"))
        cursor.execute("TRUNCATE procrastinate_jobs, procrastinate_events RESTART IDENTITY CASCADE")
    count = API_CHANGES + SCHOOL_CHANGES + (2 * RUNS + 1) * BODIES
    print(f"generating {count} fundable participants...", flush=True)
    periods = bulk_ects(lead_provider=lead_provider, year=2025, count=count)
    with tempfile.TemporaryDirectory() as scratch:
        figures = end_to_end(lead_provider, token, periods, Path(scratch))
        print(
            f"{figures['changes']} changes ({API_CHANGES} declaration POSTs answered 200: {figures['api_changes_ok']}; "
            f"{SCHOOL_CHANGES} ECT email changes by school services) in {figures['changes_seconds']:.1f} s -> "
            f"{figures['events']} events; all delivered after {figures['drained_seconds']:.1f} s"
        )
        print(
            f"commit to delivery: p50 {figures['p50_s'] * 1000:.0f} ms, p95 {figures['p95_s'] * 1000:.0f} ms, "
            f"max {figures['max_s'] * 1000:.0f} ms (aim p95 ≤ 5 s)"
        )
        print(
            f"delivered {figures['delivered']}/{figures['events']}, received {figures['received']}, not received "
            f"{figures['not_received']} (aim 0), received twice {figures['received_twice']} (aim 0)"
        )
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM webhooks_webhookdelivery; DELETE FROM webhooks_webhookendpoint")
        used = API_CHANGES + SCHOOL_CHANGES
        cost = post_cost(lead_provider, token, [str(p.teacher.api_id) for p in periods[used:]], Path(scratch))
        print(
            f"declaration POST: {cost['post_per_s_without_outbox']:.1f}/s without the outbox, "
            f"{cost['post_per_s_with_outbox']:.1f}/s with it (subscribed): cost {cost['post_cost'] * 100:.1f}% "
            f"(aim ≤ 10%), errors {cost['post_errors']}"
        )
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM webhooks_webhookdelivery; DELETE FROM webhooks_webhookendpoint")
        cursor.execute("TRUNCATE procrastinate_jobs, procrastinate_events RESTART IDENTITY CASCADE")
    record_result("webhooks", {**figures, **cost})


if __name__ == "__main__":
    main()
