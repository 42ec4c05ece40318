"""The findings page, a finding's detail, accepting a finding and running the checks on demand."""

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.db import transaction
from django.shortcuts import redirect
from django.utils import timezone
from django.views import View
from django.views.generic import DetailView

from core.actions import ServiceActionView
from core.history import HistoryMixin
from core.lists import ListPageView, Sort
from findings import forms, services, tasks
from findings.filters import FindingFilter
from findings.models import Finding, ScanRun


class FindingListView(ListPageView):
    """What the checks found, newest first, with filters (open ones by default)."""

    permission_required = "findings.view_finding"
    filterset_class = FindingFilter
    template_name = "findings/finding_list.html"
    context_object_name = "findings"
    paginate_by = 50
    sorts = {"first_seen": Sort("First seen", ("first_seen_at",)), "rule": Sort("Rule", ("rule_code",))}
    default_sort = "-first_seen"

    def get_base_queryset(self):
        return Finding.objects.select_related("owner", "subject_type")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            last_run=ScanRun.objects.first(), today=timezone.localdate(), **kwargs
        )


class FindingDetailView(PermissionRequiredMixin, HistoryMixin, DetailView):
    permission_required = "findings.view_finding"
    model = Finding
    template_name = "findings/finding_detail.html"
    context_object_name = "finding"

    def get_queryset(self):
        return Finding.objects.select_related("owner", "accepted_by", "subject_type")

    def get_context_data(self, **kwargs):
        return super().get_context_data(accept_form=forms.AcceptForm(), today=timezone.localdate(), **kwargs)


class FindingAcceptView(ServiceActionView):
    permission_required = "findings.accept_finding"
    model = Finding
    form_class = forms.AcceptForm
    success_message = "Finding accepted: it stays out of the alerts until the date you gave."

    def get_success_url(self):
        return self.object.get_absolute_url()

    def perform(self, finding, form):
        services.finding_accept(finding=finding, by=self.request.user, **form.cleaned_data)


class FindingWithdrawView(ServiceActionView):
    permission_required = "findings.accept_finding"
    model = Finding
    success_message = "Acceptance withdrawn: the finding is back in the alerts."

    def get_success_url(self):
        return self.object.get_absolute_url()

    def perform(self, finding, form):
        services.finding_withdraw_acceptance(finding=finding, by=self.request.user)


class RunChecksView(PermissionRequiredMixin, View):
    """Queue a scan now; the page shows its result when the worker has run it."""

    permission_required = "findings.run_checks"
    http_method_names = ["post"]

    def post(self, request):
        transaction.on_commit(lambda: tasks.run_checks.delay(trigger=f"manual:{request.user.username}"))
        messages.success(request, "The checks are running in the background; refresh this page in a moment.")
        return redirect("findings:list")
