"""Write use cases of the objectives app: objectives, measurements, resource requests, progress."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Count, OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from core import archiving, permissions, signatures
from core.history import record_change
from objectives import progress
from objectives.models import (
    Measurement,
    Objective,
    ObjectiveCommitment,
    ProgressSnapshot,
    ProgressTally,
    ResourceRequest,
)
from objectives.models.objectives import DERIVED_FIELDS

CHUNK = 2000


# What a plain save of an existing objective writes: never the derived figures, which only
# refresh_derived writes (a stale copy in memory must not undo them, or the tally would drift).
PLAN_FIELDS = [
    f.name for f in Objective._meta.concrete_fields if not f.primary_key and f.name not in DERIVED_FIELDS
]


def _save(obj, *, by, reason: str) -> None:
    obj.full_clean()
    record_change(obj, by=by, reason=reason)
    if isinstance(obj, Objective) and not obj._state.adding:
        obj.save(update_fields=PLAN_FIELDS)
    else:
        obj.save()


@transaction.atomic
def objective_create(*, data: dict, commitment_keys: Iterable[str] = (), by) -> Objective:
    """Create an objective (draft unless said otherwise) with the commitments it supports."""
    objective = Objective(**data)
    _save(objective, by=by, reason=gettext_noop("Objective created"))
    objective_set_commitments(objective=objective, keys=commitment_keys, by=by)
    refresh_derived(objective_ids=[objective.pk])
    return objective


@transaction.atomic
def objective_update(*, objective: Objective, data: dict, commitment_keys: Iterable[str], by) -> Objective:
    """Edit an objective's plan; its status moves only through objective_change_status."""
    data = {k: v for k, v in data.items() if k != "status"}
    for name, value in data.items():
        setattr(objective, name, value)
    _save(objective, by=by, reason=gettext_noop("Objective edited"))
    objective_set_commitments(objective=objective, keys=commitment_keys, by=by)
    refresh_derived(objective_ids=[objective.pk])
    return objective


def objective_set_commitments(*, objective: Objective, keys: Iterable[str], by) -> None:
    """Make the objective support exactly these commitment keys (history kept for each link)."""
    wanted = {k.strip() for k in keys if k and k.strip()}
    for link in objective.commitments.exclude(key__in=wanted):
        record_change(link, by=by, reason=gettext_noop("No longer supports this commitment"))
        link.delete()
    existing = set(objective.commitments.values_list("key", flat=True))
    for key in sorted(wanted - existing):
        link = ObjectiveCommitment(objective=objective, key=key)
        _save(link, by=by, reason=gettext_noop("Supports this commitment"))


OBJECTIVE_APPROVAL_MEANINGS = (signatures.Meaning.APPROVED,)


@transaction.atomic
def objective_change_status(
    *,
    objective: Objective,
    status: str,
    reason: str = "",
    by,
    password: str = "",
    meaning: str = signatures.Meaning.APPROVED,
) -> Objective:
    """Move an objective along its legal statuses (propose, approve, achieve, miss, cancel). Approval
    makes a proposed objective active: top management's act, with an electronic signature."""
    permissions.require(
        permissions.may_move_objective(by, objective, status),
        _("Only top management can close an objective.")
        if status in Objective.CONCLUSIONS
        else _("Approving an objective so that it becomes active is for top management.")
        if status == Objective.Status.ACTIVE
        else _("You may not change the status of objectives."),
    )
    if not objective.can_move_to(status):
        raise ValidationError(
            _("An objective that is %(status)s cannot become %(target)s.")
            % {
                "status": objective.get_status_display().lower(),
                "target": Objective.Status(status).label.lower(),
            }
        )
    if status in Objective.CONCLUSIONS and not (reason or "").strip():
        raise ValidationError({"reason": _("Say why: this closes the objective.")})
    if status == Objective.Status.ACTIVE:
        # Top management's own act: the pack lists who approved the objective and when.
        signatures.sign(
            record=objective,
            by=by,
            password=password,
            meaning=meaning,
            statement=f"Approval of objective {objective.ref} {objective.title}",
            allowed=OBJECTIVE_APPROVAL_MEANINGS,
        )
        objective.approved_by, objective.approved_at = by, timezone.now()
    objective.status = status
    label = str(Objective.Status(status).label)
    _save(objective, by=by, reason=f"{label}: {reason.strip()}" if reason.strip() else label)
    refresh_derived(objective_ids=[objective.pk])  # a closed objective leaves the dashboard's figures
    return objective


@transaction.atomic
def measurement_record(
    *, objective: Objective, measured_on: datetime.date, value: Decimal, comment: str = "", by
) -> Measurement:
    """Record a value; a second value for the same day is a correction superseding the first."""
    permissions.require(
        permissions.may_record_measurement(by, objective),
        _("Only the quality manager or the objective's owner records its measurements."),
    )
    previous = objective.measurements.current().filter(measured_on=measured_on).first()
    if previous is not None:
        return measurement_correct(measurement=previous, value=value, comment=comment, by=by)
    measurement = Measurement(
        objective=objective, measured_on=measured_on, value=value, comment=comment, recorded_by=by
    )
    _save(measurement, by=by, reason=gettext_noop("Measurement recorded"))
    refresh_derived(objective_ids=[objective.pk])
    return measurement


@transaction.atomic
def measurement_correct(*, measurement: Measurement, value: Decimal, comment: str = "", by) -> Measurement:
    """Correct a measurement: a new current record supersedes it; the old one is kept."""
    # Locked, so two simultaneous corrections of one record cannot both supersede it.
    measurement = Measurement.objects.select_for_update().select_related("objective").get(pk=measurement.pk)
    if not measurement.is_current:
        raise ValidationError(_("This measurement has already been corrected; correct the latest record."))
    measurement.is_current = False
    record_change(measurement, by=by, reason=gettext_noop("Superseded by a correction"))
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


@transaction.atomic
def objective_archive(*, objective: Objective, reason: str, by) -> Objective:
    """Archive an objective (never deleted) and take it out of the dashboard counts at once."""
    archiving.archive(obj=objective, reason=reason, by=by)
    refresh_derived(objective_ids=[objective.pk])
    return objective


def refresh_derived(*, objective_ids: Iterable[int] | None = None, today: datetime.date | None = None) -> int:
    """Recompute the stored latest value, expected value, progress and dashboard figures; rows changed.

    A few queries per 2,000 objectives whatever their number of measurements: the latest current
    value comes from one correlated subquery, changed rows are written in one UPDATE, and the
    dashboard's progress tally moves by the difference in one more statement (same transaction).
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
        # The rows and the tally move together; no savepoint (one less round trip per chunk).
        with transaction.atomic(savepoint=False):
            was = {}
            changed = []
            for o in base.filter(pk__in=ids[i : i + CHUNK]):
                was[o.pk] = o.tallied_as
                if _apply_verdict(o, today):
                    changed.append(o)
            if changed:
                written = _write_derived(changed, was)
                total += len(written)
                _move_tally([(was[o.pk], o.tallied_as) for o in changed if o.pk in written])
    return total


def _write_derived(objectives: Sequence[Objective], was: dict[int, str]) -> set[int]:
    """Write the derived fields of many objectives in one UPDATE ... FROM (VALUES ...); ids written.

    Django's bulk_update builds a CASE per field and row, which dominated a 10,000-objective
    import; a VALUES list is read once. PostgreSQL needs the casts to type NULL-only columns;
    SQLite (3.35+) needs none. A row is written only if it is still tallied as it was when read,
    so two concurrent refreshes of one objective never move the tally twice (the later one
    skips the row; the daily rebuild repairs anything left). Other databases use bulk_update.
    """
    if connection.vendor not in ("postgresql", "sqlite"):
        Objective.objects.bulk_update(objectives, DERIVED_FIELDS)
        return {o.pk for o in objectives}
    row = (
        "(%s, %s::numeric, %s::date, %s, %s::numeric, %s::double precision, %s::date, %s, %s)"
        if connection.vendor == "postgresql"
        else "(%s, %s, %s, %s, %s, %s, %s, %s, %s)"
    )
    table = connection.ops.quote_name(Objective._meta.db_table)
    sql = (
        f"UPDATE {table} SET latest_value = v.column2, latest_measured_on = v.column3, "
        "progress = v.column4, expected_value_now = v.column5, shortfall = v.column6, "
        "next_measurement_on = v.column7, tallied_as = v.column8 "
        f"FROM (VALUES {', '.join([row] * len(objectives))}) AS v "
        f"WHERE {table}.id = v.column1 AND {table}.tallied_as = v.column9 RETURNING {table}.id"
    )
    params = [
        value
        for o in objectives
        for value in (
            o.pk,
            o.latest_value,
            o.latest_measured_on,
            o.progress,
            o.expected_value_now,
            o.shortfall,
            o.next_measurement_on,
            o.tallied_as,
            was[o.pk],
        )
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {pk for (pk,) in cursor.fetchall()}


def _move_tally(moves: list[tuple[str, str]]) -> None:
    """Apply (counted as before, counted as now) moves to the live tally in one upsert."""
    delta: dict[str, int] = {}
    for before, after in moves:
        if before != after:
            if before:
                delta[before] = delta.get(before, 0) - 1
            if after:
                delta[after] = delta.get(after, 0) + 1
    delta = {key: n for key, n in delta.items() if n}
    if not delta:
        return
    table = connection.ops.quote_name(ProgressTally._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (progress, count) VALUES {', '.join(['(%s, %s)'] * len(delta))} "
            f"ON CONFLICT (progress) DO UPDATE SET count = {table}.count + excluded.count",
            [value for item in sorted(delta.items()) for value in item],
        )


def _counted(objective: Objective) -> bool:
    """Open objectives (draft or active, not archived) are the ones the dashboard counts."""
    return objective.is_open and objective.archived_at is None


def _apply_verdict(objective: Objective, today: datetime.date) -> bool:
    # The queryset of the caller annotates the current value and its date.
    current_value = objective.current_value  # type: ignore[attr-defined]
    current_on = objective.current_on  # type: ignore[attr-defined]
    verdict = progress.classify_objective(objective, latest=current_value, today=today)
    counted = _counted(objective)
    since = current_on or objective.start_date
    new = {
        "latest_value": current_value,
        "latest_measured_on": current_on,
        "progress": verdict.progress,
        "expected_value_now": verdict.expected,
        "shortfall": float(verdict.gap) if counted and verdict.gap is not None else None,
        "next_measurement_on": since + datetime.timedelta(days=objective.frequency_days) if counted else None,
        "tallied_as": verdict.progress if counted else "",
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
def progress_tally_rebuild(*, today: datetime.date | None = None) -> dict[str, int]:
    """Count the live tally again from the objectives (daily repair) and store this month's snapshot.

    Locking the live rows first makes concurrent refreshes wait to apply their difference until
    the fresh counts are written, so no move is lost or counted twice.
    """
    today = today or timezone.localdate()
    list(ProgressTally.objects.select_for_update().values_list("pk", flat=True))
    counted = dict(
        Objective.objects.exclude(tallied_as="")
        .order_by()
        .values("tallied_as")
        .annotate(n=Count("pk"))
        .values_list("tallied_as", "n")
    )
    figures = {value: counted.get(value, 0) for value in Objective.Progress.values}
    ProgressTally.objects.bulk_create(
        [ProgressTally(progress=key, count=n) for key, n in figures.items()],
        update_conflicts=True,
        unique_fields=["progress"],
        update_fields=["count"],
    )
    month = today.replace(day=1)
    ProgressSnapshot.objects.bulk_create(
        [ProgressSnapshot(month=month, progress=key, count=n) for key, n in figures.items()],
        update_conflicts=True,
        unique_fields=["month", "progress"],
        update_fields=["count"],
    )
    return figures


def month_starts(today: datetime.date, months: int) -> list[datetime.date]:
    """The first days of the last `months` months, oldest first, ending with today's month."""
    index = today.year * 12 + today.month - 1
    return [
        datetime.date((index - back) // 12, (index - back) % 12 + 1, 1) for back in range(months - 1, -1, -1)
    ]


def progress_snapshot_backfill(*, today: datetime.date | None = None, months: int = 12) -> int:
    """Give each past month of the last year that has no snapshot one rebuilt from the measurements.

    Runs once per missing month (a new installation, or a month the daily task never ran): each
    open objective that had started is judged with the values it had at the month's end. It is
    an approximation (today's open objectives), marked as such nowhere else because it is only
    ever used where no real snapshot exists. Returns the number of months written.
    """
    today = today or timezone.localdate()
    starts = month_starts(today, months)[:-1]
    have = set(ProgressSnapshot.objects.filter(month__gte=starts[0]).values_list("month", flat=True))
    rows = []
    for start in (month for month in starts if month not in have):
        end = (start + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
        latest = (
            Measurement.objects.current()
            .filter(objective=OuterRef("pk"), measured_on__lte=end)
            .latest_first()
        )
        judged = (
            Objective.objects.open()
            .active()
            .filter(start_date__lte=end)
            .annotate(current_value=Subquery(latest.values("value")[:1]))
        )
        figures = dict.fromkeys(Objective.Progress.values, 0)
        for objective in judged.iterator(chunk_size=CHUNK):
            figures[
                progress.classify_objective(objective, latest=objective.current_value, today=end).progress
            ] += 1
        rows += [ProgressSnapshot(month=start, progress=key, count=n) for key, n in figures.items()]
    ProgressSnapshot.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows) // len(Objective.Progress.values)


@transaction.atomic
def resource_request_create(*, data: dict, by) -> ResourceRequest:
    """Ask for a resource for an objective and/or a process."""
    request = ResourceRequest(**data, requested_by=by, status=ResourceRequest.Status.REQUESTED)
    _save(request, by=by, reason=gettext_noop("Resource requested"))
    return request


RESOURCE_DECISION_MEANINGS = (
    signatures.Meaning.RESPONSIBLE,
    signatures.Meaning.APPROVED,
    signatures.Meaning.REVIEWED,
)


@transaction.atomic
def resource_request_decide(
    *,
    request: ResourceRequest,
    status: str,
    reason: str,
    by,
    password: str,
    meaning: str = signatures.Meaning.RESPONSIBLE,
) -> ResourceRequest:
    """Top management approves or rejects a request, always with a reason and a signature."""
    if status not in ResourceRequest.DECISIONS or not request.can_move_to(status):
        raise ValidationError(
            _("A request that is %(status)s cannot be decided now.")
            % {"status": request.get_status_display().lower()}
        )
    if not (reason or "").strip():
        raise ValidationError({"decision_reason": _("Give the reason for the decision.")})
    signatures.sign(
        record=request,
        by=by,
        password=password,
        meaning=meaning,
        statement=f"{ResourceRequest.Status(status).label}: {request}",
        allowed=RESOURCE_DECISION_MEANINGS,
    )
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
        raise ValidationError(_("Only an approved request can be marked as provided."))
    request.status = ResourceRequest.Status.PROVIDED
    request.provided_on = timezone.localdate()
    _save(request, by=by, reason=gettext_noop("Resource provided"))
    return request
