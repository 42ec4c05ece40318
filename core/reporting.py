"""What an app declares about its own records for the report centre: export registers and audit-pack
sections. Each app writes them in its `reporting.py` (found at start-up, like `checks.py`), so a new
field is added to its export and its pack section in the app's own folder.

A register names its rows (a selector), the FilterSet of its list page (so an export keeps the
list's filters), its columns as (header, accessor) pairs and the view permission that guards it.
An accessor is a dotted attribute path ("owner", "edition.name") or a callable taking the row.

A pack section is a function (period, as_of, limit) -> dict that its own template renders, registered
with `@section(...)`. `as_of` is None for live data, or the moment whose state the pack shows
(read from the history tables through core.pointintime). `limit` bounds the rows of each big list
(the web page and the PDF show the first rows and the total; the ZIP's tables carry them all).
A section may list files for the ZIP under "files" (PackFile rows, or a function giving them) and
tables for the ZIP's register folder under "tables" (PackTable).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Model, QuerySet
from django.utils.translation import gettext

from core.formatting import date_text
from core.pointintime import end_of_day

Accessor = str | Callable[[Model], object]


@dataclass(frozen=True)
class Display:
    """A choices field shown by its label; read in SQL as the stored value, then looked up."""

    attribute: str

    def __call__(self, obj: Model) -> str:
        return getattr(obj, f"get_{self.attribute}_display")()


@dataclass(frozen=True)
class Computed:
    """A column combined from several fields of the row (`paths`, ORM lookups read in SQL). `sql`, when
    given, builds the same text as a database expression, so the database can write the CSV itself
    (reports.copycsv)."""

    paths: tuple[str, ...]
    combine: Callable[..., object]
    sql: Callable[[], Any] | None = None

    def __call__(self, obj: Model) -> object:
        values = []
        for path in self.paths:
            value: object = obj
            for part in path.split("__"):
                value = getattr(value, part, None) if value is not None else None
            values.append(value)
        return self.combine(*values)


@dataclass(frozen=True)
class Extra:
    """A column loaded for a chunk of rows by the register's `per_chunk` (e.g. a list of codes)."""

    name: str
    combine: Callable[[object], object] = lambda value: value
    # What a row the chunk loader gave nothing for holds (no codes, no files).
    default: object = ()
    # The same text as a database expression of the row (see Computed.sql).
    sql: Callable[[], Any] | None = None

    def __call__(self, obj: Model) -> object:
        return self.combine(getattr(obj, self.name, self.default))


@dataclass(frozen=True)
class Register:
    """One exportable register."""

    name: str
    label: str
    permission: str
    rows: Callable[[], QuerySet]
    columns: Sequence[tuple[str, Accessor]]
    filterset_class: type | None = None
    # True for a list page built on django-filter's FilterView: an invalid filter shows no row.
    # False for the pages that drop an invalid filter and show the rest.
    strict: bool = True
    # What the list page does before its FilterSet (e.g. the active/archived toggle of a register).
    scope: Callable[[QuerySet, Mapping], QuerySet] | None = None
    # Rows as they stood at a moment, for the point-in-time view; None: not offered.
    rows_as_of: Callable[[datetime.datetime], Sequence[Model]] | None = None
    # Loads what the Extra columns need for one chunk of live rows, in a query or two: given the
    # primary keys, {extra name: {pk: value}} (prefetch_related costs ~0.5 ms a row in Django
    # itself, which dominates a 100,000-row export).
    per_chunk: Callable[[list[int]], dict[str, dict]] | None = None
    # The columns history can tell (stored figures are not kept in it); None: the same columns.
    columns_as_of: Sequence[tuple[str, Accessor]] | None = None
    description: str = ""

    @property
    def past_columns(self) -> Sequence[tuple[str, Accessor]]:
        return self.columns_as_of or self.columns


REGISTERS: dict[str, Register] = {}


def register(entry: Register) -> Register:
    """Add a register to the report centre (its exports and, if it has rows_as_of, its past views)."""
    REGISTERS[entry.name] = entry
    return entry


def display(attribute: str) -> Display:
    """An accessor for a choices field's label (get_<field>_display)."""
    return Display(attribute)


def joined(values: Iterable) -> str:
    """Several values in one cell, separated by semicolons."""
    return "; ".join(str(v) for v in values)


def joined_sql(model: type[Model], outer: str, value: str, *order_by: str) -> Any:
    """What `joined` makes of the `value`s of the `model` rows whose `outer` field is the row, in that
    order, as a database expression (PostgreSQL): an Extra column's `sql`."""
    from django.contrib.postgres.aggregates import StringAgg
    from django.db.models import OuterRef, Subquery, TextField

    rows = (
        model._default_manager.filter(**{outer: OuterRef("pk")})
        .order_by()
        .values(outer)
        .annotate(joined=StringAgg(value, "; ", order_by=order_by))
        .values("joined")
    )
    return Subquery(rows, output_field=TextField())


def _year_before(day: datetime.date) -> datetime.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


@dataclass(frozen=True)
class Period:
    """The dates an audit pack covers, both days included."""

    start: datetime.date
    end: datetime.date

    @classmethod
    def last_twelve_months(cls, today: datetime.date) -> Period:
        return cls(start=_year_before(today) + datetime.timedelta(days=1), end=today)

    @property
    def start_at(self) -> datetime.datetime:
        return end_of_day(self.start - datetime.timedelta(days=1))

    @property
    def end_at(self) -> datetime.datetime:
        return end_of_day(self.end)

    def __str__(self) -> str:
        return gettext("%(start)s to %(end)s") % {"start": date_text(self.start), "end": date_text(self.end)}


@dataclass(frozen=True)
class PackFile:
    """A file the ZIP carries: where it goes, the stored file (or a function that renders its bytes),
    and the record it belongs to."""

    path_in_zip: str
    storage_file: object
    record_label: str
    render: Callable[[], bytes] | None = None
    # The SHA-256 recorded at upload and the attachment's id, so packing verifies the bytes it copies.
    sha256: str = ""
    attachment_id: int | None = None


@dataclass(frozen=True)
class PackTable:
    """A table the ZIP carries as CSV and XLSX under registers/: either a declared register (by name,
    with the rows the pack covers, default all) or its own header and rows. Rows are read once, while
    the file is written, so a big register streams."""

    name: str
    label: str
    register: str = ""
    queryset: Callable[[], QuerySet] | None = None
    header: Sequence[str] = ()
    rows: Callable[[], Iterable[Sequence[object]]] | None = None
    # Also as a workbook (up to the packaging's row limit); the history extract is CSV only.
    xlsx: bool = True


@dataclass(frozen=True)
class Act:
    """Something top management itself did: approved, signed, decided, assigned; with who and when."""

    when: datetime.datetime | datetime.date
    person: object
    kind: str
    what: str


# Functions (period, limit) -> (acts, total) that the apps register with @acts.
ACT_SOURCES: list[Callable[[Period, int | None], tuple[list[Act], int]]] = []


def acts(source):
    """Register a source of top management's acts for the audit pack."""
    ACT_SOURCES.append(source)
    return source


def bounded(queryset: QuerySet, limit: int | None) -> tuple[list, int]:
    """The first `limit` rows of a queryset (all when None) and how many there are in all: two queries
    whatever the number of rows, so a page's query count does not depend on its data."""
    if limit is None:
        rows = list(queryset)
        return rows, len(rows)
    return list(queryset[:limit]), queryset.count()


def open_during(
    queryset: QuerySet, period: Period, *, open_statuses: Sequence[str], closed_on: str
) -> QuerySet:
    """Tracked actions that were open at any moment of the period, whatever their due date: recorded by
    its end (the first history row) and not closed before its start (completion date, or the last
    change of a cancelled one)."""
    from django.db.models import Max, Min, OuterRef, Q, Subquery

    past = queryset.model.history.model.objects.filter(id=OuterRef("pk")).order_by()
    created = Subquery(past.values("id").annotate(first=Min("history_date")).values("first")[:1])
    changed = Subquery(past.values("id").annotate(last=Max("history_date")).values("last")[:1])
    return (
        queryset.annotate(recorded_at=created, last_changed_at=changed)
        .filter(recorded_at__lte=period.end_at)
        .filter(
            Q(status__in=open_statuses)
            | Q(**{f"{closed_on}__gte": period.start})
            | Q(**{f"{closed_on}__isnull": True}, last_changed_at__gt=period.start_at)
        )
    )


@dataclass(frozen=True)
class Section:
    """One part of the audit pack."""

    key: str
    title: str
    build: Callable[[Period, datetime.datetime | None, int | None], dict]
    template: str
    permission: str
    order: int
    clause: str = ""


SECTIONS: list[Section] = []


def section(key: str, title: str, *, permission: str, order: int, clause: str = ""):
    """Register a section builder; its template is <app>/pack/_<key>.html, found by the template loader
    as reports/pack/_<key>.html. Sections are shown by `order`."""

    def decorator(build):
        entry = Section(key, title, build, f"reports/pack/_{key}.html", permission, order, clause)
        SECTIONS[:] = sorted([s for s in SECTIONS if s.key != key] + [entry], key=lambda s: s.order)
        return build

    return decorator


@dataclass
class Page:
    """A bounded slice of a big list for the pack's web page: the first rows, the total, a link to all."""

    rows: list
    total: int
    link: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def truncated(self) -> bool:
        return self.total > len(self.rows)
