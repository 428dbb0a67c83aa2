from config.token_command import IssueTokenCommand
from register.models import TrainingProviderAPIToken


class Command(IssueTokenCommand):
    help = "Issue a new Register API token for a training provider and print it once (only its hash is stored)."
    token_model = TrainingProviderAPIToken
    option = "provider"
