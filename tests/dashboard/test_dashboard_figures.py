"""The stored figures the dashboard reads: they always equal what counting the rows would give."""

import datetime
from decimal import Decimal as D

import pytest
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from dashboard import selectors as dashboard
from findings import services as finding_services
from findings.models import Finding, FindingTally
from objectives import imports, services, tasks
from objectives.models import Objective, ProgressSnapshot, ProgressTally
from objectives.services import month_starts
from tests.factories import UserFactory
from tests.objectives.factories import ObjectiveFactory
from tests.reviews.factories import ReviewActionFactory, held_review

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def stored() -> dict[str, int]:
    return {t.progress: t.count for t in ProgressTally.objects.all() if t.count}


def counted() -> dict[str, int]:
    rows = Objective.objects.open().active().values("progress").annotate(n=Count("pk"))
    return {row["progress"]: row["n"] for row in rows}


def _objective(**kwargs) -> Objective:
    defaults = {"start_date": TODAY - 100 * DAY, "due_date": TODAY + 100 * DAY}
    return ObjectiveFactory(**{**defaults, **kwargs})


def test_measurements_move_the_tally_in_the_same_transaction(quality_user):
    first, second = _objective(), _objective()
    services.refresh_derived(objective_ids=[first.pk, second.pk])
    assert stored() == {"not_measured": 2} == counted()
    services.measurement_record(objective=first, measured_on=TODAY, value=D(95), by=quality_user)
    assert stored() == {"not_measured": 1, "on_track": 1} == counted()
    services.measurement_record(
        objective=first, measured_on=TODAY, value=D(60), by=quality_user
    )  # a correction
    services.measurement_record(objective=second, measured_on=TODAY, value=D(84), by=quality_user)
    assert stored() == {"off_track": 1, "at_risk": 1} == counted()


def test_closing_an_objective_takes_it_out_of_the_tally(quality_user, top_user):
    objective = _objective()
    services.measurement_record(objective=objective, measured_on=TODAY, value=D(95), by=quality_user)
    services.objective_change_status(
        objective=objective, status="achieved", reason="Target met early", by=top_user
    )
    objective.refresh_from_db()
    assert stored() == {} == counted()
    assert (
        objective.tallied_as == "" and objective.next_measurement_on is None and objective.shortfall is None
    )


def test_archiving_an_objective_takes_it_out_of_the_tally_at_once(client, quality_user):
    objective = _objective()
    services.measurement_record(objective=objective, measured_on=TODAY, value=D(95), by=quality_user)
    assert stored() == {"on_track": 1}
    client.force_login(quality_user)
    client.post(reverse("objectives:archive", args=[objective.pk]), {"reason": "Merged into OTD-02"})
    objective.refresh_from_db()
    assert objective.is_archived
    assert stored() == {} == counted()


def test_a_bulk_import_fills_the_tally_and_the_dashboard_fields(quality_user):
    content = (
        "ref,title,owner,target,baseline,unit,direction,frequency_days,start,due,status\n"
        + "".join(
            f"IMP-{i},Imported {i},,90,80,%,increase,30,{TODAY - 100 * DAY},{TODAY + 100 * DAY},proposed\n"
            for i in range(5)
        )
    ).encode()
    plan = imports.import_file(kind="objectives", content=content, filename="objectives.csv", by=quality_user)
    assert plan.ok, plan.errors
    assert stored() == {"not_measured": 5} == counted()
    assert Objective.objects.filter(next_measurement_on=TODAY - 70 * DAY).count() == 5


def test_the_daily_task_rebuilds_the_tally_and_stores_the_month(quality_user):
    objective = _objective()
    services.measurement_record(objective=objective, measured_on=TODAY, value=D(95), by=quality_user)
    ProgressTally.objects.update(count=99)  # drift, e.g. an objective archived outside the services
    tasks.recompute_objective_progress.apply().get(timeout=10)
    assert stored() == {"on_track": 1} == counted()
    month = ProgressSnapshot.objects.get(month=TODAY.replace(day=1), progress="on_track")
    assert month.count == 1


def test_the_chart_has_twelve_months_ending_with_the_live_figures(quality_user):
    ProgressSnapshot.objects.create(
        month=month_starts(TODAY, 12)[0], progress=Objective.Progress.OFF_TRACK, count=7
    )
    objective = _objective()
    services.measurement_record(objective=objective, measured_on=TODAY, value=D(60), by=quality_user)
    chart = dashboard.objectives_glance(TODAY).chart
    assert len(chart["labels"]) == 12
    off = next(s for s in chart["series"] if s["key"] == "off_track")["data"]
    assert off[0] == 7 and off[-1] == 1 and off[1] is None


def test_a_scan_writes_the_findings_tally_and_acceptance_updates_it(client, auditor_user, quality_user):
    review = held_review(held_on=TODAY - 10 * DAY, planned_date=TODAY - 10 * DAY)
    from reviews import services as review_services

    decision = review_services.decision_record(
        review=review, kind="improvement", description="x", by=review.chair
    )
    ReviewActionFactory.create_batch(2, decision=decision, owner=UserFactory(), due_date=TODAY - DAY)
    finding_services.scan(today=TODAY)
    alerting = Finding.objects.alerting(TODAY)
    tally = {t.severity: t.alerting_count for t in FindingTally.objects.all()}
    assert sum(tally.values()) == alerting.count() >= 2
    client.force_login(auditor_user)
    assert (
        f'data-testid="findings-count">{alerting.count()}<'
        in client.get(reverse("findings:list")).content.decode()
    )
    finding = alerting.first()
    finding_services.finding_accept(
        finding=finding, reason="Waiting for the supplier", until=TODAY + 5 * DAY, by=quality_user
    )
    after = FindingTally.objects.get(severity=finding.severity)
    assert after.alerting_count == tally[finding.severity] - 1 and after.open_count == tally[finding.severity]
    finding_services.finding_withdraw_acceptance(finding=finding, by=quality_user)
    assert FindingTally.objects.get(severity=finding.severity).alerting_count == tally[finding.severity]


def test_past_months_without_a_snapshot_are_rebuilt_from_the_measurements(quality_user):
    objective = _objective(start_date=TODAY - 400 * DAY, due_date=TODAY + 100 * DAY)
    three_months_ago = month_starts(TODAY, 4)[0]
    services.measurement_record(
        objective=objective, measured_on=three_months_ago + 3 * DAY, value=D(60), by=quality_user
    )
    ProgressSnapshot.objects.create(month=month_starts(TODAY, 2)[0], progress="on_track", count=42)
    assert services.progress_snapshot_backfill(today=TODAY) == 10  # the eleven past months but one
    figures = dict(ProgressSnapshot.objects.filter(month=three_months_ago).values_list("progress", "count"))
    assert figures["off_track"] == 1 and figures["on_track"] == 0
    before = dict(
        ProgressSnapshot.objects.filter(month=month_starts(TODAY, 5)[0]).values_list("progress", "count")
    )
    assert before["not_measured"] == 1
    assert ProgressSnapshot.objects.get(month=month_starts(TODAY, 2)[0], progress="on_track").count == 42
    assert services.progress_snapshot_backfill(today=TODAY) == 0
