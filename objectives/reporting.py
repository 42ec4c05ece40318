"""What the objectives app gives the report centre: its export registers (objectives with their whole
6.2.2 plan, measurements, both also in the import's layout, resource requests), its audit-pack sections
(objectives with plan and measurements, resource requests and decisions) and top management's acts
(objective approvals, resource decisions)."""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from core import pointintime
from core.reporting import (
    Act,
    Computed,
    Extra,
    PackTable,
    Period,
    Register,
    acts,
    bounded,
    display,
    joined,
    joined_sql,
    register,
    section,
)
from objectives import imports, progress, selectors
from objectives.filters import ObjectiveFilter, ResourceRequestFilter
from objectives.models import Measurement, Objective, ObjectiveCommitment, ResourceRequest


class MeasurementFilter:
    """The objective list's filters, applied to the objectives whose measurements are exported."""

    def __init__(self, data, queryset: QuerySet):
        self.objectives = ObjectiveFilter(data, queryset=Objective.objects.active())
        self.queryset = queryset

    @property
    def is_bound(self) -> bool:
        return self.objectives.is_bound

    def is_valid(self) -> bool:
        return self.objectives.is_valid()

    @property
    def qs(self) -> QuerySet:
        return self.queryset.filter(objective__in=self.objectives.qs.values("pk"))


# The objective and its 6.2.2 plan: what will be done, with what resources (the resource requests
# register), who is responsible, by when, how results are evaluated, from which baseline, measured how
# and how often. A new plan field is added here and in templates/reports/pack/_objectives.html.
PLAN_COLUMNS = [
    (_("Ref"), "ref"),
    (_("Objective"), "title"),
    (_("Description"), "description"),
    (
        _("Commitments"),
        Extra(
            "commitment_keys",
            joined,
            sql=lambda: joined_sql(ObjectiveCommitment, "objective_id", "key", "key"),
        ),
    ),
    (_("Process"), "process.name"),
    (_("Level or function"), "level"),
    (_("Owner"), "owner"),
    (_("Status"), display("status")),
    (_("Approved by"), "approved_by"),
    (_("Approved at"), "approved_at"),
    (_("Direction"), display("direction")),
    (_("Baseline"), "baseline"),
    (_("Target"), "target"),
    (_("Lowest acceptable"), "band_low"),
    (_("Highest acceptable"), "band_high"),
    (_("Unit"), "unit"),
    (_("What will be done"), "plan"),
    (_("Measurement method"), "method"),
    (_("Measured every (days)"), "frequency_days"),
    (_("How results are evaluated"), "evaluation"),
    (_("Bears on customers or conformity"), "customer_related"),
    (_("Start"), "start_date"),
    (_("Due"), "due_date"),
]


def _objective_rows() -> QuerySet[Objective]:
    """The objective list's rows; commitment keys come per chunk (see _commitment_keys)."""
    return Objective.objects.active().select_related("owner", "process", "approved_by").order_by("ref")


def _commitment_keys(ids: list[int]) -> dict[str, dict]:
    """The commitment keys of a chunk of objectives, in one query."""
    keys = defaultdict(list)
    links = ObjectiveCommitment.objects.filter(objective_id__in=ids).order_by("key")
    for objective_id, key in links.values_list("objective_id", "key"):
        keys[objective_id].append(key)
    return {"commitment_keys": keys}


def _commitments_as_of(rows: list[Objective], when: datetime.datetime) -> None:
    """The commitment keys a page of past objectives had at `when`, in one query."""
    links = pointintime.snapshot(
        ObjectiveCommitment, when, order_by=("key",), objective_id__in=[o.pk for o in rows]
    )
    keys = pointintime.group_by(links, "objective_id")
    for o in rows:
        o.commitment_keys = [link.key for link in keys.get(o.pk, [])]


def _objectives_as_of(when: datetime.datetime) -> pointintime.PastRows:
    """Objectives as recorded at `when` (archived ones left out, as on the list), with their commitments."""
    return pointintime.past_rows(
        Objective,
        when,
        related=("owner", "process", "approved_by"),
        order_by=("ref",),
        finish=_commitments_as_of,
        archived_at__isnull=True,
    )


register(
    Register(
        name="objectives",
        label=_("Quality objectives"),
        description=_("Objectives with their plan, target and stored progress, as the list filters them."),
        permission="objectives.view_objective",
        rows=_objective_rows,
        per_chunk=_commitment_keys,
        filterset_class=ObjectiveFilter,
        columns=[
            *PLAN_COLUMNS,
            (_("Progress"), display("progress")),
            (_("Latest value"), "latest_value"),
            (_("Last measured on"), "latest_measured_on"),
            (_("Expected value today"), "expected_value_now"),
        ],
        columns_as_of=PLAN_COLUMNS,
        rows_as_of=_objectives_as_of,
    )
)

register(
    Register(
        name="measurements",
        label=_("Measurements"),
        description=_("Every measured value, corrections included, of the objectives the list filters."),
        permission="objectives.view_measurement",
        rows=lambda: (
            Measurement.objects.filter(objective__archived_at__isnull=True)
            .select_related("objective", "recorded_by", "supersedes")
            .order_by("objective__ref", "measured_on", "recorded_at", "pk")
        ),
        filterset_class=MeasurementFilter,
        columns=[
            (_("Objective"), "objective.ref"),
            (_("Objective title"), "objective.title"),
            (_("Date"), "measured_on"),
            (_("Value"), "value"),
            (_("Unit"), "objective.unit"),
            (_("Comment"), "comment"),
            (_("Current"), "is_current"),
            (_("Corrects the value of"), "supersedes.measured_on"),
            (_("Recorded by"), "recorded_by"),
            (_("Recorded at"), "recorded_at"),
        ],
    )
)

# The objectives page's own downloads: the import's columns, so a file goes back in unchanged.
# Columns that are not a plain field of the objective (imports.OBJECTIVE_FIELDS gives the others).
IMPORT_ACCESSORS = {
    "commitment_keys": Extra("commitment_keys", lambda keys: ";".join(sorted(keys))),
    "process": "process.name",
    "owner": "owner.username",
    "customer_related": Computed(("customer_related",), lambda related: "yes" if related else "no"),
}

register(
    Register(
        name="objectives_import",
        label=_("Objectives (import layout)"),
        description=_("Objectives in the spreadsheet import's columns: edit and import the file back."),
        permission="objectives.view_objective",
        rows=_objective_rows,
        per_chunk=_commitment_keys,
        filterset_class=ObjectiveFilter,
        columns=[
            (column, IMPORT_ACCESSORS.get(column) or imports.OBJECTIVE_FIELDS.get(column, column))
            for column in imports.OBJECTIVE_COLUMNS
        ],
    )
)

register(
    Register(
        name="measurements_import",
        label=_("Measurements (import layout)"),
        description=_("Current measurements in the spreadsheet import's columns."),
        permission="objectives.view_objective",
        rows=lambda: (
            Measurement.objects.current()
            .filter(objective__archived_at__isnull=True)
            .select_related("objective")
            .order_by("objective__ref", "measured_on")
        ),
        filterset_class=MeasurementFilter,
        columns=list(
            zip(
                imports.MEASUREMENT_COLUMNS, ["objective.ref", "measured_on", "value", "comment"], strict=True
            )
        ),
    )
)

register(
    Register(
        name="resource_requests",
        label=_("Resource requests"),
        description=_(
            "What objectives and processes asked for, and what top management decided and provided."
        ),
        permission="objectives.view_resourcerequest",
        rows=selectors.resource_queue,
        filterset_class=ResourceRequestFilter,
        strict=False,
        columns=[
            (_("Requested at"), "requested_at"),
            (_("Category"), display("category")),
            (_("What"), "description"),
            (_("Objective"), "objective.ref"),
            (_("Process"), "process.name"),
            (_("Quantity"), "quantity"),
            (_("Estimated cost"), "cost"),
            (_("Status"), display("status")),
            (_("Requested by"), "requested_by"),
            (_("Decided by"), "decided_by"),
            (_("Decided on"), "decided_on"),
            (_("Decision reason"), "decision_reason"),
            (_("Provided on"), "provided_on"),
        ],
    )
)


def running_during(period: Period) -> Q:
    """Objectives that ran at some time in the period."""
    return (Q(due_date__isnull=True) | Q(due_date__gte=period.start)) & Q(start_date__lte=period.end)


def _trend(points: list[Measurement]) -> str:
    """How the values moved over the period, in words (first and last value)."""
    if len(points) < 2:
        return ""
    first, last = points[0].value, points[-1].value
    return "up" if last > first else "down" if last < first else "level"


@section(
    "objectives",
    _("Quality objectives, their plans and measurements"),
    permission="objectives.view_objective",
    order=40,
    clause="6.2",
)
def objectives_section(period: Period, as_of: datetime.datetime | None, limit: int | None) -> dict:
    """Each objective running during the period with its 6.2.2 plan, who approved it, the commitments it
    serves, its resources, its measurements in the period with their trend, and its progress (the stored
    verdict today; as of a past date, the rule applied to the values recorded then)."""
    if as_of is None:
        queryset = (
            Objective.objects.filter(running_during(period), archived_at__isnull=True)
            .select_related("owner", "process", "approved_by")
            .order_by("ref")
        )
        rows, total = bounded(queryset, limit)
        by_status = dict(queryset.order_by().values_list("status").annotate(n=Count("id")))
        keys = _commitment_keys([o.pk for o in rows])["commitment_keys"]
        for o in rows:
            o.commitment_keys = keys.get(o.pk, [])
    else:
        rows = pointintime.snapshot(
            Objective,
            as_of,
            running_during(period),
            related=("owner", "process", "approved_by"),
            order_by=("ref",),
            archived_at__isnull=True,
        )
        total, rows = len(rows), rows[:limit] if limit is not None else rows
        by_status = defaultdict(int)
        for o in rows:
            by_status[o.status] += 1
        _commitments_as_of(rows, as_of)
    ids = [o.pk for o in rows]
    values = pointintime.snapshot(
        Measurement,
        as_of,
        order_by=("measured_on", "id"),
        objective_id__in=ids,
        is_current=True,
        measured_on__gte=period.start,
        measured_on__lte=period.end,
    )
    series = pointintime.group_by(values, "objective_id")
    resources = pointintime.group_by(
        ResourceRequest.objects.filter(objective_id__in=ids).order_by("requested_at", "pk"), "objective_id"
    )
    items = []
    for o in rows:
        points = series.get(o.pk, [])
        if as_of is not None:
            latest = points[-1].value if points else None
            verdict = progress.classify_objective(o, latest=latest, today=min(as_of.date(), period.end))
            o.progress, o.latest_value = verdict.progress, latest
        items.append(
            {
                "objective": o,
                "measurements": points,
                "trend": _trend(points),
                "resources": resources.get(o.pk, []),
            }
        )
    return {
        "items": items,
        "count": total,
        "by_status": [(Objective.Status(k).label, n) for k, n in sorted(by_status.items())],
        "tables": [
            PackTable(
                "objectives",
                _("Objectives running during the period, with their plans"),
                register="objectives",
                queryset=lambda: (
                    Objective.objects.filter(running_during(period), archived_at__isnull=True)
                    .select_related("owner", "process", "approved_by")
                    .order_by("ref")
                ),
            ),
            PackTable(
                "measurements",
                _("Measurements in the period"),
                register="measurements",
                queryset=lambda: (
                    Measurement.objects.filter(
                        objective__archived_at__isnull=True,
                        measured_on__gte=period.start,
                        measured_on__lte=period.end,
                    )
                    .select_related("objective", "recorded_by", "supersedes")
                    .order_by("objective__ref", "measured_on", "recorded_at", "pk")
                ),
            ),
        ],
    }


def _resource_requests_in(period: Period) -> QuerySet[ResourceRequest]:
    """Requests made, decided or provided in the period, or still awaiting a decision."""
    return ResourceRequest.objects.filter(
        Q(requested_at__gt=period.start_at, requested_at__lte=period.end_at)
        | Q(decided_on__gte=period.start, decided_on__lte=period.end)
        | Q(provided_on__gte=period.start, provided_on__lte=period.end)
        | Q(status=ResourceRequest.Status.REQUESTED, requested_at__lte=period.end_at)
    )


@section(
    "resources",
    _("Resource requests and top management's decisions"),
    permission="objectives.view_resourcerequest",
    order=85,
    clause="7.1",
)
def resources_section(period: Period, as_of: datetime.datetime | None, limit: int | None) -> dict:
    """What objectives and processes asked for in the period, what top management decided, why, and
    whether it was provided."""
    queryset = (
        _resource_requests_in(period)
        .select_related("objective", "process", "requested_by", "decided_by")
        .order_by("requested_at", "pk")
    )
    rows, total = bounded(queryset, limit)
    return {
        "requests": rows,
        "count": total,
        "tables": [
            PackTable(
                "resource_requests",
                _("Resource requests of the period"),
                register="resource_requests",
                queryset=lambda: (
                    _resource_requests_in(period)
                    .select_related("objective", "process", "requested_by", "decided_by")
                    .order_by("requested_at", "pk")
                ),
            )
        ],
    }


@acts
def objective_approvals(period: Period, limit: int | None) -> tuple[list[Act], int]:
    """Objectives approved by top management in the period."""
    rows, total = bounded(
        Objective.objects.filter(approved_at__gt=period.start_at, approved_at__lte=period.end_at)
        .select_related("approved_by")
        .order_by("approved_at", "ref"),
        limit,
    )
    return [
        Act(o.approved_at, o.approved_by, _("Approved an objective"), f"{o.ref} {o.title}") for o in rows
    ], total


@acts
def resource_decisions(period: Period, limit: int | None) -> tuple[list[Act], int]:
    """Resource requests approved or rejected in the period."""
    rows, total = bounded(
        ResourceRequest.objects.filter(decided_on__gte=period.start, decided_on__lte=period.end)
        .select_related("decided_by")
        .order_by("decided_on", "pk"),
        limit,
    )
    return [
        Act(
            r.decided_on,
            r.decided_by,
            _("Rejected a resource request")
            if r.status == ResourceRequest.Status.REJECTED
            else _("Approved a resource request"),
            r.description[:120],
        )
        for r in rows
    ], total
