"""Template filters of the audit pack over reports.formatting: num (with a unit), day, moment."""

from django import template

from reports import formatting

register = template.Library()


@register.filter
def num(value, unit: str = "") -> str:
    return formatting.number(value, unit) or "—"


@register.filter
def day(value) -> str:
    return formatting.day(value) or "—"


@register.filter
def moment(value) -> str:
    return formatting.moment(value) or "—"
