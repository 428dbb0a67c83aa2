"""The shape of the commands that print a new API token for one named client."""

from django.core.management.base import BaseCommand, CommandError

from config.tokens import api_token_issue


class IssueTokenCommand(BaseCommand):
    """Subclasses set `token_model` (its `owner_field` names the client) and `option` (the CLI flag)."""

    token_model = None
    option = ""

    def add_arguments(self, parser):
        parser.add_argument(f"--{self.option}", required=True, dest="owner", help="The client's name, exactly.")
        parser.add_argument("--description", default=f"Issued with {self.__module__.rsplit('.', 1)[-1]}")

    def handle(self, *args, owner, description, **options):
        owner_model = self.token_model._meta.get_field(self.token_model.owner_field).related_model
        client = owner_model.objects.filter(name=owner).first()
        if client is None:
            names = ", ".join(owner_model.objects.values_list("name", flat=True)) or "none"
            raise CommandError(f"No {owner_model._meta.verbose_name} named {owner!r}. Known: {names}")
        _, raw = api_token_issue(token_model=self.token_model, owner=client, description=description)
        self.stdout.write(raw)
