"""Filters of the evidence and action lists (django-filter)."""

import django_filters
from django import forms
from django.utils import timezone

from commitments import selectors
from commitments.models import Evidence, LeadershipAction, Responsibility

DATE = forms.DateInput(attrs={"type": "date"})
ARCHIVED_CHOICES = [("", "Active only"), ("archived", "Archived only"), ("all", "Active and archived")]


class ArchivedFilterMixin:
    """Archived records are hidden unless the filter asks for them."""

    def filter_archived(self, queryset, name, value):
        if value == "archived":
            return queryset.archived()
        if value == "all":
            return queryset
        return queryset.active()

    @property
    def qs(self):
        queryset = super().qs
        if not getattr(self.form, "cleaned_data", {}).get("archived"):
            queryset = queryset.active()
        return queryset


class EvidenceFilter(ArchivedFilterMixin, django_filters.FilterSet):
    """Responsibility, kind, who recorded it, the fact-date range, archived."""

    responsibility = django_filters.ModelChoiceFilter(
        field_name="responsibilities", queryset=Responsibility.objects.of_active_edition()
    )
    kind = django_filters.ChoiceFilter(choices=Evidence.Kind.choices)
    recorded_by = django_filters.ModelChoiceFilter(queryset=selectors.recorders, label="Recorded by")
    fact_after = django_filters.DateFilter(
        field_name="fact_date", lookup_expr="gte", label="From", widget=DATE
    )
    fact_before = django_filters.DateFilter(
        field_name="fact_date", lookup_expr="lte", label="To", widget=DATE
    )
    archived = django_filters.ChoiceFilter(
        choices=ARCHIVED_CHOICES[1:], empty_label="Active only", method="filter_archived"
    )

    class Meta:
        model = Evidence
        fields: list[str] = []


class LeadershipActionFilter(ArchivedFilterMixin, django_filters.FilterSet):
    """Responsibility, owner, status (with overdue), the due-date range, archived."""

    responsibility = django_filters.ModelChoiceFilter(queryset=Responsibility.objects.of_active_edition())
    owner = django_filters.ModelChoiceFilter(queryset=selectors.leaders)
    status = django_filters.ChoiceFilter(
        choices=[*LeadershipAction.Status.choices, ("overdue", "Overdue")], method="filter_status"
    )
    due_after = django_filters.DateFilter(
        field_name="due_date", lookup_expr="gte", label="Due from", widget=DATE
    )
    due_before = django_filters.DateFilter(
        field_name="due_date", lookup_expr="lte", label="Due by", widget=DATE
    )
    archived = django_filters.ChoiceFilter(
        choices=ARCHIVED_CHOICES[1:], empty_label="Active only", method="filter_archived"
    )

    class Meta:
        model = LeadershipAction
        fields: list[str] = []

    def filter_status(self, queryset, name, value):
        if value == "overdue":
            return queryset.open().filter(due_date__lt=timezone.localdate())
        return queryset.filter(status=value)
