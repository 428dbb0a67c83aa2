"""Lists whose later pages cost what page 1 costs (docs/lead-provider-api.md, "Paging").

Both APIs page by number, and a page counted from the start of a list (`OFFSET`) costs more the later it is: a client
that reads every page does work that grows with the square of the list. So when a page is served, where it ended (the
sort values of its last row, the unique tie-breaker last) is kept in PostgreSQL for that client and that exact list
(its path, filters, sort and page size); when the same client asks for the next page of the same list, the page starts
right after that row (`WHERE (created_at, id) > (...)`, an index seek), which is what counting would give while nothing
changes, and never skips or repeats a row when something does. A page requested out of turn, by another client, or
after API_PAGE_CONTINUATION_SECONDS is counted from the start as before: the answer is the same, only slower.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.db.models import F, Q, QuerySet
from django.db.models.fields.tuple_lookups import Tuple, TupleGreaterThan, TupleLessThan
from django.utils import timezone

from config.models import ApiPageBookmark

_table = ApiPageBookmark._meta.db_table
_REMEMBER = (
    f"WITH expired AS (DELETE FROM {_table} WHERE %s AND created_at < %s) "
    f"INSERT INTO {_table} (client, query, page, last, created_at) VALUES (%s, %s, %s, %s, %s) "
    "ON CONFLICT (client, query, page) DO UPDATE SET last = EXCLUDED.last, created_at = EXCLUDED.created_at"
)


def sort_keys(queryset: QuerySet) -> list[str] | None:
    """The names a list is ordered by, when a page can start after a row: plain names, the last of them the unique
    id. None otherwise (an unordered list, or one ordered by an expression)."""
    order_by = queryset.query.order_by
    if not order_by or not all(isinstance(name, str) for name in order_by):
        return None
    if order_by[-1].lstrip("-") not in ("pk", "id"):
        return None
    return list(order_by)


def _after(keys: list[str], values: list) -> Q:
    """The rows that come after the one with these sort values. In one direction, a row comparison, which an index in
    that order answers with a seek; otherwise each name in turn, with a bound on the first that an index can seek."""
    names = [name.lstrip("-") for name in keys]
    descending = [name.startswith("-") for name in keys]
    if len(set(descending)) == 1:
        after = TupleLessThan if descending[0] else TupleGreaterThan
        return Q(after(Tuple(*(F(name) for name in names)), values))
    condition = Q()
    for name, down, value in reversed(list(zip(names, descending, values, strict=True))):
        beyond = Q(**{f"{name}__{'lt' if down else 'gt'}": value})
        condition = beyond if not condition else beyond | Q(**{name: value}) & condition
    return Q(**{f"{names[0]}__{'lte' if descending[0] else 'gte'}": values[0]}) & condition


def row_values(row, keys: list[str]) -> list:
    """The sort values of a model instance, for `Continuation.remember` when the page was read as objects."""
    return [getattr(row, "pk" if name.lstrip("-") == "pk" else name.lstrip("-")) for name in keys]


class Continuation:
    """One list request: which page of which list, for which client."""

    def __init__(self, request, *, page: int, per_page: int, page_param: str):
        token = getattr(request, "auth", None)
        self.client = getattr(token, "hashed_token", None)
        self.page = page
        self.per_page = per_page
        # Everything in the request that decides the list's rows and order, but the page number.
        params = sorted((k, v) for k, values in request.GET.lists() for v in values if k != page_param)
        described = json.dumps(
            [request.path, params, per_page, request.META.get("HTTP_X_WITH_SERVER_DATE", "")], ensure_ascii=True
        )
        self.query = hashlib.sha256(described.encode()).hexdigest()

    def after_previous_page(self, queryset: QuerySet) -> QuerySet | None:
        """The list from just after the last row of this client's previous page of it, or None when that is not known
        (page 1, another client, out of turn, expired, or an order that cannot seek)."""
        keys = sort_keys(queryset)
        if self.page == 1 or self.client is None or keys is None:
            return None
        since = timezone.now() - dt.timedelta(seconds=settings.API_PAGE_CONTINUATION_SECONDS)
        last = (
            ApiPageBookmark.objects.filter(
                client=self.client, query=self.query, page=self.page - 1, created_at__gte=since
            )
            .values_list("last", flat=True)
            .first()
        )
        if last is None or len(last) != len(keys):
            return None
        return queryset.filter(_after(keys, last))

    def remember(self, queryset: QuerySet, rows: int, last: list | None) -> None:
        """Keeps where a full page ended, so the next one can start there; expired bookmarks go when a list is read
        from its first page."""
        if self.client is None or last is None or None in last or rows < self.per_page or sort_keys(queryset) is None:
            return  # a null sort value has no place in a row comparison: the next page is counted
        now = timezone.now()
        since = now - dt.timedelta(seconds=settings.API_PAGE_CONTINUATION_SECONDS)
        with connection.cursor() as cursor:
            cursor.execute(
                _REMEMBER,
                [
                    self.page == 1,
                    since,
                    self.client,
                    self.query,
                    self.page,
                    json.dumps(last, cls=DjangoJSONEncoder),
                    now,
                ],
            )
