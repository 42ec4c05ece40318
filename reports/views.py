"""Report centre pages: log-in landing, index, exports, audit pack (page, PDF, ZIP), past dates."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.contrib.auth.views import LoginView
from django.core.exceptions import BadRequest, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, resolve_url
from django.utils import timezone
from django.views import View
from django.views.generic import FormView, ListView, TemplateView

from core import accounts, jobs, permissions
from core.actions import form_messages
from core.formatting import date_text
from core.forms import SignInForm
from core.models import AccountExpiry
from reports import auditpack, exports, forms, packaging, pointintime, registry, services

INDEX_PERMISSION = "commitments.view_responsibility"


class LandingLoginView(LoginView):
    """Django's log-in page, sending read-only users (auditors) to the report centre afterwards.

    With an identity provider set up it offers "Sign in with <provider>"; the password form stays
    for local accounts, or for the break-glass account alone (QMS_PASSWORD_SIGN_IN=0).
    """

    authentication_form = SignInForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            identity_provider=(
                settings.QMS_OIDC_PROVIDER_NAME if accounts.identity_provider_configured() else None
            ),
            password_form_open=settings.QMS_PASSWORD_SIGN_IN,
            **kwargs,
        )

    def get_default_redirect_url(self):
        return (
            resolve_url("reports:index")
            if permissions.is_read_only(self.request.user)
            else super().get_default_redirect_url()
        )


class ReportCentreView(PermissionRequiredMixin, TemplateView):
    """What an auditor lands on: the audit pack, every export, the point-in-time view."""

    permission_required = INDEX_PERMISSION
    template_name = "reports/index.html"

    def get_context_data(self, **kwargs):
        registers = registry.visible_to(self.request.user)
        return super().get_context_data(
            registers=registers,
            past_registers=[r for r in registers if r.rows_as_of],
            period=auditpack.Period.last_twelve_months(timezone.localdate()),
            wait_seconds=exports.WAIT_SECONDS,
            csv_rows=exports.WAIT_SECONDS * exports.ROWS_PER_SECOND["csv"],
            xlsx_rows=exports.WAIT_SECONDS * exports.ROWS_PER_SECOND["xlsx"],
            **kwargs,
        )


class ExportView(PermissionRequiredMixin, View):
    """One register as CSV or XLSX, with the list page's filters from the query string."""

    http_method_names = ["get", "head"]

    def register_name(self) -> str:
        return self.kwargs["register"]

    def get_permission_required(self):
        self.register = registry.get(self.register_name())
        if self.register is None or self.kwargs["fmt"] not in exports.FORMATS:
            raise Http404("No such export.")
        return (self.register.permission,)

    def get(self, request, **kwargs):
        fmt = self.kwargs["fmt"]
        queryset = exports.filtered(self.register, request.GET)
        too_big, counted = exports.needs_job(fmt, queryset)
        if not too_big:
            return exports.FORMATS[fmt](self.register, queryset)
        job = exports.request_job(self.register, fmt, request.GET, request.user)
        messages.info(
            request,
            f"{job.label}: more than {counted - 1:,} rows, too many to make while you wait. The file is "
            "being prepared in the background and appears here when it is ready.",
        )
        return redirect("reports:downloads")


class AuditPackMixin(PermissionRequiredMixin):
    """The pack for the period (and past date) in the query string; last twelve months by default."""

    http_method_names = ["get", "head"]

    def get_permission_required(self):
        return auditpack.permissions()

    def get_pack(self) -> auditpack.AuditPack:
        self.form, period, as_of = forms.period_from(self.request.GET)
        if self.form.is_bound and not self.form.is_valid():
            raise BadRequest("The period is not valid: " + " ".join(form_messages(self.form)))
        return auditpack.build(period, as_of)


class AuditPackView(AuditPackMixin, TemplateView):
    """The audit pack as a web page, with links to its PDF and ZIP."""

    template_name = "reports/audit_pack.html"

    def get_context_data(self, **kwargs):
        pack = self.get_pack()
        return super().get_context_data(
            pack=pack, form=self.form, query=self.request.GET.urlencode(), **kwargs
        )


class AuditPackPdfView(AuditPackMixin, View):
    """The audit pack as a PDF with a table of contents."""

    def get(self, request):
        pack = self.get_pack()
        response = HttpResponse(packaging.render_pdf(pack), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{packaging.file_stem(pack)}.pdf"'
        return response


class AuditPackZipView(AuditPackMixin, View):
    """The audit pack as a ZIP: the PDF, the evidence files and a manifest of their SHA-256."""

    def get(self, request):
        pack = self.get_pack()
        return FileResponse(
            packaging.zip_tempfile(pack),
            as_attachment=True,
            filename=f"{packaging.file_stem(pack)}.zip",
            content_type="application/zip",
        )


class AsOfView(PermissionRequiredMixin, TemplateView):
    """A register as the system recorded it at the end of a past day, built from the history tables."""

    permission_required = INDEX_PERMISSION
    template_name = "reports/as_of.html"
    paginate_by = 50

    def get_context_data(self, **kwargs):
        registers = [r for r in registry.visible_to(self.request.user) if r.rows_as_of]
        form = forms.AsOfForm(self.request.GET or None, registers=registers)
        context = {"form": form, "register": None}
        if form.is_bound and form.is_valid():
            register = registry.get(form.cleaned_data["register"])
            day = form.cleaned_data["date"]
            objects = register.rows_as_of(pointintime.end_of_day(day))
            page = Paginator(objects, self.paginate_by).get_page(self.request.GET.get("page"))
            context.update(
                register=register,
                day=day,
                headers=exports.headers(register, register.past_columns),
                rows=exports.as_table(register, page.object_list),
                page_obj=page,
                is_paginated=page.has_other_pages(),
            )
        return super().get_context_data(**context, **kwargs)


class AuditorAccountsView(PermissionRequiredMixin, FormView):
    """Time-limited auditor accounts: the list, and a form to create one."""

    permission_required = "core.add_accountexpiry"
    template_name = "reports/auditor_accounts.html"
    form_class = forms.AuditorAccountForm

    def get_context_data(self, **kwargs):
        accounts = AccountExpiry.objects.select_related("user", "created_by").order_by("-expires_on", "pk")
        return super().get_context_data(accounts=accounts, today=timezone.localdate(), **kwargs)

    def form_valid(self, form):
        try:
            expiry = services.auditor_account_create(**form.cleaned_data, by=self.request.user)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            f"Auditor account {expiry.user.username} created; last day {date_text(expiry.expires_on)}.",
        )
        return redirect("reports:auditor_accounts")


class DownloadsView(PermissionRequiredMixin, ListView):
    """My downloads: the files the person asked to be prepared in the background, with their progress.

    While a job is queued or running the table re-requests itself every two seconds (htmx) and
    only the table is sent back.
    """

    permission_required = INDEX_PERMISSION
    paginate_by = 25
    http_method_names = ["get", "head"]

    def get_queryset(self):
        return jobs.jobs_of(self.request.user)

    def get_template_names(self) -> list[str]:
        if self.request.htmx:
            return ["reports/_downloads_table.html"]
        return ["reports/downloads.html"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["polling"] = any(job.is_active for job in context["object_list"])
        context["result_days"] = settings.QMS_JOB_RESULT_DAYS
        return context


class JobDownloadView(PermissionRequiredMixin, View):
    """The file of one finished job, for the person who asked for it (others get a 404)."""

    permission_required = INDEX_PERMISSION
    http_method_names = ["get", "head"]

    def get(self, request, pk: int):
        job = jobs.downloadable_job(request.user, pk)
        if job is None:
            raise Http404("No such download.")
        return FileResponse(
            job.result.open("rb"), as_attachment=True, filename=job.result_name, content_type=job.result_type
        )
