"""The API as a script sees it: tokens, pages, filters, as_of, errors, throttling, and a round trip."""

import datetime
import hashlib
import json

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from api.models import PersonalAccessToken
from commitments.models import Attachment, Evidence, PolicyVersion
from objectives import services as objective_services
from objectives.models import Measurement, Objective
from tests.api.conftest import bearer, make_token
from tests.api.matrix import ROUTES
from tests.commitments.factories import PDF, active_responsibility
from tests.factories import UserFactory
from tests.objectives.factories import ObjectiveFactory
from tests.policy.factories import PolicyAcknowledgementFactory, PolicyVersionFactory

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def _post(client, url, body, raw):
    return client.post(url, json.dumps(body), content_type="application/json", **bearer(raw))


def test_a_measurement_posted_through_the_api_moves_progress_and_shows_on_the_home_page(
    client, employee_user
):
    objective = ObjectiveFactory(owner=employee_user, ref="OBJ-ERP", start_date=TODAY - 100 * DAY)
    objective_services.refresh_derived(objective_ids=[objective.pk])
    raw = make_token(employee_user)
    url = reverse("api:objectives-detail", kwargs={"id": objective.pk})
    assert client.get(url, **bearer(raw)).status_code == 403  # an owner without a role reads no register

    response = _post(
        client,
        reverse("api:measurements-list"),
        {
            "objective": objective.pk,
            "measured_on": TODAY.isoformat(),
            "value": "95",
            "comment": "From the ERP",
        },
        raw,
    )

    assert response.status_code == 201, response.content
    objective.refresh_from_db()
    assert objective.progress == Objective.Progress.ON_TRACK
    assert objective.latest_value == 95
    record = Measurement.objects.get(pk=response.json()["id"]).history.latest()
    assert record.history_user == employee_user
    client.force_login(employee_user)
    home = client.get(reverse("home")).content.decode()
    assert "OBJ-ERP" in home and "On track" in home and "95 %" in home


def test_a_refused_measurement_names_the_field_and_records_nothing(client, quality_user, fingerprint):
    objective = ObjectiveFactory()
    raw = make_token(quality_user)
    before = fingerprint()
    body = {"objective": objective.pk, "measured_on": (TODAY + DAY).isoformat(), "value": "91"}
    response = _post(client, reverse("api:measurements-list"), body, raw)
    assert response.status_code == 400
    assert "future" in response.json()["measured_on"][0]
    assert fingerprint() == before


def test_a_bulk_write_is_all_or_nothing_and_names_the_position(client, quality_user):
    objective = ObjectiveFactory()
    raw = make_token(quality_user)
    good = {"objective": objective.pk, "measured_on": (TODAY - DAY).isoformat(), "value": "85"}
    bad = {"objective": objective.pk, "measured_on": (TODAY + DAY).isoformat(), "value": "86"}
    response = _post(client, reverse("api:measurements-bulk"), {"measurements": [good, bad]}, raw)
    assert response.status_code == 400
    assert "measured_on" in response.json()["measurements"]["1"]
    assert not Measurement.objects.filter(objective=objective).exists()


def test_evidence_with_a_disguised_file_is_refused_and_a_real_one_shows_its_sha256(client, quality_user):
    raw = make_token(quality_user)
    url = reverse("api:evidence-list")
    fields = {
        "title": "Supplier audit",
        "kind": "minutes",
        "fact_date": TODAY.isoformat(),
        "responsibilities": [active_responsibility().pk],
    }
    from django.core.files.uploadedfile import SimpleUploadedFile

    page = SimpleUploadedFile("report.pdf", b"<html><script>alert(1)</script></html>")
    refused = client.post(url, {**fields, "files": [page]}, **bearer(raw))
    assert refused.status_code == 400 and "files" in refused.json()
    assert not Evidence.objects.exists() and not Attachment.objects.exists()

    pdf = SimpleUploadedFile("report.pdf", PDF)
    created = client.post(url, {**fields, "files": [pdf]}, **bearer(raw))
    assert created.status_code == 201, created.content
    (attachment,) = created.json()["attachments"]
    assert attachment["sha256"] == hashlib.sha256(PDF).hexdigest()
    assert attachment["original_name"] == "report.pdf" and attachment["size"] == len(PDF)


def test_a_token_is_shown_once_kept_hashed_used_and_revoked(client, quality_user):
    client.force_login(quality_user)
    listing = reverse("tokens:list")
    assert "You have no tokens yet" in client.get(listing).content.decode()
    expiry = (TODAY + 30 * DAY).isoformat()
    response = client.post(listing, {"name": "ERP", "scope": "read", "expires_on": expiry})
    assert response.status_code == 302
    first = client.get(listing).content.decode()
    token = PersonalAccessToken.objects.get(user=quality_user)
    raw = first.split('class="user-select-all">')[1].split("<")[0]
    assert token.key_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert raw not in client.get(listing).content.decode()  # shown once

    client.logout()
    api = reverse("api:objectives-list")
    assert client.get(api, **bearer(raw)).status_code == 200
    token.refresh_from_db()
    assert token.use.last_used_at is not None

    client.force_login(quality_user)
    client.post(reverse("tokens:revoke", kwargs={"pk": token.pk}))
    client.logout()
    refused = client.get(api, **bearer(raw))
    assert refused.status_code == 401 and refused["WWW-Authenticate"].startswith("Bearer")


def test_an_expired_token_and_a_closed_account_are_refused(client, quality_user, time_machine):
    raw = make_token(quality_user)
    url = reverse("api:objectives-list")
    time_machine.move_to(timezone.now() + 31 * DAY)
    assert client.get(url, **bearer(raw)).status_code == 401
    time_machine.move_to(timezone.now() - 31 * DAY)
    quality_user.is_active = False
    quality_user.save()
    assert client.get(url, **bearer(raw)).status_code == 401


def test_past_the_rate_a_token_gets_429_with_retry_after(client, quality_user, settings):
    settings.QMS_API_THROTTLE_RATE = "2/minute"
    cache.clear()
    raw = make_token(quality_user)
    url = reverse("api:processes-list")
    assert [client.get(url, **bearer(raw)).status_code for _ in range(2)] == [200, 200]
    refused = client.get(url, **bearer(raw))
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    other = make_token(quality_user)
    assert client.get(url, **bearer(other)).status_code == 200  # the budget is per token
    cache.clear()


def test_cursor_pages_cover_every_row_once_in_a_stable_order(client, quality_user):
    for n in range(7):
        ObjectiveFactory(ref=f"OBJ-{n % 3}-{n}")
    raw = make_token(quality_user)
    url, seen = reverse("api:objectives-list") + "?page_size=3", []
    while url:
        page = client.get(url, **bearer(raw)).json()
        seen += [row["ref"] for row in page["results"]]
        url = page["next"]
    assert seen == sorted(seen) and len(seen) == len(set(seen)) == 7


def test_filters_are_the_pages_filters_and_a_bad_one_names_itself(client, quality_user):
    ObjectiveFactory(ref="OBJ-LIVE")
    ObjectiveFactory(ref="OBJ-DONE", status=Objective.Status.ACHIEVED)
    raw = make_token(quality_user)
    url = reverse("api:objectives-list")
    rows = client.get(url + "?status=achieved", **bearer(raw)).json()["results"]
    assert [row["ref"] for row in rows] == ["OBJ-DONE"]
    refused = client.get(url + "?status=nonsense", **bearer(raw))
    assert refused.status_code == 400 and "status" in refused.json()


def test_as_of_reads_the_rows_as_they_were_recorded(client, quality_user, time_machine):
    time_machine.move_to(timezone.now() - 10 * DAY)
    objective = ObjectiveFactory(title="Fewer returns")
    time_machine.move_to(timezone.now() + 10 * DAY)
    objective_services.objective_update(
        objective=objective,
        data={"title": "Fewer returns and complaints"},
        commitment_keys=[],
        by=quality_user,
    )
    raw = make_token(quality_user)
    url = reverse("api:objectives-detail", kwargs={"id": objective.pk})
    past = (timezone.localdate() - 5 * DAY).isoformat()
    assert client.get(url + f"?as_of={past}", **bearer(raw)).json()["title"] == "Fewer returns"
    assert client.get(url, **bearer(raw)).json()["title"] == "Fewer returns and complaints"
    listing = client.get(reverse("api:objectives-list") + f"?as_of={past}", **bearer(raw)).json()
    assert [row["title"] for row in listing["results"]] == ["Fewer returns"]


LIST_AND_DETAIL = [
    (route.name.replace("-detail", "-list"), route)
    for route in ROUTES
    if route.name.endswith("-detail") and route.kwargs is not None
]


# Registers whose matrix record is one of a kind (the version in force): more rows are made thus.
MORE_ROWS = {
    "api:policy-versions-list": lambda users: PolicyVersionFactory(),
    "api:policy-acknowledgements-list": lambda users: PolicyAcknowledgementFactory(
        version=PolicyVersion.objects.in_force().first(), user=UserFactory()
    ),
}


@pytest.mark.parametrize(
    ("list_name", "detail"), LIST_AND_DETAIL, ids=lambda value: getattr(value, "name", value)
)
def test_each_list_runs_the_same_queries_at_two_data_sizes(list_name, detail, client, users_by_role):
    raw = make_token(users_by_role["quality"])
    url = reverse(list_name) + ("?state=all" if "findings" in list_name else "")
    detail.kwargs(users_by_role)
    client.get(url, **bearer(raw))  # warm: the first request loads what every one after reuses
    with CaptureQueriesContext(connection) as small:
        assert client.get(url, **bearer(raw)).status_code == 200
    for _ in range(4):
        MORE_ROWS.get(list_name, detail.kwargs)(users_by_role)
    with CaptureQueriesContext(connection) as large:
        rows = client.get(url, **bearer(raw)).json()["results"]
    assert len(rows) >= 2
    assert len(large) == len(small), [q["sql"][:120] for q in large.captured_queries]


def test_the_schema_and_its_readers_come_from_our_own_server(client):
    schema = client.get(reverse("api:schema") + "?format=json").json()
    operations = [op for path in schema["paths"].values() for op in path.values()]
    assert operations and all("**Permission:**" in op["description"] for op in operations)
    for name in ("api:swagger", "api:redoc"):
        page = client.get(reverse(name)).content.decode()
        assert "/static/drf_spectacular_sidecar/" in page
        assert "https://" not in page


def test_a_browser_session_writes_only_with_the_csrf_token(quality_user):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(quality_user)
    objective = ObjectiveFactory()
    body = {"objective": objective.pk, "measured_on": TODAY.isoformat(), "value": "85"}
    url = reverse("api:measurements-list")
    refused = browser.post(url, json.dumps(body), content_type="application/json")
    assert refused.status_code == 403 and "CSRF" in refused.json()["detail"]
    assert browser.get(reverse("api:objectives-list")).status_code == 200
    assert not Measurement.objects.filter(objective=objective).exists()


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "2026-02-30", "yesterday"])
def test_an_impossible_as_of_day_is_a_400_naming_it(day, client, quality_user):
    url = reverse("api:objectives-list") + f"?as_of={day}"
    response = client.get(url, **bearer(make_token(quality_user)))
    assert response.status_code == 400 and "as_of" in response.json()


def test_your_account_page_leads_to_your_access_tokens(client, employee_user):
    client.force_login(employee_user)
    page = client.get(reverse("account")).content.decode()
    assert reverse("tokens:list") in page
    assert page.count('data-testid="access-tokens"') == 1
