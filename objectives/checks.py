"""Rules that flag objectives drifting away from the policy or from their plan."""

from __future__ import annotations

import datetime

from django.db.models import Case, CharField, Exists, F, OuterRef, Q, QuerySet, Value, When
from django.db.models.functions import Concat
from django.utils.translation import gettext, gettext_noop

from commitments.models import PolicyCommitment, PolicyVersion
from findings.rules import AddDays, Severity, refresh_before_scan, rule, subject_rows
from objectives.models import Objective, ObjectiveCommitment, ResourceRequest
from objectives.services import progress_snapshot_backfill, progress_tally_rebuild, recompute_progress

refresh_before_scan(recompute_progress)
# Not read by the rules, but the dashboard's figures must match what the scan judges.
refresh_before_scan(progress_tally_rebuild)
refresh_before_scan(progress_snapshot_backfill)


def _active() -> QuerySet:
    return Objective.objects.active().filter(status=Objective.Status.ACTIVE)


def _keys_in_force() -> QuerySet:
    return PolicyCommitment.objects.filter(version__status=PolicyVersion.Status.APPROVED).values("key")


def _label():
    return Concat(F("ref"), Value(" "), F("title"), output_field=CharField())


def _objective_rows(queryset: QuerySet) -> QuerySet:
    return subject_rows(queryset, owner="owner_id", label=_label())


@rule(
    code="OBJ-ORPHAN",
    severity=Severity.WARNING,
    subject=Objective,
    title=gettext_noop("Objective supports no commitment of the policy"),
    advice=gettext_noop(
        "Link it to the policy commitment it serves, or ask whether the objective is still needed."
    ),
)
def objective_without_commitment(today: datetime.date) -> QuerySet:
    """An active objective that points at no policy commitment at all."""
    linked = ObjectiveCommitment.objects.filter(objective=OuterRef("pk"))
    return _objective_rows(_active().filter(~Exists(linked)))


@rule(
    code="OBJ-RETIRED-KEYS",
    severity=Severity.WARNING,
    subject=Objective,
    title=gettext_noop("Objective points only at commitments the policy in force no longer has"),
    advice=gettext_noop("Re-link it to a commitment of the current policy, or retire it."),
)
def objective_with_retired_keys(today: datetime.date) -> QuerySet:
    """Linked to commitments, but none of them is stated by the version in force."""
    linked = ObjectiveCommitment.objects.filter(objective=OuterRef("pk"))
    current = linked.filter(key__in=_keys_in_force())
    return _objective_rows(_active().filter(Exists(linked), ~Exists(current)))


@rule(
    code="POL-UNCOVERED",
    severity=Severity.WARNING,
    subject=PolicyCommitment,
    title=gettext_noop("Policy commitment that no active objective supports"),
    advice=gettext_noop(
        "Set a measurable objective for this commitment, or accept the gap knowingly for a while."
    ),
)
def commitment_without_objective(today: datetime.date) -> QuerySet:
    """A commitment of the policy in force that no active objective is linked to by its key."""
    supported = ObjectiveCommitment.objects.filter(
        key=OuterRef("key"), objective__status=Objective.Status.ACTIVE, objective__archived_at__isnull=True
    )
    uncovered = PolicyCommitment.objects.filter(version__status=PolicyVersion.Status.APPROVED).filter(
        ~Exists(supported)
    )
    label = Concat(F("key"), Value(": "), F("statement"), output_field=CharField())
    return subject_rows(uncovered, owner="version__approved_by_id", label=label)


def _gaps(ids: list[int], checks: dict[str, Q], **annotations) -> dict[int, list[str]]:
    """For each objective, the names of the checks (conditions) it meets, in one query."""
    rows = Objective.objects.filter(pk__in=ids).annotate(**annotations)
    flags = {name: Case(When(condition, then=True), default=False) for name, condition in checks.items()}
    found = rows.annotate(**{f"gap_{i}": flag for i, flag in enumerate(flags.values())})
    names = list(checks)
    return {
        row["pk"]: [names[i] for i in range(len(names)) if row[f"gap_{i}"]]
        for row in found.values("pk", *[f"gap_{i}" for i in range(len(names))])
    }


def explain_not_measurable(ids: list[int]) -> dict[int, list[str]]:
    """Which of target, unit and method each objective lacks."""
    return _gaps(
        ids,
        {
            gettext("no target"): ~Q(direction=Objective.Direction.WITHIN) & Q(target__isnull=True),
            gettext("no unit"): Q(unit=""),
            gettext("no method"): Q(method=""),
        },
    )


def explain_not_planned(ids: list[int]) -> dict[int, list[str]]:
    """Which of owner, due date, plan, evaluation and resources each objective lacks."""
    from objectives.models import ResourceRequest

    return _gaps(
        ids,
        {
            gettext("no owner"): Q(owner__isnull=True),
            gettext("no due date"): Q(due_date__isnull=True),
            gettext("no plan"): Q(plan=""),
            gettext("no evaluation"): Q(evaluation=""),
            gettext("no resources"): Q(resourced=False),
        },
        resourced=Exists(ResourceRequest.objects.filter(objective=OuterRef("pk"))),
    )


@rule(
    code="OBJ-NOT-MEASURABLE",
    severity=Severity.WARNING,
    subject=Objective,
    title=gettext_noop("Objective is not measurable"),
    advice=gettext_noop("Give it a target (or a band), a unit and a measurement method."),
    explain=explain_not_measurable,
)
def objective_not_measurable(today: datetime.date) -> QuerySet:
    """Missing a target (or band), a unit or a method."""
    no_target = ~Q(direction=Objective.Direction.WITHIN) & Q(target__isnull=True)
    return _objective_rows(_active().filter(no_target | Q(unit="") | Q(method="")))


@rule(
    code="OBJ-NOT-PLANNED",
    severity=Severity.WARNING,
    subject=Objective,
    title=gettext_noop("Objective is not planned"),
    advice=gettext_noop(
        "Say who owns it, by when, what will be done, how results are judged, and request its resources."
    ),
    explain=explain_not_planned,
)
def objective_not_planned(today: datetime.date) -> QuerySet:
    """Missing an owner, a due date, a plan, an evaluation, or any resource request."""

    resourced = ResourceRequest.objects.filter(objective=OuterRef("pk"))
    gaps = (
        Q(owner__isnull=True) | Q(due_date__isnull=True) | Q(plan="") | Q(evaluation="") | ~Exists(resourced)
    )
    return _objective_rows(_active().filter(gaps))


@rule(
    code="OBJ-OFF-TRACK",
    severity=Severity.CRITICAL,
    subject=Objective,
    title=gettext_noop("Objective is off track"),
    advice=gettext_noop(
        "Its owner should say what will change to catch up; top management decides on help or a new plan."
    ),
    event="objective.off_track",
)
def objective_off_track(today: datetime.date) -> QuerySet:
    """The latest value is well behind the expected trajectory (see objectives/progress.py)."""
    return _objective_rows(_active().filter(progress=Objective.Progress.OFF_TRACK))


@rule(
    code="OBJ-AT-RISK",
    severity=Severity.WARNING,
    subject=Objective,
    title=gettext_noop("Objective is at risk"),
    advice=gettext_noop("Check what holds it back before it falls off track."),
)
def objective_at_risk(today: datetime.date) -> QuerySet:
    """The latest value is somewhat behind the expected trajectory."""
    return _objective_rows(_active().filter(progress=Objective.Progress.AT_RISK))


@rule(
    code="OBJ-STALE",
    severity=Severity.WARNING,
    subject=Objective,
    title=gettext_noop("Objective not measured within its frequency"),
    advice=gettext_noop("Record the latest measurement, or change the frequency if it no longer fits."),
)
def objective_stale(today: datetime.date) -> QuerySet:
    """No measurement within its stated frequency (counted from the start when never measured)."""
    due = AddDays(F("latest_measured_on"), F("frequency_days"))
    first_due = AddDays(F("start_date"), F("frequency_days"))
    stale = (
        _active()
        .annotate(measure_due=due, first_due=first_due)
        .filter(
            Q(latest_measured_on__isnull=False, measure_due__lt=today)
            | Q(latest_measured_on__isnull=True, first_due__lt=today)
        )
    )
    return _objective_rows(stale)


@rule(
    code="OBJ-ACHIEVED-BUT-WORSE",
    severity=Severity.CRITICAL,
    subject=Objective,
    title=gettext_noop(
        "Objective reported achieved while customer results for the same commitment go the wrong way"
    ),
    advice=gettext_noop(
        "Check whether the achievement is real: the customer-related objectives of the same commitment "
        "are behind their trajectory."
    ),
)
def achieved_while_customer_results_worsen(today: datetime.date) -> QuerySet:
    """Achieved, while an active customer-related objective of one of its commitments is behind."""
    worsening_keys = ObjectiveCommitment.objects.filter(
        objective__status=Objective.Status.ACTIVE,
        objective__archived_at__isnull=True,
        objective__customer_related=True,
        objective__progress__in=[Objective.Progress.OFF_TRACK, Objective.Progress.AT_RISK],
    ).values("key")
    shares = ObjectiveCommitment.objects.filter(objective=OuterRef("pk"), key__in=worsening_keys)
    achieved = Objective.objects.active().filter(status=Objective.Status.ACHIEVED).filter(Exists(shares))
    return _objective_rows(achieved)


@rule(
    code="OBJ-NO-CUSTOMER-OBJECTIVE",
    severity=Severity.WARNING,
    subject=PolicyVersion,
    title=gettext_noop("No active objective bears on customer satisfaction or product conformity"),
    advice=gettext_noop(
        "Set at least one objective about what customers receive or think, or accept the gap for a while."
    ),
)
def no_customer_objective(today: datetime.date) -> QuerySet:
    """The policy in force, when not one active objective is customer-related."""
    customer = _active().filter(customer_related=True)
    in_force = PolicyVersion.objects.in_force().filter(~Exists(customer))
    label = Concat(F("title"), Value(" v"), F("number"), output_field=CharField())
    return subject_rows(in_force, owner="approved_by_id", label=label)
