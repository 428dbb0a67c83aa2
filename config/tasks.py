"""The project-wide jobs of the job queue (procrastinate, in PostgreSQL; README "Running in production"): sending
email, looking after the queue itself, and deleting rows that have served their purpose. Each domain app's jobs are in
its own `tasks` module; the worker finds them all."""

import datetime as dt

from django.conf import settings
from django.utils import timezone
from procrastinate.contrib.django import app

from config.api.request_log import delete_old_requests
from config.models import ApiPageBookmark, ApiRequestWindow
from config.notify import deliver_email  # noqa: F401 - the email job is the adapter's own (config/notify.py)


@app.periodic(cron=settings.WORKER_STALLED_SWEEP_CRON, periodic_id="sweep")
@app.task(name="config.retry_stalled_jobs", queue="periodic", queueing_lock="config.retry_stalled_jobs")
async def retry_stalled_jobs(timestamp: int) -> int:
    """Jobs a worker was running when it stopped beating (killed, its machine lost) run again: every job is at least
    once, never lost with its worker (docs/webhooks.md, "Delivery")."""
    stalled = await app.job_manager.get_stalled_jobs(seconds_since_heartbeat=settings.WORKER_STALLED_SECONDS)
    for job in stalled:
        await app.job_manager.retry_job(job)
    return len(stalled)


@app.periodic(cron="17 * * * *", periodic_id="hourly")
@app.task(name="config.delete_expired_rows", queue="periodic", queueing_lock="config.delete_expired_rows")
def delete_expired_rows(timestamp: int) -> dict[str, int]:
    """Rate-limit buckets that have left every window (config/api/throttling.py, the school sign-in limit) and page
    bookmarks no next page can use any more (config/api/continuation.py). Each is one DELETE by an indexed time."""
    now = timezone.now()
    window = max(settings.API_RATE_LIMIT_WINDOW_SECONDS, settings.SCHOOL_SIGN_IN_RATE_WINDOW_SECONDS)
    windows, _ = ApiRequestWindow.objects.filter(window_start__lt=now - dt.timedelta(seconds=window)).delete()
    continuation = dt.timedelta(seconds=settings.API_PAGE_CONTINUATION_SECONDS)
    bookmarks, _ = ApiPageBookmark.objects.filter(created_at__lt=now - continuation).delete()
    return {"request_windows": windows, "page_bookmarks": bookmarks}


@app.periodic(cron="43 3 * * *", periodic_id="daily")
@app.task(name="config.delete_old_jobs", queue="periodic", queueing_lock="config.delete_old_jobs")
async def delete_old_jobs(timestamp: int) -> None:
    """Jobs that failed for good, or were cancelled, leave the queue after 30 days (finished ones go at once)."""
    await app.job_manager.delete_old_jobs(
        nb_hours=30 * 24, include_failed=True, include_cancelled=True, include_aborted=True
    )


@app.periodic(cron="51 2 * * *", periodic_id="daily")
@app.task(name="config.delete_old_api_requests", queue="periodic", queueing_lock="config.delete_old_api_requests")
def delete_old_api_requests(timestamp: int) -> int:
    """The API request log keeps API_REQUEST_LOG_DAYS days (docs/support.md, "API request log")."""
    return delete_old_requests(days=settings.API_REQUEST_LOG_DAYS)
