"""Pages of 5.3 role assignments: top management assigns on the role's page, the holder confirms."""

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import ListView

from commitments.models import ListKey, ManagementRole, Requirement, RoleAssignment
from commitments.services import assignments as services
from core.actions import validation_messages


class AssignmentForm(forms.Form):
    requirement = forms.ModelChoiceField(
        queryset=Requirement.objects.of_active_edition().in_list(ListKey.ROLE_ASSIGNMENTS),
        label=_("Assignment"),
        empty_label=_("Choose what this role answers for"),
    )


def assignment_context(role: ManagementRole) -> dict:
    """What the role's page shows about its 5.3 assignments (two queries)."""
    current = (
        RoleAssignment.objects.current()
        .filter(role=role)
        .select_related("requirement__edition", "holder", "assigned_by")
        .order_by("requirement__edition__year", "requirement__sort_order")
    )
    return {"assignments": list(current), "assignment_form": AssignmentForm()}


def _report(request, call, success: str) -> None:
    try:
        call()
    except (ValidationError, PermissionDenied) as error:
        for message in validation_messages(error) if isinstance(error, ValidationError) else [str(error)]:
            messages.error(request, message)
    else:
        messages.success(request, success)


class RoleAssignView(PermissionRequiredMixin, View):
    """Top management gives the role (and its holder) an assignment of the edition in force."""

    permission_required = "commitments.add_roleassignment"
    http_method_names = ["post"]

    def post(self, request, pk):
        role = get_object_or_404(ManagementRole, pk=pk)
        form = AssignmentForm(request.POST)
        if not form.is_valid():
            messages.error(request, gettext("Choose the assignment to give."))
        else:
            requirement = form.cleaned_data["requirement"]
            _report(
                request,
                lambda: services.role_assignment_create(role=role, requirement=requirement, by=request.user),
                gettext("Assigned: %(requirement_label)s. The holder is asked to confirm it.")
                % {"requirement_label": requirement.label},
            )
        return redirect("registers:role_detail", pk=role.pk)


class AssignmentEndView(PermissionRequiredMixin, View):
    """Top management ends an assignment; it stays in the history."""

    permission_required = "commitments.add_roleassignment"
    http_method_names = ["post"]

    def post(self, request, pk):
        assignment = get_object_or_404(RoleAssignment, pk=pk)
        _report(
            request,
            lambda: services.role_assignment_end(assignment=assignment, by=request.user),
            gettext("Assignment ended."),
        )
        return redirect("registers:role_detail", pk=assignment.role_id)


class MyAssignmentsView(ListView):
    """The assignments the signed-in person holds, to read and confirm."""

    template_name = "registers/my_assignments.html"
    context_object_name = "assignments"

    def get_queryset(self):
        return (
            RoleAssignment.objects.current()
            .of_active_edition()
            .filter(holder=self.request.user)
            .select_related("requirement", "role", "assigned_by")
        )


class AssignmentConfirmView(View):
    """The holder confirms an assignment; anyone else finds nothing here."""

    http_method_names = ["post"]

    def post(self, request, pk):
        assignment = get_object_or_404(RoleAssignment.objects.current(), pk=pk, holder=request.user)
        _report(
            request,
            lambda: services.role_assignment_confirm(assignment=assignment, by=request.user),
            f"Confirmed: {assignment.requirement.label}.",
        )
        return redirect("registers:my_assignments")
