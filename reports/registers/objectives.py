"""Registers of the objectives app: objectives, measurements (also in the import's layout), resources."""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.db.models import QuerySet

from objectives import imports, selectors
from objectives.filters import ObjectiveFilter, ResourceRequestFilter
from objectives.models import Measurement, Objective, ObjectiveCommitment
from reports import pointintime
from reports.registry import Computed, Extra, Register, display, joined, register


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


PLAN_COLUMNS = [
    ("Ref", "ref"),
    ("Objective", "title"),
    ("Commitments", Extra("commitment_keys", joined)),
    ("Process", "process.name"),
    ("Owner", "owner"),
    ("Status", display("status")),
    ("Direction", display("direction")),
    ("Baseline", "baseline"),
    ("Target", "target"),
    ("Lowest acceptable", "band_low"),
    ("Highest acceptable", "band_high"),
    ("Unit", "unit"),
    ("Measured every (days)", "frequency_days"),
    ("Start", "start_date"),
    ("Due", "due_date"),
]


def _objective_rows() -> QuerySet[Objective]:
    """The objective list's rows; commitment keys come per chunk (see _commitment_keys)."""
    return Objective.objects.active().select_related("owner", "process").order_by("ref")


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
        related=("owner", "process"),
        order_by=("ref",),
        finish=_commitments_as_of,
        archived_at__isnull=True,
    )


register(
    Register(
        name="objectives",
        label="Quality objectives",
        description="Objectives with their plan, target and stored progress, as the list filters them.",
        permission="objectives.view_objective",
        rows=_objective_rows,
        per_chunk=_commitment_keys,
        filterset_class=ObjectiveFilter,
        columns=[
            *PLAN_COLUMNS,
            ("Progress", display("progress")),
            ("Latest value", "latest_value"),
            ("Last measured on", "latest_measured_on"),
            ("Expected value today", "expected_value_now"),
        ],
        columns_as_of=PLAN_COLUMNS,
        rows_as_of=_objectives_as_of,
    )
)

register(
    Register(
        name="measurements",
        label="Measurements",
        description="Every measured value, corrections included, of the objectives the list filters.",
        permission="objectives.view_measurement",
        rows=lambda: (
            Measurement.objects.filter(objective__archived_at__isnull=True)
            .select_related("objective", "recorded_by", "supersedes")
            .order_by("objective__ref", "measured_on", "recorded_at", "pk")
        ),
        filterset_class=MeasurementFilter,
        columns=[
            ("Objective", "objective.ref"),
            ("Objective title", "objective.title"),
            ("Date", "measured_on"),
            ("Value", "value"),
            ("Unit", "objective.unit"),
            ("Comment", "comment"),
            ("Current", "is_current"),
            ("Corrects the value of", "supersedes.measured_on"),
            ("Recorded by", "recorded_by"),
            ("Recorded at", "recorded_at"),
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
        label="Objectives (import layout)",
        description="Objectives in the spreadsheet import's columns: edit and import the file back.",
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
        label="Measurements (import layout)",
        description="Current measurements in the spreadsheet import's columns.",
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
        label="Resource requests",
        description="What objectives and processes asked for, and what top management decided and provided.",
        permission="objectives.view_resourcerequest",
        rows=selectors.resource_queue,
        filterset_class=ResourceRequestFilter,
        strict=False,
        columns=[
            ("Requested at", "requested_at"),
            ("Category", display("category")),
            ("What", "description"),
            ("Objective", "objective.ref"),
            ("Process", "process.name"),
            ("Quantity", "quantity"),
            ("Estimated cost", "cost"),
            ("Status", display("status")),
            ("Requested by", "requested_by"),
            ("Decided by", "decided_by"),
            ("Decided on", "decided_on"),
            ("Decision reason", "decision_reason"),
            ("Provided on", "provided_on"),
        ],
    )
)
