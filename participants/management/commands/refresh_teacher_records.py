"""Teachers' names, induction status and induction end date from the Teacher Record Service, in batches
(docs/support.md, "Refresh from TRS"), by hand: the worker runs the same refresh as a periodic job
(participants/tasks.py). Safe to run on every server: one run at a time."""

from django.core.management.base import BaseCommand, CommandError

from participants.tasks import ADVISORY_LOCK_KEY, refresh_due_teachers

__all__ = ["ADVISORY_LOCK_KEY", "Command"]


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
        run = refresh_due_teachers(batch_size=batch_size, older_than_hours=older_than_hours, limit=limit)
        self.stdout.write(run.summary())
        if run.problem:
            raise CommandError(f"Stopped: the Teacher Record Service did not answer ({run.problem}); run again later")
