"""Database helpers shared by domain services."""

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import ClassVar

from django.db import connection, connections, models, transaction
from django.db.models import Expression, Field, QuerySet
from django.utils import timezone


def check_deferred_constraints() -> None:
    """Run the deferred constraint triggers now, so a service fails inside its own transaction, not at commit."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


@contextmanager
def advisory_lock(key: int, *, wait: bool = True) -> Iterator[bool]:
    """Holds PostgreSQL's session advisory lock `key` for the block, so that a job started on every server at once
    runs one at a time (docs/security.md §4). Yields True once held; with `wait=False`, yields False at once when
    another session holds it (and then holds nothing)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s), true" if wait else "SELECT pg_try_advisory_lock(%s)", [key])
        held = bool(cursor.fetchone()[-1])
    try:
        yield held
    finally:
        if held:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [key])


class ApiTimestampsQuerySet(models.QuerySet):
    def touch_api_timestamps(self, *stamps: str, at=None) -> int:
        """Moves the named API timestamps (all of the model's when none is named) of these rows, for a change lead
        providers see through another row; one UPDATE whatever the number of rows. Returns how many moved."""
        declared = self.model.api_timestamps
        unknown = set(stamps) - set(declared)
        if unknown:
            raise ValueError(f"{self.model.__name__} has no API timestamp {sorted(unknown)}")
        at = at or timezone.now()
        with transaction.atomic(using=self.db, savepoint=False):  # the change and its notifications, or neither
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
        with transaction.atomic(using=kwargs.get("using") or self._state.db, savepoint=False):
            super().save(*args, **kwargs)  # the row and its notifications, or neither
            if moved:
                type(self).api_timestamps_moved(type(self)._base_manager.filter(pk=self.pk), tuple(moved))
        self._api_snapshot = {name: getattr(self, name) for name in self._api_watched()}


class Parameter(Expression):
    """A named value of a query built once and run many times (`BuiltOnce`): where a selector takes a value, the
    query is built with a Parameter, and each run binds the run's value to it."""

    def __init__(self, name: str, output_field: Field):
        super().__init__(output_field=output_field)
        self.name = name

    def __repr__(self) -> str:
        return f"Parameter({self.name!r})"

    def as_sql(self, compiler, connection):
        return "%s", (self,)


class BuiltOnce:
    """A hot read built from the selectors once per process and run with each request's values: the queryset
    (`build`, with a `Parameter` wherever a request's value goes) is built and compiled by Django the first time,
    and every run sends that SQL with its parameters bound to the run's values; psycopg prepares the repeated
    statement, so PostgreSQL parses and plans it once per connection. Building and compiling a query of many
    subqueries costs more Python than the rest of a request (docs/lead-provider-api.md, "Declarations: the cost of a
    POST", has the figures), so its shape may not depend on the values: a None matches no row where a value would.
    Nothing is written by hand: the SQL is Django's, the rules are the selectors'."""

    def __init__(self, build: Callable[[], QuerySet]):
        self._build = build
        self._compiled: tuple[str, str, tuple, frozenset[str]] | None = None
        self._lock = threading.Lock()

    def _compile(self) -> tuple[str, str, tuple, frozenset[str]]:
        with self._lock:
            if self._compiled is None:
                queryset = self._build()
                sql, params = queryset.query.sql_with_params()
                names = frozenset(param.name for param in params if isinstance(param, Parameter))
                self._compiled = (queryset.db, sql, params, names)
        return self._compiled

    def first(self, **values) -> dict | None:
        """The first row (column name to value) with the parameters bound to `values`, or None."""
        using, sql, params, names = self._compiled or self._compile()
        if names != values.keys():
            raise TypeError(f"parameters {sorted(names)} were given {sorted(values)}")
        params = [values[param.name] if isinstance(param, Parameter) else param for param in params]
        with connections[using].cursor() as cursor:
            cursor.execute(sql, params)
            row = cursor.fetchone()
            return None if row is None else dict(zip((column.name for column in cursor.description), row, strict=True))
