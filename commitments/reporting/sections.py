"""Audit-pack sections of the commitments app: responsibilities and their owners, the policy in force with
its communications and acknowledgements, evidence (with when and by whom it was recorded), leadership
actions open during the period, and the registers of roles, processes and risks.

Each section reads its rows set-based (one query per relation, whatever the size of the period), bounds
its big lists by `limit` (the ZIP's tables carry every row) and, when `as_of` is given, reads the
history tables as the system held them at that moment.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from commitments.models import (
    Attachment,
    Edition,
    Evidence,
    LeadershipAction,
    ManagementRole,
    PolicyAcknowledgement,
    PolicyCommitment,
    PolicyCommunication,
    PolicyVersion,
    Process,
    Responsibility,
    Risk,
    RoleAssignment,
)
from commitments.selectors_policy import AcknowledgementSummary, acknowledging_population
from core.pointintime import group_by, m2m_as_of, prefetched, snapshot, source
from core.reporting import Act, PackFile, PackTable, Period, acts, bounded, open_during, section

EVIDENCE_FOLDER = "evidence/"


def responsibilities_of_edition(
    as_of: datetime.datetime | None,
) -> tuple[Edition | None, list[Responsibility]]:
    """The edition in force and its responsibilities, with their owners and who confirmed them."""
    editions = list(source(Edition, as_of).filter(is_active=True))
    rows = snapshot(
        Responsibility,
        as_of,
        related=("owner", "owner_confirmed_by"),
        order_by=("sort_order", "code"),
        edition_id__in=[e.pk for e in editions],
    )
    return (editions[0] if editions else None), rows


@section(
    "responsibilities",
    gettext_lazy("Leadership responsibilities and their owners"),
    permission="commitments.view_responsibility",
    order=10,
    clause="5.1.1",
)
def responsibilities(period: Period, as_of: datetime.datetime | None, limit: int | None) -> dict:
    """Each responsibility of the edition in force, its owner, who in top management set or confirmed
    the owner and when, and its evidence cadence."""
    edition, rows = responsibilities_of_edition(as_of)
    return {
        "edition": edition,
        "responsibilities": rows,
        "editions_in_period": editions_in_period(period, as_of),
    }


def editions_in_period(period: Period, as_of: datetime.datetime | None) -> list[dict]:
    """Which edition was in force when, within the period, read from the editions' history (a pack
    that spans a switch says so): [{"name", "start", "end"}], dates clipped to the period."""
    until = min(period.end_at, as_of) if as_of else period.end_at
    records = Edition.history.filter(history_date__lte=until).order_by("history_date", "history_id")
    spans: list[dict] = []
    active = None
    for record in records.values("id", "name", "is_active", "history_date"):
        day = timezone.localtime(record["history_date"]).date()
        if record["is_active"] and active != record["id"]:
            if spans and spans[-1]["end"] is None:
                spans[-1]["end"] = day
            spans.append({"name": record["name"], "start": day, "end": None})
            active = record["id"]
        elif not record["is_active"] and active == record["id"]:
            spans[-1]["end"] = day
            active = None
    in_period = [
        s for s in spans if (s["end"] is None or s["end"] >= period.start) and s["start"] <= period.end
    ]
    for span in in_period:
        span["start"] = max(span["start"], period.start)
        span["end"] = min(span["end"], period.end) if span["end"] else None
    return in_period


def versions_in_force(period: Period, as_of: datetime.datetime | None) -> list[PolicyVersion]:
    """Policy versions in force at any time in the period, oldest first."""
    versions = snapshot(
        PolicyVersion,
        as_of,
        related=("approved_by", "created_by"),
        order_by=("number",),
        status__in=[PolicyVersion.Status.APPROVED, PolicyVersion.Status.SUPERSEDED],
        approved_on__lte=period.end,
    )
    return [v for v in versions if v.superseded_on is None or v.superseded_on >= period.start]


@section(
    "policy",
    gettext_lazy("Quality policy in force"),
    permission="commitments.view_policyversion",
    order=20,
    clause="5.2",
)
def policy(period: Period, as_of: datetime.datetime | None, limit: int | None) -> dict:
    """Policy versions in force in the period: drafted and approved by whom and when, the context and
    direction each was checked against, its commitments, how it was communicated and how many people
    acknowledged it."""
    versions = versions_in_force(period, as_of)
    ids = [v.pk for v in versions]
    commitments = group_by(
        snapshot(PolicyCommitment, as_of, order_by=("sort_order", "key"), version_id__in=ids), "version_id"
    )
    communications = group_by(
        snapshot(
            PolicyCommunication,
            as_of,
            related=("recorded_by",),
            order_by=("communicated_on", "id"),
            version_id__in=ids,
        ),
        "version_id",
    )
    # The stored count today; as of a past date, the acknowledgements recorded by then.
    if as_of is None:
        acknowledged = {v.pk: v.acknowledgement_count for v in versions}
    else:
        recorded = snapshot(PolicyAcknowledgement, as_of, version_id__in=ids)
        acknowledged = Counter(a.version_id for a in recorded)
    population = acknowledging_population().count() if versions else 0
    items = [
        {
            "version": v,
            "commitments": commitments.get(v.pk, []),
            "communications": communications.get(v.pk, []),
            "acknowledgement": AcknowledgementSummary(acknowledged.get(v.pk, 0), population),
        }
        for v in versions
    ]
    return {
        "versions": items,
        "population": population,
        "tables": [
            PackTable("policy_versions", _("Policy versions"), register="policy_versions"),
            PackTable("policy_communications", _("Policy communications"), register="policy_communications"),
            PackTable(
                "policy_acknowledgement_rates",
                _("Acknowledgement rate per version"),
                header=(
                    _("Version"),
                    _("Approved on"),
                    _("Acknowledged by"),
                    _("People expected"),
                    _("Rate (%)"),
                ),
                rows=lambda: [
                    (
                        i["version"].number,
                        i["version"].approved_on,
                        i["acknowledgement"].acknowledged,
                        i["acknowledgement"].population,
                        i["acknowledgement"].percent,
                    )
                    for i in items
                ],
            ),
            PackTable(
                "context_check",
                _("Context and strategic direction each version was checked against"),
                header=(
                    _("Version"),
                    _("Approved by"),
                    _("Approved on"),
                    _("Context and strategic direction"),
                ),
                rows=lambda: [
                    (v.number, v.approved_by, v.approved_on, v.context_and_direction) for v in versions
                ],
            ),
        ],
    }


def _evidence_in(period: Period, as_of: datetime.datetime | None, limit: int | None) -> tuple[list, int]:
    """Evidence dated in the period and not withdrawn (the first `limit`), with its responsibilities and
    files, and how many there are."""
    window = {"fact_date__gte": period.start, "fact_date__lte": period.end, "archived_at__isnull": True}
    if as_of is None:
        live = Evidence.objects.filter(**window).select_related("recorded_by").order_by("fact_date", "id")
        rows, total = bounded(live, limit)
    else:
        rows = snapshot(Evidence, as_of, related=("recorded_by",), order_by=("fact_date", "id"), **window)
        total, rows = len(rows), rows[:limit] if limit is not None else rows
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
    late_after = datetime.timedelta(days=settings.QMS_LATE_ENTRY_DAYS)
    for e in rows:
        e.recorded_on = timezone.localdate(e.recorded_at) if e.recorded_at else None
        e.is_late_entry = bool(e.recorded_on and e.recorded_on - e.fact_date > late_after)
    return rows, total


def zip_path(attachment: Attachment) -> str:
    """Where a file goes in the ZIP: one folder per evidence record, the file's own (safe) name."""
    name = get_valid_filename(attachment.original_name) or "file"
    return f"{attachment.evidence_id}/{attachment.pk}-{name}"


def _evidence_files(period: Period) -> list[PackFile]:
    """Every file of the evidence dated in the period, with the items it evidences (for the ZIP)."""
    attachments = list(
        Attachment.objects.filter(
            evidence__fact_date__gte=period.start,
            evidence__fact_date__lte=period.end,
            evidence__archived_at__isnull=True,
        )
        .select_related("evidence")
        .order_by("evidence_id", "original_name", "id")
    )
    codes = defaultdict(list)
    links = Evidence.responsibilities.through.objects.filter(
        evidence_id__in={a.evidence_id for a in attachments}, responsibility__edition__is_active=True
    ).order_by("responsibility__sort_order", "responsibility__code")
    for evidence_id, code in links.values_list("evidence_id", "responsibility__code"):
        codes[evidence_id].append(code)
    return [
        PackFile(
            EVIDENCE_FOLDER + zip_path(a),
            a.file,
            f"Evidence {a.evidence_id}, {a.evidence.title}, dated {a.evidence.fact_date:%d %b %Y} "
            f"(items {', '.join(codes[a.evidence_id]) or '-'}): {a.original_name}",
            sha256=a.sha256,
            attachment_id=a.pk,
        )
        for a in attachments
    ]


@section(
    "evidence",
    gettext_lazy("Evidence in the period"),
    permission="commitments.view_evidence",
    order=50,
    clause="5.1.1",
)
def evidence(period: Period, as_of: datetime.datetime | None, limit: int | None) -> dict:
    """For each responsibility, the evidence dated in the period: the date of the fact, when and by whom
    it was recorded (late entries flagged), its files and their SHA-256; the files join the ZIP."""
    rows, total = _evidence_in(period, as_of, limit)
    edition, items = responsibilities_of_edition(as_of)
    codes = {r.pk: r.code for r in items}
    by_responsibility = defaultdict(list)
    for e in rows:
        e.item_codes = sorted(codes[pk] for pk in e.responsibility_ids if pk in codes)
        for pk in e.responsibility_ids:
            by_responsibility[pk].append(e)
        for a in e.attachments.all():
            a.zip_name = EVIDENCE_FOLDER + zip_path(a)
    return {
        "items": [{"responsibility": r, "evidence": by_responsibility[r.pk]} for r in items],
        "count": total,
        "shown": len(rows),
        "late": [e for e in rows if e.is_late_entry],
        "late_days": settings.QMS_LATE_ENTRY_DAYS,
        # The files of every evidence record of the period, not only the rows shown.
        "files": (lambda: _evidence_files(period)) if as_of is None else _files_as_of(rows),
        "tables": [
            PackTable(
                "evidence",
                _("Evidence dated in the period"),
                register="evidence",
                queryset=lambda: (
                    Evidence.objects.filter(fact_date__gte=period.start, fact_date__lte=period.end)
                    .select_related("recorded_by", "action")
                    .order_by("fact_date", "pk")
                ),
            )
        ],
    }


def _files_as_of(rows: list[Evidence]) -> list[PackFile]:
    return [
        PackFile(
            EVIDENCE_FOLDER + zip_path(a),
            a.file,
            f"Evidence {e.pk}, {e.title}, dated {e.fact_date:%d %b %Y} "
            f"(items {', '.join(e.item_codes) or '-'}): {a.original_name}",
            sha256=a.sha256,
            attachment_id=a.pk,
        )
        for e in rows
        for a in e.attachments.all()
    ]


def actions_open_during(period: Period):
    """Leadership actions open at any time in the period, whatever their due date."""
    return open_during(
        LeadershipAction.objects.filter(archived_at__isnull=True),
        period,
        open_statuses=LeadershipAction.OPEN_STATUSES,
        closed_on="completed_on",
    )


@section(
    "actions",
    gettext_lazy("Leadership actions open during the period"),
    permission="commitments.view_leadershipaction",
    order=60,
    clause="5.1.1",
)
def actions(period: Period, as_of: datetime.datetime | None, limit: int | None) -> dict:
    """For each responsibility, every action open at any time in the period (due before, in or after it),
    with its owner, due date and what became of it."""
    if as_of is None:
        queryset = (
            actions_open_during(period).select_related("owner", "responsibility").order_by("due_date", "id")
        )
        rows, total = bounded(queryset, limit)
    else:
        rows = snapshot(
            LeadershipAction,
            as_of,
            Q(status__in=LeadershipAction.OPEN_STATUSES) | Q(completed_on__gte=period.start),
            related=("owner",),
            order_by=("due_date", "id"),
            archived_at__isnull=True,
        )
        total, rows = len(rows), rows[:limit] if limit is not None else rows
    for a in rows:
        a.due_after_period = a.due_date > period.end
    grouped = group_by(rows, "responsibility_id")
    _edition, items = responsibilities_of_edition(as_of)
    return {
        "items": [{"responsibility": r, "actions": grouped[r.pk]} for r in items if grouped.get(r.pk)],
        "count": total,
        "shown": len(rows),
        "tables": [
            PackTable(
                "leadership_actions",
                _("Leadership actions open during the period"),
                register="leadership_actions",
                queryset=lambda: (
                    actions_open_during(period)
                    .select_related("owner", "responsibility")
                    .order_by("due_date", "pk")
                ),
            )
        ],
    }


@section(
    "registers",
    gettext_lazy("Roles, processes, risks and opportunities"),
    permission="commitments.view_process",
    order=80,
    clause="4.4, 5.3, 6.1",
)
def registers(period: Period, as_of: datetime.datetime | None, limit: int | None) -> dict:
    """The management roles (who holds them, what they answer for and may decide, how top management
    backs them), the processes (owner, inputs, outputs, indicators) and the risks and opportunities
    with their treatment and its effectiveness, as they stand (or stood) at the end of the pack."""
    if as_of is None:
        roles, roles_total = bounded(ManagementRole.objects.active().select_related("holder"), limit)
        processes, processes_total = bounded(Process.objects.active().select_related("owner"), limit)
        risks, risks_total = bounded(
            Risk.objects.active().select_related("process", "owner").order_by("-score", "title", "pk"), limit
        )
    else:
        roles = snapshot(
            ManagementRole, as_of, related=("holder",), order_by=("title",), archived_at__isnull=True
        )
        processes = snapshot(Process, as_of, related=("owner",), order_by=("name",), archived_at__isnull=True)
        risks = snapshot(
            Risk, as_of, related=("process", "owner"), order_by=("-score", "title"), archived_at__isnull=True
        )
        roles_total, processes_total, risks_total = len(roles), len(processes), len(risks)
    return {
        "roles": roles,
        "roles_total": roles_total,
        "processes": processes,
        "processes_total": processes_total,
        "risks": risks,
        "risks_total": risks_total,
        "tables": [
            PackTable(
                "management_roles",
                _("Management roles"),
                register="management_roles",
                queryset=lambda: ManagementRole.objects.active().select_related("holder").order_by("title"),
            ),
            PackTable(
                "processes",
                _("Processes"),
                register="processes",
                queryset=lambda: Process.objects.active().select_related("owner").order_by("name"),
            ),
            PackTable(
                "risks",
                _("Risks and opportunities"),
                register="risks",
                queryset=lambda: (
                    Risk.objects.active().select_related("process", "owner").order_by("-score", "title", "pk")
                ),
            ),
        ],
    }


def _name(user) -> str:
    return (user.get_full_name() or user.username) if user else "-"


@acts
def policy_approvals(period: Period, limit: int | None) -> tuple[list[Act], int]:
    """Policy versions approved in the period, by whom."""
    rows, total = bounded(
        PolicyVersion.objects.filter(approved_on__gte=period.start, approved_on__lte=period.end)
        .select_related("approved_by")
        .order_by("approved_on", "number"),
        limit,
    )
    return [
        Act(
            v.approved_on,
            v.approved_by,
            _("Approved the quality policy"),
            _("Version %(number)s") % {"number": v.number},
        )
        for v in rows
    ], total


@acts
def owner_confirmations(period: Period, limit: int | None) -> tuple[list[Act], int]:
    """Owners of the leadership responsibilities set or confirmed by top management in the period."""
    rows, total = bounded(
        Responsibility.objects.of_active_edition()
        .filter(owner_confirmed_at__gt=period.start_at, owner_confirmed_at__lte=period.end_at)
        .select_related("owner", "owner_confirmed_by")
        .order_by("owner_confirmed_at", "sort_order"),
        limit,
    )
    return [
        Act(
            r.owner_confirmed_at,
            r.owner_confirmed_by,
            _("Set or confirmed the owner of a responsibility"),
            f"{r.clause} {r.code}) {r.title}: {_name(r.owner)}",
        )
        for r in rows
    ], total


@acts
def role_assignments(period: Period, limit: int | None) -> tuple[list[Act], int]:
    """Responsibilities and authorities of clause 5.3 assigned by top management in the period."""
    rows, total = bounded(
        RoleAssignment.objects.filter(assigned_at__gt=period.start_at, assigned_at__lte=period.end_at)
        .select_related("assigned_by", "holder", "requirement", "role")
        .order_by("assigned_at", "pk"),
        limit,
    )
    return [
        Act(
            a.assigned_at,
            a.assigned_by,
            _("Assigned a responsibility and authority (5.3)"),
            _("%(code)s) %(requirement)s: %(role)s, held by %(holder)s")
            % {
                "code": a.requirement.code,
                "requirement": a.requirement.title,
                "role": a.role.title,
                "holder": _name(a.holder),
            },
        )
        for a in rows
    ], total
