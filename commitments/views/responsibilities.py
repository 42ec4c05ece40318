"""Pages of the leadership commitment register."""

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, FormView

from commitments import freshness, selectors
from commitments.forms.actions import ResponsibilityForm
from commitments.models import Responsibility
from commitments.services import responsibilities as responsibility_services
from core.actions import ServiceActionView, ServiceFormMixin
from core.history import HistoryMixin
from core.lists import ListPageView, Sort


class ResponsibilityListView(ListPageView):
    """The register: every responsibility of the active edition with its stored status and figures."""

    permission_required = "commitments.view_responsibility"
    template_name = "commitments/responsibility_list.html"
    context_object_name = "responsibilities"
    sorts = {"item": Sort(gettext_lazy("Item"), ("sort_order", "code"))}
    default_sort = "item"
    paginate_by = 50

    def get_base_queryset(self):
        return selectors.responsibility_register()

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs, rule_text=freshness.RULE_TEXT)


class ResponsibilityDetailView(PermissionRequiredMixin, HistoryMixin, DetailView):
    """One responsibility: guidance, owner, status and a timeline of its evidence and actions."""

    permission_required = "commitments.view_responsibility"
    model = Responsibility
    template_name = "commitments/responsibility_detail.html"
    context_object_name = "responsibility"

    def get_queryset(self):
        return Responsibility.objects.select_related("owner", "edition", "owner_confirmed_by")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            **kwargs,
            timeline=selectors.responsibility_timeline(self.object),
            timeline_limit=selectors.TIMELINE_LIMIT,
            rule_text=freshness.RULE_TEXT,
            today=timezone.localdate(),
        )


class ResponsibilityUpdateView(PermissionRequiredMixin, ServiceFormMixin, FormView):
    """The quality manager sets the accountable owner and the evidence cadence."""

    permission_required = "commitments.change_responsibility"
    form_class = ResponsibilityForm
    template_name = "commitments/responsibility_form.html"

    def dispatch(self, request, *args, **kwargs):
        self.object = get_object_or_404(Responsibility, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.object}

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs, responsibility=self.object)

    success_message = gettext_lazy("Owner and cadence saved.")

    def perform(self, form):
        responsibility = Responsibility.objects.get(pk=self.object.pk)
        return responsibility_services.responsibility_update(
            responsibility=responsibility, **form.cleaned_data, by=self.request.user
        )

    def get_success_url(self):
        return reverse("commitments:responsibility_detail", args=[self.object.pk])


class ResponsibilityConfirmOwnerView(ServiceActionView):
    """Top management confirms the accountable owner (POST only)."""

    permission_required = "commitments.assign_responsibility"
    model = Responsibility
    success_message = gettext_lazy("Owner confirmed by top management.")

    def get_success_url(self) -> str:
        return reverse("commitments:responsibility_detail", args=[self.object.pk])

    def perform(self, responsibility, form):
        responsibility_services.responsibility_confirm_owner(
            responsibility=responsibility, by=self.request.user
        )
