"""A register's CSV written by PostgreSQL itself (`COPY (SELECT ...) TO STDOUT`), for the files the
background jobs and the audit pack write.

The database formats each column the way `reports.exports` does in Python (people by name, choice
labels, Yes/No, ISO dates, local times to the second, numbers without trailing zeros, every text made
inert against spreadsheet formulas, every field quoted), so both give the same bytes; a test holds
them to it. Formatting in the database writes a million rows in seconds, where reading them into
Python takes most of a minute. A register with a column the database cannot format (a value loaded
per chunk, a Python function) and every database but PostgreSQL use the Python writer.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from django.contrib.auth import get_user_model
from django.core.exceptions import EmptyResultSet
from django.db import connections, models, transaction
from django.db.models import Case, F, Func, QuerySet, Value, When
from django.db.models.expressions import Expression
from django.db.models.functions import Cast, Coalesce, Concat, NullIf, Trim
from django.utils import timezone
from django.utils.translation import gettext

from core.formulas import FORMULA_SIGNS, LEADING_SPACES, SEPARATORS
from reports.registry import Accessor, Computed, Display, Extra, Register, field_path

TEXT = models.TextField()
# core.formulas' pattern for PostgreSQL's regular expressions: the same characters, with the minus
# sign last in its bracket (where it needs no escape).
_SIGNS = FORMULA_SIGNS.replace("\\-", "") + "-"
INERT_PATTERN = f"(^|[{SEPARATORS}])([{LEADING_SPACES}]*)([{_SIGNS}])"
_ZONE_NAME = re.compile(r"^[A-Za-z0-9_+\-/]+$")


class Inert(Func):
    """The text with an apostrophe before every sign that would start a formula (core.formulas.inert)."""

    function = "regexp_replace"
    output_field = TEXT

    def __init__(self, expression):
        super().__init__(expression, Value(INERT_PATTERN), Value("\\1\\2'\\3"), Value("g"))


class _Decimal(Func):
    """A decimal without trailing zeros, as text."""

    template = "(trim_scale(%(expressions)s))::text"
    output_field = TEXT


class _Date(Func):
    template = "to_char(%(expressions)s, 'YYYY-MM-DD')"
    output_field = TEXT


class _LocalTime(Func):
    """The time in the site's zone to the second, without its offset (what spreadsheets read)."""

    output_field = TEXT

    def __init__(self, expression, zone: str):
        if not _ZONE_NAME.match(zone):
            raise ValueError(f"unexpected time zone name {zone!r}")
        template = f"to_char((%(expressions)s) AT TIME ZONE '{zone}', 'YYYY-MM-DD\"T\"HH24:MI:SS')"
        super().__init__(expression, template=template)


def _text(expression) -> Expression:
    return Inert(Coalesce(expression, Value(""), output_field=TEXT))


def _plain(expression) -> Expression:
    return Coalesce(expression, Value(""), output_field=TEXT)


def _person(path: str) -> Expression:
    full = Trim(Concat(F(f"{path}__first_name"), Value(" "), F(f"{path}__last_name"), output_field=TEXT))
    return _text(Coalesce(NullIf(full, Value("")), F(f"{path}__username"), output_field=TEXT))


def _field(field, path: str, zone: str) -> Expression | None:
    """The SQL text of one field as reports.exports writes its value; None when there is no such."""
    value = F(path)
    if isinstance(field, models.BooleanField):
        yes, no = Value(gettext("Yes")), Value(gettext("No"))
        yes_no = Case(When(**{path: True}, then=yes), When(**{path: False}, then=no))
        return _text(yes_no)
    if isinstance(field, models.CharField | models.TextField):
        return _text(value)
    if isinstance(field, models.DateTimeField):
        return _plain(_LocalTime(value, zone))
    if isinstance(field, models.DateField):
        return _plain(_Date(value))
    if isinstance(field, models.DecimalField):
        return _plain(_Decimal(value))
    if isinstance(field, models.IntegerField | models.AutoField | models.BigAutoField):
        return _plain(Cast(value, TEXT))
    return None


def _column(model, accessor: Accessor, annotations, zone: str) -> Expression | None:
    if isinstance(accessor, Display):
        field = field_path(model, accessor.attribute)
        if field is None:
            return None
        path = accessor.attribute
        whens = [When(**{path: value}, then=Value(str(label))) for value, label in field.flatchoices]
        return _text(Case(*whens, default=Cast(F(path), TEXT), output_field=TEXT))
    if isinstance(accessor, Computed | Extra):
        return _text(accessor.sql()) if accessor.sql is not None else None
    if callable(accessor) or not isinstance(accessor, str):
        return None
    path = accessor.replace(".", "__")
    if path in annotations:
        return _field(annotations[path].output_field, path, zone)
    field = field_path(model, path)
    if field is None or field.many_to_many or field.one_to_many:
        return None
    if field.is_relation:
        return _person(path) if field.related_model is get_user_model() else None
    return _field(field, path, zone)


def select(register: Register, queryset: QuerySet, columns: Sequence | None = None) -> QuerySet | None:
    """The queryset giving each row as the CSV's text cells, or None when a column needs Python."""
    zone = timezone.get_current_timezone_name()
    expressions = []
    for _, accessor in columns or register.columns:
        expression = _column(queryset.model, accessor, queryset.query.annotations, zone)
        if expression is None:
            return None
        expressions.append(expression)
    names = [f"csv_cell_{i}" for i in range(len(expressions))]
    return queryset.annotate(**dict(zip(names, expressions, strict=True))).values_list(*names)


class _Sink:
    """What COPY writes into (a row a call): bytes gathered and handed on to `write` a batch at a time."""

    BATCH_BYTES = 256 * 1024

    def __init__(self, write: Callable[[bytes], object]):
        self._write = write
        self._batch = bytearray()

    def write(self, data) -> int:
        self._batch += data.encode("utf-8") if isinstance(data, str) else data
        if len(self._batch) >= self.BATCH_BYTES:
            self.flush()
        return len(data)

    def flush(self) -> None:
        if self._batch:
            self._write(bytes(self._batch))
            self._batch.clear()


def copy_rows(
    register: Register,
    queryset,
    write: Callable[[bytes], object],
    *,
    header_line: bytes = b"",
    columns: Sequence | None = None,
) -> int | None:
    """Write `header_line`, then the register's rows as CSV through the database; the number of rows,
    or None when this database or one of the columns needs the Python writer (nothing is written)."""
    if not isinstance(queryset, QuerySet):
        return None
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        return None
    cells = select(register, queryset, columns)
    if cells is None:
        return None
    write(header_line)
    try:
        sql, params = cells.query.get_compiler(using=cells.db).as_sql()
    except EmptyResultSet:  # a filter that can match nothing (an empty list of ids)
        return 0
    # A big export's plan is costly enough to be compiled first (JIT), which takes longer than the
    # simple per-row work it would speed up (a fifth of an evidence export): off for this statement's
    # transaction.
    with transaction.atomic(using=queryset.db), connection.cursor() as cursor:
        raw = cursor.cursor
        statement = raw.mogrify(sql, params).decode()
        raw.execute("SET LOCAL jit = off")
        sink = _Sink(write)
        raw.copy_expert(f"COPY ({statement}) TO STDOUT WITH (FORMAT csv, FORCE_QUOTE *)", sink)
        sink.flush()
        return raw.rowcount
