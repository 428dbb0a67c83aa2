"""Loads sandbox data for every domain (idempotent) and issues fresh API tokens."""

import importlib
import json
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings

# Each module has `seed() -> dict[str, dict[str, str]]`: token sections such as {"lead_providers": {name: token}}.
# A module may also have `sandbox_files() -> dict[str, object]`: JSON files written beside the tokens file.
SANDBOX_MODULES = [
    "schools.sandbox",
    "partnerships.sandbox",
    "participants.sandbox",
    "participants.school_sandbox",
    "statements.sandbox",
    "declarations.sandbox",
    "register.sandbox",
]

HEADINGS = {"school_users": "School users (URN: email), sign in at /school/sign-in (codes appear in the server log):"}


class Command(BaseCommand):
    help = "Create (or top up) sandbox data and print fresh API tokens for every sandbox client."

    def add_arguments(self, parser):
        parser.add_argument("--tokens-file", help="Also write the tokens as JSON to this path.")

    @override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
    def handle(self, *args, tokens_file=None, **options):
        # Sandbox events (a withdrawal, say) email nobody, not even the console.
        tokens: dict[str, dict[str, str]] = {}
        for name in SANDBOX_MODULES:
            module = importlib.import_module(name)
            with transaction.atomic():
                for section, entries in module.seed().items():
                    tokens.setdefault(section, {}).update(entries)
        for section, entries in tokens.items():
            heading = HEADINGS.get(section, f"{section.replace('_', ' ').capitalize()} API tokens:")
            self.stdout.write(self.style.MIGRATE_HEADING(heading))
            for client, token in entries.items():
                self.stdout.write(f"  {client}: {token}")
        if tokens_file:
            path = Path(tokens_file)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(tokens, indent=2) + "\n")
            self.stdout.write(f"Tokens written to {path}")
            for name in SANDBOX_MODULES:
                files = getattr(importlib.import_module(name), "sandbox_files", None)
                for file_name, content in (files() if files else {}).items():
                    (path.parent / file_name).write_text(json.dumps(content, indent=2) + "\n")
                    self.stdout.write(f"{file_name} written to {path.parent / file_name}")
