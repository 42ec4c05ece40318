"""Events are written with the change that causes them, set-based for the scan, and turned into
one delivery per subscribed endpoint."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from commitments.services import policy as policy_services
from core.models import OutboxEvent
from findings import engine
from findings.rules import RULES, Rule, Severity, subject_rows
from integrations import services
from integrations.models import WebhookDelivery
from objectives.models import Objective
from reviews import services as review_services
from tests.factories import PASSWORD, UserFactory
from tests.integrations.factories import endpoint
from tests.objectives.factories import ObjectiveFactory
from tests.policy.factories import PolicyVersionFactory
from tests.reviews.factories import conclude, held_review

pytestmark = pytest.mark.django_db

User = get_user_model()


@pytest.fixture(autouse=True)
def _local_receivers(settings):
    settings.QMS_WEBHOOK_ALLOW_PRIVATE = True


def _people_rule(prefix: str) -> Rule:
    """A rule (not registered) whose subjects are the people named `prefix`...."""
    return Rule(
        # A code per prefix: a scan of one never resolves the other's findings (another statement).
        code=f"TEST-PEOPLE-{prefix.strip('-').upper()}",
        severity=Severity.INFO,
        subject_model=User,
        title="Person named for the test",
        advice="None.",
        query=lambda today: subject_rows(
            User.objects.filter(username__startswith=prefix), owner=None, label=F("username")
        ),
    )


def _people(prefix: str, count: int) -> None:
    for n in range(count):
        UserFactory(username=f"{prefix}{n}")


def _scan(rule: Rule) -> engine.RuleOutcome:
    return engine.apply_rule(rule, today=timezone.localdate(), now=timezone.now())


def _queries_of_scan(rule: Rule) -> int:
    with CaptureQueriesContext(connection) as queries:
        _scan(rule)
    return len(queries)


def test_a_scan_writes_one_event_per_finding_with_the_same_statements_for_3_or_60():
    endpoint(events=["finding.opened", "finding.resolved"])
    _people("few-", 3)
    _people("many-", 60)
    # A first scan fills the content-type cache, whichever test ran before.
    _people("warm-", 1)
    _scan(_people_rule("warm-"))
    few = _queries_of_scan(_people_rule("few-"))
    many = _queries_of_scan(_people_rule("many-"))
    assert few == many
    opened = OutboxEvent.objects.filter(kind="finding.opened")
    assert opened.count() == 64


def test_a_resolved_finding_is_an_event_too():
    endpoint(events=["finding.resolved"])
    _people("gone-", 4)
    _scan(_people_rule("gone-"))
    assert not OutboxEvent.objects.exists()  # nobody subscribed to openings
    User.objects.filter(username__in=["gone-0", "gone-1"]).update(username=F("id"))
    _scan(_people_rule("gone-"))
    assert OutboxEvent.objects.filter(kind="finding.resolved").count() == 2


def test_nothing_is_written_when_no_active_endpoint_listens():
    endpoint(events=["finding.opened"], active=False)
    UserFactory(username="quiet-1")
    _scan(_people_rule("quiet-"))
    assert not OutboxEvent.objects.exists()


def test_dispatch_makes_a_delivery_only_for_endpoints_subscribed_to_the_event():
    wants, _ = endpoint(url="http://127.0.0.1:9/a", events=["finding.opened"])
    endpoint(url="http://127.0.0.1:9/b", events=["policy.approved"])
    UserFactory(username="sub-1")
    _scan(_people_rule("sub-"))
    assert services.dispatch_events() == 1
    delivery = WebhookDelivery.objects.get()
    assert delivery.endpoint == wants
    body = json.loads(delivery.body)
    assert body["type"] == "finding.opened"
    assert body["data"]["finding"]["subject"]["label"] == "sub-1"
    assert not OutboxEvent.objects.exists()  # the outbox is emptied once delivered


def test_an_objective_off_track_is_its_own_event_besides_finding_opened():
    endpoint(events=["objective.off_track", "finding.opened"])
    objective = ObjectiveFactory(title="Scrap below 2%")
    Objective.objects.filter(pk=objective.pk).update(progress=Objective.Progress.OFF_TRACK)
    _scan(RULES["OBJ-OFF-TRACK"])
    services.dispatch_events()
    types = sorted(WebhookDelivery.objects.values_list("event", flat=True))
    assert types == ["finding.opened", "objective.off_track"]
    body = json.loads(WebhookDelivery.objects.get(event="objective.off_track").body)
    assert body["data"]["finding"]["subject"] == {
        "type": "objectives.objective",
        "id": objective.pk,
        "label": body["data"]["finding"]["subject"]["label"],
    }
    assert "Scrap below 2%" in body["data"]["finding"]["subject"]["label"]


def test_approving_the_policy_is_an_event(top_user):
    endpoint(events=["policy.approved"])
    draft = PolicyVersionFactory(with_mandatory=True)
    policy_services.policy_version_approve(version=draft, by=top_user, password=PASSWORD)
    services.dispatch_events()
    body = json.loads(WebhookDelivery.objects.get().body)
    assert body["type"] == "policy.approved"
    assert body["data"]["policy_version"]["number"] == draft.number


def test_signing_off_a_review_is_an_event():
    endpoint(events=["review.signed_off"])
    review = held_review()
    conclude(review)
    review_services.review_sign_off(review=review, by=review.chair, password=PASSWORD)
    services.dispatch_events()
    body = json.loads(WebhookDelivery.objects.get().body)
    assert body["type"] == "review.signed_off"
    assert body["data"]["review"]["id"] == review.pk


def test_a_refused_approval_leaves_no_event(top_user):
    endpoint(events=["policy.approved"])
    draft = PolicyVersionFactory(with_mandatory=True)
    with pytest.raises(ValidationError):
        policy_services.policy_version_approve(version=draft, by=top_user, password="wrong")
    assert not OutboxEvent.objects.exists()
