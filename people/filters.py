"""Filters of the people list (django-filter)."""

import django_filters
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.filters import ListFilterSet


class PersonFilter(ListFilterSet):
    """Name or sign-in name, and whether the account is active."""

    ACTIVE, DEACTIVATED = "active", "deactivated"

    q = django_filters.CharFilter(label=_("Name or sign-in name"), method="search")
    state = django_filters.ChoiceFilter(
        choices=[(ACTIVE, _("Active")), (DEACTIVATED, _("Deactivated"))],
        empty_label=_("Everyone"),
        label=_("State"),
        method="filter_state",
    )

    class Meta:
        model = get_user_model()
        fields = ["q", "state"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(username__icontains=value) | Q(first_name__icontains=value) | Q(last_name__icontains=value)
        )

    def filter_state(self, queryset, name, value):
        return queryset.filter(is_active=value == self.ACTIVE)
