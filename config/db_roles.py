"""The application's database roles (docs/security.md §2): migrations run as the role that owns the tables; requests
are served by DATABASE_APP_ROLE, which may read and write rows and nothing more (no DDL, no trigger bypass, no
temporary tables that could stand in for the tables the database's own rules read)."""

from django.conf import settings
from django.db import connections

# Tables only the database's own triggers write (they run as the owner): the app role may read them, never write them.
KEPT_BY_THE_DATABASE = ("declarations_claimgroupcount",)


def grant_app_role(*, using: str = "default", **kwargs) -> None:
    """After every migrate: the app role gets row access to every table and sequence, including new ones, except
    writes to the tables the database keeps itself; no role but the owner may create temporary tables."""
    role = settings.DATABASE_APP_ROLE
    connection = connections[using]
    if not role or connection.vendor != "postgresql":
        return
    name = connection.ops.quote_name(role)
    with connection.cursor() as cursor:
        cursor.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {name}")
        cursor.execute(f"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO {name}")
        for table in KEPT_BY_THE_DATABASE:
            cursor.execute(f"REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON {connection.ops.quote_name(table)} FROM {name}")
        database = connection.ops.quote_name(connection.settings_dict["NAME"])
        cursor.execute(f"REVOKE TEMPORARY ON DATABASE {database} FROM PUBLIC, {name}")
