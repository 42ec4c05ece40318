"""Each objective rule: a case that fires and one that stays quiet."""

import datetime

import pytest
from django.utils import timezone

from findings.engine import run_checks
from findings.models import Finding
from objectives.models import Objective, ObjectiveCommitment
from tests.objectives.factories import ObjectiveFactory, ResourceRequestFactory, policy_with_keys

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def planned(**kwargs) -> Objective:
    """An active, measurable, planned objective linked to a key of the policy in force."""
    defaults = {
        "plan": "Weekly setter training",
        "evaluation": "Monthly review",
        "start_date": TODAY - 100 * DAY,
        "due_date": TODAY + 100 * DAY,
        "latest_measured_on": TODAY,
        "customer_related": True,
    }
    objective = ObjectiveFactory(**{**defaults, **kwargs})
    ObjectiveCommitment.objects.create(objective=objective, key=kwargs.pop("key", "customer-satisfaction"))
    ResourceRequestFactory(objective=objective)
    return objective


def flagged(code: str) -> set[str]:
    run_checks(codes=[code], today=TODAY)
    return set(Finding.objects.open().filter(rule_code=code).values_list("subject_label", flat=True))


@pytest.fixture(autouse=True)
def policy():
    return policy_with_keys("customer-satisfaction", "on-time-delivery")


def test_objective_without_any_commitment_is_an_orphan():
    planned(ref="OK-1", title="Linked")
    orphan = ObjectiveFactory(ref="ORPH-1", title="Unlinked")
    assert flagged("OBJ-ORPHAN") == {f"{orphan.ref} {orphan.title}"}


def test_objective_linked_only_to_retired_keys_is_flagged():
    planned(ref="OK-1", title="Current key")
    old = planned(ref="OLD-1", title="Old key")
    ObjectiveCommitment.objects.filter(objective=old).update(key="lean-waste")
    mixed = planned(ref="MIX-1", title="One current key")
    ObjectiveCommitment.objects.create(objective=mixed, key="lean-waste")
    assert flagged("OBJ-RETIRED-KEYS") == {"OLD-1 Old key"}


def test_commitment_without_active_objective_is_uncovered():
    planned(ref="OK-1", title="Customers")
    draft = planned(ref="DR-1", title="Draft delivery objective", status=Objective.Status.DRAFT)
    ObjectiveCommitment.objects.filter(objective=draft).update(key="on-time-delivery")
    assert {label.split(":")[0] for label in flagged("POL-UNCOVERED")} == {"on-time-delivery"}


def test_not_measurable_and_not_planned():
    planned(ref="OK-1", title="Fine")
    planned(ref="NM-1", title="No unit", unit="")
    planned(ref="NM-2", title="No method", method="")
    planned(
        ref="BAND-1", title="Band without target", direction="within", band_low=1, band_high=2, target=None
    )
    assert flagged("OBJ-NOT-MEASURABLE") == {"NM-1 No unit", "NM-2 No method"}
    planned(ref="NP-1", title="No plan", plan="")
    unresourced = ObjectiveFactory(
        ref="NP-2",
        title="No resources",
        plan="p",
        evaluation="e",
        due_date=TODAY + DAY,
        start_date=TODAY - DAY,
    )
    ObjectiveCommitment.objects.create(objective=unresourced, key="customer-satisfaction")
    assert flagged("OBJ-NOT-PLANNED") == {"NP-1 No plan", "NP-2 No resources"}


def test_off_track_and_at_risk_from_stored_progress():
    planned(ref="ON-1", title="On", progress=Objective.Progress.ON_TRACK)
    planned(ref="OFF-1", title="Off", progress=Objective.Progress.OFF_TRACK)
    planned(ref="RISK-1", title="Risk", progress=Objective.Progress.AT_RISK)
    planned(ref="DONE-1", title="Closed off", progress=Objective.Progress.OFF_TRACK, status="cancelled")
    assert flagged("OBJ-OFF-TRACK") == {"OFF-1 Off"}
    assert flagged("OBJ-AT-RISK") == {"RISK-1 Risk"}


@pytest.mark.parametrize(("measured_days_ago", "stale"), [(30, False), (31, True)])
def test_stale_at_the_frequency_boundary(measured_days_ago, stale):
    planned(ref="M-1", title="Monthly", frequency_days=30, latest_measured_on=TODAY - measured_days_ago * DAY)
    assert bool(flagged("OBJ-STALE")) is stale


def test_never_measured_is_stale_once_one_period_has_passed():
    planned(ref="NEW-1", title="Just started", latest_measured_on=None, start_date=TODAY - 30 * DAY)
    planned(ref="OLD-1", title="Never measured", latest_measured_on=None, start_date=TODAY - 31 * DAY)
    assert flagged("OBJ-STALE") == {"OLD-1 Never measured"}


def test_achieved_while_customer_results_of_the_same_commitment_worsen():
    planned(ref="CSAT-1", title="Survey score", progress=Objective.Progress.OFF_TRACK, customer_related=True)
    planned(ref="WIN-1", title="Complaints answered", status=Objective.Status.ACHIEVED)
    other = planned(ref="WIN-2", title="Delivery achieved", status=Objective.Status.ACHIEVED)
    ObjectiveCommitment.objects.filter(objective=other).update(key="on-time-delivery")
    assert flagged("OBJ-ACHIEVED-BUT-WORSE") == {"WIN-1 Complaints answered"}


def test_no_customer_related_objective_flags_the_policy_in_force(policy):
    planned(ref="INT-1", title="Internal only", customer_related=False)
    assert flagged("OBJ-NO-CUSTOMER-OBJECTIVE") == {f"{policy.title} v{policy.number}"}
    planned(ref="CUS-1", title="Customer", customer_related=True)
    assert flagged("OBJ-NO-CUSTOMER-OBJECTIVE") == set()


def test_the_finding_shows_on_the_objectives_page(client, auditor_user):
    objective = planned(ref="OFF-1", title="Scrap rate", progress=Objective.Progress.OFF_TRACK)
    run_checks(codes=["OBJ-OFF-TRACK"], today=TODAY)
    client.force_login(auditor_user)
    page = client.get(objective.get_absolute_url()).content.decode()
    assert 'data-testid="subject-findings"' in page and "Objective is off track" in page
