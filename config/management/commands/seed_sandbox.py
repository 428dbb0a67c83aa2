"""Loads sandbox data for every domain (idempotent) and issues fresh API tokens."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.test.utils import override_settings

# This command runs the whole service, so it names every app's sandbox (the contract "config knows no domain" in
# pyproject.toml lists it as one of the two places that may).
from config import sandbox as staff_sandbox
from declarations import sandbox as declarations_sandbox
from participants import sandbox as participants_sandbox
from participants.school_pages import sandbox as participants_school_sandbox
from partnerships import sandbox as partnerships_sandbox
from register import sandbox as register_sandbox
from schools import sandbox as schools_sandbox
from statements import sandbox as statements_sandbox

# Each module has `seed() -> dict[str, dict[str, str]]`: token sections such as {"lead_providers": {name: token}}
# (a staff login is {"username": ..., "password": ...}).
# A module may also have `sandbox_files() -> dict[str, object]`: JSON files written beside the tokens file.
SANDBOX_MODULES = [
    schools_sandbox,
    partnerships_sandbox,
    participants_sandbox,
    participants_school_sandbox,
    statements_sandbox,
    declarations_sandbox,
    register_sandbox,
    staff_sandbox,
]

HEADINGS = {
    "school_users": "School users (URN: email), sign in at /school/sign-in (codes appear in the server log):",
    "staff_users": "DfE staff logins (role: username / password), sign in at /admin/ (new passwords every run):",
}


class Command(BaseCommand):
    help = "Create (or top up) sandbox data and print fresh API tokens for every sandbox client."

    def add_arguments(self, parser):
        parser.add_argument("--tokens-file", help="Also write the tokens as JSON to this path.")

    @override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
    def handle(self, *args, tokens_file=None, **options):
        # Sandbox events (a withdrawal, say) email nobody, not even the console.
        tokens: dict[str, dict] = {}
        for module in SANDBOX_MODULES:
            with transaction.atomic():
                for section, entries in module.seed().items():
                    tokens.setdefault(section, {}).update(entries)
        _analyze()
        for section, entries in tokens.items():
            heading = HEADINGS.get(section, f"{section.replace('_', ' ').capitalize()} API tokens:")
            self.stdout.write(self.style.MIGRATE_HEADING(heading))
            for client, token in entries.items():
                shown = f"{token['username']} / {token['password']}" if isinstance(token, dict) else token
                self.stdout.write(f"  {client}: {shown}")
        if tokens_file:
            path = Path(tokens_file)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(tokens, indent=2) + "\n")
            self.stdout.write(f"Tokens written to {path}")
            for module in SANDBOX_MODULES:
                files = getattr(module, "sandbox_files", None)
                for file_name, content in (files() if files else {}).items():
                    (path.parent / file_name).write_text(json.dumps(content, indent=2) + "\n")
                    self.stdout.write(f"{file_name} written to {path.parent / file_name}")


def _analyze() -> None:
    """Fresh planner statistics for the service's tables after the bulk load, as after any bulk load. Without them
    a database whose tables were last seen empty (a test database, a reloaded sandbox) plans every join for one
    row, and a list that joins training periods to themselves took minutes instead of milliseconds."""
    tables = connection.introspection.django_table_names(only_existing=True)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(table) for table in sorted(tables)))
