"""Recording business events (config.models.Event) from any domain service, inside the service's transaction.

Each event records its author (passed by the service) and its source, through what the author acted (the lead
provider API, Register, the school pages, the admin, a job): the face sets the source for everything it runs
(`recorded_as`), so no service needs to be told (docs/support.md, "Teacher page")."""

import contextlib
from contextvars import ContextVar

from django.contrib.contenttypes.models import ContentType
from django.db import connections, models, router
from django.db.models.constants import OnConflict
from django.db.models.expressions import RawSQL
from django.db.models.sql import InsertQuery

from config.models import AuthorType, Event, EventSource

_source: ContextVar[str] = ContextVar("event_source", default="")


def current_source() -> str:
    return _source.get()


@contextlib.contextmanager
def recorded_as(source: EventSource | str):
    """Every event recorded inside the block names `source` as where it came from."""
    token = _source.set(source)
    try:
        yield
    finally:
        _source.reset(token)


def _metadata(metadata: dict) -> dict:
    return {key: str(value) if value is not None else None for key, value in metadata.items()}


def _changes(changes: dict | None) -> dict:
    """{field: (before, after)} as JSON: each value as text, None kept."""
    return {field: [None if value is None else str(value) for value in pair] for field, pair in (changes or {}).items()}


def record_event(
    *,
    event_type: str,
    heading: str,
    subject: models.Model,
    author_type: str = AuthorType.SYSTEM,
    author_name: str = "",
    changes: dict | None = None,
    **metadata,
) -> Event:
    """An event about `subject`; `changes` names the fields it changed, {field: (before, after)}."""
    return Event.objects.create(
        event_type=event_type,
        heading=heading,
        subject_type=ContentType.objects.get_for_model(subject),
        subject_id=subject.pk,
        author_type=author_type,
        author_name=author_name,
        metadata=_metadata(metadata),
        source=current_source(),
        changes=_changes(changes),
    )


def create_recording_event(
    instance: models.Model,
    *,
    event_type: str,
    heading: str,
    author_type: str = AuthorType.SYSTEM,
    author_name: str = "",
    ignore_conflicts: bool = False,
    **metadata,
) -> bool:
    """Inserts a new row and the event about it in one statement (a write on a hot path then costs one round trip):
    `record_event` for a row that does not exist yet. With `ignore_conflicts`, a row a unique index refuses is not
    inserted and gets no event; under a concurrent insert of the same key, PostgreSQL waits for the other
    transaction to end first. Sets the instance's primary key and returns True when the row was inserted.

    Both INSERTs are compiled by Django from the models (each field's own default and conversion); only the
    statement joining them is written here: the event row takes its subject id from the row just inserted."""
    model = type(instance)
    meta = model._meta
    using = router.db_for_write(model, instance=instance)
    connection = connections[using]
    fields = [field for field in meta.concrete_fields if not field.generated and field is not meta.auto_field]
    query = InsertQuery(model, on_conflict=OnConflict.IGNORE if ignore_conflicts else None)
    query.insert_values(fields, [instance])
    compiler = query.get_compiler(using=using)
    compiler.returning_fields = [meta.pk]
    ((insert_sql, insert_params),) = compiler.as_sql()

    quote = connection.ops.quote_name
    event = Event(
        event_type=event_type,
        heading=heading,
        subject_type=ContentType.objects.db_manager(using).get_for_model(instance),
        subject_id=RawSQL(f"_created.{quote(meta.pk.column)}", ()),
        author_type=author_type,
        author_name=author_name,
        metadata=_metadata(metadata),
        source=current_source(),
    )
    event_meta = Event._meta
    event_fields = [field for field in event_meta.concrete_fields if field is not event_meta.auto_field]
    event_query = InsertQuery(Event)
    event_query.insert_values(event_fields, [event])
    event_compiler = event_query.get_compiler(using=using)
    values = [event_compiler.prepare_value(field, event_compiler.pre_save_val(field, event)) for field in event_fields]
    (placeholders,), (event_params,) = event_compiler.assemble_as_sql(event_fields, [values])
    sql = (
        f"WITH _created AS ({insert_sql}), _event AS ("
        f"INSERT INTO {quote(event_meta.db_table)} ({', '.join(quote(field.column) for field in event_fields)}) "
        f"SELECT {', '.join(placeholders)} FROM _created"
        f") SELECT {quote(meta.pk.column)} FROM _created"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, (*insert_params, *event_params))
        row = cursor.fetchone()
    if row is None:
        return False
    instance.pk = row[0]
    instance._state.adding = False
    instance._state.db = using
    return True
