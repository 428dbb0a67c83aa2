"""Database helpers shared by domain services."""

import weakref
from typing import ClassVar

from django.db import connection, models
from django.utils import timezone


def check_deferred_constraints() -> None:
    """Run the deferred constraint triggers now, so a service fails inside its own transaction, not at commit."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


class ApiTimestampsQuerySet(models.QuerySet):
    def touch_api_timestamps(self, *stamps: str, at=None) -> int:
        """Moves the named API timestamps (all of the model's when none is named) of these rows, for a change lead
        providers see through another row; one UPDATE whatever the number of rows. Returns how many moved."""
        declared = self.model.api_timestamps
        unknown = set(stamps) - set(declared)
        if unknown:
            raise ValueError(f"{self.model.__name__} has no API timestamp {sorted(unknown)}")
        at = at or timezone.now()
        moved = self.update(**dict.fromkeys(stamps or declared, at))
        if moved:
            self.model.api_timestamps_moved(self, tuple(stamps or declared))
        return moved


class ApiTimestamps(models.Model):
    """API-visible timestamps that move whenever a field they cover changes, whoever saves the row (a service, the
    admin, a management command), so `filter[updated_since]` finds the change (docs/lead-provider-api.md).

    `api_timestamps` maps each timestamp field (declared by the model) to the fields lead providers see through
    it. With `save(update_fields=...)`, only a change to a field being saved counts, and the moved timestamps are
    saved with it. A change lead providers see through another row (a training period, a pairing) is not a change
    to this row: the service that makes it calls `Model.objects.filter(...).touch_api_timestamps(...)`.

    Both ways end in `api_timestamps_moved`, the one place a model hears that lead providers will see a change: the
    participant writes its change notifications there, in the same transaction (docs/webhooks.md, "Events").
    """

    api_timestamps: ClassVar[dict[str, tuple[str, ...]]] = {}

    objects = ApiTimestampsQuerySet.as_manager()

    class Meta:
        abstract = True

    @classmethod
    def api_timestamps_moved(cls, rows: models.QuerySet, stamps: tuple[str, ...]) -> None:
        """The API timestamps `stamps` of `rows` have just moved (in the current transaction)."""

    @classmethod
    def _api_watched(cls) -> set[str]:
        return {name for fields in cls.api_timestamps.values() for name in fields}

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._api_snapshot = {name: getattr(instance, name) for name in cls._api_watched() if name in field_names}
        return instance

    def save(self, *args, **kwargs):
        snapshot = getattr(self, "_api_snapshot", None) or {}
        saved = kwargs.get("update_fields")
        # update_fields may name a foreign key by its field name; the snapshot holds column (attribute) names.
        saving = None if saved is None else {*saved, *(self._meta.get_field(name).attname for name in saved)}
        changed = {
            name
            for name, value in snapshot.items()
            if getattr(self, name) != value and (saving is None or name in saving)
        }
        moved = [stamp for stamp, fields in self.api_timestamps.items() if changed & set(fields)]
        if moved:
            now = timezone.now()
            for stamp in moved:
                setattr(self, stamp, now)
            if saved is not None:
                kwargs["update_fields"] = {*saved, *moved}
        super().save(*args, **kwargs)
        if moved:
            type(self).api_timestamps_moved(type(self)._base_manager.filter(pk=self.pk), tuple(moved))
        self._api_snapshot = {name: getattr(self, name) for name in self._api_watched()}


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
