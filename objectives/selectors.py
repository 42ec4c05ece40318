"""Reads of the objectives app: querysets with what each page shows already loaded."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from objectives import progress
from objectives.models import Measurement, Objective, ObjectiveCommitment, ResourceRequest

# ?sort= values the objective list accepts, and the ordering each one means.
OBJECTIVE_SORTS = {
    "ref": ["ref"],
    "-ref": ["-ref"],
    "title": ["title", "ref"],
    "due": ["due_date", "ref"],
    "-due": ["-due_date", "ref"],
    "progress": ["progress", "ref"],
    "status": ["status", "ref"],
    "owner": ["owner__username", "ref"],
    "measured": ["latest_measured_on", "ref"],
    "-measured": ["-latest_measured_on", "ref"],
}


def objective_list(*, sort: str | None = None) -> QuerySet[Objective]:
    """Objectives not archived, with owner, process and commitment keys preloaded."""
    return (
        Objective.objects.active()
        .select_related("owner", "process")
        .prefetch_related(Prefetch("commitments", queryset=ObjectiveCommitment.objects.order_by("key")))
        .order_by(*OBJECTIVE_SORTS.get(sort or "", ["ref"]))
    )


def objective_detail() -> QuerySet[Objective]:
    """The objective page's queryset: owner, process and commitments preloaded."""
    return objective_list()


def objective_measurements(objective: Objective) -> list[Measurement]:
    """Every measurement of an objective, corrections included, newest first."""
    return list(
        objective.measurements.select_related("recorded_by", "supersedes").order_by(
            "-measured_on", "-recorded_at", "-pk"
        )
    )


def objective_resources(objective: Objective) -> QuerySet[ResourceRequest]:
    """What the objective asked for and what it got."""
    return objective.resource_requests.select_related("requested_by", "decided_by", "process")


def resource_queue() -> QuerySet[ResourceRequest]:
    """Resource requests, those awaiting a decision first."""
    return ResourceRequest.objects.select_related(
        "objective", "process", "requested_by", "decided_by"
    ).order_by("status", "-requested_at", "-pk")


def chart_data(objective: Objective, measurements: list[Measurement]) -> dict:
    """The series the objective chart draws: measured values, target, trajectory and band, by date."""
    current = sorted((m for m in measurements if m.is_current), key=lambda m: m.measured_on)
    dates = {m.measured_on for m in current} | {objective.start_date}
    if objective.due_date:
        dates.add(objective.due_date)
    labels = sorted(dates)

    def at(day):
        return progress.expected_value(
            baseline=objective.baseline,
            target=objective.target,
            start=objective.start_date,
            due=objective.due_date,
            on=day,
        )

    values = {m.measured_on: m.value for m in current}
    return {
        "labels": [d.isoformat() for d in labels],
        "unit": objective.unit,
        "measured": [_num(values.get(d)) for d in labels],
        "trajectory": [_num(at(d)) if objective.direction != "within" else None for d in labels],
        "target": [_num(objective.target) for _ in labels] if objective.direction != "within" else [],
        "band_low": [_num(objective.band_low) for _ in labels] if objective.direction == "within" else [],
        "band_high": [_num(objective.band_high) for _ in labels] if objective.direction == "within" else [],
    }


def _num(value) -> float | None:
    return None if value is None else float(value)
