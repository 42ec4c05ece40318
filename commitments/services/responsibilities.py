"""Write use cases of the responsibilities themselves (owner and cadence)."""

from __future__ import annotations

from django.db import transaction

from commitments.models import Responsibility
from commitments.services.status import responsibility_recompute
from core.history import record_change


@transaction.atomic
def responsibility_update(
    *, responsibility: Responsibility, owner, evidence_cadence_days: int, by
) -> Responsibility:
    """Set the accountable owner and the evidence cadence; the status follows the new cadence."""
    responsibility.owner = owner
    responsibility.evidence_cadence_days = evidence_cadence_days
    responsibility.full_clean()
    record_change(responsibility, by=by, reason="Owner or cadence changed")
    responsibility.save()
    responsibility_recompute(ids=[responsibility.pk])
    responsibility.refresh_from_db()
    return responsibility
