"""Pages of the quality policy: the version in force for everyone, versions and approval for the QMS team."""

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import BadRequest, PermissionDenied, ValidationError
from django.db import IntegrityError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import CreateView, DetailView, TemplateView, UpdateView, View

from commitments import selectors_policy
from commitments.forms.policy import (
    ApprovalSignatureForm,
    PolicyCommitmentForm,
    PolicyCommunicationForm,
    PolicyDraftForm,
)
from commitments.models import PolicyCommitment, PolicyVersion
from commitments.services import policy as services
from core import permissions
from core.actions import ServiceActionView, ServiceFormMixin, error_text
from core.history import HistoryMixin
from core.lists import ListPageView, Sort
from core.params import id_or_none
from core.signatures import signatures_of


def _version_url(version: PolicyVersion) -> str:
    return reverse("policy:version_detail", args=[version.pk])


class PolicyCurrentView(TemplateView):
    """The policy in force: every logged-in user reads it (no view permission needed)."""

    template_name = "policy/policy_current.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(version=selectors_policy.policy_in_force(), **kwargs)


class PolicyPrintView(PolicyCurrentView):
    """A printable page of the policy in force."""

    template_name = "policy/policy_print.html"


BANNER_DISMISSED = "policy_banner_dismissed"


class PolicyBannerDismissView(View):
    """POST: hide the "please read" banner of this version until the person signs in again."""

    http_method_names = ["post"]

    def post(self, request):
        request.session[BANNER_DISMISSED] = request.POST.get("version", "")
        target = request.POST.get("next", "")
        # Only a path of this site: anything else (a name, another host) goes home.
        if not target.startswith("/") or not url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}
        ):
            target = reverse("home")
        return HttpResponseRedirect(target)


class PolicyAcknowledgeView(View):
    """POST: the logged-in user acknowledges the version in force (read-only reviewers cannot)."""

    http_method_names = ["post"]

    def post(self, request):
        if not permissions.may_acknowledge_policy(request.user):
            raise PermissionDenied(_("Read-only reviewers do not acknowledge the policy."))
        version = PolicyVersion.objects.filter(pk=id_or_none(request.POST.get("version"))).first()
        try:
            if version is None:
                raise BadRequest(_("Choose the version you read: there is no such policy version."))
            services.policy_acknowledge(version=version, by=request.user)
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(
                request,
                _("Thank you: you acknowledged version %(number)s of the policy.")
                % {"number": version.number},
            )
        target = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
            target = reverse("policy:current")
        return redirect(target)


class PolicyVersionListView(ListPageView):
    """Every version, including superseded ones, with who approved it and when."""

    permission_required = "commitments.view_policyversion"
    template_name = "policy/version_list.html"
    context_object_name = "versions"
    sorts = {"number": Sort(gettext_lazy("Version"), ("number",))}
    default_sort = "-number"

    def get_base_queryset(self):
        return PolicyVersion.objects.select_related("approved_by", "created_by")


class PolicyVersionDetailView(PermissionRequiredMixin, HistoryMixin, DetailView):
    """One version: text, commitments, communication, acknowledgement rate and history."""

    permission_required = "commitments.view_policyversion"
    template_name = "policy/version_detail.html"
    context_object_name = "version"

    def get_queryset(self):
        return PolicyVersion.objects.select_related("approved_by", "created_by").prefetch_related(
            "commitments", "communications__recorded_by"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        version = self.object
        context["summary"] = selectors_policy.acknowledgement_summary(version)
        context["approval_problems"] = services.approval_problems(version) if version.is_editable else []
        context["signature_form"] = ApprovalSignatureForm()
        context["signatures"] = signatures_of(version)
        context["previous"] = (
            PolicyVersion.objects.filter(number__lt=version.number).order_by("-number").first()
        )
        return context


class PolicyDraftStartView(PermissionRequiredMixin, View):
    """POST: start a new draft as a copy of the version in force."""

    permission_required = "commitments.add_policyversion"
    http_method_names = ["post"]

    def post(self, request):
        try:
            draft = services.policy_draft_start(by=request.user)
        except ValidationError as error:
            messages.error(request, error_text(error))
            return redirect("policy:version_list")
        except IntegrityError:
            messages.error(request, _("Someone started a draft at the same moment: open it from the list."))
            return redirect("policy:version_list")
        messages.success(
            request,
            _("Draft version %(number)s started from the policy in force.") % {"number": draft.number},
        )
        return redirect(_version_url(draft))


class DraftOnlyMixin:
    """Pages that change a draft send the user back when the version is no longer a draft."""

    def draft_of(self, obj) -> PolicyVersion:
        return obj

    def dispatch(self, request, *args, **kwargs):
        # Runs after PermissionRequiredMixin (earlier in the MRO), so only permitted users get here.
        version = self.draft_of(self.get_object())
        if not version.is_editable:
            messages.error(
                request,
                _("Version %(number)s is frozen: only a draft can be changed.") % {"number": version.number},
            )
            return redirect(_version_url(version))
        return super().dispatch(request, *args, **kwargs)


class PolicyVersionUpdateView(PermissionRequiredMixin, DraftOnlyMixin, ServiceFormMixin, UpdateView):
    """Edit the text of a draft."""

    permission_required = "commitments.change_policyversion"
    model = PolicyVersion
    form_class = PolicyDraftForm
    template_name = "policy/form.html"
    success_message = gettext_lazy("Draft saved.")

    def perform(self, form):
        return services.policy_draft_update(version=self.object, by=self.request.user, **form.cleaned_data)

    def get_success_url(self):
        return _version_url(self.object)


class PolicyVersionApproveView(ServiceActionView):
    """POST: top management approves a draft; the previous version is superseded."""

    permission_required = "commitments.approve_policyversion"
    model = PolicyVersion
    form_class = ApprovalSignatureForm
    success_message = gettext_lazy("Approved and signed: this version is now the policy in force.")

    def perform(self, obj, form):
        services.policy_version_approve(
            version=obj,
            by=self.request.user,
            password=form.cleaned_data["password"],
            meaning=form.cleaned_data["meaning"],
        )

    def get_success_url(self):
        return _version_url(self.object)


class VersionChildMixin:
    """Pages that add a row to a version (its pk in the URL); draft_only refuses frozen versions.

    Comes after PermissionRequiredMixin in the bases, so only permitted users reach this check.
    """

    draft_only = False

    def dispatch(self, request, *args, **kwargs):
        self.version = get_object_or_404(PolicyVersion, pk=kwargs["pk"])
        if (
            self.draft_only
            and request.user.has_perm(self.permission_required)
            and not self.version.is_editable
        ):
            messages.error(
                request,
                _("Version %(number)s is frozen: only a draft can be changed.")
                % {"number": self.version.number},
            )
            return redirect(_version_url(self.version))
        return super().dispatch(request, *args, **kwargs)

    def get_success_url(self):
        return _version_url(self.version)


class PolicyCommitmentCreateView(PermissionRequiredMixin, VersionChildMixin, ServiceFormMixin, CreateView):
    """Add a commitment to a draft."""

    permission_required = "commitments.add_policycommitment"
    form_class = PolicyCommitmentForm
    template_name = "policy/form.html"
    success_message = gettext_lazy("Commitment added.")

    draft_only = True

    def perform(self, form):
        return services.policy_commitment_add(version=self.version, by=self.request.user, **form.cleaned_data)


class PolicyCommitmentUpdateView(PermissionRequiredMixin, DraftOnlyMixin, ServiceFormMixin, UpdateView):
    """Edit a commitment of a draft."""

    permission_required = "commitments.change_policycommitment"
    model = PolicyCommitment
    form_class = PolicyCommitmentForm
    template_name = "policy/form.html"
    success_message = gettext_lazy("Commitment saved.")

    def draft_of(self, obj):
        return obj.version

    def perform(self, form):
        return services.policy_commitment_update(
            commitment=self.object, by=self.request.user, **form.cleaned_data
        )

    def get_success_url(self):
        return _version_url(self.object.version)


class PolicyCommitmentRemoveView(PermissionRequiredMixin, DraftOnlyMixin, DetailView):
    """Confirm, then remove a commitment from a draft."""

    permission_required = "commitments.change_policycommitment"
    model = PolicyCommitment
    template_name = "policy/commitment_remove.html"
    context_object_name = "commitment"

    def draft_of(self, obj):
        return obj.version

    def post(self, request, *args, **kwargs):
        commitment = self.get_object()
        try:
            services.policy_commitment_remove(commitment=commitment, by=request.user)
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(
                request, _("Commitment '%(key)s' removed from the draft.") % {"key": commitment.key}
            )
        return redirect(_version_url(commitment.version))


class PolicyCommunicationCreateView(PermissionRequiredMixin, VersionChildMixin, ServiceFormMixin, CreateView):
    """Record how an approved version was communicated."""

    permission_required = "commitments.add_policycommunication"
    form_class = PolicyCommunicationForm
    template_name = "policy/form.html"
    success_message = gettext_lazy("Communication recorded.")

    def perform(self, form):
        return services.policy_communication_record(
            version=self.version, by=self.request.user, **form.cleaned_data
        )


class PolicyAcknowledgementListView(ListPageView):
    """Who has not acknowledged a version yet (paged), and the rate."""

    permission_required = "commitments.view_policyacknowledgement"
    template_name = "policy/acknowledgement_list.html"
    context_object_name = "people"
    paginate_by = 50
    sorts = {
        "name": Sort(
            gettext_lazy("Person"),
            ("last_name", "first_name", "username"),
        )
    }
    default_sort = "name"

    def get_base_queryset(self):
        self.version = get_object_or_404(PolicyVersion, pk=self.kwargs["pk"])
        return selectors_policy.not_acknowledged(self.version)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)  # reads the version first
        context.update(version=self.version, summary=selectors_policy.acknowledgement_summary(self.version))
        return context


class PolicyCompareView(PermissionRequiredMixin, TemplateView):
    """Side by side: what changed between two versions (?old=<pk>&new=<pk>)."""

    permission_required = "commitments.view_policyversion"
    template_name = "policy/compare.html"

    def get_context_data(self, **kwargs):
        versions = PolicyVersion.objects.prefetch_related("commitments").order_by("-number")
        by_pk = {str(v.pk): v for v in versions}
        ordered = list(versions)
        new = by_pk.get(self.request.GET.get("new", "")) or (ordered[0] if ordered else None)
        older = [v for v in ordered if new and v.number < new.number]
        old = by_pk.get(self.request.GET.get("old", "")) or (older[0] if older else None)
        diff, refusal = None, ""
        if old and new:
            try:
                diff = selectors_policy.version_diff(old, new)
            except ValidationError as error:
                refusal = " ".join(error.messages)
        return super().get_context_data(
            versions=ordered, old=old, new=new, diff=diff, refusal=refusal, **kwargs
        )
