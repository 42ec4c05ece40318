"""What the pack proves about top management: its own acts, the chain from each policy commitment to its
results, late and last-minute entries, the registers, and the cover."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from commitments.models import ListKey, Requirement
from commitments.services import assignments as assignment_services
from commitments.services import responsibilities as responsibility_services
from core.models import OrganisationProfile
from objectives import services as objective_services
from objectives.models import Objective
from reports import auditpack
from reports.auditpack import Period
from reviews import services as review_services
from tests.commitments.factories import EvidenceFactory, active_responsibility
from tests.factories import PASSWORD, UserFactory
from tests.objectives.factories import MeasurementFactory, ObjectiveFactory, ResourceRequestFactory
from tests.policy.factories import (
    ManagementRoleFactory,
    PolicyCommitmentFactory,
    PolicyCommunicationFactory,
    PolicyVersionFactory,
    ProcessFactory,
    RiskFactory,
)
from tests.reviews.factories import conclude, held_review

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate
DAY = datetime.timedelta(days=1)


def _parts(limit=auditpack.WEB_LIMIT) -> dict:
    period = Period.last_twelve_months(TODAY())
    return {s.key: d for s, d in auditpack.build(period, limit=limit).parts}


@pytest.fixture
def policy(top_user):
    version = PolicyVersionFactory(status="approved", approved_by=top_user, approved_on=TODAY() - 100 * DAY)
    PolicyCommitmentFactory(
        version=version, key="on-time-delivery", statement="We deliver on the promised date."
    )
    PolicyCommitmentFactory(
        version=version, key="supplier-partnership", statement="We grow with our suppliers."
    )
    return version


def test_the_chain_runs_from_a_commitment_to_its_objectives_measurements_decisions_and_actions(
    policy, top_user
):
    otd = ObjectiveFactory(
        ref="OTD-01",
        title="On-time delivery 95 %",
        baseline=Decimal("88.0000"),
        target=Decimal("95.0000"),
        plan="Daily dispatch meeting; capacity check at order entry.",
        evaluation="Monthly against the trajectory.",
        method="ERP delivery report",
    )
    otd.commitments.create(key="on-time-delivery")
    ResourceRequestFactory(objective=otd, description="Second dispatch planner")
    MeasurementFactory(objective=otd, measured_on=TODAY() - 60 * DAY, value=Decimal("89"))
    MeasurementFactory(objective=otd, measured_on=TODAY() - 30 * DAY, value=Decimal("91.5"))
    review = held_review(chair=top_user)
    decision = review_services.decision_record(
        review=review,
        kind="improvement",
        description="Fix the paint shop bottleneck",
        commitment_key="on-time-delivery",
        by=top_user,
    )
    review_services.action_create(
        decision=decision, title="Second paint line", owner=top_user, due_date=TODAY() + 60 * DAY, by=top_user
    )
    chain = {link["commitment"].key: link for link in _parts()["traceability"]["chain"]}
    link = chain["on-time-delivery"]
    (row,) = link["objectives"]
    assert row["objective"] == otd and row["objective"].plan.startswith("Daily dispatch")
    assert [r.description for r in row["resources"]] == ["Second dispatch planner"]
    assert (
        row["measurements"] == 2
        and row["first"].value == Decimal("89")
        and row["last"].value == Decimal("91.5")
    )
    ((d),) = link["decisions"]
    assert d["decision"] == decision and [a.title for a in d["actions"]] == ["Second paint line"]
    # A commitment nothing serves says so.
    assert (
        chain["supplier-partnership"]["objectives"] == [] and chain["supplier-partnership"]["decisions"] == []
    )


def test_the_chain_reads_well_on_the_page(client, auditor_user, policy, top_user):
    otd = ObjectiveFactory(ref="OTD-01", baseline=Decimal("88.0000"), target=Decimal("95.0000"), unit="%")
    otd.commitments.create(key="on-time-delivery")
    client.force_login(auditor_user)
    page = client.get(reverse("reports:audit_pack")).content.decode()
    assert 'data-testid="chain-on-time-delivery"' in page
    assert "88 % → 95 %" in page and "95.0000" not in page


def test_top_managements_own_acts_are_listed_with_person_and_date(policy, top_user, quality_user):
    objective = ObjectiveFactory(status=Objective.Status.DRAFT, ref="OBJ-TM")
    objective_services.objective_change_status(objective=objective, status="proposed", by=quality_user)
    objective_services.objective_change_status(
        objective=objective, status="active", by=top_user, password=PASSWORD
    )
    request = ResourceRequestFactory(description="Torque wrench")
    objective_services.resource_request_decide(
        request=request,
        status="approved",
        reason="Needed for the audit finding",
        by=top_user,
        password=PASSWORD,
    )
    assignment_services.role_assignment_create(
        role=ManagementRoleFactory(holder=quality_user),
        requirement=Requirement.objects.of_active_edition().in_list(ListKey.ROLE_ASSIGNMENTS).get(code="c"),
        by=top_user,
    )
    responsibility = active_responsibility("c")
    responsibility_services.responsibility_update(
        responsibility=responsibility, owner=top_user, evidence_cadence_days=90, by=top_user
    )
    review = held_review(chair=top_user)
    conclude(review)
    review_services.review_sign_off(review=review, by=top_user, password=PASSWORD)
    acts = {(a.kind, a.person) for a in _parts()["leadership_acts"]["acts"]}
    assert ("Approved the quality policy", top_user) in acts
    assert ("Approved an objective", top_user) in acts
    assert ("Approved a resource request", top_user) in acts
    assert ("Set or confirmed the owner of a responsibility", top_user) in acts
    assert ("Signed off a management review", top_user) in acts
    assert ("Concluded on the quality system (signed)", top_user) in acts
    assert ("Assigned a responsibility and authority (5.3)", top_user) in acts
    assert all(a.when for a in _parts()["leadership_acts"]["acts"])


def test_an_owner_set_by_the_quality_manager_awaits_top_managements_confirmation(
    client, quality_user, top_user
):
    responsibility = active_responsibility("d")
    responsibility_services.responsibility_update(
        responsibility=responsibility, owner=top_user, evidence_cadence_days=90, by=quality_user
    )
    responsibility.refresh_from_db()
    assert responsibility.owner_awaits_confirmation
    client.force_login(top_user)
    page = client.get(reverse("commitments:responsibility_detail", args=[responsibility.pk])).content.decode()
    assert 'data-testid="owner-unconfirmed"' in page and "Confirm owner" in page
    client.post(reverse("commitments:responsibility_confirm_owner", args=[responsibility.pk]))
    responsibility.refresh_from_db()
    assert responsibility.owner_confirmed_by == top_user and not responsibility.owner_awaits_confirmation
    assert responsibility.history.first().history_change_reason == "Owner confirmed by top management"


def test_the_quality_manager_cannot_confirm_an_owner(quality_user, top_user):
    responsibility = active_responsibility("d")
    responsibility_services.responsibility_update(
        responsibility=responsibility, owner=top_user, evidence_cadence_days=90, by=quality_user
    )
    with pytest.raises(Exception, match="Only top management"):
        responsibility_services.responsibility_confirm_owner(responsibility=responsibility, by=quality_user)


def test_a_late_entry_is_flagged_and_shows_when_and_by_whom_it_was_recorded(client, auditor_user, settings):
    settings.QMS_LATE_ENTRY_DAYS = 30
    recorder = UserFactory(first_name="Priya", last_name="Raman")
    EvidenceFactory(title="Town hall in spring", fact_date=TODAY() - 45 * DAY, recorded_by=recorder)
    EvidenceFactory(title="Yesterday's briefing", fact_date=TODAY() - DAY, recorded_by=recorder)
    evidence = _parts()["evidence"]
    assert [e.title for e in evidence["late"]] == ["Town hall in spring"]
    client.force_login(auditor_user)
    page = client.get(reverse("reports:audit_pack")).content.decode()
    assert page.count('data-testid="late-entry"') == 1
    assert f"{TODAY().day} {TODAY():%b %Y} by Priya Raman" in page


def test_what_was_recorded_in_the_last_days_before_the_end_is_listed(settings):
    settings.QMS_RECENT_ENTRY_DAYS = 30
    EvidenceFactory(title="Rushed minutes", fact_date=TODAY() - 200 * DAY)
    recent = _parts()["recent_entries"]
    assert ("Evidence", 1) in recent["per_register"]
    assert "Rushed minutes" in [c["record"] for c in recent["changes"]]
    assert recent["window"].end == TODAY() and recent["window"].start == TODAY() - 29 * DAY


def test_the_registers_section_holds_roles_processes_and_risks(client, auditor_user, policy):
    ManagementRoleFactory(title="Production manager", top_management_support="Monthly one-to-one")
    process = ProcessFactory(
        name="Machining",
        inputs="Released orders",
        outputs="Conforming parts",
        performance_indicators="Scrap ppm",
    )
    RiskFactory(process=process, title="Spindle failure", treatment="Spare spindle")
    PolicyCommunicationFactory(version=policy, communicated_on=TODAY() - 10 * DAY, audience="Night shift")
    client.force_login(auditor_user)
    page = client.get(reverse("reports:audit_pack")).content.decode()
    for text in (
        "Production manager",
        "Monthly one-to-one",
        "Released orders",
        "Conforming parts",
        "Scrap ppm",
        "Spindle failure",
        "Spare spindle",
        "Night shift",
    ):
        assert text in page, text


def test_big_lists_show_their_first_rows_and_their_total(client, auditor_user):
    for i in range(auditpack.WEB_LIMIT + 3):
        EvidenceFactory(title=f"Note {i}", fact_date=TODAY() - DAY)
    evidence = _parts()["evidence"]
    assert evidence["count"] == auditpack.WEB_LIMIT + 3 and evidence["shown"] == auditpack.WEB_LIMIT
    client.force_login(auditor_user)
    page = client.get(reverse("reports:audit_pack")).content.decode()
    assert f"Showing {auditpack.WEB_LIMIT} of {auditpack.WEB_LIMIT + 3}" in page
    assert reverse("reports:export", args=["evidence", "csv"]) in page


def test_top_management_keeps_the_organisation_profile_on_the_cover(client, top_user, auditor_user):
    client.force_login(top_user)
    response = client.post(
        reverse("reports:organisation"),
        {"name": "Northwind Ltd", "certification_scope": "Machined parts", "sites": "Northwich\nCrewe"},
    )
    assert response.status_code == 302
    profile = OrganisationProfile.objects.get()
    assert profile.site_list == ["Northwich", "Crewe"] and profile.updated_by == top_user
    client.force_login(auditor_user)
    page = client.get(reverse("reports:audit_pack")).content.decode()
    assert "Northwind Ltd" in page and "Machined parts" in page and "Northwich; Crewe" in page
