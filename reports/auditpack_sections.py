"""Audit pack sections built on the other apps' records: evidence and its files, leadership actions,
objectives with their measurements, and findings. Registered next to the sections they follow.

Each section reads its rows set-based (one query per relation, whatever the size of the period)
and, when `as_of` is given, from the history tables as the system held them at that moment.
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.db.models import Q
from django.utils.text import get_valid_filename

from commitments.models import Attachment, Edition, Evidence, LeadershipAction, Responsibility
from findings.models import Finding
from objectives import progress
from objectives.models import Measurement, Objective
from reports.auditpack import PackFile, Period, section
from reports.packaging import EVIDENCE_FOLDER
from reports.pointintime import group_by, m2m_as_of, prefetched, snapshot, source


def _responsibilities(as_of: datetime.datetime | None) -> list[Responsibility]:
    editions = [e.pk for e in source(Edition, as_of).filter(is_active=True)]
    return snapshot(
        Responsibility, as_of, related=("owner",), order_by=("sort_order", "code"), edition_id__in=editions
    )


def _evidence_in(period: Period, as_of: datetime.datetime | None) -> list[Evidence]:
    """Evidence dated in the period and not withdrawn, with its responsibilities and files."""
    rows = snapshot(
        Evidence,
        as_of,
        related=("recorded_by",),
        order_by=("fact_date", "id"),
        fact_date__gte=period.start,
        fact_date__lte=period.end,
        archived_at__isnull=True,
    )
    ids = [e.pk for e in rows]
    files = snapshot(Attachment, as_of, order_by=("original_name", "id"), evidence_id__in=ids)
    prefetched(rows, "attachments", group_by(files, "evidence_id"), Attachment)
    if as_of is None:
        through = Evidence.responsibilities.through
        links = through.objects.filter(evidence_id__in=ids).values_list("evidence_id", "responsibility_id")
        groups = defaultdict(list)
        for evidence_id, responsibility_id in links:
            groups[evidence_id].append(responsibility_id)
        for e in rows:
            e.responsibility_ids = groups.get(e.pk, [])
    else:
        m2m_as_of(rows, "responsibilities", as_of)
        for e in rows:
            e.responsibility_ids = [r.pk for r in e.responsibilities.all()]
    return rows


def zip_path(attachment: Attachment) -> str:
    """Where a file goes in the ZIP: one folder per evidence record, the file's own (safe) name."""
    name = get_valid_filename(attachment.original_name) or "file"
    return f"{attachment.evidence_id}/{attachment.pk}-{name}"


@section(
    "evidence", "Evidence in the period", permission="commitments.view_evidence", after="responsibilities"
)
def evidence(period: Period, as_of: datetime.datetime | None) -> dict:
    """For each responsibility, the evidence dated in the period with its kinds, dates and file hashes;
    the files themselves join the ZIP."""
    rows = _evidence_in(period, as_of)
    responsibilities = _responsibilities(as_of)
    codes = {r.pk: r.code for r in responsibilities}
    by_responsibility = defaultdict(list)
    files = []
    for e in rows:
        for pk in e.responsibility_ids:
            by_responsibility[pk].append(e)
        items = ", ".join(sorted(codes[pk] for pk in e.responsibility_ids if pk in codes))
        for a in e.attachments.all():
            a.zip_name = EVIDENCE_FOLDER + zip_path(a)
            label = f"Evidence {e.pk}, {e.title} (items {items or '-'}): {a.original_name}"
            files.append(PackFile(zip_path(a), a.file, label, sha256=a.sha256, attachment_id=a.pk))
    return {
        "items": [{"responsibility": r, "evidence": by_responsibility[r.pk]} for r in responsibilities],
        "count": len(rows),
        "files": files,
    }


@section("actions", "Leadership actions", permission="commitments.view_leadershipaction", after="evidence")
def actions(period: Period, as_of: datetime.datetime | None) -> dict:
    """For each responsibility, the actions due or completed in the period, and those still open
    that fell due before it."""
    due = Q(due_date__gte=period.start, due_date__lte=period.end)
    completed = Q(completed_on__gte=period.start, completed_on__lte=period.end)
    overdue_before = Q(status__in=LeadershipAction.OPEN_STATUSES, due_date__lt=period.start)
    rows = snapshot(
        LeadershipAction,
        as_of,
        due | completed | overdue_before,
        related=("owner",),
        order_by=("due_date", "id"),
        archived_at__isnull=True,
    )
    grouped = group_by(rows, "responsibility_id")
    return {
        "items": [
            {"responsibility": r, "actions": grouped.get(r.pk, [])}
            for r in _responsibilities(as_of)
            if grouped.get(r.pk)
        ],
        "count": len(rows),
    }


@section(
    "objectives",
    "Quality objectives and their measurements",
    permission="objectives.view_objective",
    after="policy",
)
def objectives(period: Period, as_of: datetime.datetime | None) -> dict:
    """Each objective running during the period, with its measurements in the period and its progress
    (the stored verdict today; as of a past date, the rule applied to the values recorded then)."""
    rows = snapshot(
        Objective,
        as_of,
        Q(due_date__isnull=True) | Q(due_date__gte=period.start),
        related=("owner",),
        order_by=("ref",),
        archived_at__isnull=True,
        start_date__lte=period.end,
    )
    values = snapshot(
        Measurement,
        as_of,
        order_by=("measured_on", "id"),
        objective_id__in=[o.pk for o in rows],
        is_current=True,
        measured_on__gte=period.start,
        measured_on__lte=period.end,
    )
    series = group_by(values, "objective_id")
    items = []
    for o in rows:
        points = series.get(o.pk, [])
        if as_of is not None:
            latest = points[-1].value if points else None
            verdict = progress.classify_objective(o, latest=latest, today=min(as_of.date(), period.end))
            o.progress, o.latest_value = verdict.progress, latest
        items.append({"objective": o, "measurements": points})
    return {"items": items}


@section("findings", "Findings raised in the period", permission="findings.view_finding", after="reviews")
def findings(period: Period, as_of: datetime.datetime | None) -> dict:
    """Findings first seen in the period, and how each was resolved, accepted (with why) or left open."""
    rows = snapshot(
        Finding,
        as_of,
        related=("owner", "accepted_by"),
        order_by=("first_seen_at", "id"),
        first_seen_at__gt=period.start_at,
        first_seen_at__lte=period.end_at,
    )
    return {"findings": rows}
