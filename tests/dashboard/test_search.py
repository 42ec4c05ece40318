"""Global search: references and titles of every record the person may see, in constant queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dashboard.search import search
from tests.commitments.factories import EvidenceFactory
from tests.objectives.factories import ObjectiveFactory
from tests.reviews.factories import plan_review

pytestmark = pytest.mark.django_db


def _kinds(user, q):
    return {kind: [h.label for h in hits] for kind, hits, _ in search(user, q).groups}


def test_finds_objectives_by_reference_and_evidence_by_title(auditor_user):
    ObjectiveFactory(ref="OTD-7", title="On-time delivery")
    EvidenceFactory(title="On-time delivery briefing")
    found = _kinds(auditor_user, "on-time")
    assert found["Objective"] == ["OTD-7 On-time delivery"]
    assert found["Evidence"] == ["On-time delivery briefing"]
    assert _kinds(auditor_user, "otd-7")["Objective"] == ["OTD-7 On-time delivery"]


def test_people_without_view_permissions_find_nothing_they_may_not_see(employee_user):
    ObjectiveFactory(ref="OTD-7", title="On-time delivery")
    plan_review(title="On-time review")
    assert _kinds(employee_user, "on-time") == {}


def test_search_page_costs_the_same_queries_whatever_the_matches(client, quality_user):
    client.force_login(quality_user)
    ObjectiveFactory(title="Scrap rate 1")
    client.get(reverse("search"), {"q": "scrap"})
    with CaptureQueriesContext(connection) as small:
        page = client.get(reverse("search"), {"q": "scrap"}).content.decode()
    assert "Scrap rate 1" in page
    for i in range(2, 25):
        ObjectiveFactory(title=f"Scrap rate {i}")
        EvidenceFactory(title=f"Scrap report {i}")
    with CaptureQueriesContext(connection) as large:
        page = client.get(reverse("search"), {"q": "scrap"}).content.decode()
    assert len(large.captured_queries) == len(small.captured_queries)
    assert "More match" in page
