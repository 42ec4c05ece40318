"""Write use cases of the objectives app: objectives, measurements, resource requests, progress."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from objectives import progress
from objectives.models import Measurement, Objective, ObjectiveCommitment, ResourceRequest
from objectives.models.objectives import DERIVED_FIELDS

CHUNK = 2000


def _save(obj, *, by, reason: str) -> None:
    obj.full_clean()
    obj._history_user = by
    obj._change_reason = reason
    obj.save()


@transaction.atomic
def objective_create(*, data: dict, commitment_keys: Iterable[str] = (), by) -> Objective:
    """Create an objective (draft unless said otherwise) with the commitments it supports."""
    objective = Objective(**data)
    _save(objective, by=by, reason="Objective created")
    objective_set_commitments(objective=objective, keys=commitment_keys, by=by)
    refresh_derived(objective_ids=[objective.pk])
    return objective


@transaction.atomic
def objective_update(*, objective: Objective, data: dict, commitment_keys: Iterable[str], by) -> Objective:
    """Edit an objective's plan; its status moves only through objective_change_status."""
    data = {k: v for k, v in data.items() if k != "status"}
    for name, value in data.items():
        setattr(objective, name, value)
    _save(objective, by=by, reason="Objective edited")
    objective_set_commitments(objective=objective, keys=commitment_keys, by=by)
    refresh_derived(objective_ids=[objective.pk])
    return objective


def objective_set_commitments(*, objective: Objective, keys: Iterable[str], by) -> None:
    """Make the objective support exactly these commitment keys (history kept for each link)."""
    wanted = {k.strip() for k in keys if k and k.strip()}
    for link in objective.commitments.exclude(key__in=wanted):
        link._history_user = by
        link._change_reason = "No longer supports this commitment"
        link.delete()
    existing = set(objective.commitments.values_list("key", flat=True))
    for key in sorted(wanted - existing):
        link = ObjectiveCommitment(objective=objective, key=key)
        _save(link, by=by, reason="Supports this commitment")


@transaction.atomic
def objective_change_status(*, objective: Objective, status: str, reason: str = "", by) -> Objective:
    """Move an objective along its legal statuses (activate, achieve, miss, cancel)."""
    if not objective.can_move_to(status):
        raise ValidationError(
            f"An objective that is {objective.get_status_display().lower()} cannot become "
            f"{Objective.Status(status).label.lower()}."
        )
    if status in Objective.CONCLUSIONS and not (reason or "").strip():
        raise ValidationError({"reason": "Say why: this closes the objective."})
    objective.status = status
    label = Objective.Status(status).label
    _save(objective, by=by, reason=f"{label}: {reason.strip()}" if reason.strip() else label)
    return objective


@transaction.atomic
def measurement_record(
    *, objective: Objective, measured_on: datetime.date, value: Decimal, comment: str = "", by
) -> Measurement:
    """Record a value; a second value for the same day is a correction superseding the first."""
    previous = objective.measurements.current().filter(measured_on=measured_on).first()
    if previous is not None:
        return measurement_correct(measurement=previous, value=value, comment=comment, by=by)
    measurement = Measurement(
        objective=objective, measured_on=measured_on, value=value, comment=comment, recorded_by=by
    )
    _save(measurement, by=by, reason="Measurement recorded")
    refresh_derived(objective_ids=[objective.pk])
    return measurement


@transaction.atomic
def measurement_correct(*, measurement: Measurement, value: Decimal, comment: str = "", by) -> Measurement:
    """Correct a measurement: a new current record supersedes it; the old one is kept."""
    if not measurement.is_current:
        raise ValidationError("This measurement has already been corrected; correct the latest record.")
    measurement.is_current = False
    measurement._history_user = by
    measurement._change_reason = "Superseded by a correction"
    measurement.save(update_fields=["is_current"])
    correction = Measurement(
        objective=measurement.objective,
        measured_on=measurement.measured_on,
        value=value,
        comment=comment,
        recorded_by=by,
        supersedes=measurement,
    )
    _save(correction, by=by, reason=f"Correction of the value {measurement.value.normalize()}")
    refresh_derived(objective_ids=[measurement.objective_id])
    return correction


def refresh_derived(*, objective_ids: Iterable[int] | None = None, today: datetime.date | None = None) -> int:
    """Recompute the stored latest value, expected value and progress, set-based; returns rows changed.

    A few queries per 2,000 objectives whatever their number of measurements: the latest current
    value comes from one correlated subquery, changed rows are written with bulk_update.
    """
    today = today or timezone.localdate()
    latest = Measurement.objects.current().filter(objective=OuterRef("pk")).latest_first()
    base = Objective.objects.annotate(
        current_value=Subquery(latest.values("value")[:1]),
        current_on=Subquery(latest.values("measured_on")[:1]),
    )
    ids = sorted(
        Objective.objects.values_list("pk", flat=True) if objective_ids is None else set(objective_ids)
    )
    total = 0
    for i in range(0, len(ids), CHUNK):
        changed = [o for o in base.filter(pk__in=ids[i : i + CHUNK]) if _apply_verdict(o, today)]
        if changed:
            total += _write_derived(changed)
    return total


def _write_derived(objectives: list[Objective]) -> int:
    """Write the derived fields of many objectives in one UPDATE ... FROM (VALUES ...).

    Django's bulk_update builds a CASE per field and row, which dominated a 10,000-objective
    import; a VALUES list is read once. PostgreSQL needs the casts to type NULL-only columns;
    SQLite (3.33+) needs none. Other databases fall back to bulk_update.
    """
    if connection.vendor not in ("postgresql", "sqlite"):
        return Objective.objects.bulk_update(objectives, DERIVED_FIELDS)
    row = (
        "(%s, %s::numeric, %s::date, %s, %s::numeric)"
        if connection.vendor == "postgresql"
        else "(%s, %s, %s, %s, %s)"
    )
    table = connection.ops.quote_name(Objective._meta.db_table)
    sql = (
        f"UPDATE {table} SET latest_value = v.column2, latest_measured_on = v.column3, "
        "progress = v.column4, expected_value_now = v.column5 "
        f"FROM (VALUES {', '.join([row] * len(objectives))}) AS v WHERE {table}.id = v.column1"
    )
    params = [
        value
        for o in objectives
        for value in (o.pk, o.latest_value, o.latest_measured_on, o.progress, o.expected_value_now)
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def _apply_verdict(objective: Objective, today: datetime.date) -> bool:
    verdict = progress.classify_objective(objective, latest=objective.current_value, today=today)
    new = {
        "latest_value": objective.current_value,
        "latest_measured_on": objective.current_on,
        "progress": verdict.progress,
        "expected_value_now": verdict.expected,
    }
    if all(same_value(getattr(objective, name), value) for name, value in new.items()):
        return False
    for name, value in new.items():
        setattr(objective, name, value)
    return True


def same_value(a, b) -> bool:
    """Equal values, treating 1.50 and 1.5 as the same number."""
    if isinstance(a, Decimal) and isinstance(b, Decimal):
        return a.compare(b) == 0
    return a == b


def recompute_progress(*, today: datetime.date | None = None) -> int:
    """Progress moves with time (the trajectory advances daily): recompute it for every objective."""
    return refresh_derived(objective_ids=None, today=today)


@transaction.atomic
def resource_request_create(*, data: dict, by) -> ResourceRequest:
    """Ask for a resource for an objective and/or a process."""
    request = ResourceRequest(**data, requested_by=by, status=ResourceRequest.Status.REQUESTED)
    _save(request, by=by, reason="Resource requested")
    return request


@transaction.atomic
def resource_request_decide(*, request: ResourceRequest, status: str, reason: str, by) -> ResourceRequest:
    """Top management approves or rejects a request, always with a reason."""
    if status not in ResourceRequest.DECISIONS or not request.can_move_to(status):
        raise ValidationError(
            f"A request that is {request.get_status_display().lower()} cannot be decided now."
        )
    if not (reason or "").strip():
        raise ValidationError({"decision_reason": "Give the reason for the decision."})
    request.status = status
    request.decision_reason = reason.strip()
    request.decided_by = by
    request.decided_on = timezone.localdate()
    _save(request, by=by, reason=f"{ResourceRequest.Status(status).label}: {reason.strip()}")
    return request


@transaction.atomic
def resource_request_mark_provided(*, request: ResourceRequest, by) -> ResourceRequest:
    """Record that an approved resource has actually been provided."""
    if not request.can_move_to(ResourceRequest.Status.PROVIDED):
        raise ValidationError("Only an approved request can be marked as provided.")
    request.status = ResourceRequest.Status.PROVIDED
    request.provided_on = timezone.localdate()
    _save(request, by=by, reason="Resource provided")
    return request
