"""Teachers' names, induction status and induction end date from the Teacher Record Service, in batches
(docs/support.md, "Refresh from TRS"): run it as often as the scheduler likes, on every server."""

import datetime as dt
from collections import Counter

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import F, Q
from django.utils import timezone

from config.events import recorded_as
from config.models import AuthorType, EventSource
from participants.models import Teacher
from participants.services import teacher_refresh_from_trs
from participants.trs import TRSUnavailable

# Any constant every run agrees on: "trs_refr" as a 63-bit number.
ADVISORY_LOCK_KEY = 0x7472735F72656672
AUTHOR = "Teacher record refresh"


def due(*, older_than: dt.datetime):
    """Teachers TRS has not been asked about since `older_than` (never asked first), merged records aside."""
    return (
        Teacher.objects.filter(merged_into__isnull=True)
        .filter(Q(trs_refreshed_at__isnull=True) | Q(trs_refreshed_at__lt=older_than))
        .order_by(F("trs_refreshed_at").asc(nulls_first=True), "id")
    )


class Command(BaseCommand):
    help = (
        "Refresh teachers from the Teacher Record Service, longest unasked first, in batches; one run at a time "
        "(a run that finds another running does nothing)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=100, help="teachers read per batch (default 100)")
        parser.add_argument(
            "--older-than-hours",
            type=float,
            default=24,
            help="refresh teachers last asked longer ago than this (default 24)",
        )
        parser.add_argument("--limit", type=int, default=None, help="at most this many teachers in this run")

    def handle(self, *args, batch_size, older_than_hours, limit, **options):
        if batch_size < 1 or (limit is not None and limit < 1):
            raise CommandError("--batch-size and --limit must be at least 1")
        # Safe to start on every server at once (docs/security.md §4): a PostgreSQL advisory lock lets one run at a
        # time; a run that finds it taken leaves the work to the one holding it.
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [ADVISORY_LOCK_KEY])
            (locked,) = cursor.fetchone()
        if not locked:
            self.stdout.write("Another refresh is running: nothing done")
            return
        try:
            with recorded_as(EventSource.JOB):
                tally, fields, problem = self._refresh(batch_size, older_than_hours, limit)
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [ADVISORY_LOCK_KEY])
        changed = ", ".join(f"{name} {count}" for name, count in sorted(fields.items()))
        self.stdout.write(
            f"{tally['asked']} teacher(s) refreshed from the Teacher Record Service: {tally['changed']} changed"
            f"{f' ({changed})' if changed else ''}, {tally['not_found']} not found, {tally['unchanged']} unchanged"
        )
        if problem:
            raise CommandError(f"Stopped: the Teacher Record Service did not answer ({problem}); run again later")

    def _refresh(self, batch_size: int, older_than_hours: float, limit: int | None):
        older_than = timezone.now() - dt.timedelta(hours=older_than_hours)
        tally, fields = Counter(asked=0, changed=0, not_found=0, unchanged=0), Counter()
        while limit is None or tally["asked"] < limit:
            size = batch_size if limit is None else min(batch_size, limit - tally["asked"])
            batch = list(due(older_than=older_than)[:size])
            if not batch:
                break
            for teacher in batch:
                try:
                    changes = teacher_refresh_from_trs(
                        teacher=teacher, author_type=AuthorType.SYSTEM, author_name=AUTHOR
                    )
                except TRSUnavailable as error:
                    return tally, fields, str(error) or "no answer"
                tally["asked"] += 1
                if changes.get("trs_not_found") == (False, True):
                    tally["not_found"] += 1
                elif changes:
                    tally["changed"] += 1
                    fields.update(name for name in changes if name != "trs_not_found")
                else:
                    tally["unchanged"] += 1
        return tally, fields, None
