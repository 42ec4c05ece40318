"""Write use cases of the registers: processes, risks and opportunities, management roles."""

from __future__ import annotations

from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from commitments.models import ManagementRole, Process, Risk
from core import archiving
from core.history import record_change

Entry = TypeVar("Entry", Process, Risk, ManagementRole)

PROCESS_FIELDS = (
    "name",
    "owner",
    "purpose",
    "inputs",
    "outputs",
    "performance_indicators",
    "qms_integration",
    "status",
)
RISK_FIELDS = (
    "kind",
    "process",
    "title",
    "description",
    "likelihood",
    "impact",
    "treatment",
    "owner",
    "review_date",
    "status",
    "treatment_effectiveness",
)
ROLE_FIELDS = ("title", "holder", "area", "responsibilities", "authorities", "top_management_support")


def _write(obj: Entry, fields: dict, allowed: tuple[str, ...], *, by, reason: str) -> Entry:
    for name in allowed:
        if name in fields:
            setattr(obj, name, fields[name])
    if isinstance(obj, Risk) and obj.likelihood and obj.impact:
        obj.score = obj.likelihood * obj.impact
    obj.full_clean()
    record_change(obj, by=by, reason=reason)
    obj.save()
    return obj


def _locked_active(model: type[Entry], pk: int) -> Entry:
    obj = model._default_manager.select_for_update().get(pk=pk)
    if obj.is_archived:
        raise ValidationError(_("This record is archived: it can no longer be changed."))
    return obj


@transaction.atomic
def process_create(*, by, **fields) -> Process:
    """Add a process to the register."""
    return _write(Process(), fields, PROCESS_FIELDS, by=by, reason=gettext_noop("Process added"))


@transaction.atomic
def process_update(*, process: Process, by, **fields) -> Process:
    """Change a process of the register."""
    return _write(
        _locked_active(Process, process.pk),
        fields,
        PROCESS_FIELDS,
        by=by,
        reason=gettext_noop("Process edited"),
    )


@transaction.atomic
def risk_create(*, by, **fields) -> Risk:
    """Add a risk or opportunity; its score is likelihood x impact."""
    return _write(Risk(), fields, RISK_FIELDS, by=by, reason=gettext_noop("Risk added"))


@transaction.atomic
def risk_update(*, risk: Risk, by, **fields) -> Risk:
    """Change a risk; a status move must be legal, and closing needs the treatment's effectiveness."""
    current = _locked_active(Risk, risk.pk)
    status = fields.get("status", current.status)
    if not current.can_move_to(status):
        raise ValidationError(
            {
                "status": _("A %(status)s item cannot move to %(target)s.")
                % {"status": current.get_status_display().lower(), "target": status}
            }
        )
    return _write(current, fields, RISK_FIELDS, by=by, reason=gettext_noop("Risk edited"))


@transaction.atomic
def role_create(*, by, supporting_evidence=None, **fields) -> ManagementRole:
    """Add a management role, with the evidence of how top management supports its holder."""
    role = _write(ManagementRole(), fields, ROLE_FIELDS, by=by, reason=gettext_noop("Role added"))
    if supporting_evidence is not None:
        role.supporting_evidence.set(supporting_evidence)
    return role


@transaction.atomic
def role_update(*, role: ManagementRole, by, supporting_evidence=None, **fields) -> ManagementRole:
    """Change a management role and the evidence linked to it."""
    role = _write(
        _locked_active(ManagementRole, role.pk),
        fields,
        ROLE_FIELDS,
        by=by,
        reason=gettext_noop("Role edited"),
    )
    if supporting_evidence is not None:
        role.supporting_evidence.set(supporting_evidence)
    return role


def register_archive(*, obj: Process | Risk | ManagementRole, reason: str, by):
    """Archive a register entry with a reason (never deleted; the history keeps it)."""
    return archiving.archive(obj=obj, reason=reason, by=by)
