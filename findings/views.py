"""The findings page, a finding's detail, accepting a finding and running the checks on demand."""

import django_filters
from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils import timezone
from django.views import View
from django.views.generic import DetailView
from django_filters.views import FilterView

from core.actions import ServiceActionView
from core.history import HistoryMixin
from findings import forms, services
from findings.models import Finding, ScanRun
from findings.rules import RULES, Severity


class FindingFilter(django_filters.FilterSet):
    STATES = [
        ("open", "Needs attention"),
        ("accepted", "Accepted for now"),
        ("resolved", "Resolved"),
        ("all", "All"),
    ]

    state = django_filters.ChoiceFilter(
        choices=STATES, method="filter_state", empty_label=None, label="State"
    )
    rule_code = django_filters.ChoiceFilter(label="Rule", empty_label="Any rule")
    severity = django_filters.ChoiceFilter(choices=Severity.choices, empty_label="Any severity")
    subject_type = django_filters.ModelChoiceFilter(
        queryset=ContentType.objects.filter(app_label__in=["commitments", "objectives", "reviews"]),
        label="About",
        empty_label="Anything",
    )

    class Meta:
        model = Finding
        fields = ["state", "rule_code", "severity", "subject_type"]

    def __init__(self, data=None, *args, **kwargs):
        data = data.copy() if data is not None else {}
        data.setdefault("state", "open")
        super().__init__(data, *args, **kwargs)
        self.filters["rule_code"].extra["choices"] = sorted(
            (code, f"{code}: {r.title}") for code, r in RULES.items()
        )

    def filter_state(self, queryset, name, value):
        today = timezone.localdate()
        return {
            "open": queryset.alerting(today),
            "accepted": queryset.accepted(today),
            "resolved": queryset.filter(resolved_at__isnull=False),
        }.get(value, queryset)


RECENT_RUNS = 5


class FindingListView(PermissionRequiredMixin, FilterView):
    """What the checks found, open first, with filters."""

    permission_required = "findings.view_finding"
    filterset_class = FindingFilter
    template_name = "findings/finding_list.html"
    context_object_name = "findings"
    paginate_by = 50

    def get_queryset(self):
        return Finding.objects.select_related("owner", "subject_type").order_by("-first_seen_at", "-pk")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            runs=list(ScanRun.objects.all()[:RECENT_RUNS]), today=timezone.localdate(), **kwargs
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
    """Queue a scan now (one at a time); the page shows its result when the worker has run it."""

    permission_required = "findings.run_checks"
    http_method_names = ["post"]

    def post(self, request):
        try:
            services.scan_request(by=request.user)
        except ValidationError as error:
            messages.warning(request, " ".join(error.messages))
        else:
            messages.success(request, "The checks are queued; this page shows their result when they finish.")
        return redirect("findings:list")
