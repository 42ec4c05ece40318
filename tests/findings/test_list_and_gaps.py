"""The findings page: most severe and longest-standing first, each saying exactly what is missing;
a refused acceptance keeps what was typed."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from findings.engine import run_checks
from findings.models import Finding
from findings.selectors import with_missing
from objectives.models import ObjectiveCommitment
from tests.objectives.factories import ObjectiveFactory, ResourceRequestFactory, policy_with_keys

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def policy():
    return policy_with_keys("customer-satisfaction")


def _objective(**kwargs):
    objective = ObjectiveFactory(**{"plan": "p", "evaluation": "e", **kwargs})
    ObjectiveCommitment.objects.create(objective=objective, key="customer-satisfaction")
    return objective


def test_each_finding_says_exactly_what_is_missing():
    _objective(ref="NP-1", title="Bare", method="", plan="")
    run_checks(codes=["OBJ-NOT-PLANNED", "OBJ-NOT-MEASURABLE"], today=TODAY)
    missing = {f.rule_code: f.missing for f in with_missing(Finding.objects.open())}
    assert missing == {"OBJ-NOT-PLANNED": "no plan, no resources", "OBJ-NOT-MEASURABLE": "no method"}


def test_what_is_missing_follows_the_data_until_the_next_scan():
    objective = _objective(ref="NP-2", title="Unresourced", evaluation="")
    run_checks(codes=["OBJ-NOT-PLANNED"], today=TODAY)
    ResourceRequestFactory(objective=objective)
    assert [f.missing for f in with_missing(Finding.objects.open())] == ["no evaluation"]


def test_findings_list_puts_critical_first_then_the_oldest(client, auditor_user):
    now = timezone.now()
    rows = [
        ("warning", 1, "W-new"),
        ("critical", 2, "C-new"),
        ("warning", 30, "W-old"),
        ("critical", 9, "C-old"),
    ]
    for severity, days, label in rows:
        Finding.objects.create(
            rule_code="OBJ-STALE",
            severity=severity,
            subject_type_id=1,
            subject_id=days,
            subject_label=label,
            message="m",
            first_seen_at=now - days * DAY,
            last_seen_on=TODAY,
        )
    client.force_login(auditor_user)
    page = client.get(reverse("findings:list")).content.decode()
    order = sorted(("C-old", "C-new", "W-old", "W-new"), key=page.index)
    assert order == ["C-old", "C-new", "W-old", "W-new"]
    newest = client.get(reverse("findings:list"), {"sort": "-first_seen"}).content.decode()
    assert sorted(("C-old", "W-new"), key=newest.index) == ["W-new", "C-old"]


def test_list_shows_the_gaps_in_a_constant_number_of_queries(
    client, auditor_user, django_assert_max_num_queries
):
    for i in range(3):
        _objective(ref=f"A-{i}", title="a", method="")
    run_checks(today=TODAY)
    client.force_login(auditor_user)
    client.get(reverse("findings:list"))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        client.get(reverse("findings:list"))
    for i in range(3, 15):
        _objective(ref=f"A-{i}", title="a", method="", plan="")
    run_checks(today=TODAY)
    with django_assert_max_num_queries(len(small.captured_queries)):
        page = client.get(reverse("findings:list")).content.decode()
    assert "Missing: no method" in page


def test_refused_acceptance_keeps_the_typed_reason(client, quality_user):
    _objective(ref="NP-3", title="Bare", plan="")
    run_checks(codes=["OBJ-NOT-PLANNED"], today=TODAY)
    finding = Finding.objects.open().get()
    client.force_login(quality_user)
    reason = "Budget for the new probe is agreed for next quarter."
    response = client.post(
        reverse("findings:accept", args=[finding.pk]), {"reason": reason, "until": (TODAY - DAY).isoformat()}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert reason in page and "must end at a future date" in page
    finding.refresh_from_db()
    assert finding.accepted_until is None
