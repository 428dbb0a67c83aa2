"""The application's database roles (docs/security.md §2): migrations run as the role that owns the tables; requests
are served by DATABASE_APP_ROLE, which may read and write rows and nothing more (no DDL, no trigger bypass)."""

from django.conf import settings
from django.db import connections


def grant_app_role(*, using: str = "default", **kwargs) -> None:
    """After every migrate: the app role gets row access to every table and sequence, including new ones."""
    role = settings.DATABASE_APP_ROLE
    connection = connections[using]
    if not role or connection.vendor != "postgresql":
        return
    name = connection.ops.quote_name(role)
    with connection.cursor() as cursor:
        cursor.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {name}")
        cursor.execute(f"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO {name}")
