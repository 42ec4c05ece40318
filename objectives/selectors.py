"""Reads of the objectives app: querysets with what each page shows already loaded."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from objectives.models import Measurement, Objective, ObjectiveCommitment, ResourceRequest
from objectives.models.objectives import ObjectiveQuerySet


def _objectives() -> ObjectiveQuerySet[Objective]:
    return Objective.objects.select_related("owner", "process").prefetch_related(
        Prefetch("commitments", queryset=ObjectiveCommitment.objects.order_by("key"))
    )


def objective_list() -> QuerySet[Objective]:
    """Objectives with owner, process and commitment keys preloaded (the list's filter keeps the active)."""
    return _objectives()


def objective_detail() -> QuerySet[Objective]:
    """The objective page's queryset, archived objectives included (auditors still read them)."""
    return _objectives().select_related("approved_by")


MEASUREMENTS_SHOWN = 200


def objective_measurements(objective: Objective, limit: int = MEASUREMENTS_SHOWN) -> list[Measurement]:
    """The newest `limit` measurements of an objective, corrections included (the export has them all)."""
    return list(
        objective.measurements.select_related("recorded_by", "supersedes").order_by(
            "-measured_on", "-recorded_at", "-pk"
        )[:limit]
    )


def objective_resources(objective: Objective) -> QuerySet[ResourceRequest]:
    """What the objective asked for and what it got."""
    return objective.resource_requests.select_related("requested_by", "decided_by", "process")


def resource_queue() -> QuerySet[ResourceRequest]:
    """Resource requests, those awaiting a decision first, then the newest."""
    return ResourceRequest.objects.select_related(
        "objective", "process", "requested_by", "decided_by"
    ).order_by(ResourceRequest.AWAITING_FIRST.desc(), "-requested_at", "-pk")


def chart_data(objective: Objective, measurements: list[Measurement]) -> dict:
    """The series the objective chart draws, as [day offset from the start, value] points.

    A linear day axis keeps the spacing of the dates true, so the trajectory is a straight line.
    """
    start = objective.start_date
    current = sorted((m for m in measurements if m.is_current), key=lambda m: m.measured_on)
    last_day = max([(objective.due_date - start).days if objective.due_date else 0]
                   + [(m.measured_on - start).days for m in current])  # fmt: skip
    ends = (0, max(last_day, 1))
    data = {
        "start": start.isoformat(),
        "unit": objective.unit,
        "measured": [[(m.measured_on - start).days, float(m.value)] for m in current],
        "trajectory": [],
        "target": [],
        "band_low": [],
        "band_high": [],
    }
    if objective.direction == Objective.Direction.WITHIN:
        if objective.band_low is not None and objective.band_high is not None:
            data["band_low"] = [[day, float(objective.band_low)] for day in ends]
            data["band_high"] = [[day, float(objective.band_high)] for day in ends]
        return data
    if objective.target is not None:
        data["target"] = [[day, float(objective.target)] for day in ends]
    if objective.baseline is not None and objective.target is not None and objective.due_date:
        data["trajectory"] = [
            [0, float(objective.baseline)],
            [(objective.due_date - start).days, float(objective.target)],
        ]
    return data
