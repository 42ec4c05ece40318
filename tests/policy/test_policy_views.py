"""Policy pages: frozen approved versions, the banner, acknowledgement, versions and diff."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commitments.models import PolicyAcknowledgement, PolicyVersion
from commitments.selectors_policy import banner_for
from core.formatting import datetime_text
from core.models import Signature
from tests.conftest import db_fingerprint
from tests.factories import PASSWORD
from tests.policy.factories import PolicyAcknowledgementFactory, PolicyVersionFactory

pytestmark = pytest.mark.django_db


def test_crafted_post_to_edit_an_approved_version_changes_nothing(client, quality_user):
    version = PolicyVersionFactory(status="approved", with_mandatory=True)
    commitment = version.commitments.first()
    client.force_login(quality_user)
    before = db_fingerprint()
    for url, data in [
        (
            reverse("policy:version_update", args=[version.pk]),
            {"title": "X", "text": "Changed", "context_and_direction": "Y"},
        ),
        (
            reverse("policy:commitment_create", args=[version.pk]),
            {"key": "k", "statement": "s", "kind": "general", "sort_order": 0},
        ),
        (
            reverse("policy:commitment_update", args=[commitment.pk]),
            {"key": "k", "statement": "s", "kind": "general", "sort_order": 0},
        ),
        (reverse("policy:commitment_remove", args=[commitment.pk]), {}),
    ]:
        response = client.post(url, data, follow=True)
        assert "only a draft can be changed" in response.content.decode()
    assert db_fingerprint() == before


def test_quality_manager_edits_a_draft_through_the_form(client, quality_user):
    draft = PolicyVersionFactory()
    client.force_login(quality_user)
    response = client.post(
        reverse("policy:version_update", args=[draft.pk]),
        {"title": "Quality policy", "text": "New text", "context_and_direction": "Plan 2030"},
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.text == "New text" and draft.history.first().history_user == quality_user


def test_top_management_approves_from_the_version_page(client, top_user):
    PolicyVersionFactory(status="approved", with_mandatory=True)
    draft = PolicyVersionFactory(with_mandatory=True)
    client.force_login(top_user)
    page = client.get(reverse("policy:version_detail", args=[draft.pk])).content.decode()
    assert f"Approve version {draft.number}" in page
    signed = {"meaning": "approved", "password": PASSWORD}
    response = client.post(reverse("policy:version_approve", args=[draft.pk]), signed, follow=True)
    assert "now the policy in force" in response.content.decode()
    assert PolicyVersion.objects.in_force().get() == draft


def test_approval_refusal_is_shown_as_a_message(client, top_user):
    draft = PolicyVersionFactory()
    client.force_login(top_user)
    signed = {"meaning": "approved", "password": PASSWORD}
    response = client.post(reverse("policy:version_approve", args=[draft.pk]), signed, follow=True)
    assert "meet applicable requirements" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_banner_shows_until_the_user_acknowledges(client, employee_user):
    version = PolicyVersionFactory(status="approved", with_mandatory=True)
    client.force_login(employee_user)
    page = client.get(reverse("home")).content.decode()
    assert 'data-testid="policy-banner"' in page and "acknowledge-policy" in page
    response = client.post(
        reverse("policy:acknowledge"), {"version": version.pk, "next": reverse("home")}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("home")
    assert PolicyAcknowledgement.objects.filter(user=employee_user, version=version).exists()
    assert 'data-testid="policy-banner"' not in response.content.decode()


def test_auditor_gets_no_banner_and_cannot_acknowledge(client, auditor_user):
    version = PolicyVersionFactory(status="approved")
    client.force_login(auditor_user)
    page = client.get(reverse("policy:current")).content.decode()
    assert 'data-testid="policy-banner"' not in page and "acknowledge-policy" not in page
    assert client.post(reverse("policy:acknowledge"), {"version": version.pk}).status_code == 403
    assert not PolicyAcknowledgement.objects.exists()


def test_a_wrong_password_signs_nothing_and_approves_nothing(client, top_user):
    draft = PolicyVersionFactory(with_mandatory=True)
    client.force_login(top_user)
    response = client.post(
        reverse("policy:version_approve", args=[draft.pk]),
        {"meaning": "approved", "password": "not-my-password"},
        follow=True,
    )
    assert "The password is not correct, so nothing was signed" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == "draft" and not Signature.objects.exists()


def test_approval_shows_the_signature_with_name_meaning_and_time(client, top_user):
    draft = PolicyVersionFactory(with_mandatory=True)
    client.force_login(top_user)
    client.post(
        reverse("policy:version_approve", args=[draft.pk]), {"meaning": "responsible", "password": PASSWORD}
    )
    signature = Signature.objects.get()
    assert (signature.printed_name, signature.meaning) == (top_user.get_full_name(), "responsible")
    page = client.get(reverse("policy:current")).content.decode()
    assert (
        top_user.get_full_name() in page
        and "Responsible" in page
        and datetime_text(signature.signed_at) in page
    )


def test_banner_can_be_hidden_for_the_session(client, employee_user):
    version = PolicyVersionFactory(status="approved", with_mandatory=True)
    client.force_login(employee_user)
    response = client.post(
        reverse("policy:banner_dismiss"), {"version": version.pk, "next": reverse("home")}, follow=True
    )
    assert 'data-testid="policy-banner"' not in response.content.decode()
    assert "Policy to acknowledge" in response.content.decode()
    assert not PolicyAcknowledgement.objects.exists()
    client.logout()
    client.force_login(employee_user)
    assert 'data-testid="policy-banner"' in client.get(reverse("home")).content.decode()


def test_banner_costs_one_query(employee_user):
    PolicyVersionFactory(status="approved")
    with CaptureQueriesContext(connection) as queries:
        assert banner_for(employee_user) is not None
    assert len(queries) == 1
    PolicyAcknowledgementFactory(version=PolicyVersion.objects.get(), user=employee_user)
    assert banner_for(employee_user) is None


def test_employee_without_role_reads_and_prints_the_policy_in_force(client, employee_user):
    PolicyVersionFactory(status="superseded", text="Old words")
    PolicyVersionFactory(status="approved", text="Current words")
    client.force_login(employee_user)
    for name in ("policy:current", "policy:print"):
        page = client.get(reverse(name)).content.decode()
        assert "Current words" in page and "Old words" not in page


def test_auditor_reads_superseded_versions_with_approver_and_acknowledgements(client, auditor_user, top_user):
    old = PolicyVersionFactory(status="superseded", approved_by=top_user, approved_on="2025-01-10")
    PolicyAcknowledgementFactory(version=old)
    client.force_login(auditor_user)
    listing = client.get(reverse("policy:version_list")).content.decode()
    assert f"v{old.number}" in listing and "Superseded" in listing
    detail = client.get(reverse("policy:version_detail", args=[old.pk])).content.decode()
    assert top_user.get_full_name() in detail and "10 Jan 2025" in detail


def test_acknowledgement_page_lists_who_has_not(client, auditor_user, employee_user, quality_user):
    version = PolicyVersionFactory(status="approved", created_by=quality_user)
    PolicyAcknowledgementFactory(version=version, user=quality_user)
    PolicyVersion.objects.filter(pk=version.pk).update(acknowledgement_count=1)
    client.force_login(auditor_user)
    response = client.get(reverse("policy:acknowledgement_list", args=[version.pk]))
    people = [p.username for p in response.context["people"]]
    assert people == [employee_user.username]
    assert "1 of 2 active people" in response.content.decode()


def test_compare_shows_changes_side_by_side_and_escapes_text(client, auditor_user):
    old = PolicyVersionFactory(status="superseded", text="Line one\nLine two")
    new = PolicyVersionFactory(status="approved", text="Line one\n<script>alert(1)</script>")
    client.force_login(auditor_user)
    response = client.get(reverse("policy:compare"), {"old": old.pk, "new": new.pk})
    page = response.content.decode()
    rows = response.context["diff"]["text"].rows
    assert [r.tag for r in rows] == ["equal", "replace"]
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page


def test_new_draft_button_copies_the_policy(client, quality_user):
    PolicyVersionFactory(status="approved", with_mandatory=True)
    client.force_login(quality_user)
    response = client.post(reverse("policy:draft_start"))
    draft = PolicyVersion.objects.get(status="draft")
    assert response.url == reverse("policy:version_detail", args=[draft.pk])
    assert draft.commitments.count() == 2


@pytest.mark.parametrize(
    "url_name", ["policy:version_list", "policy:acknowledgement_list", "policy:version_detail"]
)
def test_policy_pages_run_the_same_queries_at_two_sizes(
    url_name, client, auditor_user, django_assert_num_queries
):
    version = PolicyVersionFactory(status="approved", with_mandatory=True)
    url = reverse(url_name, args=[version.pk] if url_name != "policy:version_list" else None)
    client.force_login(auditor_user)
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    PolicyVersionFactory.create_batch(30, status="superseded", with_mandatory=True)
    for _ in range(60):
        PolicyAcknowledgementFactory(version=PolicyVersionFactory(status="superseded"))
    with django_assert_num_queries(len(small)):
        assert client.get(url).status_code == 200


def test_wrong_signing_passwords_count_as_failed_sign_ins_and_lock_the_signer_out(client, top_user, settings):
    """Guessing the password at a signature is no easier than at the sign-in page."""
    from axes.models import AccessAttempt

    draft = PolicyVersionFactory(with_mandatory=True)
    client.force_login(top_user)
    url = reverse("policy:version_approve", args=[draft.pk])
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        page = client.post(url, {"meaning": "approved", "password": "guess"}, follow=True).content.decode()
        assert "The password is not correct, so nothing was signed" in page
    assert AccessAttempt.objects.get(username=top_user.username).failures_since_start == (
        settings.AXES_FAILURE_LIMIT - 1
    )
    last = client.post(url, {"meaning": "approved", "password": "guess"})
    assert last.status_code == 429  # the lock-out page
    # Signed out and locked: even the right password now signs nothing, and the draft stays a draft.
    client.post(url, {"meaning": "approved", "password": PASSWORD})
    draft.refresh_from_db()
    assert draft.status == "draft" and not Signature.objects.exists()
    assert client.get(reverse("home")).status_code == 302  # back at the sign-in page
