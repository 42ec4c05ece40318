"""Rules on the leadership responsibilities themselves."""

from __future__ import annotations

import datetime

from django.db.models import CharField, F, Q, QuerySet, Value
from django.db.models.functions import Concat

from commitments.models import Responsibility
from commitments.services.status import responsibility_recompute
from findings.rules import AddDays, Severity, refresh_before_scan, rule, subject_rows

refresh_before_scan(responsibility_recompute)


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
    red = Responsibility.objects.of_active_edition().filter(status=Responsibility.Status.RED)
    # Evidence expires one cadence after its fact date; red for one more cadence means two in all.
    red_until = AddDays(F("last_evidence_on"), F("evidence_cadence_days") * 2)
    too_long = red.annotate(red_until=red_until).filter(
        Q(last_evidence_on__isnull=True) | Q(red_until__lt=today)
    )
    label = Concat(F("code"), Value(") "), F("title"), output_field=CharField())
    return subject_rows(too_long, owner="owner_id", label=label)
