"""Daily: statements whose cut-off has passed become payable, with their eligible declarations."""

from django.core.management.base import BaseCommand

from statements.services import statements_mark_due_payable


class Command(BaseCommand):
    help = "Make every open statement whose cut-off date has passed payable (run daily)."

    def handle(self, *args, **options):
        statements = statements_mark_due_payable()
        self.stdout.write(f"{len(statements)} statement(s) became payable")
