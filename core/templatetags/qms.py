"""Small template filters shared by every app; the formatting itself lives in core.formatting."""

from django import template
from django.utils.translation import gettext as _

from core import formatting

register = template.Library()


@register.filter
def get_item(mapping, key):
    """Look a key up in a dict from a template: {{ mapping|get_item:key }}."""
    if not mapping:
        return None
    return mapping.get(key)


@register.filter
def person(user, empty: str = _("Not assigned")) -> str:
    """A user's full name, else their username, else a placeholder."""
    return formatting.person(user, empty)


@register.filter
def day(value, empty: str = formatting.EMPTY) -> str:
    """A date in the house format: {{ objective.due_date|day }} -> 2 Dec 2026."""
    return formatting.date_text(value, empty)


@register.filter
def moment(value, empty: str = formatting.EMPTY) -> str:
    """A date and time in local time, in the house format: 2 Dec 2026, 14:05."""
    return formatting.datetime_text(value, empty)


@register.filter
def number(value, unit: str = "") -> str:
    """A number without trailing zeros, with its unit: {{ m.value|number:objective.unit }}."""
    return formatting.number_text(value, unit or "")


@register.filter
def translated(text) -> str:
    """A product text stored in the database, in the reader's language: {{ item.guidance|translated }}."""
    return formatting.shipped_text(text)


@register.filter
def history_action(record) -> str:
    """What a history row did, with its reason."""
    return formatting.history_action(record)


@register.simple_tag
def record_signatures(record) -> list:
    """{% record_signatures obj as signatures %}: the signatures on a record (one query)."""
    from core.signatures import signatures_of

    return signatures_of(record)


@register.inclusion_tag("partials/_sort_header.html", takes_context=True)
def sort_header(context, key: str, label: str = "") -> dict:
    """A sortable column header of a list page (core/lists.py): click to sort, click again to reverse."""
    sort = context.get("sort", "")
    current = sort.lstrip("-") == key
    descending = current and sort.startswith("-")
    return {
        "request": context["request"],
        "label": label or context["sorts"][key].label,
        "current": current,
        "descending": descending,
        "next": key if current and descending else (f"-{key}" if current else key),
    }
