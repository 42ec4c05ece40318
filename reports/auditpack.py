"""The clause 5.1.1 audit pack: the sections every app declares in its reporting.py (see core.reporting),
the cover, and the sections that read across apps: top management's own acts, the traceability chain
of each policy commitment, what was recorded just before the end date, and the change history.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from commitments.models import Edition, PolicyCommitment
from commitments.reporting.sections import versions_in_force
from core.models import OrganisationProfile
from core.pointintime import end_of_day, group_by, snapshot
from core.reporting import ACT_SOURCES, SECTIONS, PackFile, PackTable, Period, Section, section
from objectives.models import Measurement, Objective, ObjectiveCommitment, ResourceRequest
from reports import history as pack_history
from reviews.models import ReviewAction, ReviewDecision

__all__ = ["AuditPack", "PackFile", "PackTable", "Period", "Section", "build", "permissions"]

# Rows each big list shows: on the web page, and in the PDF (the ZIP's tables carry every row). The PDF
# summarises and samples: WeasyPrint lays out about four pages a second, and the PDF is due within 5 s.
WEB_LIMIT = 25
PDF_LIMIT = 20
# Objectives shown under each commitment of the traceability chain (the same on the page and the PDF).
CHAIN_LIMIT = 5


@dataclass
class AuditPack:
    """A built pack: the period, the moment it shows, the cover, and each section's data."""

    period: Period
    as_of: datetime.date | None
    generated_at: datetime.datetime
    limit: int | None = None
    generated_by: object = None
    organisation: OrganisationProfile | None = None
    edition: Edition | None = None
    manifest_sha256: str = ""
    parts: list[tuple[Section, dict]] = field(default_factory=list)

    @property
    def files(self) -> list[PackFile]:
        found = []
        for _key, data in self.parts:
            files = data.get("files", [])
            found += files() if callable(files) else files
        return found

    @property
    def tables(self) -> list[PackTable]:
        return [t for _, data in self.parts for t in data.get("tables", [])]

    @property
    def title(self) -> str:
        return _("Leadership commitment audit pack, %(period)s") % {"period": self.period}


def permissions() -> tuple[str, ...]:
    """What a user needs to read the whole pack: every section's permission."""
    return tuple(sorted({s.permission for s in SECTIONS}))


def build(
    period: Period, as_of: datetime.date | None = None, *, limit: int | None = WEB_LIMIT, by=None
) -> AuditPack:
    """Build every section for the period, from live data or as the system stood at the end of `as_of`;
    each big list holds its first `limit` rows and its total."""
    moment = end_of_day(as_of) if as_of else None
    pack = AuditPack(
        period=period,
        as_of=as_of,
        generated_at=timezone.now(),
        limit=limit,
        generated_by=by,
        organisation=OrganisationProfile.objects.first(),
        edition=Edition.objects.active().first(),
    )
    pack.parts = [(s, s.build(period, moment, limit)) for s in SECTIONS]
    return pack


@section(
    "leadership_acts",
    _("What top management did itself"),
    permission="commitments.view_responsibility",
    order=15,
    clause="5.1.1",
)
def leadership_acts(period: Period, as_of: datetime.datetime | None, limit: int | None) -> dict:
    """Every approval, sign-off, decision and assignment top management made in the period, with the
    person and the date (each app contributes its kinds of act)."""
    found, total = [], 0
    for source in ACT_SOURCES:
        rows, count = source(period, limit)
        found += rows
        total += count
    found.sort(key=lambda act: _as_moment(act.when))
    per_kind: dict[str, int] = defaultdict(int)
    for act in found:
        per_kind[act.kind] += 1
    return {
        "acts": found[:limit] if limit is not None else found,
        "count": total,
        "per_kind": sorted(per_kind.items()),
        "tables": [
            PackTable(
                "top_management_acts",
                _("What top management did itself"),
                header=(gettext("When"), gettext("Who"), gettext("What"), gettext("About")),
                rows=lambda: [
                    (_as_moment(a.when), a.person, a.kind, a.what)
                    for a in sorted(
                        (a for s in ACT_SOURCES for a in s(period, None)[0]), key=lambda a: _as_moment(a.when)
                    )
                ],
            )
        ],
    }


def _as_moment(value) -> datetime.datetime:
    if isinstance(value, datetime.datetime):
        return value
    return end_of_day(value) - datetime.timedelta(hours=12)


@section(
    "traceability",
    _("From each policy commitment to its results"),
    permission="objectives.view_objective",
    order=30,
    clause="5.2, 6.2, 9.3",
)
def traceability(period: Period, as_of: datetime.datetime | None, limit: int | None) -> dict:
    """For each commitment of the policy in force: its key and text → the objectives that serve it, each
    with its plan (what, resources, who, by when, how evaluated, baseline, method, frequency) → their
    measurements in the period and trend → the review decisions that cite the commitment → their actions
    and where they stand."""
    per_commitment = None if limit is None else min(limit, CHAIN_LIMIT)
    versions = versions_in_force(period, as_of)
    latest = versions[-1] if versions else None
    commitments = (
        snapshot(PolicyCommitment, as_of, order_by=("sort_order", "key"), version_id=latest.pk)
        if latest
        else []
    )
    keys = [c.key for c in commitments]
    running = (Q(due_date__isnull=True) | Q(due_date__gte=period.start)) & Q(start_date__lte=period.end)
    links = ObjectiveCommitment.objects.filter(
        key__in=keys, objective__archived_at__isnull=True, objective__in=Objective.objects.filter(running)
    )
    totals = dict(links.order_by().values_list("key").annotate(n=Count("id")))
    chosen: dict[str, list[int]] = defaultdict(list)
    for key in keys:
        ids = links.filter(key=key).order_by("objective__ref").values_list("objective_id", flat=True)
        chosen[key] = list(ids[:per_commitment] if per_commitment is not None else ids)
    all_ids = {pk for ids in chosen.values() for pk in ids}
    objectives = Objective.objects.filter(pk__in=all_ids).select_related("owner", "process").in_bulk()
    resources = group_by(
        ResourceRequest.objects.filter(objective_id__in=all_ids).order_by("pk"),
        "objective_id",
    )
    series = group_by(
        Measurement.objects.current()
        .filter(objective_id__in=all_ids, measured_on__gte=period.start, measured_on__lte=period.end)
        .order_by("measured_on", "pk"),
        "objective_id",
    )
    decisions = group_by(
        ReviewDecision.objects.filter(commitment_key__in=keys)
        .select_related("review")
        .order_by("review__held_on", "pk"),
        "commitment_key",
    )
    actions = group_by(
        ReviewAction.objects.filter(decision__commitment_key__in=keys, archived_at__isnull=True)
        .select_related("owner")
        .order_by("due_date", "pk"),
        "decision_id",
    )
    chain = []
    for c in commitments:
        rows = []
        for pk in chosen[c.key]:
            o, points = objectives[pk], series.get(pk, [])
            rows.append(
                {
                    "objective": o,
                    "resources": resources.get(pk, []),
                    "measurements": len(points),
                    "first": points[0] if points else None,
                    "last": points[-1] if points else None,
                }
            )
        chain.append(
            {
                "commitment": c,
                "objectives": rows,
                "objective_total": totals.get(c.key, 0),
                "decisions": [
                    {"decision": d, "actions": actions.get(d.pk, [])} for d in decisions.get(c.key, [])
                ],
            }
        )
    return {"version": latest, "chain": chain}


@section(
    "recent_entries",
    _("Recorded in the last days before the end date"),
    permission="commitments.view_responsibility",
    order=55,
)
def recent_entries(period: Period, as_of: datetime.datetime | None, limit: int | None) -> dict:
    """What was created in the registers in the days before the pack's end date, per register and newest
    first, so that a rush of entries just before an audit shows."""
    days = settings.QMS_RECENT_ENTRY_DAYS
    start = max(period.start, period.end - datetime.timedelta(days=days - 1))
    window = Period(start, period.end)
    data = pack_history.summary(window, as_of, limit if limit is not None else PDF_LIMIT, kinds=("+",))
    return {"days": days, "window": window, **data}


@section("history", _("Change history"), permission="commitments.view_responsibility", order=100)
def history(period: Period, as_of: datetime.datetime | None, limit: int | None) -> dict:
    """Changes to the registers in the period: how many per record type and per person, and the newest
    ones; the ZIP holds the complete extract with readable values."""
    data = pack_history.summary(period, as_of, limit if limit is not None else PDF_LIMIT)
    data["tables"] = [
        PackTable(
            "history",
            _("Every change in the period"),
            header=pack_history.EXTRACT_HEADER,
            rows=lambda: pack_history.extract(period, as_of),
            xlsx=False,
        )
    ]
    return data
