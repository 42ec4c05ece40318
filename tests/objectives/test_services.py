"""Services: measurements and corrections, stored progress, statuses, resource decisions, recompute."""

import datetime
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from core.models import Signature
from objectives import services, tasks
from objectives.models import Measurement, Objective, ResourceRequest
from tests.factories import PASSWORD
from tests.objectives.factories import ObjectiveFactory, ResourceRequestFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _days(n: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=n)


@pytest.fixture
def objective():
    """Baseline 80 a hundred days ago, target 90 in a hundred days: 85 expected today."""
    return ObjectiveFactory(start_date=_days(-100), due_date=_days(100), baseline=D(80), target=D(90))


def test_recording_a_measurement_stores_latest_value_and_progress(objective, quality_user):
    services.measurement_record(objective=objective, measured_on=_days(-1), value=D(86), by=quality_user)
    objective.refresh_from_db()
    assert objective.latest_value == D(86) and objective.latest_measured_on == _days(-1)
    assert objective.progress == Objective.Progress.ON_TRACK
    assert objective.expected_value_now == D(85)
    assert Measurement.history.get().history_user == quality_user


def test_a_series_with_a_correction_keeps_the_old_value_and_judges_the_new_one(objective, quality_user):
    services.measurement_record(objective=objective, measured_on=_days(-60), value=D(82), by=quality_user)
    wrong = services.measurement_record(
        objective=objective, measured_on=_days(-30), value=D(95), by=quality_user
    )
    objective.refresh_from_db()
    assert objective.progress == Objective.Progress.ON_TRACK
    correction = services.measurement_correct(measurement=wrong, value=D(83), comment="typo", by=quality_user)
    objective.refresh_from_db()
    wrong.refresh_from_db()
    assert not wrong.is_current and wrong.value == D(95)
    assert correction.supersedes == wrong and correction.is_current
    assert objective.latest_value == D(83) and objective.progress == Objective.Progress.OFF_TRACK
    assert Measurement.objects.filter(objective=objective).count() == 3
    assert correction.history.first().history_change_reason == "Correction of the value 95"


def test_a_second_value_for_the_same_day_is_a_correction(objective, quality_user):
    first = services.measurement_record(
        objective=objective, measured_on=_days(-1), value=D(84), by=quality_user
    )
    second = services.measurement_record(
        objective=objective, measured_on=_days(-1), value=D(85), by=quality_user
    )
    assert second.supersedes == first
    with pytest.raises(ValidationError):
        services.measurement_correct(measurement=first, value=D(1), by=quality_user)


@pytest.mark.parametrize(("day", "message"), [(1, "future"), (-101, "cannot be earlier")])
def test_measurements_in_the_future_or_before_the_start_are_refused(objective, quality_user, day, message):
    with pytest.raises(ValidationError, match=message):
        services.measurement_record(objective=objective, measured_on=_days(day), value=D(1), by=quality_user)
    assert not Measurement.objects.exists()


def test_recompute_moves_progress_with_time_in_few_queries(
    objective, quality_user, django_assert_max_num_queries
):
    services.measurement_record(objective=objective, measured_on=_days(-1), value=D(85), by=quality_user)
    ObjectiveFactory.create_batch(20, start_date=_days(-10), due_date=_days(10))
    services.recompute_progress()
    with django_assert_max_num_queries(4):
        changed = services.recompute_progress(today=_days(100))
    assert changed == 21
    assert services.recompute_progress(today=_days(100)) == 0
    objective.refresh_from_db()
    assert objective.progress == Objective.Progress.OFF_TRACK and objective.expected_value_now == D(90)


def test_the_periodic_task_recomputes_progress(objective):
    Objective.objects.filter(pk=objective.pk).update(latest_value=D(1))
    assert tasks.recompute_objective_progress.apply().get(timeout=10) >= 1
    objective.refresh_from_db()
    assert objective.latest_value is None


def test_status_moves_only_along_legal_transitions(top_user, quality_user):
    objective = ObjectiveFactory(status=Objective.Status.DRAFT)
    with pytest.raises(ValidationError):
        services.objective_change_status(objective=objective, status="achieved", reason="done", by=top_user)
    with pytest.raises(ValidationError, match="cannot become active"):
        services.objective_change_status(objective=objective, status="active", by=top_user)
    services.objective_change_status(objective=objective, status="proposed", by=quality_user)
    with pytest.raises(PermissionDenied, match="for top management"):
        services.objective_change_status(objective=objective, status="active", by=quality_user)
    with pytest.raises(ValidationError, match="password is not correct"):
        services.objective_change_status(objective=objective, status="active", by=top_user, password="wrong")
    assert Objective.objects.get().status == Objective.Status.PROPOSED
    services.objective_change_status(objective=objective, status="active", by=top_user, password=PASSWORD)
    assert Objective.objects.get().approved_by == top_user
    assert Signature.objects.get().signer == top_user
    with pytest.raises(ValidationError, match="Say why"):
        services.objective_change_status(objective=objective, status="achieved", by=top_user)
    services.objective_change_status(
        objective=objective, status="achieved", reason="98 % reached", by=top_user
    )
    assert Objective.objects.get().status == "achieved"
    assert objective.history.first().history_change_reason == "Achieved: 98 % reached"


def test_only_top_management_concludes_an_objective_even_outside_the_page(quality_user):
    objective = ObjectiveFactory(status=Objective.Status.ACTIVE)
    with pytest.raises(PermissionDenied, match="Only top management"):
        services.objective_change_status(
            objective=objective, status="achieved", reason="done", by=quality_user
        )
    objective.refresh_from_db()
    assert objective.status == Objective.Status.ACTIVE and objective.history.count() == 1


def test_only_the_owner_or_the_quality_manager_records_a_measurement_even_outside_the_page(employee_user):
    objective = ObjectiveFactory()
    with pytest.raises(PermissionDenied, match="owner"):
        services.measurement_record(
            objective=objective, measured_on=timezone.localdate(), value=D("85"), by=employee_user
        )
    assert not objective.measurements.exists()
    mine = ObjectiveFactory(owner=employee_user)
    services.measurement_record(
        objective=mine, measured_on=timezone.localdate(), value=D("85"), by=employee_user
    )
    assert mine.measurements.count() == 1


def test_resource_decision_needs_a_reason_and_happens_once(top_user, quality_user):
    request = ResourceRequestFactory()
    with pytest.raises(ValidationError):
        services.resource_request_decide(
            request=request, status="approved", reason=" ", by=top_user, password=PASSWORD
        )
    with pytest.raises(ValidationError):
        services.resource_request_mark_provided(request=request, by=quality_user)
    services.resource_request_decide(
        request=request, status="approved", reason="Budget agreed", by=top_user, password=PASSWORD
    )
    with pytest.raises(ValidationError):
        services.resource_request_decide(
            request=request, status="rejected", reason="No", by=top_user, password=PASSWORD
        )
    services.resource_request_mark_provided(request=request, by=quality_user)
    request.refresh_from_db()
    assert request.status == ResourceRequest.Status.PROVIDED and request.decided_by == top_user
    assert request.decision_reason == "Budget agreed" and request.provided_on == TODAY


def test_a_resource_request_needs_an_objective_or_a_process(quality_user):
    with pytest.raises(ValidationError):
        services.resource_request_create(data={"category": "people", "description": "x"}, by=quality_user)


def test_objective_links_to_commitments_by_key_and_edits_keep_history(quality_user):
    objective = services.objective_create(
        data={"ref": "O-1", "title": "On time", "target": D(95), "start_date": TODAY},
        commitment_keys=["on-time-delivery", "customer-satisfaction"],
        by=quality_user,
    )
    services.objective_update(
        objective=objective,
        data={"title": "On-time delivery"},
        commitment_keys=["on-time-delivery"],
        by=quality_user,
    )
    assert list(objective.commitments.values_list("key", flat=True)) == ["on-time-delivery"]
    assert objective.history.count() == 2
    assert objective.progress == Objective.Progress.NOT_MEASURED


def test_a_huge_measured_value_is_refused(objective, quality_user):
    with pytest.raises(ValidationError, match="digits"):
        services.measurement_record(
            objective=objective, measured_on=_days(-1), value=D("123456789012345678"), by=quality_user
        )
    assert not Measurement.objects.exists()


@pytest.mark.parametrize(
    ("direction", "baseline", "target", "refused"),
    [
        ("increase", 50, 10, True),
        ("increase", 50, 50, True),
        ("increase", 50, 60, False),
        ("decrease", 20, 30, True),
        ("decrease", 20, 10, False),
    ],
)
def test_target_must_lie_in_the_objectives_direction_from_its_baseline(
    quality_user, direction, baseline, target, refused
):
    data = {
        "ref": "DIR-1",
        "title": "Direction",
        "direction": direction,
        "baseline": D(baseline),
        "target": D(target),
        "unit": "%",
        "method": "m",
        "start_date": _days(-10),
        "due_date": _days(100),
    }
    if refused:
        with pytest.raises(ValidationError, match="target (above|below) its baseline"):
            services.objective_create(data=data, by=quality_user)
        assert not Objective.objects.filter(ref="DIR-1").exists()
    else:
        assert services.objective_create(data=data, by=quality_user).pk
