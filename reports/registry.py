"""The registers the report centre can export and show "as of" a past date: the machinery.

Each register names its rows (a selector), the FilterSet of its list page (so an export keeps
the list's filters), its columns as (header, accessor) pairs, and the view permission that
guards it. An accessor is a dotted attribute path ("owner", "edition.name") or a callable
taking the row. The registers themselves are declared per app in reports/registers/ and
loaded when the app is ready.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from django.db.models import Model, QuerySet

Accessor = str | Callable[[Model], object]


@dataclass(frozen=True)
class Display:
    """A choices field shown by its label; read in SQL as the stored value, then looked up."""

    attribute: str

    def __call__(self, obj: Model) -> str:
        return getattr(obj, f"get_{self.attribute}_display")()


@dataclass(frozen=True)
class Computed:
    """A column combined from several fields of the row (`paths`, ORM lookups read in SQL)."""

    paths: tuple[str, ...]
    combine: Callable[..., object]

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
    # True: an invalid filter exports no row (a file cannot show the form's error, so it must not
    # quietly hold everything). False: the invalid filter is dropped and the others still apply,
    # as the list page does (it shows the error beside the filter).
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


def get(name: str) -> Register | None:
    return REGISTERS.get(name)


def visible_to(user) -> list[Register]:
    """The registers a user may read, in registration order."""
    return [entry for entry in REGISTERS.values() if user.has_perm(entry.permission)]


def display(attribute: str) -> Display:
    """An accessor for a choices field's label (get_<field>_display)."""
    return Display(attribute)


def joined(values) -> str:
    """Several values in one cell, separated by semicolons."""
    return "; ".join(str(v) for v in values)
