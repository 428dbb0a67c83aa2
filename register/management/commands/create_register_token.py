from django.core.management.base import BaseCommand, CommandError

from register.models import TrainingProvider
from register.services import api_token_create


class Command(BaseCommand):
    help = "Issue a new Register API token for a training provider and print it once (only its hash is stored)."

    def add_arguments(self, parser):
        parser.add_argument("--provider", required=True, help="The training provider's name, exactly.")
        parser.add_argument("--description", default="Issued with create_register_token")

    def handle(self, *args, provider, description, **options):
        try:
            training_provider = TrainingProvider.objects.get(name=provider)
        except TrainingProvider.DoesNotExist:
            names = ", ".join(TrainingProvider.objects.values_list("name", flat=True)) or "none"
            raise CommandError(f"No training provider named {provider!r}. Known: {names}") from None
        _, raw = api_token_create(training_provider=training_provider, description=description)
        self.stdout.write(raw)
