"""Decisions become work elsewhere: a resource need raises a request, a QMS change opens a policy draft."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from commitments.models import PolicyVersion
from objectives.models import ResourceRequest
from reviews import services
from tests.objectives.factories import ObjectiveFactory, policy_with_keys
from tests.reviews.factories import held_review, plan_review

pytestmark = pytest.mark.django_db


def test_a_resource_need_decision_raises_a_request_once(client, quality_user):
    review = held_review()
    decision = services.decision_record(
        review=review, kind="resource_need", description="Second CMM operator", by=review.chair
    )
    objective = ObjectiveFactory(ref="PPM-01")
    client.force_login(quality_user)
    url = reverse("reviews:decision_resource_request", args=[decision.pk])
    data = {
        "category": "people",
        "description": "CMM operator, night shift",
        "objective": objective.pk,
        "quantity": "1",
        "cost": "42000",
    }
    response = client.post(url, data, follow=True)
    assert "Resource request raised" in response.content.decode()
    request = ResourceRequest.objects.get()
    assert (request.status, request.objective, request.cost, request.requested_by) == (
        ResourceRequest.Status.REQUESTED,
        objective,
        Decimal("42000"),
        quality_user,
    )
    decision.refresh_from_db()
    assert decision.resource_request == request
    client.post(url, data)
    assert ResourceRequest.objects.count() == 1
    page = client.get(review.get_absolute_url()).content.decode()
    assert f"resource request #{request.pk}" in page


def test_only_a_resource_need_decision_raises_a_request():
    review = held_review()
    decision = services.decision_record(review=review, kind="improvement", description="x", by=review.chair)
    with pytest.raises(ValidationError):
        services.decision_raise_resource_request(
            decision=decision,
            data={"category": "people", "description": "x", "quantity": 1, "objective": ObjectiveFactory()},
            by=review.chair,
        )
    assert not ResourceRequest.objects.exists()


def test_a_qms_change_decision_opens_a_policy_draft_copied_from_the_one_in_force(client, top_user):
    policy_with_keys("customer-satisfaction", "continual-improvement")
    review = plan_review(chair=top_user)
    services.review_prepare(review=review, by=top_user)
    decision = services.decision_record(
        review=review, kind="qms_change", description="Add a supplier commitment", by=top_user
    )
    client.force_login(top_user)
    client.post(reverse("reviews:decision_policy_draft", args=[decision.pk]))
    draft = PolicyVersion.objects.get(status=PolicyVersion.Status.DRAFT)
    assert set(draft.commitments.values_list("key", flat=True)) == {
        "customer-satisfaction",
        "continual-improvement",
    }
    decision.refresh_from_db()
    assert decision.policy_draft == draft


def test_the_objectives_and_resources_inputs_are_compiled_from_live_data():
    ObjectiveFactory(
        ref="OTD-01",
        title="On-time delivery",
        latest_value=Decimal("91"),
        progress="at_risk",
        start_date=timezone.localdate() - datetime.timedelta(days=200),
    )
    ObjectiveFactory(ref="CSAT-01", title="Customer score", latest_value=None)
    request = ResourceRequest.objects.create(
        category="infrastructure", description="New saw", objective=ObjectiveFactory(ref="SAW-01"), quantity=1
    )
    review = plan_review()
    services.review_prepare(review=review, by=review.chair)
    objectives = review.inputs.get(code="c2").package
    rows = {row[0]: row for row in objectives["rows"]}
    assert rows["OTD-01"][2] == "91.0000 %" and rows["OTD-01"][4] == "At risk"
    assert rows["CSAT-01"][2] == "not measured"
    resources = review.inputs.get(code="d").package
    assert resources["rows"] == [["Infrastructure (7.1.3)", "New saw", "SAW-01", "", "Requested", ""]]
    assert resources["summary"] == "Resource requests: 1 requested."
    assert request.pk
