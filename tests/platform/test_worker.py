"""The job queue with real worker processes on 127.0.0.1 (README "Running in production"; docs/webhooks.md,
"Delivery"): a periodic job runs once per period however many workers are up, and webhook delivery survives a worker
killed with SIGKILL in the middle of a delivery and a receiver killed during a burst: afterwards every committed change
has been delivered at least once, and nothing rolled back was ever sent.

One fixture (`processes`) starts and stops every process; each test polls with a deadline, never a fixed sleep. About
40 seconds in all."""

import json
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import transaction

from participants.models import Teacher
from statements.models import StatementState
from tests.declarations.factories import StatementFactory, ect
from tests.platform.conftest import wait_until
from tests.platform.test_chaos import _database_url, _free_port
from webhooks.models import DeliveryState, EventType, WebhookDelivery
from webhooks.services import endpoint_create

ROOT = Path(__file__).resolve().parents[2]

RECEIVER = r"""
import json, sys, time
from http.server import BaseHTTPRequestHandler, HTTPServer

port, log, delay = int(sys.argv[1]), sys.argv[2], float(sys.argv[3])

class Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        with open(log, "a") as out:
            out.write(json.dumps({"id": self.headers["webhook-id"], "body": body.decode()}) + "\n")
        time.sleep(delay)
        self.send_response(204)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass

HTTPServer.allow_reuse_address = True
HTTPServer(("127.0.0.1", port), Handler).serve_forever()
"""


class Processes:
    """Workers and receivers started for one test, against the test database; all are killed when it ends."""

    def __init__(self, tmp_path: Path):
        self.tmp_path = tmp_path
        self.running: list[subprocess.Popen] = []
        self.env = {
            **os.environ,
            "DATABASE_URL": _database_url(),
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "WORKER_HEARTBEAT_SECONDS": "0.5",
            "WORKER_STALLED_SECONDS": "2",
            "WORKER_STALLED_SWEEP_CRON": "* * * * * *",
            "WEBHOOK_RETRY_FIRST_SECONDS": "1",
            "WEBHOOK_RETRY_MAX_SECONDS": "2",
            "WORKER_CONCURRENCY": "4",
            "WORKER_LOG_LEVEL": "INFO",
        }

    def worker(self, name: str, **env) -> subprocess.Popen:
        log = open(self.tmp_path / f"{name}.log", "w")  # noqa: SIM115 - kept open for the process's life
        process = subprocess.Popen(
            [sys.executable, "manage.py", "worker", "--name", name],
            cwd=ROOT,
            env={**self.env, **env},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self.running.append(process)
        return process

    def receiver(self, port: int, log: Path, delay: float) -> subprocess.Popen:
        process = subprocess.Popen([sys.executable, "-c", RECEIVER, str(port), str(log), str(delay)])
        self.running.append(process)
        return process

    def log(self, name: str) -> str:
        return (self.tmp_path / f"{name}.log").read_text()

    def stop(self):
        for process in self.running:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.running:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@pytest.fixture
def processes(transactional_db, tmp_path, pinned_now):
    started = Processes(tmp_path)
    yield started
    started.stop()


def test_a_periodic_job_runs_once_per_period_however_many_workers_are_up(processes, lead_provider):
    """Two workers, the daily close made to run every second: each second's run is started by one worker only, and a
    statement past its cut-off closes once."""
    statement = StatementFactory(lead_provider=lead_provider)
    type(statement).objects.filter(pk=statement.pk).update(cut_off_date=statement.cut_off_date.replace(year=2020))
    every_second = {"CLOSE_STATEMENTS_CRON": "* * * * * *"}
    processes.worker("one", **every_second)
    processes.worker("two", **every_second)

    def runs() -> list[str]:
        lines = (processes.log("one") + processes.log("two")).splitlines()
        return [line.split("(timestamp=")[1].split(")")[0] for line in lines if "Starting job statements.close" in line]

    wait_until(lambda: len(set(runs())) >= 4, seconds=30, what="four seconds' runs of the daily close")
    seen = runs()
    assert len(seen) == len(set(seen)), seen  # no second was run twice
    statement.refresh_from_db()
    assert statement.state == StatementState.PAYABLE
    from config.models import Event

    assert Event.objects.filter(event_type="statement_payable", subject_id=statement.pk).count() == 1


def _received(log: Path) -> list[str]:
    if not log.exists():
        return []
    return [json.loads(line)["id"] for line in log.read_text().splitlines() if line.endswith("}")]


def test_every_committed_change_is_delivered_through_a_killed_worker_and_a_killed_receiver(
    processes, lead_provider, tmp_path
):
    port, log = _free_port(), tmp_path / "received.jsonl"
    endpoint_create(
        lead_provider=lead_provider, url=f"http://127.0.0.1:{port}/hooks", events=[EventType.PARTICIPANT_UPDATED]
    )
    teachers = [ect(lead_provider).teacher for _ in range(8)]
    WebhookDelivery.objects.all().delete()
    rolled_back: list[str] = []

    def change(number: int, *, commit: bool = True) -> None:
        teacher = teachers[number % len(teachers)]
        if commit:
            Teacher.objects.filter(pk=teacher.pk).touch_api_timestamps("api_updated_at")
            return
        try:
            with transaction.atomic():
                before = set(WebhookDelivery.objects.values_list("message_id", flat=True))
                Teacher.objects.filter(pk=teacher.pk).touch_api_timestamps("api_updated_at")
                after = set(WebhookDelivery.objects.values_list("message_id", flat=True))
                rolled_back.extend(str(message_id) for message_id in after - before)
                raise RuntimeError("rolled back")
        except RuntimeError:
            pass

    receiver = processes.receiver(port, log, delay=0.3)
    first = processes.worker("first")
    for number in range(24):
        change(number, commit=number % 8 != 7)
    # Kill the worker while it is in the middle of deliveries (the receiver takes 0.3 s to answer each).
    wait_until(lambda: len(_received(log)) >= 4, seconds=30, what="the first deliveries")
    first.send_signal(signal.SIGKILL)
    first.wait()
    in_flight = WebhookDelivery.objects.filter(state=DeliveryState.PENDING).count()
    assert in_flight > 0
    for number in range(24, 40):
        change(number, commit=number % 8 != 7)
    processes.worker("second")
    # Kill the receiver during the burst: deliveries fail and are tried again later.
    wait_until(lambda: len(_received(log)) >= 12, seconds=60, what="deliveries by the second worker")
    receiver.send_signal(signal.SIGKILL)
    receiver.wait()
    for number in range(40, 56):
        change(number, commit=number % 8 != 7)
    wait_until(
        lambda: WebhookDelivery.objects.exclude(last_error="").exists(),
        seconds=30,
        what="a delivery failing while the receiver is down",
    )
    processes.receiver(port, log, delay=0.0)

    committed = {str(m) for m in WebhookDelivery.objects.values_list("message_id", flat=True)}
    assert len(committed) == 56 - 7 and len(rolled_back) == 7
    wait_until(lambda: committed <= set(_received(log)), seconds=90, what="every committed change delivered")
    received = _received(log)
    assert set(received) & set(rolled_back) == set()
    # The deliveries the killed worker was making were taken back by the sweep for stalled jobs, and sent again.
    assert re.search(r"config\.retry_stalled_jobs.*Result: [1-9]", processes.log("second")), processes.log("second")
    assert set(received) <= committed
    wait_until(
        lambda: not WebhookDelivery.objects.exclude(state=DeliveryState.DELIVERED).exists(),
        seconds=30,
        what="every delivery recorded as delivered",
    )
