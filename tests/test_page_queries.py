"""Every list and detail page runs the same number of queries with a few rows and with many.

The pages are discovered from the URL patterns (core.lists.page_kind): a list page of the list
mechanism or a detail page added later fails `test_every_list_and_detail_page_has_a_growth_entry`
until GROW says how to give it more rows. The URL arguments come from the role matrix's routes.
"""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from commitments.models import Evidence, LeadershipAction, PolicyVersion, Process, Responsibility, Risk
from core.lists import page_kind
from findings.models import Finding
from integrations.models import WebhookAttempt, WebhookEndpoint
from objectives.models import Measurement, Objective, ObjectiveCommitment, ResourceRequest
from people.models import AccountEvent
from reviews.models import ManagementReview, ReviewDecision
from tests.commitments.factories import AttachmentFactory, EvidenceFactory, LeadershipActionFactory
from tests.factories import UserFactory
from tests.integrations.factories import delivery as webhook_delivery
from tests.objectives.factories import MeasurementFactory, ObjectiveFactory, ResourceRequestFactory
from tests.policy.factories import (
    ManagementRoleFactory,
    PolicyAcknowledgementFactory,
    PolicyCommitmentFactory,
    ProcessFactory,
    RiskFactory,
)
from tests.reports.factories import finding
from tests.reviews.factories import ReviewActionFactory, plan_review
from tests.test_role_matrix import ROUTES

FEW, MORE = 3, 30  # MORE is past one page of every list


def _pages(patterns=None, namespace=""):
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            child = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _pages(entry.url_patterns, child)
        elif isinstance(entry, URLPattern) and page_kind(getattr(entry.callback, "view_class", None)):
            yield f"{namespace}{entry.name}"


def _touch(obj, n: int) -> None:
    """n more history rows for a record (its history tab grows)."""
    for _ in range(n):
        obj.save()


def _of(model, kwargs):
    return model.objects.get(pk=kwargs["pk"])


def _review_decisions(n, kwargs, users):
    review = _of(ManagementReview, kwargs)
    for i in range(n):
        decision = ReviewDecision.objects.create(
            review=review,
            kind=ReviewDecision.Kind.IMPROVEMENT,
            description=f"Decision {i}",
            recorded_by=users["top"],
        )
        ReviewActionFactory(decision=decision)


def _findings(n, kwargs, users):
    subject = ObjectiveFactory()
    for i in range(n):
        finding(subject, f"Subject {i}", rule_code=f"rule-{Finding.objects.count()}", owner=users["top"])


def _evidence(n, kwargs, users):
    for evidence in EvidenceFactory.create_batch(n):
        AttachmentFactory(evidence=evidence)


def _objectives(n, kwargs, users):
    process = Process.objects.first() or ProcessFactory()
    for objective in ObjectiveFactory.create_batch(n, process=process):
        ObjectiveCommitment.objects.create(objective=objective, key="meet-requirements")


def _objective_detail(n, kwargs, users):
    objective = _of(Objective, kwargs)
    start = Measurement.objects.filter(objective=objective).count()
    for day in range(start, start + n):
        MeasurementFactory(
            objective=objective, measured_on=objective.start_date + datetime.timedelta(days=day)
        )
    ResourceRequestFactory.create_batch(2, objective=objective)


def _responsibility_detail(n, kwargs, users):
    responsibility = _of(Responsibility, kwargs)
    EvidenceFactory.create_batch(n, responsibilities=[responsibility])
    LeadershipActionFactory.create_batch(n, responsibility=responsibility)


def _not_acknowledged(n, kwargs, users):
    version = _of(PolicyVersion, kwargs)
    UserFactory.create_batch(n)
    PolicyAcknowledgementFactory(version=version, user=UserFactory())


def _account_events(n, kwargs, users):
    person = get_user_model().objects.get(pk=kwargs["pk"])
    AccountEvent.objects.bulk_create(
        AccountEvent(subject=person, action=AccountEvent.Action.DETAILS, by=users["top"]) for _ in range(n)
    )


def _review_list(n, kwargs, users):
    for i in range(n):
        plan_review(title=f"Review {i}", planned_date=timezone.localdate() + datetime.timedelta(days=i + 1))


def _deliveries(n, kwargs, users):
    hook = WebhookEndpoint.objects.get(pk=kwargs["pk"])
    for _ in range(n):
        sent = webhook_delivery(hook)
        WebhookAttempt.objects.create(delivery=sent, number=1, sent_at=timezone.now(), status_code=500)


# url name -> grow(n, url kwargs, users by role): add n rows of what the page lists or shows.
GROW = {
    "commitments:responsibility_list": lambda n, kwargs, users: EvidenceFactory.create_batch(n),
    "commitments:responsibility_detail": _responsibility_detail,
    "commitments:evidence_list": _evidence,
    "commitments:evidence_detail": lambda n, kwargs, users: AttachmentFactory.create_batch(
        n, evidence=_of(Evidence, kwargs)
    ),
    "commitments:action_list": lambda n, kwargs, users: LeadershipActionFactory.create_batch(n),
    "commitments:my_actions": lambda n, kwargs, users: LeadershipActionFactory.create_batch(
        n, owner=users["quality"]
    ),
    "commitments:action_detail": lambda n, kwargs, users: EvidenceFactory.create_batch(
        n, action=_of(LeadershipAction, kwargs)
    ),
    "policy:version_list": lambda n, kwargs, users: [
        PolicyVersion.objects.create(
            number=PolicyVersion.objects.count() + 100 + i, created_by=users["quality"]
        )
        for i in range(n)
    ],
    "policy:version_detail": lambda n, kwargs, users: PolicyCommitmentFactory.create_batch(
        n, version=_of(PolicyVersion, kwargs)
    ),
    "policy:commitment_remove": lambda n, kwargs, users: PolicyCommitmentFactory.create_batch(n),
    "policy:acknowledgement_list": _not_acknowledged,
    "registers:process_list": lambda n, kwargs, users: ProcessFactory.create_batch(n),
    "registers:process_detail": lambda n, kwargs, users: RiskFactory.create_batch(
        n, process=_of(Process, kwargs)
    ),
    "registers:risk_list": lambda n, kwargs, users: RiskFactory.create_batch(n),
    "registers:risk_detail": lambda n, kwargs, users: _touch(_of(Risk, kwargs), n),
    "registers:role_list": lambda n, kwargs, users: ManagementRoleFactory.create_batch(n),
    "registers:role_detail": lambda n, kwargs, users: ManagementRoleFactory.create_batch(n),
    "objectives:list": _objectives,
    "objectives:detail": _objective_detail,
    "objectives:resource_list": lambda n, kwargs, users: ResourceRequestFactory.create_batch(n),
    "objectives:resource_detail": lambda n, kwargs, users: _touch(_of(ResourceRequest, kwargs), n),
    "objectives:import_preview": lambda n, kwargs, users: ObjectiveFactory.create_batch(n),
    "reviews:list": _review_list,
    "reviews:detail": _review_decisions,
    "reviews:minutes": _review_decisions,
    "reviews:record": _review_decisions,
    "reviews:action_list": lambda n, kwargs, users: _review_decisions(n, {"pk": plan_review().pk}, users),
    "findings:list": _findings,
    "findings:detail": lambda n, kwargs, users: _touch(_of(Finding, kwargs), n),
    "people:list": lambda n, kwargs, users: UserFactory.create_batch(n),
    "people:detail": _account_events,
    "integrations:webhook_detail": _deliveries,
}

PAGES = sorted(set(_pages()))


def test_every_list_and_detail_page_has_a_growth_entry():
    missing = sorted(set(PAGES) - set(GROW))
    assert not missing, f"List or detail pages without a GROW entry in {__name__}: {missing}"
    stale = sorted(set(GROW) - set(PAGES))
    assert not stale, f"GROW entries for pages that are no longer list or detail pages: {stale}"


def _reader(route, users):
    """The first role that may open the page (the matrix says which)."""
    for role in ("auditor", "quality", "top"):
        if route.get[role] == 200:
            return users[role]
    raise AssertionError(f"{route.name}: no role opens this page")


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, f"GET {url}: {response.status_code}"
    return len(captured.captured_queries)


@pytest.mark.parametrize("name", PAGES)
def test_page_runs_the_same_queries_with_few_and_many_rows(name, client, users_by_role, db):
    route = next(r for r in ROUTES if r.name == name)
    kwargs = route.kwargs(users_by_role) if route.kwargs else {}
    url = reverse(name, kwargs=kwargs or None)
    client.force_login(_reader(route, users_by_role))
    ContentType.objects.clear_cache()
    GROW[name](FEW, kwargs, users_by_role)
    client.get(url)  # warm the session, permission and content-type caches
    few = _queries(client, url)
    GROW[name](MORE, kwargs, users_by_role)
    assert _queries(client, url) == few, f"{name}: the query count grows with the data"
