"""The objective list's filters (django-filter)."""

import django_filters
from django.contrib.auth import get_user_model

from commitments.models import Process
from objectives.forms import commitment_choices
from objectives.models import Objective


class ObjectiveFilter(django_filters.FilterSet):
    """Filter objectives by status, progress, owner, process and supported commitment."""

    q = django_filters.CharFilter(label="Search", method="search")
    status = django_filters.ChoiceFilter(choices=Objective.Status.choices)
    progress = django_filters.ChoiceFilter(choices=Objective.Progress.choices)
    owner = django_filters.ModelChoiceFilter(
        queryset=get_user_model().objects.order_by("first_name", "last_name", "username")
    )
    process = django_filters.ModelChoiceFilter(queryset=Process.objects.active())
    commitment = django_filters.ChoiceFilter(
        label="Commitment", field_name="commitments__key", choices=commitment_choices, distinct=True
    )

    class Meta:
        model = Objective
        fields = ["q", "status", "progress", "owner", "process", "commitment"]

    def search(self, queryset, name, value):
        return queryset.filter(ref__icontains=value) | queryset.filter(title__icontains=value)
