"""The home page of each role: what it shows, and that it costs the same queries whatever the data size."""

import datetime
from decimal import Decimal as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from commitments.services.status import responsibility_recompute
from findings import services as finding_services
from objectives import imports
from objectives import services as objective_services
from objectives.models import Objective
from reviews import services as review_services
from tests.commitments.factories import EvidenceFactory, LeadershipActionFactory, active_responsibility
from tests.factories import UserFactory
from tests.objectives.factories import ObjectiveFactory, ResourceRequestFactory
from tests.reviews.factories import ReviewActionFactory, held_review, plan_review

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def _populate(n: int, *, owner, quality_user) -> None:
    """n of everything the dashboards read, some of it owned by `owner`, through the services."""
    for i in range(n):
        responsibility = active_responsibility("abcdefghij"[i % 10])
        responsibility.owner = owner
        responsibility.save()
        EvidenceFactory(fact_date=TODAY - (80 + i) * DAY).responsibilities.add(responsibility)
        LeadershipActionFactory(responsibility=responsibility, owner=owner, due_date=TODAY - DAY)
        objective = ObjectiveFactory(
            owner=owner if i % 2 else None, start_date=TODAY - 200 * DAY, due_date=TODAY + 100 * DAY
        )
        objective_services.measurement_record(
            objective=objective, measured_on=TODAY - 40 * DAY, value=D(70 + i), by=quality_user
        )
        ResourceRequestFactory(objective=objective)
        imports.import_file_stage(
            kind="measurements",
            upload=SimpleUploadedFile(f"values-{i}.csv", b"ref,measured_on,value\n"),
            by=quality_user,
        )
    responsibility_recompute()
    review = held_review(held_on=TODAY - 300 * DAY, planned_date=TODAY - 300 * DAY)
    decision = review_services.decision_record(
        review=review, kind="improvement", description="x", by=review.chair
    )
    ReviewActionFactory.create_batch(n, decision=decision, owner=owner, due_date=TODAY + DAY)
    plan_review(planned_date=TODAY + 20 * DAY)
    finding_services.scan(today=TODAY)


def _home_queries(client, user) -> int:
    client.force_login(user)
    client.get(reverse("home"))  # warm the content-type cache
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("home"))
    assert response.status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("role", ["top", "quality", "employee"])
def test_each_home_runs_the_same_queries_at_two_data_sizes(
    client, role, quality_user, django_assert_num_queries
):
    user = UserFactory(role=role) if role != "employee" else UserFactory()
    _populate(2, owner=user, quality_user=quality_user)
    small = _home_queries(client, user)
    _populate(14, owner=user, quality_user=quality_user)
    assert Objective.objects.count() == 16
    with django_assert_num_queries(small):
        client.get(reverse("home"))


def test_top_management_sees_the_leadership_dashboard(client, top_user, quality_user):
    _populate(6, owner=top_user, quality_user=quality_user)
    client.force_login(top_user)
    page = client.get(reverse("home")).content.decode()
    assert 'data-testid="heat-map"' in page and 'data-testid="heat-tile-a"' in page
    assert "Red: No fresh evidence" in page or "Amber: Needs attention" in page
    assert 'id="progress-chart"' in page and 'id="progress-chart-data"' in page
    assert 'data-testid="what-i-owe"' in page and reverse("commitments:my_actions") in page
    assert "Inputs: 0 covered, 0 deferred" in page
    assert 'data-testid="work-queue"' not in page


def test_quality_manager_sees_the_work_queue(client, quality_user):
    owner = UserFactory()
    _populate(3, owner=owner, quality_user=quality_user)
    client.force_login(quality_user)
    page = client.get(reverse("home")).content.decode()
    assert 'data-testid="work-queue"' in page and 'data-testid="heat-map"' not in page
    assert "values-0.csv" in page  # a staged import waiting for confirmation
    assert "Overdue since" in page  # measured 40 days ago every 30 days
    assert "REV-ACTION-OVERDUE" not in page and "Findings to handle" in page


def test_an_owner_without_a_role_finds_their_objectives_on_home(client, employee_user):
    objective = ObjectiveFactory(owner=employee_user, ref="OBJ-MINE")
    ObjectiveFactory(ref="OBJ-OTHER")
    objective_services.recompute_progress()
    client.force_login(employee_user)
    page = client.get(reverse("home")).content.decode()
    assert "OBJ-MINE" in page and "OBJ-OTHER" not in page
    assert reverse("objectives:measurement_create", args=[objective.pk]) in page
    assert reverse("reports:index") not in page


def test_the_auditor_home_points_to_the_report_centre(client, auditor_user):
    client.force_login(auditor_user)
    page = client.get(reverse("home")).content.decode()
    assert reverse("reports:index") in page and 'data-testid="heat-map"' not in page


def test_worst_objectives_are_ranked_by_stored_shortfall(client, top_user, quality_user):
    plan = {"OBJ-BAD": D(60), "OBJ-MID": D(84), "OBJ-GOOD": D(95)}
    for ref, value in plan.items():
        objective = ObjectiveFactory(ref=ref, start_date=TODAY - 100 * DAY, due_date=TODAY + 100 * DAY)
        objective_services.measurement_record(
            objective=objective, measured_on=TODAY, value=value, by=quality_user
        )
    shortfall = dict(Objective.objects.values_list("ref", "shortfall"))
    assert shortfall["OBJ-BAD"] > shortfall["OBJ-MID"] > 0 > shortfall["OBJ-GOOD"]
    client.force_login(top_user)
    page = client.get(reverse("home")).content.decode()
    section = page[page.index('data-testid="worst-objectives"') :]
    assert section.index("OBJ-BAD") < section.index("OBJ-MID") and "OBJ-GOOD" not in section[:3000]
    assert 'data-points="60.0"' in section


def test_next_measurement_date_is_stored_from_the_last_value_or_the_start(quality_user):
    objective = ObjectiveFactory(start_date=TODAY - 10 * DAY, frequency_days=30)
    objective_services.refresh_derived(objective_ids=[objective.pk])
    objective.refresh_from_db()
    assert objective.next_measurement_on == TODAY + 20 * DAY
    objective_services.measurement_record(
        objective=objective, measured_on=TODAY - 2 * DAY, value=D(85), by=quality_user
    )
    objective.refresh_from_db()
    assert objective.next_measurement_on == TODAY + 28 * DAY


def test_an_overdue_review_shows_in_red_with_words(client, top_user):
    plan_review(planned_date=TODAY - 3 * DAY, title="Late review")
    client.force_login(top_user)
    page = client.get(reverse("home")).content.decode()
    assert 'data-testid="review-overdue"' in page and "Overdue" in page


def test_the_dashboard_answers_without_redis(client, top_user, settings):
    # No cache is used; a broken cache configuration must not matter.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/9",
        }
    }
    client.force_login(top_user)
    assert client.get(reverse("home")).status_code == 200
