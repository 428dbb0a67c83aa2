"""Loads the statement calendar (reference data) for every lead provider contract; safe to run again."""

from django.core.management.base import BaseCommand

from statements.services import statements_ensure_calendar


class Command(BaseCommand):
    help = "Create the missing statements of every lead provider contract."

    def handle(self, *args, **options):
        self.stdout.write(f"{statements_ensure_calendar()} statement(s) created")
