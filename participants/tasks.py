"""The Teacher Record Service refresh (docs/support.md, "Refresh from TRS"): a periodic job of the job queue (README
"Running in production"), and the `refresh_teacher_records` command for a run by hand. Either may start on every
server at once: a PostgreSQL advisory lock lets one run at a time, and a run that finds it taken does nothing."""

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import F, Q
from django.utils import timezone
from procrastinate.contrib.django import app

from config.db import advisory_lock
from config.events import recorded_as
from config.models import AuthorType, EventSource
from participants.models import Teacher
from participants.services import teacher_refresh_from_trs
from participants.trs import TRSUnavailable

# Any constant every run agrees on: "trs_refr" as a 63-bit number.
ADVISORY_LOCK_KEY = 0x7472735F72656672
AUTHOR = "Teacher record refresh"


@dataclass
class RefreshRun:
    """What one run did: teachers asked, changed, not found and unchanged; how often each field changed; and why
    it stopped early (TRS did not answer), if it did. `ran` is False when another run held the lock."""

    ran: bool = True
    tally: Counter = field(default_factory=lambda: Counter(asked=0, changed=0, not_found=0, unchanged=0))
    fields: Counter = field(default_factory=Counter)
    problem: str = ""

    def summary(self) -> str:
        if not self.ran:
            return "Another refresh is running: nothing done"
        changed = ", ".join(f"{name} {count}" for name, count in sorted(self.fields.items()))
        tally = self.tally
        return (
            f"{tally['asked']} teacher(s) refreshed from the Teacher Record Service: {tally['changed']} changed"
            f"{f' ({changed})' if changed else ''}, {tally['not_found']} not found, {tally['unchanged']} unchanged"
        )


def due(*, older_than: dt.datetime):
    """Teachers TRS has not been asked about since `older_than` (never asked first), merged records aside."""
    return (
        Teacher.objects.filter(merged_into__isnull=True)
        .filter(Q(trs_refreshed_at__isnull=True) | Q(trs_refreshed_at__lt=older_than))
        .order_by(F("trs_refreshed_at").asc(nulls_first=True), "id")
    )


def refresh_due_teachers(
    *, batch_size: int = 100, older_than_hours: float = 24, limit: int | None = None
) -> RefreshRun:
    """Refresh due teachers, longest unasked first, `batch_size` at a time, at most `limit`; each change is an event
    of the job. Stops at the first time TRS does not answer (the next run carries on where this one stopped)."""
    with advisory_lock(ADVISORY_LOCK_KEY, wait=False) as held:
        if not held:
            return RefreshRun(ran=False)
        run = RefreshRun()
        with recorded_as(EventSource.JOB):
            _refresh(run, batch_size, older_than_hours, limit)
    return run


def _refresh(run: RefreshRun, batch_size: int, older_than_hours: float, limit: int | None) -> None:
    older_than = timezone.now() - dt.timedelta(hours=older_than_hours)
    tally = run.tally
    while limit is None or tally["asked"] < limit:
        size = batch_size if limit is None else min(batch_size, limit - tally["asked"])
        batch = list(due(older_than=older_than)[:size])
        if not batch:
            return
        for teacher in batch:
            try:
                changes = teacher_refresh_from_trs(teacher=teacher, author_type=AuthorType.SYSTEM, author_name=AUTHOR)
            except TRSUnavailable as error:
                run.problem = str(error) or "no answer"
                return
            tally["asked"] += 1
            if changes.get("trs_not_found") == (False, True):
                tally["not_found"] += 1
            elif changes:
                tally["changed"] += 1
                run.fields.update(name for name in changes if name != "trs_not_found")
            else:
                tally["unchanged"] += 1


# One job per cron tick whatever the number of workers (procrastinate records each periodic defer under a unique
# key), and the queueing lock keeps a late one from piling up behind a running one.
@app.periodic(cron=settings.TRS_REFRESH_CRON, periodic_id="trs_refresh")
@app.task(name="participants.refresh_teacher_records", queue="periodic", queueing_lock="participants.refresh_teachers")
def refresh_teacher_records(timestamp: int) -> str:
    run = refresh_due_teachers(
        batch_size=settings.TRS_REFRESH_BATCH_SIZE,
        older_than_hours=settings.TRS_REFRESH_OLDER_THAN_HOURS,
        limit=settings.TRS_REFRESH_LIMIT,
    )
    if run.problem:
        return f"{run.summary()}; stopped: the Teacher Record Service did not answer ({run.problem})"
    return run.summary()
