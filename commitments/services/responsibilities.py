"""Write use cases of the responsibilities themselves (owner and cadence)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from commitments.models import Responsibility
from commitments.services.status import responsibility_recompute
from core import permissions
from core.history import record_change


@transaction.atomic
def responsibility_update(
    *, responsibility: Responsibility, owner, evidence_cadence_days: int, by
) -> Responsibility:
    """Set the accountable owner and the evidence cadence; the status follows the new cadence. An owner set
    by top management is confirmed at once; one set by anyone else awaits top management's confirmation."""
    if owner != responsibility.owner:
        confirmed = permissions.may_assign_responsibility(by)
        responsibility.owner_confirmed_by = by if confirmed and owner else None
        responsibility.owner_confirmed_at = timezone.now() if confirmed and owner else None
    responsibility.owner = owner
    responsibility.evidence_cadence_days = evidence_cadence_days
    responsibility.full_clean()
    record_change(
        responsibility,
        by=by,
        reason="Owner set by top management"
        if responsibility.owner_confirmed_by_id == by.pk and owner
        else "Owner or cadence changed",
    )
    responsibility.save()
    responsibility_recompute(ids=[responsibility.pk])
    responsibility.refresh_from_db()
    return responsibility


@transaction.atomic
def responsibility_confirm_owner(*, responsibility: Responsibility, by) -> Responsibility:
    """Top management confirms the accountable owner of a responsibility (its own act, dated)."""
    permissions.require(
        permissions.may_assign_responsibility(by),
        _("Only top management confirms who is accountable for a responsibility."),
    )
    responsibility = Responsibility.objects.select_for_update().get(pk=responsibility.pk)
    if responsibility.owner_id is None:
        raise ValidationError(_("Choose an owner first: there is nobody to confirm."))
    responsibility.owner_confirmed_by, responsibility.owner_confirmed_at = by, timezone.now()
    record_change(responsibility, by=by, reason=gettext_noop("Owner confirmed by top management"))
    responsibility.save(update_fields=["owner_confirmed_by", "owner_confirmed_at"])
    return responsibility
