"""The findings page, a finding's detail, accepting a finding and running the checks on demand."""

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView

from core.actions import ServiceActionView
from core.history import HistoryMixin
from core.lists import ListPageView, Sort
from findings import forms, services
from findings.filters import FindingFilter
from findings.models import Finding, ScanRun
from findings.selectors import with_missing

RECENT_RUNS = 5


class FindingListView(ListPageView):
    """What the checks found, open ones by default: the most severe and longest-standing first."""

    permission_required = "findings.view_finding"
    filterset_class = FindingFilter
    template_name = "findings/finding_list.html"
    context_object_name = "findings"
    paginate_by = 50
    sorts = {
        "severity": Sort(gettext_lazy("Severity"), (Finding.SEVERITY_RANK, "first_seen_at")),
        "first_seen": Sort(gettext_lazy("First seen"), ("first_seen_at",)),
    }
    default_sort = "severity"

    def get_base_queryset(self):
        return Finding.objects.select_related("owner", "subject_type")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(
            runs=list(ScanRun.objects.all()[:RECENT_RUNS]), today=timezone.localdate(), **kwargs
        )
        with_missing(context["page"].rows)
        return context


class FindingDetailView(PermissionRequiredMixin, HistoryMixin, DetailView):
    permission_required = "findings.view_finding"
    model = Finding
    template_name = "findings/finding_detail.html"
    context_object_name = "finding"

    def get_queryset(self):
        return Finding.objects.select_related("owner", "accepted_by", "subject_type")

    def get_context_data(self, **kwargs):
        kwargs.setdefault("accept_form", forms.AcceptForm())
        with_missing([self.object])
        return super().get_context_data(today=timezone.localdate(), **kwargs)


class FindingAcceptView(PermissionRequiredMixin, View):
    """Accept a finding for a while; a refusal shows the page again with what was typed."""

    permission_required = "findings.accept_finding"
    http_method_names = ["post"]

    def post(self, request, pk):
        finding = get_object_or_404(Finding, pk=pk)
        form = forms.AcceptForm(request.POST)
        if form.is_valid():
            try:
                services.finding_accept(finding=finding, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request, _("Finding accepted: it stays out of the alerts until the date you gave.")
                )
                return redirect(finding.get_absolute_url())
        detail = FindingDetailView()
        detail.setup(request, pk=pk)
        detail.object = detail.get_object()
        context = detail.get_context_data(object=detail.object, accept_form=form)
        return TemplateResponse(request, detail.template_name, context, status=400)


class FindingWithdrawView(ServiceActionView):
    permission_required = "findings.accept_finding"
    model = Finding
    success_message = gettext_lazy("Acceptance withdrawn: the finding is back in the alerts.")

    def get_success_url(self):
        return self.object.get_absolute_url()

    def perform(self, finding, form):
        services.finding_withdraw_acceptance(finding=finding, by=self.request.user)


class RunChecksView(PermissionRequiredMixin, View):
    """Queue a scan now (one at a time); the page shows its result when the worker has run it."""

    permission_required = "findings.run_checks"
    http_method_names = ["post"]

    def post(self, request):
        try:
            services.scan_request(by=request.user)
        except ValidationError as error:
            messages.warning(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("The checks are queued; this page shows their result when they finish.")
            )
        return redirect("findings:list")
