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
