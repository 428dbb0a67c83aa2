"""Known and unknown email addresses at every step of the school sign-in, timed against the production server
(docs/school-sign-in.md: no page and no timing tells which addresses are school users).

For each of BENCH_SIGN_IN_ROUNDS rounds, a school user's address and an address nobody has (in turn, each in a fresh
session) go through the email page, nine wrong codes, the tenth (which locks), one more code and the email page
again; each request is timed at the client. Prints the median per step and group and the largest difference.

Run: .venv/bin/python bench/sign_in_timing.py
"""

from __future__ import annotations

import http.client
import os
import re
import secrets
import statistics
import sys
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import ROOT, collect_static, production_server, record_result, setup_django  # noqa: E402

ROUNDS = int(os.environ.get("BENCH_SIGN_IN_ROUNDS", "30"))
PORT = int(os.environ.get("BENCH_PORT", "8771"))
STEPS = ["email", "wrong code", "locking code", "code when locked", "email when locked"]


class Browser:
    """One visitor: keeps its cookies by hand (production cookies are Secure, and this is plain HTTP on loopback)."""

    def __init__(self, port: int):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.cookies: dict[str, str] = {}
        self.token = ""

    def request(self, method: str, path: str, form: dict | None = None) -> tuple[int, str, float]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            body = urllib.parse.urlencode({**form, "csrfmiddlewaretoken": self.token})
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        start = time.perf_counter()
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        text = response.read().decode()
        elapsed = time.perf_counter() - start
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', text)
        if found:
            self.token = found.group(1)
        return response.status, text, elapsed


def journey(port: int, email: str, limit: int) -> dict[str, list[float]]:
    browser = Browser(port)
    browser.request("GET", "/school/sign-in")
    timings: dict[str, list[float]] = {step: [] for step in STEPS}
    timings["email"].append(browser.request("POST", "/school/sign-in", {"email": email})[2])
    browser.request("GET", "/school/sign-in/code")
    for attempt in range(1, limit + 1):
        step = "locking code" if attempt == limit else "wrong code"
        # A code no one was sent: the right one has one chance in a million.
        timings[step].append(browser.request("POST", "/school/sign-in/code", {"code": "000000"})[2])
    timings["code when locked"].append(browser.request("POST", "/school/sign-in/code", {"code": "000000"})[2])
    timings["email when locked"].append(browser.request("POST", "/school/sign-in", {"email": email})[2])
    return timings


def main() -> None:
    setup_django(os.environ.get("PGDATABASE_NAME", "ecf_bench_sign_in"))
    from django.conf import settings

    from schools.models import SchoolUser
    from tests.factories import SchoolFactory

    tag = secrets.token_hex(3)
    school = SchoolFactory(urn=str(800000 + secrets.randbelow(199999)))
    known = [f"sit.{tag}.{i}@bench.example" for i in range(ROUNDS)]
    SchoolUser.objects.bulk_create([SchoolUser(email=email, school=school) for email in known])
    unknown = [f"nobody.{tag}.{i}@bench.example" for i in range(ROUNDS)]
    limit = settings.SCHOOL_SIGN_IN_MAX_FAILED_CODES
    results: dict[str, dict[str, list[float]]] = {group: {step: [] for step in STEPS} for group in ("known", "unknown")}
    static_root = ROOT / ".bench-static"
    env = {"SCHOOL_SIGN_IN_RATE_LIMIT": "1000000", "LOG_LEVEL": "WARNING", "STATIC_ROOT": str(static_root)}
    # In production the code goes out through GOV.UK Notify, off the request (config/notify.py); printing it to the
    # console (the development default) would time the terminal, so the bench sends it nowhere.
    env["EMAIL_BACKEND"] = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.dummy.EmailBackend")
    collect_static(static_root)
    with production_server(port=PORT, workers=1, threads=1, env=env):
        journey(PORT, f"warm-up.{tag}@bench.example", limit)
        for known_email, unknown_email in zip(known, unknown, strict=True):
            for group, email in (("known", known_email), ("unknown", unknown_email)):
                for step, times in journey(PORT, email, limit).items():
                    results[group][step].extend(times)
    figures = {}
    print(f"{'step':<20} {'known ms':>9} {'unknown ms':>11}")
    for step in STEPS:
        known_ms = statistics.median(results["known"][step]) * 1000
        unknown_ms = statistics.median(results["unknown"][step]) * 1000
        figures[step] = {"known_ms": round(known_ms, 2), "unknown_ms": round(unknown_ms, 2)}
        print(f"{step:<20} {known_ms:>9.1f} {unknown_ms:>11.1f}")
    worst = max(abs(f["known_ms"] - f["unknown_ms"]) for f in figures.values())
    print(f"largest difference of medians: {worst:.1f} ms ({ROUNDS} rounds)")
    record_result("sign_in_timing", {"steps": figures, "largest_difference_ms": worst, "rounds": ROUNDS})


if __name__ == "__main__":
    main()
