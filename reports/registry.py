"""The report centre's view of the registers the apps declare in their `reporting.py` (see core.reporting)."""

from __future__ import annotations

from core.reporting import (
    REGISTERS,
    Accessor,
    Computed,
    Display,
    Extra,
    Register,
    display,
    joined,
    register,
)

__all__ = [
    "REGISTERS",
    "Accessor",
    "Computed",
    "Display",
    "Extra",
    "Register",
    "display",
    "get",
    "joined",
    "register",
    "visible_to",
]


def get(name: str) -> Register | None:
    return REGISTERS.get(name)


def visible_to(user) -> list[Register]:
    """The registers a user may read, in registration order."""
    return [entry for entry in REGISTERS.values() if user.has_perm(entry.permission)]
