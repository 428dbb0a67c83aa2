"""Database helpers shared by domain services."""

import weakref

from django.db import connection, models
from django.utils import timezone


def check_deferred_constraints() -> None:
    """Run the deferred constraint triggers now, so a service fails inside its own transaction, not at commit."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


class TouchesApiUpdatedAt(models.Model):
    """Moves `api_updated_at` whenever a field listed in `api_fields` changes, whoever saves the row."""

    api_fields: tuple[str, ...] = ()
    api_updated_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        abstract = True

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._api_snapshot = {name: getattr(instance, name) for name in cls.api_fields if name in field_names}
        return instance

    def save(self, *args, **kwargs):
        snapshot = getattr(self, "_api_snapshot", None)
        if snapshot is not None and any(getattr(self, name) != value for name, value in snapshot.items()):
            self.api_updated_at = timezone.now()
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "api_updated_at"}
        super().save(*args, **kwargs)
        self._api_snapshot = {name: getattr(self, name) for name in self.api_fields}


class PreparedStatement:
    """A hot statement PostgreSQL plans once per connection rather than once per request: PREPAREd the first time a
    connection runs it, then EXECUTEd (planning a many-join query costs more than running it; docs/lead-provider-api.md,
    "Declarations: the cost of a POST"). `sql` names its parameters `%(name)s`; `types` gives each one's SQL type, in
    the order they are numbered. Works with the client-side binding Django uses, and every PREPARE and EXECUTE is an
    ordinary query (counted by tests)."""

    def __init__(self, name: str, sql: str, types: dict[str, str]):
        self.name = name
        self.order = list(types)
        numbered = sql
        for number, parameter in enumerate(self.order, 1):
            numbered = numbered.replace(f"%({parameter})s", f"${number}")
        if "%(" in numbered:
            raise ValueError(f"{name}: a parameter has no type")
        self.prepare_sql = f"PREPARE {name} ({', '.join(types.values())}) AS {numbered}"
        self.execute_sql = f"EXECUTE {name} ({', '.join(['%s'] * len(self.order))})"

    def execute(self, cursor, params: dict) -> None:
        raw = connection.connection
        names = _PREPARED.setdefault(raw, set())
        if self.name not in names:
            cursor.execute(self.prepare_sql)
            names.add(self.name)
        cursor.execute(self.execute_sql, [params[name] for name in self.order])


# Which statements each live database connection has prepared (a new connection starts with none).
_PREPARED: "weakref.WeakKeyDictionary[object, set[str]]" = weakref.WeakKeyDictionary()
