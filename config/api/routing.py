from rest_framework.routers import SimpleRouter


class LeadProviderRouter(SimpleRouter):
    """Routes without trailing slashes; `register_with_ecf_alias` also serves the older `/ecf` path
    (docs/lead-provider-api.md, "Paths")."""

    def __init__(self):
        super().__init__(trailing_slash="")

    def register_with_ecf_alias(self, prefix: str, viewset, basename: str) -> None:
        # The alias goes first so that `<prefix>/ecf` is never read as `<prefix>/{id}`.
        self.register(f"{prefix}/ecf", viewset, basename=f"{basename}-ecf")
        self.register(prefix, viewset, basename=basename)
