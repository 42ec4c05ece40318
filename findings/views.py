"""The findings page, a finding's detail, accepting a finding and running the checks on demand."""

import django_filters
from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views import View
from django.views.generic import DetailView
from django_filters.views import FilterView

from core.actions import ServiceActionView
from core.history import HistoryMixin
from findings import forms, services
from findings.models import Finding, ScanRun
from findings.rules import RULES, Severity
from findings.selectors import ranked, with_missing


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

    SORTS = [
        ("severity", "Most severe first, oldest first"),
        ("oldest", "Oldest first"),
        ("newest", "Newest first"),
    ]
    sort = django_filters.ChoiceFilter(choices=SORTS, method="filter_sort", empty_label=None, label="Sort by")

    class Meta:
        model = Finding
        fields = ["state", "rule_code", "severity", "subject_type", "sort"]

    def __init__(self, data=None, *args, **kwargs):
        data = data.copy() if data is not None else {}
        data.setdefault("state", "open")
        data.setdefault("sort", "severity")
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

    def filter_sort(self, queryset, name, value):
        return {
            "oldest": queryset.order_by("first_seen_at", "pk"),
            "newest": queryset.order_by("-first_seen_at", "-pk"),
        }.get(value, ranked(queryset).order_by("severity_rank", "first_seen_at", "pk"))


RECENT_RUNS = 5


class FindingListView(PermissionRequiredMixin, FilterView):
    """What the checks found: the most severe and longest-standing first, with filters and sorts."""

    permission_required = "findings.view_finding"
    filterset_class = FindingFilter
    template_name = "findings/finding_list.html"
    context_object_name = "findings"
    paginate_by = 50

    def get_queryset(self):
        return Finding.objects.select_related("owner", "subject_type").order_by("-first_seen_at", "-pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(
            runs=list(ScanRun.objects.all()[:RECENT_RUNS]), today=timezone.localdate(), **kwargs
        )
        context["findings"] = with_missing(context["findings"])
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
                    request, "Finding accepted: it stays out of the alerts until the date you gave."
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
