"""The API request log keeps API_REQUEST_LOG_DAYS (30) days (docs/support.md, "API request log"): the worker deletes
older rows daily (config/tasks.py); this command does it by hand."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from config.api.request_log import delete_old_requests


class Command(BaseCommand):
    help = "Delete API request log rows older than API_REQUEST_LOG_DAYS (default 30), in batches; safe to run anywhere."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None, help="keep this many days instead")

    def handle(self, *args, days, **options):
        days = settings.API_REQUEST_LOG_DAYS if days is None else days
        if days < 1:
            raise CommandError("--days must be at least 1")
        deleted = delete_old_requests(days=days)
        self.stdout.write(f"{deleted} API request(s) older than {days} days deleted")
