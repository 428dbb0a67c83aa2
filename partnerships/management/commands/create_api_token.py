from config.token_command import IssueTokenCommand
from partnerships.models import LeadProviderAPIToken


class Command(IssueTokenCommand):
    help = "Issue a new lead provider API token and print it once (only its hash is stored)."
    token_model = LeadProviderAPIToken
    option = "lead-provider"
