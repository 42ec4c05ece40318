"""The guard every form view shares: optimistic locking, one-time submit tokens, unique conflicts."""

import os
import re
import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from commitments.models import Attachment, Evidence
from objectives.models import Measurement, Objective
from tests.commitments.factories import PDF, active_responsibility
from tests.factories import UserFactory
from tests.objectives.factories import ObjectiveFactory

TODAY = timezone.localdate()
needs_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql" and os.environ.get("REQUIRE_SERVICES") != "1",
    reason="simultaneous requests need PostgreSQL's row locks (set DATABASE_URL); CI runs it",
)


def hidden(page: str, name: str) -> str:
    """The value of a hidden input of a rendered form."""
    match = re.search(rf'name="{name}" value="([^"]*)"', page) or re.search(
        rf'value="([^"]*)"[^>]*name="{name}"', page
    )
    assert match, f"no hidden {name} in the page"
    return match.group(1)


def _objective_data(objective, **changes):
    data = {
        "ref": objective.ref,
        "title": objective.title,
        "direction": objective.direction,
        "baseline": "80",
        "target": "90",
        "unit": "%",
        "frequency_days": "30",
        "start_date": objective.start_date.isoformat(),
        "owner": objective.owner_id,
    }
    return {**data, **changes}


@pytest.mark.django_db
def test_the_second_save_of_a_stale_edit_form_is_refused_and_loses_nothing(client, quality_user):
    objective = ObjectiveFactory(title="On-time delivery")
    url = reverse("objectives:update", args=[objective.pk])
    other = Client()
    other.force_login(
        UserFactory(username="second-quality", first_name="Kim", last_name="Lee", role="quality")
    )
    client.force_login(quality_user)
    mine, theirs = client.get(url).content.decode(), other.get(url).content.decode()

    first = other.post(
        url, _objective_data(objective, title="Delivery on time", seen_version=hidden(theirs, "seen_version"))
    )
    assert first.status_code == 302
    stale = client.post(
        url,
        _objective_data(
            objective, title="Deliveries on the promised day", seen_version=hidden(mine, "seen_version")
        ),
    )

    page = stale.content.decode()
    assert stale.status_code == 200
    assert "changed by Kim Lee at" in page and "review and save again" in page
    assert "Their change: Title: " in page and "→ Delivery on time" in page
    assert 'value="Deliveries on the promised day"' in page  # what I typed is still in the form
    objective.refresh_from_db()
    assert objective.title == "Delivery on time"  # their save stands
    # Having reviewed, I save again from the re-displayed form: now it goes through.
    again = client.post(
        url,
        _objective_data(
            objective, title="Deliveries on the promised day", seen_version=hidden(page, "seen_version")
        ),
    )
    assert again.status_code == 302
    objective.refresh_from_db()
    assert objective.title == "Deliveries on the promised day"
    assert objective.history.count() == 3


@pytest.mark.django_db
def test_a_stale_evidence_edit_is_refused_too(client, quality_user):
    client.force_login(quality_user)
    data = {
        "title": "Board minutes",
        "kind": "minutes",
        "fact_date": TODAY.isoformat(),
        "responsibilities": [active_responsibility().pk],
    }
    client.post(reverse("commitments:evidence_create"), data)
    evidence = Evidence.objects.get()
    url = reverse("commitments:evidence_update", args=[evidence.pk])
    seen = hidden(client.get(url).content.decode(), "seen_version")
    assert (
        client.post(url, {**data, "title": "Board minutes (March)", "seen_version": seen}).status_code == 302
    )
    refused = client.post(url, {**data, "title": "Board minutes, March", "seen_version": seen})
    assert "changed by" in refused.content.decode()
    evidence.refresh_from_db()
    assert evidence.title == "Board minutes (March)"


@pytest.mark.django_db
def test_a_double_submitted_measurement_is_recorded_once(client, quality_user):
    objective = ObjectiveFactory()
    client.force_login(quality_user)
    token = hidden(client.get(objective.get_absolute_url()).content.decode(), "form_token")
    url = reverse("objectives:measurement_create", args=[objective.pk])
    data = {"measured_on": TODAY.isoformat(), "value": "85", "comment": "", "form_token": token}
    first, second = client.post(url, data), client.post(url, data, follow=True)
    assert first.status_code == 302
    assert "already been sent; it was recorded once" in second.content.decode()
    assert Measurement.objects.filter(objective=objective).count() == 1


@pytest.mark.django_db
def test_a_double_submitted_evidence_form_with_a_file_records_one_evidence_and_one_file(client, quality_user):
    client.force_login(quality_user)
    token = hidden(client.get(reverse("commitments:evidence_create")).content.decode(), "form_token")
    for _ in range(2):
        client.post(
            reverse("commitments:evidence_create"),
            {
                "title": "Board minutes",
                "kind": "minutes",
                "fact_date": TODAY.isoformat(),
                "responsibilities": [active_responsibility().pk],
                "form_token": token,
                "files": [SimpleUploadedFile("minutes.pdf", PDF)],
            },
        )
    assert Evidence.objects.count() == 1
    assert Attachment.objects.count() == 1


@pytest.mark.django_db
def test_a_double_submitted_objective_creation_creates_one_and_leads_to_it(client, quality_user):
    client.force_login(quality_user)
    token = hidden(client.get(reverse("objectives:create")).content.decode(), "form_token")
    data = {
        "ref": "OTD-1",
        "title": "On-time delivery",
        "direction": "increase",
        "baseline": "88",
        "target": "95",
        "frequency_days": "30",
        "start_date": TODAY.isoformat(),
        "form_token": token,
    }
    first = client.post(reverse("objectives:create"), data)
    second = client.post(reverse("objectives:create"), data)
    assert Objective.objects.filter(ref="OTD-1").count() == 1
    assert second.status_code == 302 and second.url == first.url


@pytest.mark.django_db
def test_a_refused_submit_keeps_its_token_usable(client, quality_user):
    """A form re-displayed with an error did not record anything, so sending it again must work."""
    client.force_login(quality_user)
    token = hidden(client.get(reverse("objectives:create")).content.decode(), "form_token")
    data = {
        "ref": "OTD-1",
        "title": "On-time delivery",
        "direction": "increase",
        "baseline": "88",
        "target": "95",
        "frequency_days": "30",
        "form_token": token,
        "start_date": TODAY.isoformat(),
        "due_date": (TODAY.replace(year=TODAY.year - 1)).isoformat(),
    }
    assert client.post(reverse("objectives:create"), data).status_code == 200
    assert client.post(reverse("objectives:create"), {**data, "due_date": ""}).status_code == 302
    assert Objective.objects.count() == 1


@pytest.mark.django_db
def test_an_absurd_measurement_frequency_is_refused_with_a_message(client, quality_user):
    client.force_login(quality_user)
    response = client.post(
        reverse("objectives:create"),
        {
            "ref": "OTD-1",
            "title": "On-time delivery",
            "direction": "increase",
            "target": "95",
            "frequency_days": "2900000",
            "start_date": TODAY.isoformat(),
        },
    )
    assert response.status_code == 200
    assert "Measure at least once every 3,660 days (ten years)." in response.content.decode()
    assert not Objective.objects.exists()


@pytest.mark.django_db
def test_correcting_an_already_corrected_measurement_is_a_message_not_a_crash(client, quality_user):
    """The service error names a field the form does not have (supersedes): it lands on the form."""
    from django.core.exceptions import ValidationError

    from core.actions import add_to_form
    from objectives.forms import MeasurementForm

    form = MeasurementForm(data={})
    form.is_valid()
    add_to_form(form, ValidationError({"supersedes": "This measurement was corrected already."}))
    assert form.non_field_errors() == ["This measurement was corrected already."]


def _in_parallel(*calls):
    barrier = threading.Barrier(len(calls))
    results, errors = [None] * len(calls), []

    def run(i, call):
        try:
            barrier.wait(timeout=10)
            results[i] = call()
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    return results


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_simultaneous_double_submits_of_a_measurement_record_it_once():
    user = UserFactory(username="quality-parallel", role="quality")
    objective = ObjectiveFactory()
    url = reverse("objectives:measurement_create", args=[objective.pk])
    data = {"measured_on": TODAY.isoformat(), "value": "85", "comment": "", "form_token": "t" * 32}

    def post():
        client = Client()
        client.force_login(user)
        return client.post(url, data).status_code

    assert _in_parallel(*[post] * 4) == [302] * 4
    assert Measurement.objects.filter(objective=objective).count() == 1


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_the_same_objective_created_twice_at_once_gives_one_objective_and_a_message():
    user = UserFactory(username="quality-parallel", role="quality")

    def create(token):
        def post():
            client = Client()
            client.force_login(user)
            response = client.post(
                reverse("objectives:create"),
                {
                    "ref": "OTD-1",
                    "title": "On-time delivery",
                    "direction": "increase",
                    "target": "95",
                    "frequency_days": "30",
                    "start_date": TODAY.isoformat(),
                    "form_token": token,
                },
            )
            return response.status_code, response.content.decode()

        return post

    results = _in_parallel(create("a" * 32), create("b" * 32))
    assert sorted(status for status, _ in results) == [200, 302]
    refused = next(page for status, page in results if status == 200)
    assert "already exists" in refused or "conflicting record" in refused
    assert Objective.objects.filter(ref="OTD-1").count() == 1


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_two_policy_drafts_started_at_once_give_one_draft_and_a_message():
    from commitments.models import PolicyVersion

    user = UserFactory(username="quality-parallel", role="quality")

    def start():
        client = Client()
        client.force_login(user)
        return client.post(reverse("policy:draft_start"), follow=True).content.decode()

    pages = _in_parallel(start, start)
    assert PolicyVersion.objects.filter(status=PolicyVersion.Status.DRAFT).count() == 1
    assert any("A draft already exists" in page or "same moment" in page for page in pages)
