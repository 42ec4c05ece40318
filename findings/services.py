"""Write use cases of findings: scanning, accepting, and the refresh that comes before a scan."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from core.history import record_change
from findings import engine, notifications, rules
from findings.models import Finding, FindingTally, ScanRun


def _refresh_derived_figures(today: datetime.date) -> None:
    for refresh in rules.REFRESH_BEFORE_SCAN.values():
        refresh(today=today)


def scan(*, trigger: str = "schedule", today: datetime.date | None = None) -> ScanRun | None:
    """Refresh the stored figures, run every rule, and mail at once about new urgent findings."""
    today = today or timezone.localdate()
    _refresh_derived_figures(today)
    run = engine.run_checks(trigger=trigger, today=today)
    if run is not None:
        finding_tally_refresh(today=today)
    opened_ids: list[int] = getattr(run, "opened_ids", [])
    if opened_ids:
        urgent = list(
            Finding.objects.filter(
                pk__in=opened_ids, rule_code__in=notifications.immediate_rule_codes()
            ).values_list("pk", flat=True)
        )
        if urgent:
            transaction.on_commit(lambda: notifications.send_immediate(finding_ids=urgent))
    return run


@transaction.atomic
def finding_accept(*, finding: Finding, reason: str, until: datetime.date, by) -> Finding:
    """Accept a finding knowingly for a while: it stays out of the alerts until `until` has passed."""
    finding = Finding.objects.select_for_update().get(pk=finding.pk)
    today = timezone.localdate()
    if finding.resolved_at:
        raise ValidationError("This finding is already resolved; there is nothing to accept.")
    if not reason or len(reason.strip()) < 10:
        raise ValidationError({"reason": "Explain in a sentence why the organisation accepts this for now."})
    if until <= today:
        raise ValidationError({"until": "The acceptance must end at a future date."})
    if until > today + datetime.timedelta(days=366):
        raise ValidationError({"until": "Accept a finding for one year at most; review it again then."})
    finding.accepted_until, finding.acceptance_reason = until, reason.strip()
    finding.accepted_by, finding.accepted_at = by, timezone.now()
    record_change(finding, by=by, reason=f"Accepted until {until:%Y-%m-%d}")
    finding.save(update_fields=["accepted_until", "acceptance_reason", "accepted_by", "accepted_at"])
    finding_tally_refresh(today=today)
    return finding


@transaction.atomic
def finding_withdraw_acceptance(*, finding: Finding, by) -> Finding:
    """Put an accepted finding back into the alerts."""
    finding = Finding.objects.select_for_update().get(pk=finding.pk)
    if not finding.accepted_until:
        raise ValidationError("This finding is not accepted.")
    finding.accepted_until = None
    record_change(finding, by=by, reason="Acceptance withdrawn")
    finding.save(update_fields=["accepted_until"])
    finding_tally_refresh(today=timezone.localdate())
    return finding


@transaction.atomic
def finding_tally_refresh(*, today: datetime.date | None = None) -> dict[str, int]:
    """Count open and alerting findings per severity once, and store the figures pages read."""
    today = today or timezone.localdate()
    alerting = Q(accepted_until__isnull=True) | Q(accepted_until__lt=today)
    zero = {"open_count": 0, "alerting_count": 0}
    counts = {
        row["severity"]: row
        for row in Finding.objects.open()
        .order_by()
        .values("severity")
        .annotate(open_count=Count("pk"), alerting_count=Count("pk", filter=alerting))
    }
    FindingTally.objects.bulk_create(
        [
            FindingTally(
                severity=severity,
                open_count=counts.get(severity, zero)["open_count"],
                alerting_count=counts.get(severity, zero)["alerting_count"],
                counted_on=today,
            )
            for severity in Finding.Severity.values
        ],
        update_conflicts=True,
        unique_fields=["severity"],
        update_fields=["open_count", "alerting_count", "counted_on"],
    )
    return {severity: counts.get(severity, zero)["alerting_count"] for severity in Finding.Severity.values}
