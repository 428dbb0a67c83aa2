"""Helpers shared by the benchmarks: a separate database, Django set-up, bulk data, the production server.

Every benchmark runs with one command (`.venv/bin/python bench/<file>.py`), uses its own PostgreSQL database
(PGDATABASE_NAME, default `ecf_bench`) started by scripts/pg.sh, and serves only on 127.0.0.1.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import signal
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")


def database_url(name: str | None = None) -> str:
    env = {**os.environ, "PGDATABASE_NAME": name or os.environ.get("PGDATABASE_NAME", "ecf_bench")}
    return subprocess.check_output([str(ROOT / "scripts" / "pg.sh")], env=env, text=True).strip()


def setup_django(db_name: str | None = None) -> str:
    """Points Django at the benchmark database, migrates it, and returns its URL."""
    url = database_url(db_name)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    sys.path.insert(0, str(ROOT))
    subprocess.run([PYTHON, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, check=True, env=os.environ)
    import django

    django.setup()
    return url


def timed(fn, repeat: int = 5) -> tuple[float, list[float]]:
    """Median seconds of `repeat` calls (after one warm-up call), and all timings."""
    fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), times


def collect_static(static_root: Path) -> None:
    """`collectstatic` with the production settings into `static_root`, for benchmarks that serve pages."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "127.0.0.1",
        "STATIC_ROOT": str(static_root),
    }
    subprocess.run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)


@contextlib.contextmanager
def production_server(
    *,
    port: int = 8765,
    workers: int = 4,
    threads: int = 1,
    cpus: str | None = "0,1",
    worker_class: str | None = None,
    env: dict | None = None,
):
    """gunicorn with the production settings on 127.0.0.1 (plain HTTP on loopback), optionally pinned to CPUs;
    `env` adds settings (e.g. API_RATE_LIMIT)."""
    extra, env = (
        env or {},
        {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(64),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "false",
        },
    )
    # The repository's production configuration (config/gunicorn.conf.py), on loopback with the bench's sizes.
    env.update(
        GUNICORN_BIND=f"127.0.0.1:{port}",
        GUNICORN_WORKERS=str(workers),
        GUNICORN_THREADS=str(threads),
        GUNICORN_LOG_LEVEL="warning",
        GUNICORN_ACCESS_LOG="",
        **({"GUNICORN_WORKER_CLASS": worker_class} if worker_class else {}),
        **extra,
    )
    command = [str(ROOT / ".venv" / "bin" / "gunicorn"), "-c", str(ROOT / "config" / "gunicorn.conf.py")]
    if cpus:
        command = ["taskset", "-c", cpus, *command]
    process = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                urllib.request.urlopen(f"{base}/api/v3/statements", timeout=1)
            except urllib.error.HTTPError:
                break  # 401: it answers
            except OSError:
                time.sleep(0.2)
        yield base
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)


def script_cursor():
    """A cursor that binds parameters on the client, for the data generators' SQL scripts of several statements: the
    service binds them on the server (config/settings/base.py), which takes one statement at a time."""
    from django.db import connection
    from psycopg import ClientCursor

    connection.ensure_connection()
    return ClientCursor(connection.connection)


def record_result(name: str, figures: dict) -> None:
    """Keeps a benchmark's figures for bench/summary.py (`make bench` prints them as one table): a JSON file per
    benchmark under BENCH_RESULTS (default .bench-results/)."""
    folder = Path(os.environ.get("BENCH_RESULTS") or ROOT / ".bench-results")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.json").write_text(json.dumps(figures, indent=1, default=str))


def http(method: str, url: str, token: str, body: dict | None = None) -> tuple[int, bytes]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method)
    request.add_header("Authorization", f"Bearer {token}")
    if data is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def bulk_ects(*, lead_provider, year: int, count: int, fundable: bool = True, batch: int = 5000) -> list:
    """`count` ECTs at one school, trained by `lead_provider` through one partnership on the cohort's standard
    September schedule, inserted in bulk (the period rules hold: one at-school period and one training period
    each, nested, same school and cohort). Returns the training periods."""
    import datetime as dt

    from django.db import models, transaction
    from django.utils import timezone

    from participants.models import ECTAtSchoolPeriod, Teacher, TrainingPeriod
    from partnerships.models import Cohort, DeliveryPartner, Partnership, Schedule
    from partnerships.services import delivery_partner_pair
    from schools.models import School

    cohort = Cohort.objects.get(start_year=year)
    schedule = Schedule.objects.get(cohort=cohort, identifier="ecf-standard-september")
    tag = secrets.token_hex(3)
    school = School.objects.create(
        urn=str(700000 + secrets.randbelow(299999)),
        name=f"Bench School {tag}",
        gias_status="open",
        establishment_type_code=1,
        establishment_type_name="Community school",
        administrative_district_code="E09000001",
    )
    partner = DeliveryPartner.objects.create(name=f"Bench Partner {tag}")
    pairing = delivery_partner_pair(lead_provider=lead_provider, delivery_partner=partner, cohort=cohort)
    partnership = Partnership.objects.create(school=school, delivery_partnership=pairing)
    started_on = dt.date(year, 9, 1)
    highest = Teacher.objects.aggregate(highest=models.Max("trn"))["highest"]
    base_trn = max(int(highest or 0), 1000000) + 1
    now = timezone.now()
    periods = []
    for offset in range(0, count, batch):
        size = min(batch, count - offset)
        with transaction.atomic():
            teachers = Teacher.objects.bulk_create(
                [
                    Teacher(
                        trn=str(base_trn + offset + i),
                        trs_first_name="Bench",
                        trs_last_name=str(offset + i),
                        ect_first_became_eligible_for_funding_at=now if fundable else None,
                    )
                    for i in range(size)
                ]
            )
            at_school = ECTAtSchoolPeriod.objects.bulk_create(
                [
                    ECTAtSchoolPeriod(teacher=t, school=school, started_on=started_on, email=f"ect{t.pk}@example.com")
                    for t in teachers
                ]
            )
            periods += TrainingPeriod.objects.bulk_create(
                [
                    TrainingPeriod(
                        teacher=t,
                        role="ect",
                        school=school,
                        ect_at_school_period=a,
                        training_programme="provider_led",
                        partnership=partnership,
                        expression_of_interest=pairing.contract,
                        schedule=schedule,
                        started_on=started_on,
                    )
                    for t, a in zip(teachers, at_school, strict=True)
                ]
            )
    return periods


def open_statement(*, lead_provider, year: int):
    """An open output statement for the provider's cohort, cut off well in the future."""
    import datetime as dt

    from partnerships.models import Cohort
    from statements.models import Statement

    cohort = Cohort.objects.get(start_year=year)
    statement, _ = Statement.objects.get_or_create(
        lead_provider=lead_provider,
        cohort=cohort,
        year=2099,
        month=1,
        defaults={"cut_off_date": dt.date(2098, 12, 31), "payment_date": dt.date(2099, 1, 25)},
    )
    return statement


def api_tokens(lead_provider, count: int) -> list[str]:
    from partnerships.services import api_token_create

    return [api_token_create(lead_provider=lead_provider, description="bench")[1] for _ in range(count)]
