"""A local HTTP server that plays the Teacher Record Service's API (`GET /v3/persons/{trn}`), for the HTTP client,
the refresh command and the admin's TRS actions: the network boundary is real, only the other end is ours.

`trs_server` (a fixture) starts one on a free loopback port and points the service at it (TRS_CLIENT is the HTTP
client, with short timeouts and back-off). Tests add people with `add(...)`, make the next answers fail with
`fail(503, 503)`, slow every answer down with `delay`, and read what was asked in `requests`.
"""

import datetime as dt
import json
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

API_KEY = "test-trs-key"
API_VERSION = "20250203"
PROHIBITED = "b2b19019-b165-47a3-8745-3297ff152581"


class FakeTRS:
    def __init__(self):
        self.people: dict[str, dict] = {}
        self.failures: list[int] = []
        self.delay = 0.0
        self.garbage = False  # answer 200 with a body that is not JSON
        self.requests: list[dict] = []
        self.lock = threading.Lock()

    def add(
        self,
        trn: str,
        *,
        first_name="Ada",
        last_name="Lovelace",
        date_of_birth=dt.date(1990, 4, 2),
        national_insurance_number="AB123456C",
        induction_status="InProgress",
        induction_completed_on=None,
        qts_holds_from=dt.date(2024, 7, 1),
        prohibited=False,
    ) -> dict:
        """A person as TRS answers for them (version 20250203)."""
        self.people[trn] = {
            "trn": trn,
            "firstName": first_name,
            "middleName": "",
            "lastName": last_name,
            "dateOfBirth": date_of_birth.isoformat(),
            "nationalInsuranceNumber": national_insurance_number,
            "induction": {
                "status": induction_status,
                "startDate": "2024-09-01",
                "completedDate": induction_completed_on.isoformat() if induction_completed_on else None,
            },
            "qts": {"holdsFrom": qts_holds_from.isoformat() if qts_holds_from else None, "routes": []},
            "alerts": [{"alertType": {"alertCategory": {"alertCategoryId": PROHIBITED}}}] if prohibited else [],
        }
        return self.people[trn]

    def fail(self, *statuses: int) -> None:
        """The next answers are these statuses (0: the connection is closed without an answer)."""
        with self.lock:
            self.failures.extend(statuses)

    def next_failure(self) -> int | None:
        with self.lock:
            return self.failures.pop(0) if self.failures else None


def _handler(trs: FakeTRS):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):  # quiet
            pass

        def do_GET(self):
            url = urllib.parse.urlsplit(self.path)
            query = dict(urllib.parse.parse_qsl(url.query))
            trs.requests.append({"path": url.path, "query": query, "headers": dict(self.headers)})
            if trs.delay:
                time.sleep(trs.delay)
            failure = trs.next_failure()
            if failure == 0:
                self.close_connection = True  # no answer: the client sees the connection closed
                return
            if trs.garbage:
                self.send_response(200)
                self.send_header("Content-Length", "6")
                self.end_headers()
                self.wfile.write(b"<html>")
                return
            if failure:
                return self._answer(failure, {"title": "Service unavailable"}, {"Retry-After": "0"})
            if self.headers.get("Authorization") != f"Bearer {API_KEY}":
                return self._answer(401, {"title": "Unauthorized"})
            if self.headers.get("X-Api-Version") != API_VERSION:
                return self._answer(400, {"title": "Unknown version"})
            parts = url.path.strip("/").split("/")
            if len(parts) != 3 or parts[:2] != ["v3", "persons"]:
                return self._answer(404, {"title": "Not found"})
            person = trs.people.get(parts[2])
            if person is None:
                return self._answer(404, {"title": "Person not found"})
            if "dateOfBirth" in query and query["dateOfBirth"] != person["dateOfBirth"]:
                return self._answer(404, {"title": "Person not found"})
            number = query.get("nationalInsuranceNumber")
            if number is not None and number != person["nationalInsuranceNumber"]:
                return self._answer(404, {"title": "Person not found"})
            return self._answer(200, person)

        def _answer(self, status: int, document: dict, headers: dict | None = None):
            body = json.dumps(document).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            try:
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up waiting (the timeout tests): nobody is left to answer

    return Handler


@pytest.fixture
def trs_server(settings):
    trs = FakeTRS()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(trs))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    trs.url = f"http://127.0.0.1:{server.server_address[1]}"
    settings.TRS_CLIENT = "participants.trs.http.HTTPTRSClient"
    settings.TRS_API_BASE_URL = trs.url
    settings.TRS_API_KEY = API_KEY
    settings.TRS_API_VERSION = API_VERSION
    settings.TRS_TIMEOUT_SECONDS = 1
    settings.TRS_RETRIES = 2
    settings.TRS_RETRY_BACKOFF_SECONDS = 0.01
    settings.TRS_RETRY_MAX_WAIT_SECONDS = 0.05
    yield trs
    server.shutdown()
    server.server_close()
