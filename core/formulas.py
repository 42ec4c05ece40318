"""Spreadsheet formula injection: text a spreadsheet could run as a formula is made inert.

A spreadsheet runs a cell as a formula when its text starts with = + - @ (or their full-width
forms, which East Asian locales accept), or with a tab or line break before one. A CSV file
opened with another separator than it was written with (`;` in German, French or Dutch
locales, a tab) splits one field into several cells, so the check applies after every
separator and line break inside the text too, not only at its start. Each such sign gets an
apostrophe in front, which spreadsheets read as "this is text". Numbers stay numbers: only
text is changed, so a negative value exported as a number is left as it is.
"""

from __future__ import annotations

import csv
import re

from django.utils.functional import Promise

# = + - @ and their full-width and small forms.
FORMULA_SIGNS = "=+\\-@\uff1d\uff0b\uff0d\uff20\ufe66\ufe62\ufe63\ufe6b"
# Where a spreadsheet may start a new cell or line inside our text.
SEPARATORS = ",;\t\r\n|"
# Spaces a spreadsheet skips before a formula's sign.
LEADING_SPACES = " \u00a0\u3000"
_DANGER = re.compile(f"(^|[{SEPARATORS}])([{LEADING_SPACES}]*)([{FORMULA_SIGNS}])")


def inert(text: str) -> str:
    """`text` with an apostrophe before every sign that would start a formula."""
    if not _DANGER.search(text):
        return text
    return _DANGER.sub(r"\1\2'\3", text)


_NEUTRALISED = re.compile(f"(^|[{SEPARATORS}])([{LEADING_SPACES}]*)'([{FORMULA_SIGNS}])")


def restore(text: str) -> str:
    """What inert() was given: a file exported by us and imported back arrives unchanged."""
    if "'" not in text:
        return text
    return _NEUTRALISED.sub(r"\1\2\3", text)


def inert_cell(value: object) -> object:
    """A cell value made safe: text (a translatable one read in the current language) goes through
    inert(), numbers, dates and None are kept."""
    if isinstance(value, Promise):
        value = str(value)
    return inert(value) if isinstance(value, str) else value


def csv_writer(target):
    """A CSV writer that quotes every field, so no separator inside a value can split it. Lines end
    with a line feed, as PostgreSQL's COPY writes them (reports.copycsv); every reader takes it."""
    return csv.writer(target, quoting=csv.QUOTE_ALL, lineterminator="\n")


def sign_after(openings: str) -> re.Pattern:
    """Where a written file could hold the start of a formula: a sign after one of `openings` (what
    opens a field's text in that format) or after a separator, spaces between. A chunk of a file
    without a match holds no formula; one with a match is written again with its text made inert."""
    return re.compile(f"[{openings}{SEPARATORS}][{LEADING_SPACES}]*[{FORMULA_SIGNS}]")
