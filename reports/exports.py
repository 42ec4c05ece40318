"""Streamed exports of a register: CSV row by row, XLSX through a write-only workbook on disk.

Neither holds the data set in memory. A register whose columns are all fields, choices,
people, `Computed` or `Extra` columns is read as plain value tuples (`values_list`, chunked),
never as model instances, which keeps a CSV export above 100,000 rows a second; any other
register is read as instances in chunks. Every text cell is made inert against spreadsheet
formulas (core.formulas) and every CSV field is quoted. An export too big to finish while the
person waits runs as a background job (core.jobs) and lands under "My downloads".
"""

from __future__ import annotations

import datetime
import io
import itertools
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import connections, models
from django.db.models import Model, QuerySet
from django.http import FileResponse, QueryDict, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy
from django.utils.translation import gettext as _

from core import jobs
from core.formatting import number_text
from core.formulas import csv_writer, inert, sign_after
from core.iterables import chunked
from reports import copycsv, xlsx
from reports.registry import Accessor, Computed, Display, Extra, Register, field_path

CHUNK_SIZE = 2000
# Stays in memory below this size, then spills to disk.
SPOOL_BYTES = 4 * 1024 * 1024
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"
# Rows a second each format reaches at least (benchmarks/export_large.py), and how long a person
# may wait for a file: a bigger export becomes a background job.
ROWS_PER_SECOND = {"csv": 100_000, "xlsx": 20_000}
WAIT_SECONDS = 10
# What decides how long an export takes is its cells, rows times columns. The slowest register of
# each format, written whole: the evidence on SQLite, whose codes and files are loaded a chunk at a
# time there (CSV 260,000 cells a second, XLSX 180,000; PostgreSQL makes 690,000 and 300,000 of
# it, and 220,000 of its slowest XLSX, the million measurements). These figures leave about a third
# to spare.
CELLS_PER_SECOND = {"csv": 200_000, "xlsx": 120_000}


# --- cell values --------------------------------------------------------------------------------


def read(obj: Model, accessor: Accessor) -> object:
    """The raw value of one column of a row."""
    if callable(accessor):
        return accessor(obj)
    value: object = obj
    for part in accessor.split("."):
        value = getattr(value, part, None) if value is not None else None
    return value


def cell(value: object) -> object:
    """A value a spreadsheet understands: people by name, aware times in local time, dates kept."""
    if value is None:
        return ""
    if isinstance(value, get_user_model()):
        return value.get_full_name() or value.username
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime.datetime):
        return _local(value)
    if isinstance(value, datetime.date | int | float | Decimal):
        return value
    return str(value)


def _local(value: datetime.datetime | None, zone: datetime.tzinfo | None = None):
    """The time in the local zone without its offset (spreadsheets know no zones); `zone` saves looking
    the current one up for every row of a long export."""
    if value is None:
        return ""
    if not timezone.is_aware(value):
        return value
    return value.astimezone(zone or timezone.get_current_timezone()).replace(tzinfo=None)


def _person(first: str | None, last: str | None, username: str | None) -> str:
    if username is None:
        return ""
    return f"{first} {last}".strip() or username


# --- reading rows ---------------------------------------------------------------------------------

# A column of a chunk read as value tuples: given the chunk's values by queried path (one tuple each,
# in the order of `paths`) and what the register's per_chunk loaded for it, the column's cells. A
# column is made whole, so a plain field costs nothing a cell and a converted one a map() over it.
ColumnReader = Callable[[Sequence[tuple], dict], Iterable[object]]


def _value_reader(field, index: int) -> ColumnReader:
    if isinstance(field, models.DateTimeField):
        zone = timezone.get_current_timezone()
        return lambda values, x: map(_local, values[index], itertools.repeat(zone))
    if isinstance(field, models.BooleanField):
        return lambda values, x: map({None: "", True: _("Yes"), False: _("No")}.get, values[index])
    return _column_at(index)


def _extra_reader(name: str, combine: Callable, default: object) -> ColumnReader:
    def read_extra(values: Sequence[tuple], extras: dict) -> list[object]:
        found = extras[name]
        return [combine(found.get(pk, default)) for pk in values[0]]

    return read_extra


def _plan(model: type[Model], accessor: Accessor, annotations, paths: list[str]) -> ColumnReader | None:
    """How to read one column from the value tuples; adds the lookups it needs to `paths`.
    None: the column needs a model instance."""
    start = len(paths)
    if isinstance(accessor, Display):
        field = field_path(model, accessor.attribute)
        if field is None:
            return None
        labels = {value: str(label) for value, label in field.flatchoices}
        paths.append(accessor.attribute)
        return lambda values, x: map(labels.get, values[start], values[start])
    if isinstance(accessor, Computed):
        paths.extend(accessor.paths)
        end, combine = start + len(accessor.paths), accessor.combine
        return lambda values, x: map(combine, *values[start:end])
    if isinstance(accessor, Extra):
        return _extra_reader(accessor.name, accessor.combine, accessor.default)
    if callable(accessor):
        return None
    path = accessor.replace(".", "__")
    if path in annotations:
        paths.append(path)
        return _column_at(start)
    field = field_path(model, path)
    if field is None or field.many_to_many or field.one_to_many:
        return None
    if field.is_relation:
        if field.related_model is not get_user_model():
            return None
        paths.extend((f"{path}__first_name", f"{path}__last_name", f"{path}__username"))
        return lambda values, x: map(_person, *values[start : start + 3])
    paths.append(path)
    return _value_reader(field, start)


@dataclass(frozen=True)
class _ValuePlan:
    queryset: QuerySet
    paths: list[str]
    readers: list[ColumnReader]
    per_chunk: Callable[[list[int]], dict[str, dict]] | None


def _value_plan(register: Register, queryset: QuerySet, columns) -> _ValuePlan | None:
    """How to read the columns as value tuples; None when one needs a model instance. On PostgreSQL
    an `Extra` column with an `sql` expression is read in the row's own query (a subquery a row costs
    the database less than loading the chunk's values costs Python)."""
    paths: list[str] = ["pk"]
    readers = []
    in_query = {}
    in_database = connections[queryset.db].vendor == "postgresql"
    loads_chunks = False
    for index, (_header, accessor) in enumerate(columns):
        if in_database and isinstance(accessor, Extra) and accessor.sql is not None:
            name = f"export_extra_{index}"
            in_query[name] = accessor.sql()
            readers.append(_column_at(len(paths)))
            paths.append(name)
            continue
        loads_chunks = loads_chunks or isinstance(accessor, Extra)
        reader = _plan(queryset.model, accessor, queryset.query.annotations, paths)
        if reader is None:
            return None
        readers.append(reader)
    per_chunk = register.per_chunk if loads_chunks else None
    return _ValuePlan(queryset.annotate(**in_query), paths, readers, per_chunk)


def _column_at(index: int) -> ColumnReader:
    return lambda values, x: values[index]


def row_chunks(
    register: Register, queryset: QuerySet | Iterable[Model], columns: Sequence | None = None
) -> Iterator[Sequence[Sequence[object]]]:
    """The register's rows as cell values, a chunk (CHUNK_SIZE rows) at a time."""
    columns = columns or register.columns
    if isinstance(queryset, QuerySet):
        plan = _value_plan(register, queryset, columns)
        if plan is not None:
            yield from _value_chunks(plan)
            return
        items = queryset.iterator(chunk_size=CHUNK_SIZE)
    else:
        items = iter(queryset)
    for chunk in chunked(items, CHUNK_SIZE):
        if isinstance(queryset, QuerySet) and register.per_chunk is not None:
            for name, values in register.per_chunk([obj.pk for obj in chunk]).items():
                for obj in chunk:
                    setattr(obj, name, values.get(obj.pk, ()))
        yield [[cell(read(obj, accessor)) for _, accessor in columns] for obj in chunk]


def rows(
    register: Register, queryset: QuerySet | Iterable[Model], columns: Sequence | None = None
) -> Iterator[Sequence[object]]:
    """Each row of the register as a sequence of cell values, reading the database in chunks."""
    for chunk in row_chunks(register, queryset, columns):
        yield from chunk


def _value_chunks(plan: _ValuePlan) -> Iterator[list[tuple[object, ...]]]:
    values = plan.queryset.values_list(*plan.paths).iterator(chunk_size=CHUNK_SIZE)
    for chunk in chunked(values, CHUNK_SIZE):
        by_path = list(zip(*chunk, strict=True))
        extras = plan.per_chunk(list(by_path[0])) if plan.per_chunk else {}
        yield list(zip(*(read_column(by_path, extras) for read_column in plan.readers), strict=True))


def headers(register: Register, columns: Sequence | None = None) -> list[str]:
    return [str(header) for header, _ in columns or register.columns]


# --- CSV -------------------------------------------------------------------------------------------


def _csv_decimal(value: Decimal) -> str:
    return format(value.normalize(), "f")


_CSV_TEXT = {
    type(None): lambda value: "",
    datetime.date: datetime.date.isoformat,
    datetime.datetime: lambda value: value.isoformat(timespec="seconds"),
    Decimal: _csv_decimal,
}


def _keep(value: object) -> object:
    return value


# A translated label (gettext_lazy) becomes its text in the reader's language, made inert like any text.
_LAZY_TEXT = type(gettext_lazy(""))


# What the CSV writer already writes as this module does: nothing for None, ISO dates, numbers as
# Python writes them. A column holding only these (and text, where it needs no inert pass) is
# handed over as it is; any other column is converted cell by cell.
_CSV_AS_IS = frozenset({type(None), str, int, float, datetime.date})


def _csv_rows(rows: Sequence[Sequence[object]], *, safe: bool) -> Iterable[Sequence[object]]:
    if safe:
        convert = {**_CSV_TEXT, str: inert, _LAZY_TEXT: lambda value: inert(str(value))}
        as_is = _CSV_AS_IS - {str}
    else:
        convert = {**_CSV_TEXT, _LAZY_TEXT: str}
        as_is = _CSV_AS_IS
    columns = []
    for column in zip(*rows, strict=True):
        if as_is.issuperset(map(type, column)):
            columns.append(column)
        else:
            columns.append([convert.get(type(value), _keep)(value) for value in column])
    return zip(*columns, strict=True)


# Where CSV text could hold the start of a formula: a sign at a field's start (after its opening
# quote) or after a separator or line break. A chunk without any is written as it is; one with a
# match is written again with every text value made inert (core.formulas.inert).
_CSV_DANGER = sign_after('"')


def csv_chunk(rows: list[list[object]]) -> str:
    """CSV text of a chunk of rows, every field quoted and no formula in it."""
    buffer = io.StringIO()
    csv_writer(buffer).writerows(_csv_rows(rows, safe=False))
    text = buffer.getvalue()
    if not _CSV_DANGER.search(text):
        return text
    buffer = io.StringIO()
    csv_writer(buffer).writerows(_csv_rows(rows, safe=True))
    return buffer.getvalue()


def csv_lines(register: Register, queryset, progress: Callable[[int], None] | None = None) -> Iterator[str]:
    """The register as CSV text, a chunk of lines at a time: a byte-order mark so spreadsheets read
    UTF-8, every field quoted, every formula made inert."""
    yield "\ufeff" + csv_chunk([headers(register)])
    count = 0
    for chunk in row_chunks(register, queryset):
        yield csv_chunk(chunk)
        count += len(chunk)
        if progress is not None:
            progress(count)


def write_csv(
    register: Register,
    queryset,
    write: Callable[[bytes], object],
    progress: Callable[[int], None] | None = None,
    header: Sequence[str] | None = None,
) -> int:
    """Write the register as a CSV file through `write` (bytes), the database formatting the rows
    where it can (reports.copycsv); the number of rows. Both ways give the same bytes."""
    header = list(header or headers(register))
    count = copycsv.copy_rows(register, queryset, write, header_line=_header_line(header))
    if count is None:
        return write_csv_chunks(header, row_chunks(register, queryset), write, progress)
    if progress is not None:
        progress(count)
    return count


def _header_line(header: Sequence[str]) -> bytes:
    return ("\ufeff" + csv_chunk([list(header)])).encode("utf-8")


def write_csv_chunks(
    header: Sequence[str],
    chunks: Iterable[list[list[object]]],
    write: Callable[[bytes], object],
    progress: Callable[[int], None] | None = None,
) -> int:
    """A CSV file of a header and chunks of cell values through `write`; the number of rows."""
    write(_header_line(header))
    count = 0
    for chunk in chunks:
        write(csv_chunk(chunk).encode("utf-8"))
        count += len(chunk)
        if progress is not None:
            progress(count)
    return count


def filename(register: Register, extension: str) -> str:
    return f"{register.name.replace('_', '-')}-{timezone.localdate():%Y-%m-%d}.{extension}"


def csv_response(register: Register, queryset) -> FileResponse | StreamingHttpResponse:
    """The register as CSV: written by the database into a temporary file where it can
    (reports.copycsv, several times faster), else streamed a chunk of lines at a time."""
    name = filename(register, "csv")
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 - FileResponse closes it
    header = _header_line(headers(register))
    if copycsv.copy_rows(register, queryset, spool.write, header_line=header) is not None:
        spool.seek(0)
        return FileResponse(spool, as_attachment=True, filename=name, content_type=CSV_TYPE)
    spool.close()
    response = StreamingHttpResponse(csv_lines(register, queryset), content_type=CSV_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# --- XLSX ------------------------------------------------------------------------------------------


def write_xlsx(register: Register, queryset, target, progress: Callable[[int], None] | None = None) -> None:
    """Write the register to `target` (a path or binary file) as a write-only workbook."""

    def counted() -> Iterator[list[object]]:
        count = 0
        for chunk in row_chunks(register, queryset):
            yield from chunk
            count += len(chunk)
            if progress is not None:
                progress(count)

    write_sheet(register.label, headers(register), counted(), target)


def write_sheet(title: str, header: Sequence[str], values: Iterable[Sequence[object]], target) -> None:
    """Write one sheet of rows to `target` (a path or binary file), every text made inert."""
    xlsx.write(target, title, itertools.chain([list(header)], values))


def xlsx_response(register: Register, queryset) -> FileResponse:
    """The register as an XLSX file built in a temporary file, then streamed."""
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 - FileResponse closes it
    write_xlsx(register, queryset, spool)
    spool.seek(0)
    return FileResponse(
        spool, as_attachment=True, filename=filename(register, "xlsx"), content_type=XLSX_TYPE
    )


FORMATS = {"csv": csv_response, "xlsx": xlsx_response}


def filtered(register: Register, data) -> QuerySet:
    """The register's rows with the list page's filters (from the query string) applied."""
    queryset = register.rows()
    if register.scope is not None:
        queryset = register.scope(queryset, data)
    if register.filterset_class is None:
        return queryset
    filterset = register.filterset_class(data or None, queryset=queryset)
    # A strict register exports no row for an invalid filter; the others drop it, as the list does.
    if not register.strict or not filterset.is_bound or filterset.is_valid():
        return filterset.qs
    return queryset.none()


def as_table(register: Register, objects: Sequence[Model]) -> list[list[object]]:
    """Rows already in memory (a point-in-time snapshot) as cell values, for a page."""
    return list(rows(register, objects, register.past_columns))


# --- big exports as background jobs ---------------------------------------------------------------


def rows_while_waiting(register: Register, fmt: str) -> int:
    """The most rows of `register` made as `fmt` while a person waits (WAIT_SECONDS)."""
    by_cells = CELLS_PER_SECOND[fmt] // max(len(register.columns), 1)
    return WAIT_SECONDS * min(by_cells, ROWS_PER_SECOND[fmt])


def rows_beyond_which_all_wait(registers: Sequence[Register], fmt: str) -> int:
    """Past this many rows, an export of any of `registers` as `fmt` is prepared in the background
    (a wider register sooner)."""
    return max((rows_while_waiting(register, fmt) for register in registers), default=0)


def needs_job(register: Register, fmt: str, queryset: QuerySet) -> tuple[bool, int]:
    """(True, rows) when the export would take longer than a person should wait for it.

    Counts at most the rows that fit in the waiting time, so a huge table costs no full COUNT.
    """
    limit = rows_while_waiting(register, fmt)
    counted = queryset.order_by()[: limit + 1].count()
    return counted > limit, counted


def job_label(register: Register, fmt: str) -> str:
    return f"{register.label} ({fmt.upper()})"


def request_job(register: Register, fmt: str, data: QueryDict, by) -> jobs.Job:
    """Queue the export of `register` with the list filters in `data` as a background job."""
    return jobs.job_request(
        kind="export",
        label=job_label(register, fmt),
        parameters={"register": register.name, "fmt": fmt, "query": data.urlencode()},
        permission=register.permission,
        by=by,
    )


@jobs.job_kind("export")
def export_job(job: jobs.Job, progress) -> jobs.JobOutput:
    """A register export written by a worker, with progress by rows written."""
    from reports import registry

    register = registry.get(job.parameters["register"])
    fmt = job.parameters["fmt"]
    if register is None or fmt not in FORMATS:
        raise jobs.JobFailed(gettext("This export is no longer offered."))
    queryset = filtered(register, QueryDict(job.parameters.get("query", "")))
    total = max(queryset.order_by().count(), 1)

    def rows_done(count: int) -> None:
        progress(
            100 * count / total,
            gettext("%(count)s of %(total)s rows")
            % {"count": number_text(count), "total": number_text(total)},
        )

    target = jobs.temporary_file()
    if fmt == "csv":
        write_csv(register, queryset, target.write, rows_done)
        content_type = CSV_TYPE
    else:
        write_xlsx(register, queryset, target, rows_done)
        content_type = XLSX_TYPE
    return jobs.JobOutput(filename(register, fmt), target, content_type)
