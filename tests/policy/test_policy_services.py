"""The policy's approval state machine, drafts, communication and acknowledgement."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from commitments.models import PolicyAcknowledgement, PolicyCommitment, PolicyVersion
from commitments.selectors_policy import acknowledgement_summary, not_acknowledged
from commitments.services import policy as services
from tests.factories import PASSWORD, UserFactory
from tests.policy.factories import PolicyCommitmentFactory, PolicyVersionFactory

pytestmark = pytest.mark.django_db


def test_approving_a_draft_puts_it_in_force_and_supersedes_the_previous_version(top_user):
    old = PolicyVersionFactory(status="approved", with_mandatory=True)
    draft = PolicyVersionFactory(with_mandatory=True)
    services.policy_version_approve(version=draft, by=top_user, password=PASSWORD)
    old.refresh_from_db()
    draft.refresh_from_db()
    assert draft.status == "approved" and draft.approved_by == top_user and draft.approved_on
    assert old.status == "superseded" and old.superseded_on == draft.approved_on
    assert list(PolicyVersion.objects.in_force()) == [draft]
    assert old.history.first().history_change_reason == f"Superseded by version {draft.number}"
    assert draft.history.first().history_user == top_user


@pytest.mark.parametrize("status", ["approved", "superseded"])
def test_only_a_draft_can_be_approved(status, top_user):
    version = PolicyVersionFactory(status=status, with_mandatory=True)
    with pytest.raises(ValidationError, match="not a draft"):
        services.policy_version_approve(version=version, by=top_user, password=PASSWORD)


def test_superseded_is_reached_only_from_approved():
    assert not PolicyVersion(status="draft").can_move_to("superseded")
    assert not PolicyVersion(status="superseded").can_move_to("approved")
    assert PolicyVersion(status="approved").can_move_to("superseded")


@pytest.mark.parametrize(
    ("missing", "message"),
    [("requirements", "meet applicable requirements"), ("improvement", "continual improvement")],
)
def test_approval_requires_both_mandatory_commitments(missing, message, top_user):
    draft = PolicyVersionFactory()
    for kind in {"requirements", "improvement"} - {missing}:
        PolicyCommitmentFactory(version=draft, kind=kind)
    with pytest.raises(ValidationError, match=message):
        services.policy_version_approve(version=draft, by=top_user, password=PASSWORD)
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_approval_requires_the_context_and_direction(top_user):
    draft = PolicyVersionFactory(context_and_direction="  ", with_mandatory=True)
    with pytest.raises(ValidationError, match="context and strategic direction"):
        services.policy_version_approve(version=draft, by=top_user, password=PASSWORD)


def test_database_refuses_two_versions_in_force():
    PolicyVersionFactory(status="approved")
    with pytest.raises(IntegrityError), transaction.atomic():
        PolicyVersionFactory(status="approved")


def test_an_approved_version_cannot_be_edited_through_the_services(quality_user):
    version = PolicyVersionFactory(status="approved", with_mandatory=True)
    commitment = version.commitments.first()
    with pytest.raises(ValidationError, match="only a draft"):
        services.policy_draft_update(version=version, text="Changed", by=quality_user)
    with pytest.raises(ValidationError, match="only a draft"):
        services.policy_commitment_add(version=version, key="new", statement="New", by=quality_user)
    with pytest.raises(ValidationError, match="only a draft"):
        services.policy_commitment_update(commitment=commitment, statement="Changed", by=quality_user)
    with pytest.raises(ValidationError, match="only a draft"):
        services.policy_commitment_remove(commitment=commitment, by=quality_user)
    version.refresh_from_db()
    assert version.text != "Changed" and version.commitments.count() == 2


def test_a_new_draft_copies_the_version_in_force_with_the_same_keys(quality_user):
    source = PolicyVersionFactory(status="approved", with_mandatory=True)
    PolicyCommitmentFactory(version=source, key="customer-satisfaction")
    draft = services.policy_draft_start(by=quality_user)
    assert draft.status == "draft" and draft.number == source.number + 1
    assert draft.text == source.text and draft.context_and_direction == source.context_and_direction
    assert set(draft.commitments.values_list("key", "kind")) == set(
        source.commitments.values_list("key", "kind")
    )
    assert draft.created_by == quality_user


def test_only_one_draft_at_a_time(quality_user):
    PolicyVersionFactory()
    with pytest.raises(ValidationError, match="already exists"):
        services.policy_draft_start(by=quality_user)


def test_draft_edits_are_recorded_with_who_and_why(quality_user):
    draft = PolicyVersionFactory()
    services.policy_draft_update(version=draft, text="New wording", by=quality_user)
    record = draft.history.first()
    assert record.text == "New wording" and record.history_user == quality_user
    assert record.history_change_reason == "Draft edited"


def test_commitment_keys_are_unique_per_version(quality_user):
    draft = PolicyVersionFactory()
    services.policy_commitment_add(version=draft, key="on-time", statement="On time", by=quality_user)
    with pytest.raises(ValidationError):
        services.policy_commitment_add(version=draft, key="on-time", statement="Again", by=quality_user)
    assert PolicyCommitment.objects.filter(version=draft).count() == 1


def test_a_draft_is_not_communicated(quality_user):
    with pytest.raises(ValidationError, match="approve it first"):
        services.policy_communication_record(
            version=PolicyVersionFactory(),
            communicated_on="2026-01-01",
            channel="email",
            audience="All",
            by=quality_user,
        )


def test_an_employee_acknowledges_the_exact_version_in_force(employee_user):
    version = PolicyVersionFactory(status="approved", with_mandatory=True)
    services.policy_acknowledge(version=version, by=employee_user)
    assert PolicyAcknowledgement.objects.get(user=employee_user).version == version
    version.refresh_from_db()
    assert version.acknowledgement_count == 1
    with pytest.raises(ValidationError, match="already acknowledged"):
        services.policy_acknowledge(version=version, by=employee_user)


@pytest.mark.parametrize("status", ["draft", "superseded"])
def test_only_the_version_in_force_can_be_acknowledged(status, employee_user):
    version = PolicyVersionFactory(status=status)
    with pytest.raises(ValidationError, match="in force"):
        services.policy_acknowledge(version=version, by=employee_user)
    assert not PolicyAcknowledgement.objects.exists()


def test_an_auditor_cannot_acknowledge(auditor_user):
    version = PolicyVersionFactory(status="approved")
    with pytest.raises(ValidationError, match="Read-only"):
        services.policy_acknowledge(version=version, by=auditor_user)
    assert not PolicyAcknowledgement.objects.exists()


def test_the_rate_restarts_when_a_new_version_is_approved(users_by_role, top_user, quality_user):
    old = PolicyVersionFactory(status="approved", with_mandatory=True, created_by=quality_user)
    for role in ("employee", "top", "quality"):
        services.policy_acknowledge(version=old, by=users_by_role[role])
    UserFactory(username="inactive", is_active=False)
    old.refresh_from_db()
    summary = acknowledgement_summary(old)
    # Active population: employee, top, quality (the auditor reads only; the inactive user is out).
    assert (summary.acknowledged, summary.population, summary.percent) == (3, 3, 100)
    draft = PolicyVersionFactory(with_mandatory=True, created_by=quality_user)
    services.policy_version_approve(version=draft, by=top_user, password=PASSWORD)
    draft.refresh_from_db()
    assert acknowledgement_summary(draft).percent == 0
    assert set(not_acknowledged(draft).values_list("username", flat=True)) == {
        "employee-user",
        "top-user",
        "quality-user",
    }


def test_recompute_repairs_the_stored_counts(employee_user):
    version = PolicyVersionFactory(status="approved")
    PolicyAcknowledgement.objects.create(version=version, user=employee_user)
    assert services.policy_recompute_acknowledgement_counts() == 1
    version.refresh_from_db()
    assert version.acknowledgement_count == 1
