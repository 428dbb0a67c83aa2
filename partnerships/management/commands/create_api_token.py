from django.core.management.base import BaseCommand, CommandError

from partnerships.models import LeadProvider
from partnerships.services import api_token_create


class Command(BaseCommand):
    help = "Issue a new lead provider API token and print it once (only its hash is stored)."

    def add_arguments(self, parser):
        parser.add_argument("--lead-provider", required=True, help="The lead provider's name, exactly.")
        parser.add_argument("--description", default="Issued with create_api_token")

    def handle(self, *args, lead_provider, description, **options):
        try:
            provider = LeadProvider.objects.get(name=lead_provider)
        except LeadProvider.DoesNotExist:
            names = ", ".join(LeadProvider.objects.values_list("name", flat=True)) or "none"
            raise CommandError(f"No lead provider named {lead_provider!r}. Known: {names}") from None
        _, raw = api_token_create(lead_provider=provider, description=description)
        self.stdout.write(raw)
