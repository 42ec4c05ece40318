"""Filters of the evidence and action lists (django-filter)."""

import django_filters
from django.utils import timezone

from commitments import selectors
from commitments.models import Evidence, LeadershipAction, Responsibility
from core.widgets import DateInput

DATE = DateInput()


def date_filter(field: str, lookup: str, label: str) -> django_filters.DateFilter:
    return django_filters.DateFilter(field_name=field, lookup_expr=lookup, label=label, widget=DATE)


class ArchivableFilterSet(django_filters.FilterSet):
    """Archived records are hidden unless the 'archived' filter asks for them."""

    archived = django_filters.ChoiceFilter(
        choices=[("archived", "Archived only"), ("all", "Active and archived")],
        empty_label="Active only",
        label="Archived",
        method="filter_archived",
    )

    def filter_archived(self, queryset, name, value):
        return queryset.archived() if value == "archived" else queryset

    @property
    def qs(self):
        queryset = super().qs
        if not getattr(self.form, "cleaned_data", {}).get("archived"):
            queryset = queryset.active()
        return queryset


class EvidenceFilter(ArchivableFilterSet):
    """Responsibility, kind, who recorded it, the fact-date range, archived."""

    responsibility = django_filters.ModelChoiceFilter(
        field_name="responsibilities",
        queryset=Responsibility.objects.of_active_edition(),
        label="Responsibility",
    )
    kind = django_filters.ChoiceFilter(choices=Evidence.Kind.choices)
    recorded_by = django_filters.ModelChoiceFilter(queryset=selectors.recorders, label="Recorded by")
    fact_after = date_filter("fact_date", "gte", "From")
    fact_before = date_filter("fact_date", "lte", "To")

    class Meta:
        model = Evidence
        fields = ["responsibility", "kind", "recorded_by", "fact_after", "fact_before", "archived"]


class LeadershipActionFilter(ArchivableFilterSet):
    """Responsibility, owner, status (with overdue), the due-date range, archived."""

    responsibility = django_filters.ModelChoiceFilter(queryset=Responsibility.objects.of_active_edition())
    owner = django_filters.ModelChoiceFilter(queryset=selectors.leaders)
    status = django_filters.ChoiceFilter(
        choices=[*LeadershipAction.Status.choices, ("overdue", "Overdue")], method="filter_status"
    )
    due_after = date_filter("due_date", "gte", "Due from")
    due_before = date_filter("due_date", "lte", "Due by")

    class Meta:
        model = LeadershipAction
        fields = ["responsibility", "owner", "status", "due_after", "due_before", "archived"]

    def filter_status(self, queryset, name, value):
        if value == "overdue":
            return queryset.open().filter(due_date__lt=timezone.localdate())
        return queryset.filter(status=value)
