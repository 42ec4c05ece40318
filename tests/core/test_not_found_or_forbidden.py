"""403 or 404 by one rule: no such record -> 404; a record one may read but not change so -> 403
with the reason on the page (docs/security.md)."""

import pytest
from django.urls import reverse

from core.archiving import archive
from tests.commitments.factories import EvidenceFactory
from tests.objectives.factories import ObjectiveFactory
from tests.policy.factories import ProcessFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "name, make",
    [
        ("objectives:update", ObjectiveFactory),
        ("objectives:measurement_create", ObjectiveFactory),
        ("commitments:evidence_update", EvidenceFactory),
        ("registers:process_update", ProcessFactory),
    ],
)
def test_a_change_page_of_an_archived_record_answers_403_with_the_reason(client, quality_user, name, make):
    record = make()
    archive(obj=record, reason="No longer used", by=quality_user)
    client.force_login(quality_user)
    response = client.get(reverse(name, args=[record.pk]))
    assert response.status_code == 403
    assert "This record is archived" in response.content.decode()


@pytest.mark.parametrize(
    "name",
    [
        "objectives:update",
        "objectives:measurement_create",
        "commitments:evidence_update",
        "registers:process_update",
    ],
)
def test_a_change_page_of_a_missing_record_answers_404(client, quality_user, name):
    client.force_login(quality_user)
    assert client.get(reverse(name, args=[999_999])).status_code == 404
