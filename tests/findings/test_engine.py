import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from findings.engine import run_checks
from findings.models import Finding, ScanRun
from reviews import services as review_services
from reviews.models import ReviewAction
from tests.reviews.factories import held_review, plan_review

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def _overdue_action(due: datetime.date) -> ReviewAction:
    review = held_review()
    decision = review_services.decision_record(
        review=review, kind="improvement", description="x", by=review.chair
    )
    return review_services.action_create(
        decision=decision, title="Fix the gauge", owner=review.chair, due_date=due, by=review.chair
    )


def test_a_breach_opens_one_finding_and_a_rerun_changes_nothing():
    action = _overdue_action(TODAY - DAY)
    run = run_checks(codes=["REV-ACTION-OVERDUE"], today=TODAY)
    finding = Finding.objects.get(rule_code="REV-ACTION-OVERDUE")
    assert (finding.subject, finding.owner, finding.subject_label) == (action, action.owner, "Fix the gauge")
    assert run.opened == 1
    runs_before = ScanRun.objects.count()
    with CaptureQueriesContext(connection) as ctx:
        again = run_checks(codes=["REV-ACTION-OVERDUE"], today=TODAY)
    writes = [
        q["sql"] for q in ctx.captured_queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE"))
    ]
    assert Finding.objects.count() == 1
    assert (again.opened, again.seen, again.resolved) == (0, 0, 0)
    # A quiet run is recorded too (one row, with its figures), so anyone can tell it ran.
    assert ScanRun.objects.count() == runs_before + 1
    assert (ScanRun.objects.first().status, ScanRun.objects.first().opened) == ("done", 0)
    # The statements ran but touched no finding; only the run record and SQLite's lock row are written.
    assert all(
        "findings_scanlock" in sql or "findings_finding" in sql or "findings_scanrun" in sql for sql in writes
    )
    assert sum("findings_scanrun" in sql for sql in writes) == 1


def test_the_due_date_boundary():
    _overdue_action(TODAY)
    run_checks(codes=["REV-ACTION-OVERDUE"], today=TODAY)
    assert not Finding.objects.exists()  # due today is not late yet
    run_checks(codes=["REV-ACTION-OVERDUE"], today=TODAY + DAY)
    assert Finding.objects.open().count() == 1


def test_a_cleared_condition_resolves_and_a_returning_one_opens_a_new_finding():
    action = _overdue_action(TODAY - DAY)
    run_checks(codes=["REV-ACTION-OVERDUE"], today=TODAY)
    ReviewAction.objects.filter(pk=action.pk).update(due_date=TODAY + 10 * DAY)
    run = run_checks(codes=["REV-ACTION-OVERDUE"], today=TODAY)
    assert run.resolved == 1
    assert Finding.objects.open().count() == 0
    ReviewAction.objects.filter(pk=action.pk).update(due_date=TODAY - DAY)
    run_checks(codes=["REV-ACTION-OVERDUE"], today=TODAY)
    assert Finding.objects.count() == 2
    assert Finding.objects.open().count() == 1


def test_last_seen_is_stamped_once_a_day():
    _overdue_action(TODAY - DAY)
    run_checks(codes=["REV-ACTION-OVERDUE"], today=TODAY)
    run = run_checks(codes=["REV-ACTION-OVERDUE"], today=TODAY + DAY)
    assert run.seen == 1
    assert Finding.objects.get().last_seen_on == TODAY + DAY


def test_review_rules_fire_and_stay_quiet():
    late = plan_review(title="Spring review", planned_date=TODAY - DAY)
    plan_review(title="Autumn review", planned_date=TODAY + DAY)
    unsigned = held_review(held_on=TODAY - 31 * DAY)
    held_review(held_on=TODAY - 30 * DAY)
    run_checks(codes=["REV-PLANNED-PASSED", "REV-NOT-SIGNED"], today=TODAY)
    assert set(Finding.objects.values_list("rule_code", "subject_id")) == {
        ("REV-PLANNED-PASSED", late.pk),
        ("REV-NOT-SIGNED", unsigned.pk),
    }


def test_review_interval_rule_counts_from_the_last_review_or_the_start():
    schedule = review_services.schedule_get()
    schedule.interval_months, schedule.grace_days = 12, 30
    schedule.qms_started_on = TODAY.replace(year=TODAY.year - 2)
    schedule.save()
    run_checks(codes=["REV-INTERVAL"], today=TODAY)
    assert (
        Finding.objects.open().filter(rule_code="REV-INTERVAL").count() == 1
    )  # never held, QMS is 2 years old
    held_review(held_on=TODAY - 60 * DAY)
    run_checks(codes=["REV-INTERVAL"], today=TODAY)
    assert not Finding.objects.open().exists()


def test_the_opened_count_is_true_beyond_ten_thousand():
    from objectives.models import Objective

    start = TODAY - 10 * DAY
    Objective.objects.bulk_create(
        Objective(ref=f"N-{n:05d}", title="No commitment", baseline=1, target=2, unit="%",
                  direction="increase", method="m", frequency_days=30, start_date=start, status="active")
        for n in range(10_050)
    )  # fmt: skip
    run = run_checks(codes=["OBJ-ORPHAN"], today=TODAY)
    assert run.opened == Finding.objects.filter(rule_code="OBJ-ORPHAN").count() == 10_050
    assert ScanRun.objects.get(pk=run.pk).opened == 10_050


def test_a_new_breach_beside_open_findings_opens_only_its_own():
    first = _overdue_action(TODAY - DAY)
    run_checks(codes=["REV-ACTION-OVERDUE"], today=TODAY)
    kept = Finding.objects.get()
    second = _overdue_action(TODAY - 2 * DAY)
    run = run_checks(codes=["REV-ACTION-OVERDUE"], today=TODAY)
    assert (run.opened, run.resolved) == (1, 0)
    open_findings = Finding.objects.open()
    assert {f.subject_id for f in open_findings} == {first.pk, second.pk}
    assert open_findings.get(subject_id=first.pk).pk == kept.pk  # the earlier one stays as it was


def test_a_rule_without_open_findings_opens_them_straight_from_its_query():
    _overdue_action(TODAY - DAY)
    _overdue_action(TODAY - 2 * DAY)
    with CaptureQueriesContext(connection) as ctx:
        run = run_checks(codes=["REV-ACTION-OVERDUE"], today=TODAY)
    assert run.opened == 2
    statements = [q["sql"] for q in ctx.captured_queries]
    inserts = [s for s in statements if s.lstrip().startswith("INSERT INTO") and "findings_finding" in s]
    assert len(inserts) == 1
    assert not any("scan_rule_subjects" in sql for sql in statements)
