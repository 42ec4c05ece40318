"""Values as a reader of the audit pack sees them: people by name, one date format, numbers without
trailing zeros and with their unit, choice labels instead of stored codes, yes/no."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import models
from django.utils import timezone

EMPTY = "(empty)"


def person(user) -> str:
    """A user's full name, else their username."""
    if user is None:
        return ""
    return user.get_full_name() or user.username


def day(value: datetime.date | None) -> str:
    """The pack's one date format: 2 Dec 2026."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{value.day} {value:%b %Y}"


def moment(value: datetime.datetime | None) -> str:
    """A date and time in the pack's format: 2 Dec 2026 14:05 (local time)."""
    if value is None:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{day(local)} {local:%H:%M}"


def number(value, unit: str = "") -> str:
    """A number without trailing zeros (95, 12.5, 0.25), followed by its unit when it has one."""
    if value is None or value == "":
        return ""
    if isinstance(value, float):
        value = Decimal(repr(value))
    if isinstance(value, Decimal):
        text = format(value.normalize(), "f")
        text = text.rstrip("0").rstrip(".") if "." in text else text
    else:
        text = str(value)
    return f"{text} {unit}".strip() if unit else text


def value_of(field: models.Field, raw, names: dict | None = None) -> str:
    """A stored value of a field as words: the choice's label, the person's name, yes/no, a date."""
    if raw is None or raw == "":
        return EMPTY
    if field.choices:
        return str(dict(field.flatchoices).get(raw, raw))
    if isinstance(field, models.ForeignKey):
        if field.related_model is get_user_model() and names is not None:
            return names.get(raw, f"user {raw}")
        return f"{field.related_model._meta.verbose_name} {raw}"
    if isinstance(raw, bool):
        return "Yes" if raw else "No"
    if isinstance(raw, datetime.datetime):
        return moment(raw)
    if isinstance(raw, datetime.date):
        return day(raw)
    if isinstance(raw, Decimal | float):
        return number(raw)
    text = str(raw)
    return text if len(text) <= 200 else text[:199] + "…"
