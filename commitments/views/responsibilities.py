"""Pages of the leadership commitment register."""

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.views.generic import DetailView, ListView

from commitments import selectors
from commitments.models import Responsibility
from core.history import HistoryMixin


class ResponsibilityListView(PermissionRequiredMixin, ListView):
    """The register: every responsibility of the active edition."""

    permission_required = "commitments.view_responsibility"
    template_name = "commitments/responsibility_list.html"
    context_object_name = "responsibilities"

    def get_queryset(self):
        return selectors.responsibility_register()


class ResponsibilityDetailView(PermissionRequiredMixin, HistoryMixin, DetailView):
    """One responsibility: guidance, owner and (later) its evidence and actions."""

    permission_required = "commitments.view_responsibility"
    model = Responsibility
    template_name = "commitments/responsibility_detail.html"
    context_object_name = "responsibility"

    def get_queryset(self):
        return Responsibility.objects.select_related("owner", "edition")
