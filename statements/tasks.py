"""The daily close as a periodic job of the job queue (README "Running in production"): once a day, however many
workers run, statements whose cut-off has passed become payable (docs/statements.md, "States")."""

from django.conf import settings
from procrastinate.contrib.django import app

from config.db import advisory_lock
from config.events import recorded_as
from config.models import EventSource
from declarations.services import statements_mark_due_payable
from statements.models import Statement

# Any constant every run agrees on: "close_statements" as a 63-bit number.
ADVISORY_LOCK_KEY = 0x636C6F73655F7374


def close_due_statements() -> list[Statement]:
    """Safe to start on every server at once (docs/security.md §4): a PostgreSQL advisory lock lets one run at a
    time; a run that waited finds nothing left to do."""
    with advisory_lock(ADVISORY_LOCK_KEY), recorded_as(EventSource.JOB):  # its events name the job as their source
        return statements_mark_due_payable()


# The queue defers one job per cron tick, whatever the number of workers (procrastinate records each periodic defer
# under a unique key), and the queueing lock keeps a late one from piling up behind a running one.
@app.periodic(cron=settings.CLOSE_STATEMENTS_CRON, periodic_id="daily")
@app.task(name="statements.close_statements", queue="periodic", queueing_lock="statements.close_statements")
def close_statements(timestamp: int) -> int:
    return len(close_due_statements())
