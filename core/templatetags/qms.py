"""Small template filters shared by every app."""

from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """Look a key up in a dict from a template: {{ mapping|get_item:key }}."""
    if not mapping:
        return None
    return mapping.get(key)


@register.filter
def person(user, empty: str = "Not assigned") -> str:
    """A user's full name, else their username, else a placeholder."""
    if user is None:
        return empty
    return user.get_full_name() or user.username


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
