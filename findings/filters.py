"""Filters of the findings list (django-filter)."""

import django_filters
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.filters import ListFilterSet
from findings.models import Finding
from findings.rules import RULES, Severity


class FindingFilter(ListFilterSet):
    """State (open by default), rule, severity and what the finding is about."""

    STATES = [
        ("open", _("Needs attention")),
        ("accepted", _("Accepted for now")),
        ("resolved", _("Resolved")),
        ("all", _("All")),
    ]

    state = django_filters.ChoiceFilter(
        choices=STATES, method="filter_state", empty_label=None, label=_("State")
    )
    rule_code = django_filters.ChoiceFilter(label=_("Rule"), empty_label=_("Any rule"))
    severity = django_filters.ChoiceFilter(
        choices=Severity.choices, empty_label=_("Any severity"), method="filter_severity"
    )
    subject_type = django_filters.ModelChoiceFilter(
        queryset=ContentType.objects.filter(app_label__in=["commitments", "objectives", "reviews"]),
        label=_("About"),
        empty_label=_("Anything"),
    )

    class Meta:
        model = Finding
        fields = ["state", "rule_code", "severity", "subject_type"]

    def __init__(self, data=None, *args, **kwargs):
        data = data.copy() if data is not None else {}
        data.setdefault("state", "open")
        super().__init__(data, *args, **kwargs)
        self.filters["rule_code"].extra["choices"] = sorted(
            (code, f"{code}: {r.shown_title()}") for code, r in RULES.items()
        )

    def filter_state(self, queryset, name, value):
        today = timezone.localdate()
        return {
            "open": queryset.alerting(today),
            "accepted": queryset.accepted(today),
            "resolved": queryset.filter(resolved_at__isnull=False),
        }.get(value, queryset)

    def filter_severity(self, queryset, name, value):
        return queryset.of_severity(value)
