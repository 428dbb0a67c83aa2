"""The application's database roles (docs/security.md §2): migrations run as the role that owns the tables; requests
are served by DATABASE_APP_ROLE, which may read and write rows and nothing more (no DDL, no trigger bypass, no
temporary tables that could stand in for the tables the database's own rules read)."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connections, transaction

# Tables only the database's own triggers write (they run as the owner): the app role may read them, never write them.
KEPT_BY_THE_DATABASE = ("declarations_claimgroupcount",)


def grant_app_role(*, using: str = "default", **kwargs) -> None:
    """After every migrate: the app role gets row access to every table and sequence, including new ones, except
    writes to the tables the database keeps itself; it may create nothing (no temporary tables, nothing in schema
    public), so it can neither stand in for a table a rule reads nor attach a trigger to a table of its own."""
    role = settings.DATABASE_APP_ROLE
    connection = connections[using]
    if not role or connection.vendor != "postgresql":
        return
    name = connection.ops.quote_name(role)
    with transaction.atomic(using=using), connection.cursor() as cursor:  # never a moment with more than this
        cursor.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {name}")
        cursor.execute(f"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO {name}")
        for table in KEPT_BY_THE_DATABASE:
            cursor.execute(f"REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON {connection.ops.quote_name(table)} FROM {name}")
        cursor.execute(f"REVOKE CREATE ON SCHEMA public FROM PUBLIC, {name}")
        cursor.execute(
            "SELECT format('REVOKE TEMPORARY ON DATABASE %%I FROM PUBLIC, %%I', current_database(), %s::text)", [role]
        )
        cursor.execute(cursor.fetchone()[0])
        cursor.execute(
            "SELECT has_database_privilege(%s::text, current_database(), 'TEMPORARY'), "
            "has_schema_privilege(%s::text, 'public', 'CREATE')",
            [role, role],
        )
        if any(cursor.fetchone()):
            raise ImproperlyConfigured(
                f"{role} may still create objects (temporary tables or in schema public): migrate as the database's "
                "owner (docs/security.md §2)"
            )
