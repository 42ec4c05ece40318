"""The report centre's view of the registers the apps declare in their `reporting.py` (see core.reporting)."""

from __future__ import annotations

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Model

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
    "field_path",
    "get",
    "joined",
    "register",
    "visible_to",
]


def field_path(model: type[Model], path: str):
    """The model field at the end of an ORM path ("objective__unit"), or None if it is not one."""
    meta = model._meta
    field = None
    for part in path.split("__"):
        if meta is None:
            return None
        try:
            field = meta.get_field(part)
        except FieldDoesNotExist:
            return None
        meta = field.related_model._meta if field.is_relation and field.related_model else None
    return field


def get(name: str) -> Register | None:
    return REGISTERS.get(name)


def visible_to(user) -> list[Register]:
    """The registers a user may read, in registration order."""
    return [entry for entry in REGISTERS.values() if user.has_perm(entry.permission)]
