"""Daily: statements whose cut-off has passed become payable, with their eligible declarations."""

from django.core.management.base import BaseCommand
from django.db import connection

from declarations.services import statements_mark_due_payable

# Any constant both runs agree on: "close_statements" as a 63-bit number.
ADVISORY_LOCK_KEY = 0x636C6F73655F7374


class Command(BaseCommand):
    help = "Make every open statement whose cut-off date has passed payable (run daily, on any number of servers)."

    def handle(self, *args, **options):
        # Safe to start on every server at once (docs/security.md §4): a PostgreSQL advisory lock lets one run at a
        # time; a run that waited finds nothing left to do.
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [ADVISORY_LOCK_KEY])
            try:
                statements = statements_mark_due_payable()
            finally:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [ADVISORY_LOCK_KEY])
        self.stdout.write(f"{len(statements)} statement(s) became payable")
