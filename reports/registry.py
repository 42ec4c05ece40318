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
    # Loads what the columns need for one chunk of live rows, in a query or two (prefetch_related
    # costs ~0.5 ms a row in Django itself, which dominates a 100,000-row export).
    per_chunk: Callable[[list[Model]], None] | None = None
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


def display(attribute: str) -> Callable[[Model], str]:
    """An accessor for a choices field's label (get_<field>_display)."""
    return lambda obj: getattr(obj, f"get_{attribute}_display")()


def joined(values) -> str:
    """Several values in one cell, separated by semicolons."""
    return "; ".join(str(v) for v in values)
