"""Pages of the leadership commitment register."""

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic import DetailView, FormView, ListView

from commitments import freshness, selectors
from commitments.forms.actions import ResponsibilityForm
from commitments.models import Responsibility
from commitments.services import responsibilities as responsibility_services
from core.actions import ServiceActionView, add_to_form
from core.history import HistoryMixin


class ResponsibilityListView(PermissionRequiredMixin, ListView):
    """The register: every responsibility of the active edition with its stored status and figures."""

    permission_required = "commitments.view_responsibility"
    template_name = "commitments/responsibility_list.html"
    context_object_name = "responsibilities"

    def get_queryset(self):
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
            rule_text=freshness.RULE_TEXT,
            today=timezone.localdate(),
        )


class ResponsibilityUpdateView(PermissionRequiredMixin, FormView):
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

    def form_valid(self, form):
        responsibility = Responsibility.objects.get(pk=self.object.pk)
        try:
            responsibility_services.responsibility_update(
                responsibility=responsibility, **form.cleaned_data, by=self.request.user
            )
        except ValidationError as exc:
            add_to_form(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, "Owner and cadence saved.")
        return redirect("commitments:responsibility_detail", pk=responsibility.pk)


class ResponsibilityConfirmOwnerView(ServiceActionView):
    """Top management confirms the accountable owner (POST only)."""

    permission_required = "commitments.assign_responsibility"
    model = Responsibility
    success_message = "Owner confirmed by top management."

    def get_success_url(self) -> str:
        return reverse("commitments:responsibility_detail", args=[self.object.pk])

    def perform(self, responsibility, form):
        responsibility_services.responsibility_confirm_owner(
            responsibility=responsibility, by=self.request.user
        )
