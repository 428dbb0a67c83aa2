import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def manage(*args, **env):
    # The browser tests let Django run under Playwright's event loop; a deployment never sets that.
    inherited = {name: value for name, value in os.environ.items() if name != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**inherited, "DJANGO_SETTINGS_MODULE": "config.settings.production", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_the_deployment_checks():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="manage-training.example.gov.uk",
        TRS_API_BASE_URL="https://trs.example.gov.uk",
        TRS_API_KEY=secrets.token_urlsafe(32),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_deployment_checks_want_the_teacher_record_service():
    result = manage(
        "check",
        "--deploy",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="manage-training.example.gov.uk",
        TRS_API_BASE_URL="",
        TRS_API_KEY="",
    )
    assert result.returncode != 0
    assert "TRS_API_BASE_URL and TRS_API_KEY must be set to reach the Teacher Record Service." in result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    result = manage("check", SECRET_KEY="", ALLOWED_HOSTS="manage-training.example.gov.uk")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_the_event_log_is_visible_and_read_only_in_the_admin(admin_client, lp_client):
    from config.events import record_event
    from config.models import Event

    record_event(event_type="example_happened", heading="Something happened", subject=lp_client.lead_provider)
    listing = admin_client.get("/admin/config/event/", {"q": "Something happened"})
    assert listing.status_code == 200 and b"Something happened" in listing.content
    event = Event.objects.get(event_type="example_happened")
    assert admin_client.post(f"/admin/config/event/{event.pk}/delete/", {"post": "yes"}).status_code == 403
    assert Event.objects.filter(pk=event.pk).exists()


def test_production_has_no_sandbox_features_whatever_the_environment_says():
    """Sandbox time travel, the stand-in Teacher Record Service and plain-HTTP webhook endpoints are settings of their
    own, off in production."""
    result = manage(
        "shell",
        "--verbosity",
        "0",
        "-c",
        "from django.conf import settings; "
        "print(settings.TIME_TRAVEL, settings.STAND_IN_TEACHER_RECORDS, settings.WEBHOOK_PLAIN_HTTP)",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="manage-training.example.gov.uk",
        TIME_TRAVEL="true",
        STAND_IN_TEACHER_RECORDS="true",
        WEBHOOK_PLAIN_HTTP="true",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "False", "False"]
