"""Resource requests (7.1): the queue, asking, deciding (top management) and marking provided."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import CreateView, DetailView, View

from core.actions import ServiceFormMixin, error_text, form_messages
from core.history import HistoryMixin
from core.lists import ListPageView, Sort
from objectives import selectors, services
from objectives.filters import ResourceRequestFilter
from objectives.forms import DecisionForm, ResourceRequestForm
from objectives.models import ResourceRequest


class ResourceRequestListView(ListPageView):
    """The queue: requests awaiting a decision first, then the rest; filter by status."""

    permission_required = "objectives.view_resourcerequest"
    template_name = "objectives/resourcerequest_list.html"
    context_object_name = "requests"
    filterset_class = ResourceRequestFilter
    sorts = {
        "queue": Sort(gettext_lazy("Queue"), (ResourceRequest.AWAITING_FIRST, "requested_at")),
        "requested": Sort(gettext_lazy("Asked on"), ("requested_at",)),
    }
    default_sort = "-queue"

    def get_base_queryset(self):
        return selectors.resource_queue()

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            statuses=ResourceRequest.Status.choices, status=self.request.GET.get("status", ""), **kwargs
        )


class ResourceRequestDetailView(PermissionRequiredMixin, HistoryMixin, DetailView):
    """One request: what, for what, the decision and its reason, and the history."""

    permission_required = "objectives.view_resourcerequest"
    template_name = "objectives/resourcerequest_detail.html"
    context_object_name = "resource_request"

    def get_queryset(self):
        return selectors.resource_queue()

    def get_context_data(self, **kwargs):
        return super().get_context_data(decision_form=DecisionForm(), **kwargs)


class ResourceRequestCreateView(PermissionRequiredMixin, ServiceFormMixin, CreateView):
    """Ask for a resource, usually from an objective's page."""

    permission_required = "objectives.add_resourcerequest"
    form_class = ResourceRequestForm
    template_name = "objectives/resourcerequest_form.html"

    def get_initial(self):
        return {"objective": self.request.GET.get("objective")}

    success_message = gettext_lazy("Resource request sent to top management.")

    def perform(self, form):
        return services.resource_request_create(data=form.cleaned_data, by=self.request.user)

    def get_success_url(self) -> str:
        return reverse("objectives:resource_detail", args=[self.object.pk])


class ResourceRequestDecideView(PermissionRequiredMixin, View):
    """POST: top management approves or rejects a request, with a reason."""

    permission_required = "objectives.decide_resourcerequest"
    http_method_names = ["post"]

    def post(self, request, pk: int):
        resource_request = get_object_or_404(ResourceRequest, pk=pk)
        form = DecisionForm(request.POST, request=request)
        if not form.is_valid():
            for message in form_messages(form):
                messages.error(request, message)
            return redirect("objectives:resource_detail", pk=pk)
        try:
            services.resource_request_decide(
                request=resource_request,
                status=form.cleaned_data["status"],
                reason=form.cleaned_data["reason"],
                by=request.user,
                password=form.cleaned_data["password"],
                meaning=form.cleaned_data["meaning"],
            )
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(
                request, _("Request %(status)s.") % {"status": resource_request.get_status_display().lower()}
            )
        return redirect("objectives:resource_detail", pk=pk)


class ResourceRequestProvidedView(PermissionRequiredMixin, View):
    """POST: record that an approved resource has been provided."""

    permission_required = "objectives.change_resourcerequest"
    http_method_names = ["post"]

    def post(self, request, pk: int):
        resource_request = get_object_or_404(ResourceRequest, pk=pk)
        try:
            services.resource_request_mark_provided(request=resource_request, by=request.user)
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(request, _("Marked as provided."))
        return redirect("objectives:resource_detail", pk=pk)
