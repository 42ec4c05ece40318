"""Filters of the review action list (django-filter)."""

import django_filters
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.filters import ArchivedFilterSet
from reviews.models import ManagementReview, ReviewAction


class ActionFilter(ArchivedFilterSet):
    """Status, review, owner, overdue only, archived."""

    status = django_filters.ChoiceFilter(choices=ReviewAction.Status.choices, empty_label=_("Any status"))
    review = django_filters.ModelChoiceFilter(
        field_name="decision__review", queryset=ManagementReview.objects.all()
    )
    owner = django_filters.ModelChoiceFilter(
        queryset=get_user_model().objects.filter(review_actions__isnull=False).distinct()
    )
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("Overdue only"))

    class Meta:
        model = ReviewAction
        fields = ["status", "review", "owner", "overdue", "archived"]

    def filter_overdue(self, queryset, name, value):
        return queryset.overdue(timezone.localdate()) if value else queryset
