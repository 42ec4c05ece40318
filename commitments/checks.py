"""Rules on the leadership responsibilities themselves (see DOMAIN.md)."""

from __future__ import annotations

import datetime

from django.db.models import CharField, F, Q, QuerySet, Value
from django.db.models.functions import Concat

from commitments.models import Responsibility
from findings.rules import Severity, rule, subject_rows


@rule(
    code="RESP-RED-TOO-LONG",
    severity=Severity.CRITICAL,
    subject=Responsibility,
    title="Responsibility without fresh evidence for more than one cadence",
    advice="Its owner should record what leadership did for it recently, or plan an action now.",
)
def responsibility_red_too_long(today: datetime.date) -> QuerySet:
    """Red (no fresh evidence) since longer than one cadence: its last evidence is older than two
    cadences, or there has never been any."""
    active = Responsibility.objects.of_active_edition().filter(status=Responsibility.Status.RED)
    cadences = set(active.values_list("evidence_cadence_days", flat=True))
    too_old = Q(last_evidence_on__isnull=True)
    for days in cadences:
        too_old |= Q(
            evidence_cadence_days=days, last_evidence_on__lt=today - datetime.timedelta(days=2 * days)
        )
    label = Concat(F("code"), Value(") "), F("title"), output_field=CharField())
    return subject_rows(active.filter(too_old), owner="owner_id", label=label)
