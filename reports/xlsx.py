"""A one-sheet XLSX workbook written row by row, for exports of any size.

An export's workbook is one sheet of values: text, numbers, dates and times, no formulas, no
styling beyond the date formats. openpyxl's write-only workbook builds a cell object and an XML
element for every value, about 100,000 cells a second on one core, which keeps a 10-column register
below 10,000 rows a second; this writer formats a thousand rows at a time as text into a temporary
file, then compresses it into the zip (about five times faster), so memory stays flat whatever the
size. Strings are written inline (no shared-string table to hold in memory). openpyxl stays the
reader (the tests read every export back with it) and writes the small workbooks elsewhere.

Cells: str as text (characters XML cannot carry are dropped), bool as a boolean, int, float and
Decimal as numbers, date and datetime as Excel serial numbers with a date format (a datetime's zone,
if any, is dropped: pass local times), None and "" as an empty cell; anything else as its text.
"""

from __future__ import annotations

import datetime
import math
import re
import shutil
import tempfile
import zipfile
from collections.abc import Iterable, Sequence
from decimal import Decimal
from xml.sax.saxutils import quoteattr

from openpyxl.utils import get_column_letter

from core.formulas import inert, sign_after
from core.iterables import chunked

SHEET = "xl/worksheets/sheet1.xml"
# Rows formatted before they are handed to the zip stream in one write.
BATCH_ROWS = 1000
# Bytes of the sheet copied into the zip at a time.
COPY_BYTES = 1024 * 1024
# Characters XML 1.0 cannot carry (control characters other than tab and line breaks).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# Sheet names cannot hold these characters nor be longer than 31.
_NOT_IN_SHEET_NAME = re.compile(r"[\[\]:*?/\\]")
# Day 0 of Excel's serial dates; serials from 1 March 1900 on count from here (Excel's calendar has
# a 29 February 1900 that never was, so an earlier date is written as text instead).
_EPOCH = datetime.date(1899, 12, 30).toordinal()
_FIRST_SERIAL_DAY = datetime.date(1900, 3, 1)
_DATE_STYLE, _DATETIME_STYLE = 1, 2

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_OPENXML = "application/vnd.openxmlformats-officedocument.spreadsheetml"

_CONTENT_TYPES = (
    _HEAD + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/xl/workbook.xml" ContentType="{_OPENXML}.sheet.main+xml"/>'
    f'<Override PartName="/{SHEET}" ContentType="{_OPENXML}.worksheet+xml"/>'
    f'<Override PartName="/xl/styles.xml" ContentType="{_OPENXML}.styles+xml"/>'
    "</Types>"
)
_PACKAGE_RELS = (
    _HEAD + f'<Relationships xmlns="{_PACKAGE_RELATIONSHIPS}">'
    f'<Relationship Id="rId1" Type="{_RELATIONSHIPS}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
_WORKBOOK_RELS = (
    _HEAD + f'<Relationships xmlns="{_PACKAGE_RELATIONSHIPS}">'
    f'<Relationship Id="rId1" Type="{_RELATIONSHIPS}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{_RELATIONSHIPS}/styles" Target="styles.xml"/>'
    "</Relationships>"
)
_STYLES = (
    _HEAD + f'<styleSheet xmlns="{_MAIN}">'
    '<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/>'
    '<numFmt numFmtId="165" formatCode="yyyy-mm-dd h:mm:ss"/></numFmts>'
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)


def _workbook(title: str) -> str:
    return (
        _HEAD + f'<workbook xmlns="{_MAIN}" xmlns:r="{_RELATIONSHIPS}"><sheets>'
        f'<sheet name={quoteattr(title)} sheetId="1" r:id="rId1"/></sheets></workbook>'
    )


def sheet_name(title: str) -> str:
    """A name Excel takes for a sheet: no [ ] : * ? / \\, at most 31 characters, never empty."""
    return _NOT_IN_SHEET_NAME.sub(" ", _NOT_XML.sub("", str(title)))[:31].strip() or "Sheet1"


def _escape(value: str) -> str:
    # A carriage return is written as a reference: XML readers turn a raw one into a line feed.
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def _text(ref: str, value: str) -> str:
    if not value:
        return ""
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{_escape(value)}</t></is></c>'


def _inert_text(ref: str, value: str) -> str:
    return _text(ref, inert(_NOT_XML.sub("", value)))


def _number(ref: str, value: int | float | Decimal) -> str:
    if not isinstance(value, int) and not math.isfinite(value):
        return _text(ref, str(value))
    return f'<c r="{ref}"><v>{value}</v></c>'


def _boolean(ref: str, value: bool) -> str:
    return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'


def _date(ref: str, value: datetime.date) -> str:
    if value < _FIRST_SERIAL_DAY:
        return _text(ref, value.isoformat())
    return f'<c r="{ref}" s="{_DATE_STYLE}"><v>{value.toordinal() - _EPOCH}</v></c>'


def _datetime(ref: str, value: datetime.datetime) -> str:
    if value.date() < _FIRST_SERIAL_DAY:
        return _text(ref, value.replace(tzinfo=None).isoformat())
    seconds = value.hour * 3600 + value.minute * 60 + value.second + value.microsecond / 1e6
    serial = value.toordinal() - _EPOCH + seconds / 86400
    return f'<c r="{ref}" s="{_DATETIME_STYLE}"><v>{serial!r}</v></c>'


def _empty(ref: str, value: object) -> str:
    return ""


_CELLS = {
    str: _text,
    int: _number,
    float: _number,
    Decimal: _number,
    bool: _boolean,
    datetime.date: _date,
    datetime.datetime: _datetime,
    type(None): _empty,
}
# The same with every text made inert: for a batch of rows whose sheet text could hold a formula.
_INERT_CELLS = {**_CELLS, str: _inert_text}
# Where a text of the sheet could start a formula: a sign at the start of a cell's text (after the
# tag before it) or after a separator or line break (a carriage return is written as "&#13;"). A
# negative number matches too; its batch is then only written again, the number unchanged.
_MAYBE_FORMULA = sign_after(">")


def _rows(first: int, rows: Sequence[Sequence[object]], letters: list[str], cells: dict) -> str:
    parts = []
    for number, values in enumerate(rows, start=first):
        parts.append(f'<row r="{number}">')
        for letter, value in zip(letters, values, strict=False):
            write_cell = cells.get(type(value))
            if write_cell is None:  # a translated label, a str subclass, anything else: its text
                write_cell, value = cells[str], str(value)
            parts.append(write_cell(f"{letter}{number}", value))
        parts.append("</row>")
    return "".join(parts)


def _batch(first: int, rows: Sequence[Sequence[object]], letters: list[str]) -> bytes:
    """The sheet XML of consecutive rows, the first numbered `first`, no text a formula."""
    xml = _NOT_XML.sub("", _rows(first, rows, letters, _CELLS))
    if _MAYBE_FORMULA.search(xml):
        xml = _rows(first, rows, letters, _INERT_CELLS)
    return xml.encode()


def write(target, title: str, rows: Iterable[Sequence[object]]) -> int:
    """Write `rows` (the first one usually the header) as the one sheet of a workbook to `target`
    (a path or a binary file); the number of rows written.

    The rows go to a temporary file first: the sheet opens with its size (the dimension readers
    use to give every row the same width), known only once the last row is written.
    """
    count = 0
    letters: list[str] = []
    with tempfile.TemporaryFile() as body:
        for batch in chunked(rows, BATCH_ROWS):
            width = max(map(len, batch))
            if width > len(letters):
                letters = [get_column_letter(i) for i in range(1, width + 1)]
            body.write(_batch(count + 1, batch, letters))
            count += len(batch)
        body.seek(0)
        extent = f"A1:{letters[-1]}{count}" if count and letters else "A1"
        with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
            archive.writestr("_rels/.rels", _PACKAGE_RELS)
            archive.writestr("xl/workbook.xml", _workbook(sheet_name(title)))
            archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
            archive.writestr("xl/styles.xml", _STYLES)
            with archive.open(SHEET, "w", force_zip64=True) as sheet:
                sheet.write(
                    f'{_HEAD}<worksheet xmlns="{_MAIN}"><dimension ref="{extent}"/><sheetData>'.encode()
                )
                shutil.copyfileobj(body, sheet, COPY_BYTES)
                sheet.write(b"</sheetData></worksheet>")
    return count
