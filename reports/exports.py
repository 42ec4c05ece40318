"""Streamed exports of a register: CSV row by row, XLSX through a write-only workbook on disk.

Neither holds the data set in memory: rows come from the database in chunks
(`QuerySet.iterator`), CSV lines go straight to the client, and the XLSX file is written to a
temporary file that is then streamed.
"""

from __future__ import annotations

import csv
import datetime
import itertools
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import Model, QuerySet
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone

from reports.registry import Accessor, Register

CHUNK_SIZE = 2000
# Stays in memory below this size, then spills to disk.
SPOOL_BYTES = 4 * 1024 * 1024
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


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
        return "Yes" if value else "No"
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, datetime.date | int | float | Decimal):
        return value
    return str(value)


# A cell starting with one of these is run as a formula by spreadsheet programs (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: object) -> object:
    """Text that a spreadsheet would run as a formula, made inert with a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def rows(
    register: Register, queryset: QuerySet | Iterable[Model], columns: Sequence | None = None
) -> Iterator[list[object]]:
    """Each row of the register as a list of cell values, reading the database in chunks."""
    live = isinstance(queryset, QuerySet)
    items = iter(queryset.iterator(chunk_size=CHUNK_SIZE) if live else queryset)
    while chunk := list(itertools.islice(items, CHUNK_SIZE)):
        if live and register.per_chunk is not None:
            register.per_chunk(chunk)
        for obj in chunk:
            yield [cell(read(obj, accessor)) for _, accessor in columns or register.columns]


def headers(register: Register, columns: Sequence | None = None) -> list[str]:
    return [header for header, _ in columns or register.columns]


class _Echo:
    """A file-like object whose write() hands the line back, for csv.writer in a generator."""

    def write(self, value: str) -> str:
        return value


def _csv_lines(register: Register, queryset) -> Iterator[str]:
    writer = csv.writer(_Echo())
    # A byte-order mark so that spreadsheet programs read the file as UTF-8.
    yield "\ufeff" + writer.writerow(headers(register))
    for values in rows(register, queryset):
        yield writer.writerow([_csv_text(v) for v in values])


def _csv_text(value: object) -> object:
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return csv_safe(value)


def filename(register: Register, extension: str) -> str:
    return f"{register.name.replace('_', '-')}-{timezone.localdate():%Y-%m-%d}.{extension}"


def csv_response(register: Register, queryset) -> StreamingHttpResponse:
    """The register as CSV, streamed line by line."""
    response = StreamingHttpResponse(_csv_lines(register, queryset), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename(register, "csv")}"'
    return response


def write_xlsx(register: Register, queryset, target) -> None:
    """Write the register to `target` (a path or binary file) as a write-only workbook."""
    write_sheet(register.label, headers(register), rows(register, queryset), target)


def write_sheet(title: str, header: Sequence[str], values: Iterable[Sequence[object]], target) -> None:
    """Write one sheet of rows to `target` (a path or binary file) through a write-only workbook."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])

    def as_text(value: object) -> object:
        # openpyxl stores a string starting with "=" as a formula; force such text to stay text.
        if isinstance(value, str) and value.startswith("="):
            text = WriteOnlyCell(sheet, value=value)
            text.data_type = "s"
            return text
        return value

    sheet.append(list(header))
    for row in values:
        sheet.append([as_text(v) for v in row])
    workbook.save(target)


def csv_line_values(values: Sequence[object]) -> list[object]:
    """One row's cells as CSV text: ISO dates, numbers without trailing zeros, formulas made inert."""
    return [_csv_text(v) for v in values]


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
    # As the list page does: FilterView pages show no row for an invalid filter, the others
    # drop the invalid filter and keep the rest.
    if not register.strict or not filterset.is_bound or filterset.is_valid():
        return filterset.qs
    return queryset.none()


def as_table(register: Register, objects: Sequence[Model]) -> list[list[object]]:
    """Rows already in memory (a point-in-time snapshot) as cell values, for a page."""
    return list(rows(register, objects, register.past_columns))
