"""Report centre pages: log-in landing, index, exports, audit pack (page, PDF, ZIP), past dates."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.contrib.auth.views import LoginView
from django.core.exceptions import BadRequest, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, resolve_url
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, ListView, TemplateView

from core import accounts, jobs, permissions, pointintime
from core import services as core_services
from core.actions import ServiceFormMixin, form_messages
from core.formatting import date_text, number_text
from core.forms import SignInForm
from core.models import AccountExpiry, OrganisationProfile
from reports import auditpack, exports, forms, registry, services, store
from reports import jobs as pack_jobs

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
            csv_rows=exports.rows_beyond_which_all_wait(registers, "csv"),
            xlsx_rows=exports.rows_beyond_which_all_wait(registers, "xlsx"),
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
            raise Http404(_("No such export."))
        return (self.register.permission,)

    def get(self, request, **kwargs):
        fmt = self.kwargs["fmt"]
        queryset = exports.filtered(self.register, request.GET)
        too_big, counted = exports.needs_job(self.register, fmt, queryset)
        if not too_big:
            return exports.FORMATS[fmt](self.register, queryset)
        job = exports.request_job(self.register, fmt, request.GET, request.user)
        messages.info(
            request,
            _(
                "%(job_label)s: more than %(limit)s rows, too many to make while you wait. The file is "
                "being prepared in the background and appears here when it is ready."
            )
            % {"job_label": job.label, "limit": number_text(counted - 1)},
        )
        return redirect("reports:downloads")


class AuditPackMixin(PermissionRequiredMixin):
    """The pack for the period (and past date) in the query string; last twelve months by default."""

    http_method_names = ["get", "head"]

    def get_permission_required(self):
        return auditpack.permissions()

    def get_period(self):
        self.form, period, as_of = forms.period_from(self.request.GET)
        if self.form.is_bound and not self.form.is_valid():
            raise BadRequest(
                _("The period is not valid: %(problems)s") % {"problems": " ".join(form_messages(self.form))}
            )
        return period, as_of


class AuditPackView(AuditPackMixin, TemplateView):
    """The audit pack as a web page: every section with its first rows and totals, links to the full
    lists, and the PDF and ZIP (prepared in the background, then downloaded)."""

    template_name = "reports/audit_pack.html"

    def get_context_data(self, **kwargs):
        period, as_of = self.get_period()
        pack = auditpack.build(period, as_of, limit=auditpack.WEB_LIMIT, by=self.request.user)
        return super().get_context_data(
            pack=pack,
            form=self.form,
            query=self.request.GET.urlencode(),
            stored=store.find(period, as_of),
            **kwargs,
        )


class AuditPackFileView(AuditPackMixin, View):
    """The stored PDF or ZIP of the period when it was built for the current data; otherwise back to the
    pack page, which offers to prepare it in the background."""

    kind = "pdf"

    def get(self, request):
        period, as_of = self.get_period()
        stored = store.find(period, as_of)
        if stored is None:
            messages.info(request, _("Prepare the PDF and ZIP first: they are built in the background."))
            return redirect(f"{resolve_url('reports:audit_pack')}?{request.GET.urlencode()}")
        stem = f"audit-pack-{period.start:%Y%m%d}-{period.end:%Y%m%d}" + (
            f"-as-of-{as_of:%Y%m%d}" if as_of else ""
        )
        if self.kind == "pdf":
            return FileResponse(
                stored.open_pdf(), as_attachment=True, filename=f"{stem}.pdf", content_type="application/pdf"
            )
        return FileResponse(
            stored.open_zip(), as_attachment=True, filename=f"{stem}.zip", content_type="application/zip"
        )


class AuditPackPrepareView(AuditPackMixin, View):
    """Queue the pack's PDF and ZIP as background jobs (built once, shared by both); see My downloads."""

    http_method_names = ["post"]

    def post(self, request):
        self.form, period, as_of = forms.period_from(request.POST)
        if not self.form.is_bound:
            messages.error(request, _("Choose the period of the pack first."))
            return redirect("reports:audit_pack")
        if not self.form.is_valid():
            for error in self.form.errors.values():
                messages.error(request, " ".join(error))
            return redirect("reports:audit_pack")
        if as_of:
            label = _("Audit pack %(period)s, as recorded on %(as_of)s") % {
                "period": period,
                "as_of": date_text(as_of),
            }
        else:
            label = _("Audit pack %(period)s") % {"period": period}
        for kind, suffix in ((pack_jobs.PDF_KIND, "PDF"), (pack_jobs.ZIP_KIND, "ZIP")):
            jobs.job_request(
                kind=kind,
                label=_("%(label)s (%(suffix)s)") % {"label": label, "suffix": suffix},
                parameters=pack_jobs.parameters(period, as_of),
                permission=auditpack.permissions()[0],
                by=request.user,
            )
        messages.success(
            request, _("The audit pack is being prepared; its PDF and ZIP appear under My downloads.")
        )
        return redirect("reports:downloads")


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
            _("Auditor account %(username)s created; last day %(last_day)s.")
            % {"username": expiry.user.username, "last_day": date_text(expiry.expires_on)},
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
            raise Http404(_("No such download."))
        return FileResponse(
            job.result.open("rb"), as_attachment=True, filename=job.result_name, content_type=job.result_type
        )


class OrganisationProfileView(PermissionRequiredMixin, ServiceFormMixin, FormView):
    """Top management keeps the organisation's name, certification scope and sites for the pack's cover."""

    permission_required = "core.change_organisationprofile"
    template_name = "reports/organisation.html"
    form_class = forms.OrganisationProfileForm
    success_message = gettext_lazy("Organisation profile saved; the next audit pack shows it on its cover.")

    def get_initial(self):
        profile = OrganisationProfile.objects.first()
        if profile is None:
            return {}
        return {
            "name": profile.name,
            "certification_scope": profile.certification_scope,
            "sites": profile.sites,
        }

    def perform(self, form):
        return core_services.organisation_profile_update(**form.cleaned_data, by=self.request.user)

    def get_success_url(self) -> str:
        return resolve_url("reports:organisation")
