"""Filters of the commitments app's lists (django-filter): evidence, actions and the registers."""

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from commitments import selectors
from commitments.models import Evidence, LeadershipAction, ManagementRole, Process, Responsibility, Risk
from commitments.models.risks import RiskLevel
from core.filters import ArchivedFilterSet
from core.widgets import DateInput

DATE = DateInput()


def date_filter(field: str, lookup: str, label: str) -> django_filters.DateFilter:
    return django_filters.DateFilter(field_name=field, lookup_expr=lookup, label=label, widget=DATE)


class EvidenceFilter(ArchivedFilterSet):
    """Responsibility, kind, who recorded it, the fact-date range, archived."""

    responsibility = django_filters.ModelChoiceFilter(
        field_name="responsibilities",
        queryset=Responsibility.objects.of_active_edition(),
        label=_("Responsibility"),
    )
    kind = django_filters.ChoiceFilter(choices=Evidence.Kind.choices)
    recorded_by = django_filters.ModelChoiceFilter(queryset=selectors.recorders, label=_("Recorded by"))
    fact_after = date_filter("fact_date", "gte", _("From"))
    fact_before = date_filter("fact_date", "lte", _("To"))

    class Meta:
        model = Evidence
        fields = ["responsibility", "kind", "recorded_by", "fact_after", "fact_before", "archived"]


class LeadershipActionFilter(ArchivedFilterSet):
    """Responsibility, owner, status (with overdue), the due-date range, archived."""

    responsibility = django_filters.ModelChoiceFilter(queryset=Responsibility.objects.of_active_edition())
    owner = django_filters.ModelChoiceFilter(queryset=selectors.leaders)
    status = django_filters.ChoiceFilter(
        choices=[*LeadershipAction.Status.choices, ("overdue", _("Overdue"))], method="filter_status"
    )
    due_after = date_filter("due_date", "gte", _("Due from"))
    due_before = date_filter("due_date", "lte", _("Due by"))

    class Meta:
        model = LeadershipAction
        fields = ["responsibility", "owner", "status", "due_after", "due_before", "archived"]

    def filter_status(self, queryset, name, value):
        if value == "overdue":
            return queryset.open().filter(due_date__lt=timezone.localdate())
        return queryset.filter(status=value)


class ProcessFilter(ArchivedFilterSet):
    """Filters of the process list."""

    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label=_("Name contains"))

    class Meta:
        model = Process
        fields = ["q", "status", "owner", "archived"]


class RiskFilter(ArchivedFilterSet):
    """Filters of the risk list."""

    q = django_filters.CharFilter(field_name="title", lookup_expr="icontains", label=_("Title contains"))
    level = django_filters.ChoiceFilter(choices=RiskLevel.choices, method="filter_level", label=_("Level"))

    class Meta:
        model = Risk
        fields = ["q", "kind", "status", "process", "level", "likelihood", "impact", "owner", "archived"]

    def filter_level(self, queryset, name, value):
        return queryset.of_level(value)


class ManagementRoleFilter(ArchivedFilterSet):
    """Filters of the management role list."""

    q = django_filters.CharFilter(field_name="title", lookup_expr="icontains", label=_("Title contains"))
    area = django_filters.CharFilter(lookup_expr="icontains")

    class Meta:
        model = ManagementRole
        fields = ["q", "area", "holder", "archived"]
