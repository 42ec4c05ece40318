"""The permission funnel in templates: `{% load permissions %}{% if user|may:"update_review_action"|of:a %}`.

Only the predicates of core.permissions can be named, so a template asks the same rule the view
and the service enforce.
"""

from django import template

from core import permissions

register = template.Library()


@register.filter
def may(user, predicate: str):
    """The named predicate bound to the user; `of` applies it to a record."""
    check = getattr(permissions, f"may_{predicate}")
    return lambda record: check(user, record)


@register.filter
def of(bound, record) -> bool:
    return bool(bound(record))
