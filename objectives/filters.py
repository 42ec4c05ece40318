"""Filters of the objectives app's lists (django-filter): objectives and resource requests."""

import django_filters
from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from commitments.models import Process
from core.filters import ArchivedFilterSet, ListFilterSet
from objectives.forms import commitment_choices
from objectives.models import Objective, ObjectiveCommitment, ResourceRequest


class ObjectiveFilter(ArchivedFilterSet):
    """Filter objectives by text, status, progress, owner, process, supported commitment, archived."""

    q = django_filters.CharFilter(label=_("Search"), method="search")
    status = django_filters.ChoiceFilter(choices=Objective.Status.choices)
    progress = django_filters.ChoiceFilter(choices=Objective.Progress.choices)
    owner = django_filters.ModelChoiceFilter(
        queryset=get_user_model().objects.order_by("first_name", "last_name", "username")
    )
    process = django_filters.ModelChoiceFilter(queryset=Process.objects.active())
    commitment = django_filters.ChoiceFilter(
        label=_("Commitment"), choices=commitment_choices, method="supporting"
    )

    class Meta:
        model = Objective
        fields = ["q", "status", "progress", "owner", "process", "commitment", "archived"]

    def search(self, queryset, name, value):
        return queryset.filter(ref__icontains=value) | queryset.filter(title__icontains=value)

    def supporting(self, queryset, name, value):
        # EXISTS rather than a join: no DISTINCT, so the sort index still reads just one page.
        links = ObjectiveCommitment.objects.filter(objective=OuterRef("pk"), key=value)
        return queryset.filter(Exists(links))


class ResourceRequestFilter(ListFilterSet):
    """The resource queue's filter: ?status=."""

    status = django_filters.ChoiceFilter(choices=ResourceRequest.Status.choices)

    class Meta:
        model = ResourceRequest
        fields = ["status"]
