"""Selectors of the home page: each role's dashboard, read from stored figures in a fixed set of queries.

Every read here is either a small table (responsibilities of the edition, tallies, reviews, the
policy in force) or an index range scan with a LIMIT (worst objectives by stored shortfall,
measurements due by stored next date, the viewer's own items by owner). Nothing counts or groups
the large tables (objectives, measurements, evidence, findings) at request time: the counts come
from core import permissions
from objectives.ProgressTally / ProgressSnapshot and findings.FindingTally, kept on write.
The number of queries never depends on the data: no query is skipped for an empty list.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, F, Q, Window
from django.db.models.functions import RowNumber

from commitments.models import LeadershipAction, PolicyVersion, Responsibility
from commitments.selectors import responsibility_register
from commitments.selectors_policy import acknowledging_population
from core import permissions
from findings.models import SEVERITY_ORDER, Finding, FindingTally
from objectives.models import (
    ImportFile,
    Measurement,
    Objective,
    ProgressSnapshot,
    ProgressTally,
    ResourceRequest,
)
from objectives.services import month_starts
from reviews.models import ManagementReview, ReviewAction, ReviewInput
from reviews.selectors import CycleStatus, review_cycle

LIST_LIMIT = 5  # "what I owe" and the other short lists; one more row is read to know there is more
QUEUE_LIMIT = 10  # the quality manager's queue lists
STALE_WITHIN_DAYS = 30
DUE_WITHIN_DAYS = 7
CHART_MONTHS = 12
SPARK_POINTS = 12
CHART_SERIES = [Objective.Progress.ON_TRACK, Objective.Progress.AT_RISK, Objective.Progress.OFF_TRACK]


@dataclass
class Limited:
    """The first rows of a list and whether there are more than shown."""

    rows: list
    more: bool

    @classmethod
    def of(cls, queryset, limit: int = LIST_LIMIT) -> Limited:
        rows = list(queryset[: limit + 1])
        return cls(rows[:limit], len(rows) > limit)


@dataclass
class Tile:
    """One responsibility on the heat map, with the figures its tile shows."""

    responsibility: Responsibility
    days_since_evidence: int | None
    fresh_until: datetime.date | None

    @property
    def stale_soon(self) -> bool:
        return self.fresh_until is not None and self.responsibility.status != Responsibility.Status.RED


def heat_map(today: datetime.date) -> list[Tile]:
    """A tile per responsibility of the active edition, from the figures stored on each row."""
    tiles = []
    for r in responsibility_register():
        last = r.last_evidence_on
        tiles.append(
            Tile(
                responsibility=r,
                days_since_evidence=(today - last).days if last else None,
                # The cadence counted from the last evidence: when it goes stale unless renewed.
                fresh_until=last + datetime.timedelta(days=r.evidence_cadence_days) if last else None,
            )
        )
    return tiles


def stale_soon(tiles: list[Tile], today: datetime.date) -> list[Tile]:
    """Responsibilities whose evidence goes stale within STALE_WITHIN_DAYS, soonest first."""
    horizon = today + datetime.timedelta(days=STALE_WITHIN_DAYS)
    soon = [t for t in tiles if t.stale_soon and t.fresh_until and today <= t.fresh_until <= horizon]
    return sorted(soon, key=lambda t: t.fresh_until or horizon)


@dataclass
class ObjectivesGlance:
    """Counts of open objectives by progress now, and the same counts month by month."""

    counts: dict[str, int]
    total: int
    chart: dict


def objectives_glance(today: datetime.date) -> ObjectivesGlance:
    """The live tally, and the monthly snapshots for the chart (the current month is the live tally)."""
    counts = {value: 0 for value in Objective.Progress.values}
    counts.update(dict(ProgressTally.objects.values_list("progress", "count")))
    months = month_starts(today, CHART_MONTHS)
    snapshots = {
        (s.month, s.progress): s.count
        for s in ProgressSnapshot.objects.filter(month__gte=months[0], month__lt=months[-1])
    }
    series = {}
    for progress in CHART_SERIES:
        points = [snapshots.get((month, progress)) for month in months[:-1]]
        series[progress] = [*points, counts[progress]]
    chart = {
        "labels": [f"{month:%b %Y}" for month in months],
        "series": [{"key": p, "label": Objective.Progress(p).label, "data": series[p]} for p in CHART_SERIES],
    }
    return ObjectivesGlance(counts=counts, total=sum(counts.values()), chart=chart)


def _open_objectives():
    return Objective.objects.open().active()


def worst_objectives(limit: int = LIST_LIMIT) -> list[Objective]:
    """The open objectives furthest behind, by the stored shortfall (an index scan), with a sparkline.

    The sparkline's measurements are read for the same objectives through a subquery, so the
    query runs (and counts) even when no objective is behind.
    """
    worst = _open_objectives().filter(shortfall__gt=0).order_by("-shortfall", "pk")[:limit]
    objectives = list(worst.select_related("owner"))
    recent = (
        Measurement.objects.current()
        .filter(objective_id__in=worst.values("pk"))
        .annotate(
            rank=Window(RowNumber(), partition_by=[F("objective_id")], order_by=F("measured_on").desc())
        )
        .filter(rank__lte=SPARK_POINTS)
        .values_list("objective_id", "measured_on", "value")
    )
    points: dict[int, list] = {}
    for objective_id, _day, value in sorted(recent, key=lambda row: row[1]):
        points.setdefault(objective_id, []).append(float(value))
    for objective in objectives:
        objective.sparkline = points.get(objective.pk, [])
    return objectives


def finding_figures() -> list[dict]:
    """Open and alerting findings per severity, most severe first, from the stored tally."""
    stored = {t.severity: t for t in FindingTally.objects.all()}
    return [
        {
            "severity": severity,
            "label": Finding.Severity(severity).label,
            "open": stored[severity].open_count if severity in stored else 0,
            "alerting": stored[severity].alerting_count if severity in stored else 0,
        }
        for severity in SEVERITY_ORDER
    ]


@dataclass
class NextReview:
    """Where the review cycle stands, and the next planned review with its inputs' readiness."""

    cycle: CycleStatus
    review: ManagementReview | None
    covered: int = 0
    deferred: int = 0
    missing: int = 0

    @property
    def inputs(self) -> int:
        return self.covered + self.deferred + self.missing

    @property
    def days_past(self) -> int:
        return -self.cycle.days_left

    @property
    def ready_percent(self) -> int:
        return round(100 * (self.covered + self.deferred) / self.inputs) if self.inputs else 0


def _next_review_queryset():
    return ManagementReview.objects.not_held().order_by("planned_date", "pk")


def next_review(today: datetime.date) -> NextReview:
    """The cycle (due date, overdue) and the first review not yet held, with its inputs counted."""
    status = ReviewInput.Status
    review = (
        _next_review_queryset()
        .select_related("chair")
        .annotate(
            covered=Count("inputs", filter=Q(inputs__status=status.COVERED)),
            deferred=Count("inputs", filter=Q(inputs__status=status.DEFERRED)),
            missing=Count("inputs", filter=Q(inputs__status=status.MISSING)),
        )
        .first()
    )
    if review is None:
        return NextReview(cycle=review_cycle(today), review=None)
    return NextReview(
        cycle=review_cycle(today),
        review=review,
        covered=review.covered,
        deferred=review.deferred,
        missing=review.missing,
    )


def missing_inputs() -> list[ReviewInput]:
    """The inputs of the next review that are still missing (a subquery: one query, always)."""
    next_pk = _next_review_queryset().values("pk")[:1]
    return list(
        ReviewInput.objects.filter(review_id__in=next_pk, status=ReviewInput.Status.MISSING)
        .select_related("review")
        .order_by("sort_order")
    )


@dataclass
class PolicyFigure:
    """The policy version in force and the share of people who acknowledged it."""

    version: PolicyVersion | None
    acknowledged: int = 0
    population: int = 0

    @property
    def percent(self) -> int:
        if not self.population:
            return 0
        return round(100 * min(self.acknowledged, self.population) / self.population)


def policy_figure() -> PolicyFigure:
    """The stored acknowledgement count of the version in force against the people expected to read it."""
    version = PolicyVersion.objects.in_force().only("pk", "number", "title", "acknowledgement_count").first()
    population = acknowledging_population().count()  # users, not a large table
    if version is None:
        return PolicyFigure(version=None, population=population)
    return PolicyFigure(version=version, acknowledged=version.acknowledgement_count, population=population)


def resources_awaiting() -> Limited:
    """Resource requests waiting for top management's decision, oldest first."""
    return Limited.of(
        ResourceRequest.objects.awaiting_decision()
        .select_related("objective", "process", "requested_by")
        .order_by("requested_at", "pk")
    )


def objectives_due(*, today: datetime.date, owner=None, limit: int = LIST_LIMIT) -> Limited:
    """Open objectives whose next measurement falls within DUE_WITHIN_DAYS or has passed, soonest first.

    A range scan on the stored next_measurement_on (with the owner first when one is given).
    """
    due = _open_objectives().filter(next_measurement_on__lte=today + datetime.timedelta(days=DUE_WITHIN_DAYS))
    if owner is not None:
        due = due.filter(owner=owner)
    return Limited.of(due.select_related("owner").order_by("next_measurement_on", "pk"), limit)


def my_objectives(user, limit: int = QUEUE_LIMIT) -> Limited:
    """The open objectives a person owns, next measurement first (for owners without a role)."""
    mine = _open_objectives().filter(owner=user).order_by(F("next_measurement_on").asc(nulls_last=True), "pk")
    return Limited.of(mine, limit)


@dataclass
class Owed:
    """What the viewer owes: their open actions and their objectives due a measurement."""

    leadership_actions: Limited
    review_actions: Limited
    objectives: Limited


def _open_actions_of(actions, user, related: str) -> Limited:
    """A person's open, unarchived actions (leadership or review), soonest due first."""
    return Limited.of(
        actions.active().open().filter(owner=user).select_related(related).order_by("due_date", "pk")
    )


def what_i_owe(user, today: datetime.date) -> Owed:
    """The viewer's own open items, each list filtered by owner (indexed) and limited."""
    return Owed(
        leadership_actions=_open_actions_of(LeadershipAction.objects, user, "responsibility"),
        review_actions=_open_actions_of(ReviewAction.objects, user, "decision__review"),
        objectives=objectives_due(today=today, owner=user),
    )


def findings_to_handle(today: datetime.date, limit: int = QUEUE_LIMIT) -> Limited:
    """Alerting findings, most severe first and newest first within a severity.

    One LIMITed index scan per severity (a fixed three queries), never a sort of all findings.
    """
    rows: list[Finding] = []
    for severity in SEVERITY_ORDER:
        rows += list(
            Finding.objects.alerting(today)
            .of_severity(severity)
            .select_related("owner")
            .order_by("-first_seen_at", "-pk")[: limit + 1]
        )
    return Limited(rows[:limit], len(rows) > limit)


def imports_pending() -> Limited:
    """Uploaded spreadsheets previewed but neither imported nor discarded."""
    return Limited.of(
        ImportFile.objects.filter(status=ImportFile.Status.PENDING)
        .select_related("uploaded_by")
        .order_by("-uploaded_at", "-pk")
    )


@dataclass
class Dashboard:
    """Everything one home page shows; `kind` says which page: leadership, quality or employee."""

    kind: str
    today: datetime.date
    parts: dict = field(default_factory=dict)


def leadership_dashboard(user, today: datetime.date) -> Dashboard:
    """Top management: heat map, objectives, findings, next review, resources, policy, what I owe."""
    return Dashboard(
        kind="leadership",
        today=today,
        parts={
            "tiles": heat_map(today),
            "glance": objectives_glance(today),
            "worst": worst_objectives(),
            "findings": finding_figures(),
            "review": next_review(today),
            "resources": resources_awaiting(),
            "policy": policy_figure(),
            "owed": what_i_owe(user, today),
        },
    )


def quality_queue(user, today: datetime.date) -> Dashboard:
    """The quality manager's work queue: what goes stale, what is due, what to handle or finish."""
    tiles = heat_map(today)
    return Dashboard(
        kind="quality",
        today=today,
        parts={
            "stale": stale_soon(tiles, today),
            "due": objectives_due(today=today, limit=QUEUE_LIMIT),
            "findings": findings_to_handle(today),
            "review": next_review(today),
            "missing_inputs": missing_inputs(),
            "imports": imports_pending(),
        },
    )


def employee_home(user, today: datetime.date) -> Dashboard:
    """Anyone else: the policy banner (from the base page) and the objectives they own."""
    return Dashboard(kind="employee", today=today, parts={"mine": my_objectives(user)})


def sees_leadership_dashboard(user) -> bool:
    return permissions.is_top_management(user)


def dashboard_for(user, today: datetime.date) -> Dashboard:
    """The home page a user gets, decided by permissions (never by group names)."""
    if sees_leadership_dashboard(user):
        return leadership_dashboard(user, today)
    if user.has_perm("objectives.add_measurement"):
        return quality_queue(user, today)
    return employee_home(user, today)
