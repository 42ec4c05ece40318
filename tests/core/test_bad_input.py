"""Malformed parameters answer 400 with a message the user can act on, never a 500."""

import pytest
from django.urls import reverse

from tests.policy.factories import PolicyVersionFactory


@pytest.mark.parametrize("version", ["abc", "99999999999999999999999", "", "-3"])
def test_acknowledging_a_malformed_version_answers_400_with_a_message(client, employee_user, version):
    PolicyVersionFactory(status="approved", with_mandatory=True)
    client.force_login(employee_user)
    response = client.post(reverse("policy:acknowledge"), {"version": version})
    assert response.status_code == 400
    assert "no such policy version" in response.content.decode()


@pytest.mark.parametrize("name", ["reports:audit_pack", "reports:audit_pack_pdf", "reports:audit_pack_zip"])
@pytest.mark.parametrize(
    "period", [{"start": "0001-01-01", "end": "2026-01-01"}, {"start": "2026-01-01", "end": "9999-12-31"}]
)
def test_an_audit_pack_with_dates_at_the_calendars_ends_answers_400(client, auditor_user, name, period):
    client.force_login(auditor_user)
    response = client.get(reverse(name), period)
    assert response.status_code == 400
    assert "Choose a date between 1900-01-01 and 2999-12-31" in response.content.decode()


def test_an_attendee_id_too_large_for_the_database_is_a_form_error(client, quality_user):
    client.force_login(quality_user)
    response = client.post(
        reverse("reviews:create"), {"title": "Q1", "planned_date": "2026-01-01", "attendees": ["9" * 30]}
    )
    assert response.status_code == 200
    assert "is not a valid value" in response.content.decode()
