"""Daily: the API request log keeps API_REQUEST_LOG_DAYS (30) days (docs/support.md, "API request log")."""

import datetime as dt

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone

from config.models import ApiRequest

BATCH = 10_000


class Command(BaseCommand):
    help = "Delete API request log rows older than API_REQUEST_LOG_DAYS (default 30), in batches; safe to run anywhere."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None, help="keep this many days instead")

    def handle(self, *args, days, **options):
        days = settings.API_REQUEST_LOG_DAYS if days is None else days
        if days < 1:
            raise CommandError("--days must be at least 1")
        cutoff = timezone.now() - dt.timedelta(days=days)
        table = ApiRequest._meta.db_table
        deleted = 0
        # Batches of BATCH rows, each its own short transaction, so the log's inserts never wait long.
        with connection.cursor() as cursor:
            while True:
                cursor.execute(
                    f"DELETE FROM {table} WHERE id IN "
                    f"(SELECT id FROM {table} WHERE requested_at < %s ORDER BY requested_at LIMIT %s)",
                    [cutoff, BATCH],
                )
                deleted += cursor.rowcount
                if cursor.rowcount < BATCH:
                    break
        self.stdout.write(f"{deleted} API request(s) older than {days} days deleted")
