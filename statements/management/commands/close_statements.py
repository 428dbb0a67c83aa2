"""Daily: statements whose cut-off has passed become payable, with their eligible declarations. The worker runs this
every day on its own (statements/tasks.py); the command stays for a run by hand."""

from django.core.management.base import BaseCommand

from statements.tasks import close_due_statements


class Command(BaseCommand):
    help = "Make every open statement whose cut-off date has passed payable (the worker also runs this daily)."

    def handle(self, *args, **options):
        statements = close_due_statements()
        self.stdout.write(f"{len(statements)} statement(s) became payable")
