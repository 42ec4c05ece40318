"""Spreadsheet import (upload, preview, confirm), export and the downloadable templates."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import DetailView, FormView, View

from core.actions import error_text
from objectives import imports
from objectives.forms import ImportUploadForm
from objectives.models import ImportFile

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
PREVIEW_LINES = 200


def _download(content: bytes, *, name: str, fmt: str) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


def _check_kind_and_format(kind: str, fmt: str) -> None:
    if kind not in imports.COLUMNS or fmt not in CONTENT_TYPES:
        raise Http404(_("No such file."))


class ImportUploadView(PermissionRequiredMixin, FormView):
    """Upload a file; it is kept server-side until the preview is confirmed."""

    permission_required = "objectives.import_objective"
    form_class = ImportUploadForm
    template_name = "objectives/import_upload.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "max_mb": settings.QMS_IMPORT_MAX_MB}

    def get_context_data(self, **kwargs):
        return super().get_context_data(columns=imports.COLUMNS, required=imports.REQUIRED, **kwargs)

    def form_valid(self, form):
        try:
            staged = imports.import_file_stage(
                kind=form.cleaned_data["kind"], upload=form.cleaned_data["file"], by=self.request.user
            )
        except ValidationError as error:
            form.add_error("file", error)
            return self.form_invalid(form)
        return redirect("objectives:import_preview", pk=staged.pk)


class ImportPreviewView(PermissionRequiredMixin, DetailView):
    """What the file would create or update, or every bad row; nothing is written yet."""

    permission_required = "objectives.import_objective"
    template_name = "objectives/import_preview.html"
    context_object_name = "staged"

    def get_queryset(self):
        return ImportFile.objects.select_related("uploaded_by")

    def get_context_data(self, **kwargs):
        staged = self.object
        plan = None
        if staged.status == ImportFile.Status.PENDING:
            plan = imports.plan_staged(staged=staged, by=self.request.user)
        return super().get_context_data(
            plan=plan,
            preview=plan.preview[:PREVIEW_LINES] if plan else [],
            preview_limit=PREVIEW_LINES,
            **kwargs,
        )


class ImportConfirmView(PermissionRequiredMixin, View):
    """POST: check the staged file again and import it, all rows or none."""

    permission_required = "objectives.import_objective"
    http_method_names = ["post"]

    def post(self, request, pk: int):
        staged = get_object_or_404(ImportFile, pk=pk)
        try:
            plan = imports.import_file_apply(staged=staged, by=request.user)
        except ValidationError as error:
            messages.error(request, error_text(error))
            return redirect("objectives:import_preview", pk=pk)
        messages.success(
            request,
            _("%(filename)s imported. %(summary)s")
            % {"filename": staged.filename, "summary": plan.summary()},
        )
        return redirect("objectives:list")


class TemplateDownloadView(PermissionRequiredMixin, View):
    """An empty spreadsheet with the import's columns."""

    permission_required = "objectives.view_objective"

    def get(self, request, kind: str, fmt: str):
        _check_kind_and_format(kind, fmt)
        content = imports.write_table(kind=kind, rows=[], fmt=fmt)
        return _download(content, name=f"{kind}-template", fmt=fmt)
