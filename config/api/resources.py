"""The one serialisation path of the lead provider API: PostgreSQL builds the JSON:API documents.

A resource declares its `type` and, per attribute, an ORM expression (how PostgreSQL computes it) and a DRF field
(what the OpenAPI document says it is). List and show endpoints ask PostgreSQL for the finished JSON text in one
query, so a page of 3000 records costs one round trip and no Python object per row.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar, NamedTuple

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Expression, F, Func, QuerySet, TextField, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast
from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers


class JSONBuildObject(Func):
    """json_build_object(k1, v1, ...): unlike jsonb, it keeps keys in the declared order."""

    function = "JSON_BUILD_OBJECT"
    output_field = TextField()

    def __init__(self, **fields: Expression):
        args = []
        for key, value in fields.items():
            args.extend([_typed(Value(key)), _typed(value)])
        super().__init__(*args)


_TEXT = TextField()


def _typed(expression: Expression) -> Expression:
    """Text constants as typed parameters: psycopg binds text untyped (PostgreSQL infers the type from where it is
    used), and json_build_object takes arguments of any type, so on its own PostgreSQL cannot tell."""
    if isinstance(expression, Value) and isinstance(expression.value, str):
        return Cast(expression, _TEXT)
    return expression


class IsoTimestamp(Func):
    """A timestamp as RFC 3339 UTC with milliseconds, as the published examples show: 2021-05-31T02:22:32.000Z
    (docs/lead-provider-api.md, "Timestamps")."""

    template = "to_char(%(expressions)s AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')"
    output_field = TextField()


class SecondTimestamp(Func):
    """The same to the second, as the published examples show declarations: 2020-11-13T11:21:55Z."""

    template = "to_char(%(expressions)s AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
    output_field = TextField()


class IsoDate(Func):
    template = "to_char(%(expressions)s, 'YYYY-MM-DD')"
    output_field = TextField()


Context = dict[str, Any]


class RenderedPage(NamedTuple):
    body: str
    rows: int
    # The sort values of the page's last row, in the list's order; None for an empty or unordered page.
    last: list | None


_SCHEMA_SERIALIZERS: dict[type, tuple] = {}


@dataclass(frozen=True)
class Attr:
    """One attribute: `expression` (or `build(context)` when it depends on the caller) and its documented field."""

    schema: serializers.Field
    expression: Expression | str | None = None
    build: Callable[[Context], Expression] | None = None
    # The attribute's name in the document when it cannot be the Python name (e.g. a statement's `type`).
    published_name: str | None = None

    def resolve(self, name: str, context: Context) -> Expression:
        if self.build is not None:
            return self.build(context)
        expression = self.expression if self.expression is not None else name
        return F(expression) if isinstance(expression, str) else expression


class Resource:
    """Base for API resource shapes. Subclasses set `type` and class attributes that are `Attr`s."""

    type: ClassVar[str]
    id_field: ClassVar[str] = "api_id"
    attributes: ClassVar[dict[str, Attr]]
    # The attributes of one record as the published document shows them: the OpenAPI examples, checked against real
    # responses.
    example: ClassVar[dict[str, Any]] = {}
    example_id: ClassVar[str] = "cd3a1234-7308-4879-942a-c4a70ced400a"

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        found = {}
        for base in reversed(cls.__mro__):
            for name, value in vars(base).items():
                if isinstance(value, Attr):
                    found[value.published_name or name] = value
        cls.attributes = found

    @classmethod
    def document(cls, context: Context) -> Expression:
        return JSONBuildObject(
            id=Cast(cls.id_field, TextField()),
            type=Value(cls.type),
            attributes=JSONBuildObject(**{name: attr.resolve(name, context) for name, attr in cls.attributes.items()}),
        )

    # -- rendering -------------------------------------------------------------------------------------------
    @classmethod
    def _sql(cls, queryset: QuerySet, context: Context, with_key: bool = False) -> tuple[str, tuple]:
        """The SELECT of each row's document (`_doc`), and with `with_key` its primary key (`_pk`) before it."""
        rows = queryset.annotate(_doc=cls.document(context))
        rows = rows.annotate(_pk=F("pk")).values_list("_pk", "_doc") if with_key else rows.values_list("_doc")
        return rows.query.sql_with_params()

    @classmethod
    def render_list(cls, queryset: QuerySet, context: Context, documents: QuerySet | None = None) -> RenderedPage:
        """`{"data": [...]}` for the (already filtered, ordered and sliced) queryset, in one query, with its number of
        rows and the sort values of its last row (for config/api/continuation.py). `documents` is where the rows'
        documents are built from (the list's unfiltered queryset, with the annotations its documents read).

        The page's keys are chosen first, by the list's own filtered and ordered queryset reduced to its primary key
        and sort values (an index walk); the documents are then built for those keys only, in their order. So the
        per-row work of a document never runs for a row that is not on the page (docs/lead-provider-api.md,
        "Paging")."""
        if queryset.query.is_empty():
            return RenderedPage('{"data":[]}', 0, None)
        order_by = [name for name in queryset.query.order_by if isinstance(name, str)]
        sort = {f"_sort{i}": F(name.lstrip("-")) for i, name in enumerate(order_by)}
        position = ", ".join(f"_sort{i} {'DESC' if name.startswith('-') else 'ASC'}" for i, name in enumerate(order_by))
        try:
            keys = queryset.annotate(_pk=F("pk"), **sort).values_list("_pk", *sort)
            keys_sql, keys_params = keys.query.sql_with_params()
            if documents is None:
                documents = queryset.model._base_manager.all()
            docs = documents.filter(pk__in=RawSQL("SELECT _key._pk FROM _key", ()))
            docs_sql, docs_params = cls._sql(docs.order_by(), context, with_key=True)
        except EmptyResultSet:  # e.g. a filter that names nothing, such as `IN ()`
            return RenderedPage('{"data":[]}', 0, None)
        last = f"json_build_array({', '.join(sort)})" if sort else "NULL"
        with connection.cursor() as cursor:
            cursor.execute(
                f"WITH _key AS MATERIALIZED (SELECT *, row_number() OVER ({'ORDER BY ' + position if sort else ''})"
                f" AS _position FROM ({keys_sql}) _keys)"
                " SELECT COALESCE(json_agg(_page._doc ORDER BY _key._position), '[]')::text, count(*),"
                f" (SELECT {last}::text FROM _key ORDER BY _position DESC LIMIT 1)"
                f" FROM _key JOIN ({docs_sql}) _page ON _page._pk = _key._pk",
                (*keys_params, *docs_params),
            )
            body, rows, last_row = cursor.fetchone()
        return RenderedPage('{"data":' + body + "}", rows, None if last_row is None else json.loads(last_row))

    @classmethod
    def documents(cls, queryset: QuerySet) -> QuerySet:
        """Each row's document as JSON text (`document`), for a query built once and run for many requests
        (config.db.BuiltOnce): only a resource whose document reads nothing of the request (no `build`)."""
        if any(attr.build is not None for attr in cls.attributes.values()):
            raise TypeError(f"{cls.__name__}'s document depends on the request")
        return queryset.annotate(document=Cast(cls.document({}), _TEXT)).values("document")

    @staticmethod
    def one(document: str) -> str:
        """The body of a response with one document."""
        return '{"data":' + document + "}"

    @classmethod
    def render_one(cls, queryset: QuerySet, context: Context) -> str | None:
        """`{"data": {...}}` for the first row of the queryset, or None when there is none."""
        if queryset.query.is_empty():
            return None
        try:
            sql, params = cls._sql(queryset[:1], context)
        except EmptyResultSet:
            return None
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT _one._doc::text FROM ({sql}) _one", params)
            row = cursor.fetchone()
        return None if row is None else cls.one(row[0])

    # -- documentation ---------------------------------------------------------------------------------------
    @classmethod
    def schema_serializers(cls) -> tuple[type[serializers.Serializer], type[serializers.Serializer]]:
        """(single, list) DRF serializers describing the documents, for the OpenAPI document only (built once
        per resource, so every endpoint refers to the same components)."""
        if cls not in _SCHEMA_SERIALIZERS:
            _SCHEMA_SERIALIZERS[cls] = cls._build_schema_serializers()
        return _SCHEMA_SERIALIZERS[cls]

    @classmethod
    def _build_schema_serializers(cls):
        base = "".join(part.capitalize() for part in cls.type.split("-"))
        attributes = type(
            f"{base}Attributes",
            (serializers.Serializer,),
            {name: attr.schema for name, attr in cls.attributes.items()},
        )
        item = type(
            base,
            (serializers.Serializer,),
            {
                "id": serializers.UUIDField(),
                "type": serializers.ChoiceField(choices=[cls.type]),
                "attributes": attributes(),
            },
        )
        single = type(f"{base}Response", (serializers.Serializer,), {"data": item()})
        # The list document is itself an object ({"data": [...]}), never an array of them.
        many = extend_schema_serializer(many=False)(
            type(f"{base}sResponse", (serializers.Serializer,), {"data": item(many=True)})
        )
        return single, many

    @classmethod
    def example_document(cls) -> dict[str, Any]:
        return {"id": cls.example_id, "type": cls.type, "attributes": cls.example}
