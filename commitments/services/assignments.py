"""Write use cases of 5.3 role assignments: top management assigns, the holder confirms."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from commitments.models import ListKey, ManagementRole, Requirement, RoleAssignment
from core import permissions
from core.history import record_change


@transaction.atomic
def role_assignment_create(*, role: ManagementRole, requirement: Requirement, by) -> RoleAssignment:
    """Top management gives a 5.3 assignment of the active edition to a role and its current holder."""
    permissions.require(
        permissions.may_assign_roles(by),
        _("Only top management assigns roles, responsibilities and authorities."),
    )
    if requirement.list != ListKey.ROLE_ASSIGNMENTS or not requirement.edition.is_active:
        raise ValidationError(_("Choose an assignment of the edition in force."))
    if role.is_archived:
        raise ValidationError(_("This role is archived; it cannot take new assignments."))
    if RoleAssignment.objects.current().filter(role=role, requirement=requirement).exists():
        raise ValidationError(
            _("%(role)s already holds “%(requirement)s”.") % {"role": role, "requirement": requirement.title}
        )
    assignment = RoleAssignment(
        role=role, requirement=requirement, holder=role.holder, assigned_by=by, assigned_at=timezone.now()
    )
    assignment.full_clean()
    record_change(assignment, by=by, reason=gettext_noop("Assigned by top management"))
    assignment.save()
    return assignment


@transaction.atomic
def role_assignment_confirm(*, assignment: RoleAssignment, by) -> RoleAssignment:
    """The holder confirms they know and accept the assignment."""
    assignment = RoleAssignment.objects.select_for_update().get(pk=assignment.pk)
    permissions.require(
        permissions.may_confirm_assignment(by, assignment), _("Only the holder confirms an assignment.")
    )
    if assignment.ended_at is not None:
        raise ValidationError(_("This assignment has ended."))
    if assignment.confirmed_at is not None:
        raise ValidationError(_("You confirmed this assignment already."))
    assignment.confirmed_at = timezone.now()
    record_change(assignment, by=by, reason=gettext_noop("Confirmed by the holder"))
    assignment.save(update_fields=["confirmed_at"])
    return assignment


@transaction.atomic
def role_assignment_end(*, assignment: RoleAssignment, by) -> RoleAssignment:
    """Top management ends an assignment (kept in the history, never deleted)."""
    permissions.require(permissions.may_assign_roles(by), _("Only top management ends an assignment."))
    assignment = RoleAssignment.objects.select_for_update().get(pk=assignment.pk)
    if assignment.ended_at is not None:
        raise ValidationError(_("This assignment has ended already."))
    assignment.ended_at = timezone.now()
    record_change(assignment, by=by, reason=gettext_noop("Ended by top management"))
    assignment.save(update_fields=["ended_at"])
    return assignment
