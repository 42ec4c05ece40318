"""The one list mechanism: filter (a FilterSet), sort (a whitelist), keyset pagination, bounded count.

Every list page of the product is a `ListPageView`. Its query string carries everything a person
may want to share: the filters, `?archived=only|all` (see core/filters.py), `?sort=<key>` or
`?sort=-<key>`, and the position: `?after=<cursor>`, `?before=<cursor>` or `?last=1`.

Pages are found by seeking, never by OFFSET: the cursor holds the sort values of the row at the
edge of the page, and the next page is "the rows after it" in the sort order, which an index on
the sort columns (with the primary key as the unique tie-break) answers by reading just one page,
whether the page is the first or the ten-thousandth. The number of matches is counted only up
to `count_limit` ("10,000+"), so no request counts a whole table.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import decimal
import json
from dataclasses import dataclass, field

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.db.models import Expression, F, Func, IntegerField, Q, QuerySet, Subquery
from django.views.generic import TemplateView
from django.views.generic.detail import BaseDetailView

from core.formatting import number_text

CURSOR_PARAMS = ("after", "before", "last")


@dataclass(frozen=True)
class Sort:
    """One offered sort: a label and the columns (field paths or expressions) it orders by, ascending.

    The primary key is appended as the unique tie-break. Keep each column NOT NULL (wrap a nullable
    one in Coalesce) and give the model an index on exactly these columns plus "id", so that
    both directions and every page are read straight from the index.
    """

    label: str
    columns: tuple[str | Expression, ...]


@dataclass
class Page:
    """One page of a list: its rows and the links to the pages around it (as query-string values)."""

    rows: list
    size: int
    count: int
    count_limit: int
    has_next: bool
    has_previous: bool
    next_cursor: str = ""
    previous_cursor: str = ""
    is_first: bool = True
    is_last: bool = False
    params: dict = field(default_factory=dict)

    @property
    def count_is_bounded(self) -> bool:
        return self.count > self.count_limit

    @property
    def count_text(self) -> str:
        if self.count_is_bounded:
            return f"{number_text(self.count_limit)}+"
        return number_text(self.count)

    def __iter__(self):
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def __bool__(self) -> bool:
        return bool(self.rows)


def _encode_value(value):
    if isinstance(value, datetime.datetime):
        return {"t": value.isoformat()}
    if isinstance(value, datetime.date):
        return {"d": value.isoformat()}
    if isinstance(value, decimal.Decimal):
        return {"n": str(value)}
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def _decode_value(value):
    if isinstance(value, dict) and len(value) == 1:
        ((kind, text),) = value.items()
        parse = {
            "t": datetime.datetime.fromisoformat,
            "d": datetime.date.fromisoformat,
            "n": decimal.Decimal,
        }.get(kind)
        if parse is None or not isinstance(text, str):
            raise ValueError("unknown cursor value")
        return parse(text)
    if isinstance(value, list | dict):
        raise ValueError("unknown cursor value")
    return value


def encode_cursor(values: list) -> str:
    """The sort values of a row, as a short URL-safe string."""
    raw = json.dumps([_encode_value(v) for v in values], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, length: int) -> list | None:
    """The values back, or None for a cursor that is damaged or belongs to another sort."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(raw)
        if not isinstance(values, list) or len(values) != length:
            return None
        return [_decode_value(v) for v in values]
    except (ValueError, TypeError, binascii.Error, json.JSONDecodeError, decimal.InvalidOperation):
        return None


def count_of(related: QuerySet) -> Subquery:
    """The number of `related` rows (correlated with OuterRef) as a column, counted per shown row only.

    A GROUP BY over the whole list would aggregate every row before the page is cut; this scalar
    subquery runs only for the rows of the page.
    """
    counted = related.order_by().values(n=Func("pk", function="COUNT", output_field=IntegerField()))
    return Subquery(counted[:1], output_field=IntegerField())


def seek(names: list[str], descending: bool, values: list) -> Q:
    """Rows strictly after `values` in the order of `names` (all in one direction).

    The redundant bound on the first column lets the database start its index scan at the cursor.
    """
    op = "lt" if descending else "gt"
    condition = Q()
    for i, name in enumerate(names):
        step = Q(**{f"{n}": v for n, v in zip(names[:i], values[:i], strict=True)})
        step &= Q(**{f"{name}__{op}": values[i]})
        condition |= step
    return Q(**{f"{names[0]}__{op}e": values[0]}) & condition


def paginate(
    queryset: QuerySet,
    columns: tuple[str | Expression, ...],
    *,
    descending: bool,
    params,
    size: int,
    count_limit: int,
    prefix: str = "",
) -> Page:
    """The page of `queryset` that the query-string `params` ask for, seeking on `columns` + pk."""
    names = [f"_seek{i}" for i in range(len(columns) + 1)]
    annotations = {
        name: (F(column) if isinstance(column, str) else column)
        for name, column in zip(names, [*columns, "pk"], strict=True)
    }
    seekable = queryset.annotate(**annotations)
    after, before = params.get(f"{prefix}after", ""), params.get(f"{prefix}before", "")
    last = params.get(f"{prefix}last") == "1"
    backwards = bool(before) or last
    cursor = decode_cursor(after or before, len(names)) if (after or before) else None
    if (after or before) and cursor is None:
        backwards = False  # a damaged link opens the first page rather than an error
    direction_desc = descending != backwards
    if cursor is not None:
        seekable = seekable.filter(seek(names, direction_desc, cursor))
    ordering = [F(name).desc() if direction_desc else F(name).asc() for name in names]
    window = list(seekable.order_by(*ordering)[: size + 1])
    more = len(window) > size
    rows = window[:size]
    if backwards:
        rows.reverse()
    count = queryset.order_by().values("pk")[: count_limit + 1].count()
    at_start = cursor is None and not backwards
    at_end = last
    page = Page(
        rows=rows,
        size=size,
        count=count,
        count_limit=count_limit,
        has_next=(not backwards and more) or (backwards and not at_end and bool(rows)),
        has_previous=(backwards and more) or (not backwards and not at_start),
        is_first=at_start,
        is_last=at_end or (not backwards and not more),
    )
    if rows:
        page.next_cursor = encode_cursor([getattr(rows[-1], n) for n in names])
        page.previous_cursor = encode_cursor([getattr(rows[0], n) for n in names])
    if backwards and not more:
        page.has_previous = False
        page.is_first = True
    return page


class ListPageView(PermissionRequiredMixin, TemplateView):
    """A list page: `filterset_class` filters, `sorts` sort, keyset pages of `paginate_by` rows.

    Subclasses set `permission_required`, `template_name`, `filterset_class` (from the app's
    filters.py; None for a list without filters), `sorts` and `default_sort`, and implement
    `get_base_queryset()` (a selector). The template gets `page` (iterate it for the rows),
    `filter`, `sort`, `sorts` and `context_object_name`; it includes "partials/_pagination.html"
    and uses `{% sort_header key %}` for its sortable columns.
    """

    filterset_class = None
    sorts: dict[str, Sort] = {}
    default_sort = ""
    paginate_by = 25
    count_limit = 10_000
    # A text search (`?q=`) is checked row by row, so its count stops sooner ("1,000+").
    search_count_limit = 1_000
    context_object_name = "rows"

    def get_base_queryset(self) -> QuerySet:
        raise NotImplementedError

    def get_sort(self) -> str:
        wanted = self.request.GET.get("sort", "")
        return wanted if wanted.lstrip("-") in self.sorts else self.default_sort

    def get_filterset(self, queryset: QuerySet):
        if self.filterset_class is None:
            return None
        return self.filterset_class(self.request.GET, queryset=queryset, request=self.request)

    def get_filtered_queryset(self) -> QuerySet:
        queryset = self.get_base_queryset()
        self.filterset = self.get_filterset(queryset)
        return self.filterset.qs if self.filterset is not None else queryset

    def get_page(self) -> Page:
        sort = self.get_sort()
        return paginate(
            self.get_filtered_queryset(),
            self.sorts[sort.lstrip("-")].columns,
            descending=sort.startswith("-"),
            params=self.request.GET,
            size=self.paginate_by,
            count_limit=self.search_count_limit
            if self.request.GET.get("q", "").strip()
            else self.count_limit,
        )

    def get_context_data(self, **kwargs):
        page = self.get_page()
        return super().get_context_data(
            page=page,
            filter=self.filterset,
            sort=self.get_sort(),
            sorts=self.sorts,
            **{self.context_object_name: page},
            **kwargs,
        )


def page_kind(view_class) -> str | None:
    """'lists' for a page of this mechanism, 'details' for a detail page, else None.

    The query-count guard (tests/test_page_queries.py) and benchmarks/pages.py find the pages they
    measure with it. A detail view that answers with a file sets `serves_file = True`.
    """
    if view_class is None:
        return None
    if issubclass(view_class, ListPageView):
        return "lists"
    if issubclass(view_class, BaseDetailView) and not getattr(view_class, "serves_file", False):
        return "details"
    return None
