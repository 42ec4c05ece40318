"""Keeps the register's stored figures (status, last evidence, counts) current."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Count, Max, Q
from django.utils import timezone

from commitments import freshness
from commitments.models import Evidence, LeadershipAction, Responsibility

DERIVED_FIELDS = [
    "status",
    "last_evidence_on",
    "fresh_evidence_count",
    "open_action_count",
    "overdue_action_count",
]


@transaction.atomic
def responsibility_recompute(*, ids: Iterable[int] | None = None, today: datetime.date | None = None) -> int:
    """Recompute the stored figures of some (or all) responsibilities in a fixed number of queries."""
    today = today or timezone.localdate()
    responsibilities = Responsibility.objects.all()
    if ids is not None:
        responsibilities = responsibilities.filter(pk__in=list(ids))
    rows = list(responsibilities.only("pk", "evidence_cadence_days", *DERIVED_FIELDS))
    if not rows:
        return 0
    pks = [r.pk for r in rows]
    longest = max(r.evidence_cadence_days for r in rows)
    links = Evidence.responsibilities.through.objects.filter(
        responsibility_id__in=pks, evidence__archived_at__isnull=True, evidence__fact_date__lte=today
    )
    last = dict(
        links.values("responsibility_id")
        .annotate(last=Max("evidence__fact_date"))
        .values_list("responsibility_id", "last")  # type: ignore[misc]
    )
    # Only evidence that can still be fresh today: bounded by the longest cadence or its own date.
    candidates = defaultdict(list)
    recent = links.filter(
        Q(evidence__valid_until__gte=today)
        | Q(
            evidence__valid_until__isnull=True,
            evidence__fact_date__gte=today - datetime.timedelta(days=longest),
        )
    ).values_list("responsibility_id", "evidence__fact_date", "evidence__valid_until")
    for pk, fact_date, valid_until in recent:
        candidates[pk].append((fact_date, valid_until))
    actions = {
        row["responsibility_id"]: row
        for row in LeadershipAction.objects.active()
        .open()
        .filter(responsibility_id__in=pks)
        .values("responsibility_id")
        .annotate(open=Count("pk"), overdue=Count("pk", filter=Q(due_date__lt=today)))
    }
    for r in rows:
        counts = actions.get(r.pk, {"open": 0, "overdue": 0})
        summary = freshness.summarise(
            evidence=candidates[r.pk],
            cadence_days=r.evidence_cadence_days,
            overdue_actions=counts["overdue"],
            today=today,
        )
        r.status = summary.status
        r.fresh_evidence_count = summary.fresh_evidence_count
        r.last_evidence_on = last.get(r.pk)
        r.open_action_count = counts["open"]
        r.overdue_action_count = counts["overdue"]
    Responsibility.objects.bulk_update(rows, DERIVED_FIELDS, batch_size=500)
    return len(rows)
