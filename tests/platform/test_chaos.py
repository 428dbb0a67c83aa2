"""Chaos on loopback (docs/security.md §4): a gunicorn worker is killed during concurrent declaration POSTs and every
database connection is cut (what a PostgreSQL restart does to the servers); afterwards every declaration answered
200 is stored once, no request answered 500, and the money invariants' SQL checks find nothing.

Bounded: about 30 seconds, one gunicorn with the repository's configuration on 127.0.0.1.
"""

import http.client
import json
import os
import secrets
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection

from declarations.models import Declaration
from partnerships.services import api_token_create
from tests.declarations.factories import StatementFactory, ect
from tests.declarations.helpers import attrs, body
from tests.platform.conftest import wait_until

ROOT = Path(__file__).resolve().parents[2]

# Each query lists rows that break an invariant; all must come back empty.
INVARIANT_CHECKS = {
    "one billable claim per participant, course and milestone": """
        SELECT teacher_id, course_identifier, declaration_type FROM declarations_declaration
         WHERE payment_state IN ('no_payment', 'eligible', 'payable', 'paid') AND clawback_state = ''
         GROUP BY 1, 2, 3 HAVING count(*) > 1""",
    "claims only on their own provider's and cohort's output statements": """
        SELECT d.id FROM declarations_declaration d JOIN statements_statement s ON s.id = d.statement_id
         WHERE NOT s.output_fee OR s.lead_provider_id <> d.lead_provider_id OR s.cohort_id <> d.cohort_id""",
    "a claim's state matches its statement": """
        SELECT id FROM declarations_declaration
         WHERE (payment_state IN ('eligible', 'payable', 'paid')) <> (statement_id IS NOT NULL)
           AND payment_state NOT IN ('voided', 'ineligible')""",
}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _database_url() -> str:
    settings = connection.settings_dict
    host = quote(settings["HOST"] or "", safe="")
    return f"postgresql://{settings['USER']}@{host}/{settings['NAME']}"


def _post(base: str, token: str, payload: dict) -> tuple[int, dict | None]:
    request = urllib.request.Request(
        f"{base}/api/v3/participant-declarations",
        data=json.dumps(payload).encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, None
    except (OSError, http.client.HTTPException):
        return 0, None  # the connection died with its worker (before or during the answer): the client would retry


def _until_answered(futures: list, count: int, seconds: float = 60) -> None:
    """Blocks until `count` of the requests have their answer (woken by each one that completes: no sleeping)."""
    deadline = time.monotonic() + seconds
    pending = set(futures)
    while len(futures) - len(pending) < count:
        done, pending = wait(pending, timeout=max(0.0, deadline - time.monotonic()), return_when=FIRST_COMPLETED)
        assert done, f"fewer than {count} of {len(futures)} requests answered in {seconds} s"


def _workers(master: int) -> list[int]:
    out = subprocess.run(["pgrep", "-P", str(master)], capture_output=True, text=True).stdout
    return [int(pid) for pid in out.split()]


@pytest.mark.django_db(transaction=True)
def test_killed_workers_and_cut_connections_lose_or_double_nothing(reference_data, lead_provider):
    StatementFactory(lead_provider=lead_provider)
    periods = [ect(lead_provider) for _ in range(24)]
    _, token = api_token_create(lead_provider=lead_provider)
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "API_RATE_LIMIT": "1000000",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "2",
        "GUNICORN_THREADS": "4",
        "GUNICORN_ACCESS_LOG": "",
        "GUNICORN_LOG_LEVEL": "warning",
        "LOG_LEVEL": "CRITICAL",
    }
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "-c", str(ROOT / "config/gunicorn.conf.py")],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until(lambda: _post(base, "x", {})[0] == 401, "gunicorn to answer", 30)
        # Each participant's declaration is sent three times, concurrently.
        payloads = [body(**attrs(period)) for period in periods for _ in range(3)]
        with ThreadPoolExecutor(max_workers=12) as pool:
            futures = [pool.submit(_post, base, token, payload) for payload in payloads]
            # A worker dies once the first answers are back, with the rest in flight or queued; the database cuts
            # every connection a few answers later, while the surviving and the replacement workers serve the rest.
            _until_answered(futures, len(futures) // 6)
            os.kill(_workers(server.pid)[0], signal.SIGKILL)
            _until_answered(futures, len(futures) // 3)
            with connection.cursor() as cursor:  # what a PostgreSQL restart does to every server's connections
                cursor.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
            results = [future.result() for future in futures]
        # After the cut, the servers answer again at once (health-checked connections), never with a 500; a client
        # retrying each declaration gets the stored one back.
        again = [_post(base, token, payload) for payload in payloads[::3]]
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)

    statuses = [status for status, _ in results + again]
    assert 500 not in statuses, statuses
    assert {status for status, _ in again} == {200}, again
    answered = {doc["data"]["id"] for status, doc in results + again if status == 200}
    stored = set(Declaration.objects.values_list("api_id", flat=True))
    assert answered <= {str(api_id) for api_id in stored}
    assert Declaration.objects.count() == len(periods)  # every participant once, whatever was retried
    with connection.cursor() as cursor:
        for name, query in INVARIANT_CHECKS.items():
            cursor.execute(query)
            assert cursor.fetchall() == [], name
