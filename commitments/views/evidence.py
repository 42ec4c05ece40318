"""Pages of evidence: list, detail, record, correct, archive, and the permission-checked download."""

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView, FormView

from commitments import integrity, selectors
from commitments.filters import EvidenceFilter
from commitments.forms.evidence import EvidenceForm
from commitments.models import Attachment, Evidence
from commitments.services import evidence as evidence_services
from core.actions import ArchiveView, ServiceFormMixin, form_messages
from core.archiving import active_or_refuse
from core.history import HistoryMixin
from core.lists import ListPageView, Sort


class EvidenceListView(ListPageView):
    """All evidence, filtered, sorted and paged; archived records only on request."""

    permission_required = "commitments.view_evidence"
    template_name = "commitments/evidence_list.html"
    context_object_name = "evidence_list"
    filterset_class = EvidenceFilter
    sorts = {
        "fact_date": Sort(gettext_lazy("Date of fact"), ("fact_date",)),
        "title": Sort(gettext_lazy("Title"), ("title",)),
        "kind": Sort(gettext_lazy("Kind"), ("kind",)),
        "recorded_at": Sort(gettext_lazy("Recorded"), ("recorded_at",)),
    }
    default_sort = "-fact_date"

    def get_base_queryset(self):
        return selectors.evidence_list()


class EvidenceDetailView(PermissionRequiredMixin, HistoryMixin, DetailView):
    """One evidence record with its files (and their SHA-256) and its history."""

    permission_required = "commitments.view_evidence"
    template_name = "commitments/evidence_detail.html"
    context_object_name = "evidence"

    def get_queryset(self):
        return selectors.evidence_detail()


class EvidenceFormMixin(ServiceFormMixin):
    """Create and edit share the form and turn the service's refusals into form errors."""

    form_class = EvidenceForm
    template_name = "commitments/evidence_form.html"
    success_message = gettext_lazy("Evidence saved.")

    def perform(self, form):
        data = form.cleaned_data
        fields = {name: data[name] for name in evidence_services.EDITABLE}
        return self.save(fields=fields, responsibilities=data["responsibilities"], files=data["files"])

    def form_invalid(self, form):
        messages.error(self.request, "Nothing was saved: " + " ".join(form_messages(form)))
        return super().form_invalid(form)

    def get_success_url(self):
        return reverse("commitments:evidence_detail", args=[self.object.pk])


class EvidenceCreateView(PermissionRequiredMixin, EvidenceFormMixin, FormView):
    """Record new evidence, with files."""

    permission_required = "commitments.add_evidence"

    def get_initial(self):
        initial = super().get_initial()
        if self.request.GET.get("responsibility", "").isdigit():
            initial["responsibilities"] = [int(self.request.GET["responsibility"])]
        return initial

    def save(self, *, fields, responsibilities, files):
        return evidence_services.evidence_create(
            **fields, responsibilities=responsibilities, files=files, by=self.request.user
        )


class EvidenceUpdateView(PermissionRequiredMixin, EvidenceFormMixin, FormView):
    """Correct evidence and add files."""

    permission_required = "commitments.change_evidence"

    def dispatch(self, request, *args, **kwargs):
        self.object = active_or_refuse(Evidence, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.object}

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs, evidence=self.object)

    def save(self, *, fields, responsibilities, files):
        evidence = Evidence.objects.get(pk=self.object.pk)
        return evidence_services.evidence_update(
            evidence=evidence, **fields, responsibilities=responsibilities, files=files, by=self.request.user
        )


class EvidenceArchiveView(ArchiveView):
    """Archive evidence with a reason."""

    permission_required = "commitments.archive_evidence"
    model = Evidence

    def archive(self, obj, reason):
        return evidence_services.evidence_archive(evidence=obj, reason=reason, by=self.request.user)


class AttachmentDownloadView(PermissionRequiredMixin, View):
    """Serve a stored file to a permitted viewer, always as a download, never rendered inline.

    The file's SHA-256 is recomputed first: a file that no longer matches the one recorded at
    upload is not handed out as evidence; the evidence page says so, and offers it only as an
    explicitly unverified copy for investigation.
    """

    permission_required = "commitments.view_attachment"

    def get(self, request, pk: int):
        attachment = get_object_or_404(Attachment, pk=pk)
        state = integrity.verify(attachment)
        if state == Attachment.Integrity.MISSING:
            raise Http404(_("The file is missing from storage."))
        unverified = state != Attachment.Integrity.INTACT
        if unverified and request.GET.get("unverified") != "1":
            messages.error(
                request,
                _(
                    "“%(original_name)s” has changed since it was uploaded: its bytes no longer match the "
                    "SHA-256 recorded then, so it was not downloaded. A finding has been raised."
                )
                % {"original_name": attachment.original_name},
            )
            return redirect("commitments:evidence_detail", pk=attachment.evidence_id)
        handle = attachment.file.open("rb")
        name = f"UNVERIFIED-{attachment.original_name}" if unverified else attachment.original_name
        response = FileResponse(handle, as_attachment=True, filename=name)
        response["Content-Type"] = attachment.content_type
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        response["X-File-Integrity"] = str(state)
        return response
