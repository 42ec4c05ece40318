""" "Waiting for me": what each person must act on, on the home page and as a count in the navigation."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from commitments.models import PolicyVersion
from dashboard.waiting import compute_waiting
from objectives import services as objective_services
from objectives.models import Objective
from reviews import services as review_services
from tests.commitments.factories import LeadershipActionFactory, active_responsibility
from tests.factories import PASSWORD, UserFactory
from tests.objectives.factories import ObjectiveFactory, ResourceRequestFactory
from tests.policy.factories import PolicyAcknowledgementFactory, PolicyVersionFactory
from tests.reviews.factories import ReviewActionFactory, conclude, held_review

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate
DAY = datetime.timedelta(days=1)


def _kinds(user) -> list[str]:
    return [item.kind for item in compute_waiting(user, TODAY()).items]


def test_ceo_sees_the_draft_the_review_and_the_request_oldest_first(top_user):
    ResourceRequestFactory()
    conclude(held_review(chair=top_user, held_on=TODAY() - 3 * DAY, planned_date=TODAY() - 3 * DAY))
    PolicyVersionFactory(with_mandatory=True)
    kinds = _kinds(top_user)
    assert {"Policy draft to approve", "Review to sign off", "Resource request to decide"} <= set(kinds)
    assert kinds.index("Review to sign off") < kinds.index("Policy draft to approve")


def test_a_draft_that_cannot_be_approved_yet_is_not_waiting(top_user):
    PolicyVersionFactory(with_mandatory=False)
    assert "Policy draft to approve" not in _kinds(top_user)


def test_a_review_waits_only_for_its_chair(top_user):
    conclude(held_review(chair=UserFactory(role="top")))
    assert "Review to sign off" not in _kinds(top_user)


def test_a_held_review_waits_for_its_conclusion_then_for_the_chairs_sign_off(top_user):
    review = held_review(chair=top_user)
    other_leader = UserFactory(role="top")
    assert "Review conclusion to record" in _kinds(other_leader)
    assert "Review to sign off" not in _kinds(top_user)
    conclude(review, by=other_leader)
    assert "Review conclusion to record" not in _kinds(other_leader)
    assert "Review to sign off" in _kinds(top_user)


def test_a_proposed_objective_waits_for_top_managements_approval(top_user, quality_user):
    objective = ObjectiveFactory(status=Objective.Status.PROPOSED)
    assert "Objective to approve" in _kinds(top_user)
    assert "Objective to approve" not in _kinds(quality_user)
    objective_services.objective_change_status(
        objective=objective, status=Objective.Status.ACTIVE, by=top_user, password=PASSWORD
    )
    assert "Objective to approve" not in _kinds(top_user)


def test_the_quality_manager_does_not_get_the_ceos_decisions(quality_user):
    ResourceRequestFactory()
    PolicyVersionFactory(with_mandatory=True)
    assert _kinds(quality_user) == []


def test_actions_due_soon_are_waiting_and_distant_ones_are_not(quality_user):
    LeadershipActionFactory(
        owner=quality_user, responsibility=active_responsibility("a"), due_date=TODAY() - DAY
    )
    review = held_review()
    decision = review_services.decision_record(
        review=review, kind="improvement", description="x", by=review.chair
    )
    ReviewActionFactory(owner=quality_user, due_date=TODAY() + 60 * DAY, decision=decision)
    assert _kinds(quality_user) == ["Leadership action due"]


def test_the_policy_waits_for_staff_but_not_for_the_auditor(employee_user, auditor_user):
    PolicyVersionFactory(status=PolicyVersion.Status.APPROVED, approved_on=TODAY())
    assert _kinds(employee_user) == ["Policy to acknowledge"]
    assert _kinds(auditor_user) == []


def test_acknowledged_policy_is_no_longer_waiting(employee_user):
    version = PolicyVersionFactory(status=PolicyVersion.Status.APPROVED, approved_on=TODAY())
    PolicyAcknowledgementFactory(version=version, user=employee_user)
    assert _kinds(employee_user) == []


def test_navigation_counts_and_home_lists_with_buttons(client, top_user):
    ResourceRequestFactory()
    PolicyVersionFactory(with_mandatory=True)
    client.force_login(top_user)
    page = client.get(reverse("home")).content.decode()
    assert 'data-testid="waiting-count"' in page
    assert page.count('data-testid="waiting-item"') == 2
    assert ">Review and approve</a>" in page and ">Decide</a>" in page


def test_nothing_waiting_says_so(client):
    client.force_login(UserFactory())
    page = client.get(reverse("home")).content.decode()
    assert 'data-testid="waiting-empty"' in page


def _queries(client, user) -> int:
    client.force_login(user)
    client.get(reverse("home"))
    with CaptureQueriesContext(connection) as captured:
        client.get(reverse("home"))
    return len(captured.captured_queries)


def test_waiting_list_costs_the_same_queries_whatever_the_number_of_items(client, top_user):
    def add(n):
        for _ in range(n):
            ResourceRequestFactory()
            PolicyVersionFactory(with_mandatory=True)
            LeadershipActionFactory(
                owner=top_user, responsibility=active_responsibility("a"), due_date=TODAY()
            )
        held_review(chair=top_user)

    add(1)
    small = _queries(client, top_user)
    add(12)
    assert len(compute_waiting(top_user, TODAY()).items) > 20
    assert _queries(client, top_user) == small


def test_attendees_are_asked_to_confirm_until_they_sign(quality_user):
    review = held_review()
    review.attendees.add(quality_user)
    assert "Attendance to confirm" in _kinds(quality_user)
    review_services.review_confirm_attendance(review=review, by=quality_user, password=PASSWORD)
    assert "Attendance to confirm" not in _kinds(quality_user)


def test_a_role_assignment_waits_for_its_holder_until_confirmed(top_user, quality_user):
    from commitments.services import assignments
    from tests.commitments.test_assignments import _requirement
    from tests.policy.factories import ManagementRoleFactory

    role = ManagementRoleFactory(holder=quality_user)
    assignment = assignments.role_assignment_create(role=role, requirement=_requirement(), by=top_user)
    assert "Role assignment to confirm" in _kinds(quality_user)
    assert "Role assignment to confirm" not in _kinds(top_user)
    assignments.role_assignment_confirm(assignment=assignment, by=quality_user)
    assert "Role assignment to confirm" not in _kinds(quality_user)
