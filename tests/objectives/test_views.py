"""Pages: owner-only measurement rule, status decisions, resource decisions, import flow, query counts."""

import datetime
from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from objectives import services
from objectives.models import ImportFile, Measurement, Objective, ObjectiveCommitment, ResourceRequest
from tests.factories import PASSWORD, UserFactory
from tests.objectives.factories import (
    ObjectiveFactory,
    ProcessFactory,
    ResourceRequestFactory,
    policy_with_keys,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _measure(client, objective, value="86"):
    return client.post(
        reverse("objectives:measurement_create", args=[objective.pk]),
        {"measured_on": TODAY.isoformat(), "value": value, "comment": "weekly check"},
    )


def test_an_owner_without_a_role_records_a_measurement_of_their_objective(client, employee_user):
    objective = ObjectiveFactory(owner=employee_user, start_date=TODAY - datetime.timedelta(days=10))
    client.force_login(employee_user)
    response = _measure(client, objective)
    assert response.status_code == 302
    measurement = Measurement.objects.get()
    assert measurement.recorded_by == employee_user and measurement.value == D("86")
    assert response.url == reverse("objectives:measurement_create", args=[objective.pk])
    objective.refresh_from_db()
    assert objective.latest_value == D("86")


def test_an_employee_cannot_record_for_someone_elses_objective(client, employee_user, fingerprint):
    objective = ObjectiveFactory(owner=UserFactory(), start_date=TODAY)
    client.force_login(employee_user)
    before = fingerprint()
    assert _measure(client, objective).status_code == 403
    assert fingerprint() == before


def test_a_future_measurement_is_shown_back_with_the_reason(client, quality_user):
    objective = ObjectiveFactory(start_date=TODAY)
    client.force_login(quality_user)
    response = client.post(
        reverse("objectives:measurement_create", args=[objective.pk]),
        {"measured_on": (TODAY + datetime.timedelta(days=3)).isoformat(), "value": "1"},
    )
    assert response.status_code == 200
    assert "cannot be dated in the future" in response.content.decode()
    assert not Measurement.objects.exists()


def test_quality_manager_proposes_but_only_top_management_approves_an_objective(
    client, quality_user, top_user
):
    objective = ObjectiveFactory(status=Objective.Status.DRAFT)
    client.force_login(quality_user)
    url = reverse("objectives:status", args=[objective.pk])
    assert client.post(url, {"status": "proposed"}).status_code == 302
    assert client.post(url, {"status": "active"}).status_code == 403
    assert client.post(url, {"status": "achieved", "reason": "done"}).status_code == 403
    objective.refresh_from_db()
    assert objective.status == Objective.Status.PROPOSED and objective.approved_by is None
    client.force_login(top_user)
    page = client.get(objective.get_absolute_url()).content.decode()
    assert 'data-testid="approval-form"' in page
    client.post(url, {"status": "active", "password": PASSWORD, "meaning": "approved"})
    objective.refresh_from_db()
    assert objective.status == Objective.Status.ACTIVE
    assert objective.approved_by == top_user and objective.approved_at is not None


def test_top_management_marks_an_objective_achieved_with_a_reason(client, top_user):
    objective = ObjectiveFactory()
    client.force_login(top_user)
    response = client.post(
        reverse("objectives:status", args=[objective.pk]),
        {"status": "achieved", "reason": "Target met"},
        follow=True,
    )
    assert "The objective is now achieved." in response.content.decode()
    objective.refresh_from_db()
    assert objective.status == Objective.Status.ACHIEVED


def test_top_management_approves_a_resource_request(client, top_user):
    request = ResourceRequestFactory()
    client.force_login(top_user)
    client.post(
        reverse("objectives:resource_decide", args=[request.pk]),
        {"status": "approved", "reason": "In budget", "meaning": "responsible", "password": PASSWORD},
    )
    request.refresh_from_db()
    assert request.status == ResourceRequest.Status.APPROVED and request.decided_by == top_user


def test_a_decision_without_a_reason_changes_nothing(client, top_user, fingerprint):
    request = ResourceRequestFactory()
    client.force_login(top_user)
    before = fingerprint()
    response = client.post(reverse("objectives:resource_decide", args=[request.pk]), {"status": "approved"})
    assert response.status_code == 302 and fingerprint() == before


def test_quality_manager_creates_an_objective_linked_to_commitments(client, quality_user):
    policy_with_keys("on-time-delivery")
    client.force_login(quality_user)
    response = client.post(
        reverse("objectives:create"),
        {
            "ref": "OTD-1",
            "title": "On-time delivery",
            "commitment_keys": ["on-time-delivery"],
            "direction": "increase",
            "baseline": "88",
            "target": "95",
            "frequency_days": "30",
            "start_date": TODAY.isoformat(),
        },
    )
    assert response.status_code == 302
    objective = Objective.objects.get(ref="OTD-1")
    assert objective.status == Objective.Status.DRAFT
    assert list(ObjectiveCommitment.objects.values_list("key", flat=True)) == ["on-time-delivery"]


def test_browser_import_previews_then_imports_on_confirmation(client, quality_user):
    policy_with_keys("customer-satisfaction")
    ProcessFactory(name="Sales")
    client.force_login(quality_user)
    content = (
        b"Ref,TITLE,commitment_keys,process,target\nCS-1,Happier customers,customer-satisfaction,Sales,8.5\n"
    )
    upload = _upload(content, "objectives.csv")
    response = client.post(reverse("objectives:import_upload"), {"kind": "objectives", "file": upload})
    staged = ImportFile.objects.get()
    assert response.url == reverse("objectives:import_preview", args=[staged.pk])
    preview = client.get(response.url).content.decode()
    assert "1 to create" in preview and "create: Happier customers" in preview
    assert not Objective.objects.exists()
    client.post(reverse("objectives:import_confirm", args=[staged.pk]))
    assert Objective.objects.get(ref="CS-1").process.name == "Sales"
    staged.refresh_from_db()
    assert staged.status == ImportFile.Status.APPLIED


def test_browser_import_of_a_bad_file_lists_every_bad_row_and_imports_nothing(client, quality_user):
    client.force_login(quality_user)
    content = b"ref,title,target\nA,,x\nB,ok,1\nC,ok,1e99\n"
    client.post(
        reverse("objectives:import_upload"), {"kind": "objectives", "file": _upload(content, "o.csv")}
    )
    staged = ImportFile.objects.get()
    page = client.get(reverse("objectives:import_preview", args=[staged.pk])).content.decode()
    assert "Line 2:" in page and "Line 4:" in page and "Line 3:" not in page
    client.post(reverse("objectives:import_confirm", args=[staged.pk]))
    assert not Objective.objects.exists()


def _upload(content: bytes, name: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_auditor_exports_objectives(client, auditor_user, fmt):
    ObjectiveFactory(ref="EXP-1")
    client.force_login(auditor_user)
    response = client.get(reverse("reports:export", args=["objectives_import", fmt]))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(f'.{fmt}"')
    if fmt == "csv":
        assert b"EXP-1" in b"".join(response.streaming_content)


def test_list_filters_by_commitment_and_progress(client, auditor_user):
    kept = ObjectiveFactory(title="Kept")
    ObjectiveCommitment.objects.create(objective=kept, key="on-time-delivery")
    ObjectiveFactory(title="Other")
    Objective.objects.filter(pk=kept.pk).update(progress=Objective.Progress.OFF_TRACK)
    policy_with_keys("on-time-delivery")
    client.force_login(auditor_user)
    page = client.get(reverse("objectives:list"), {"commitment": "on-time-delivery", "progress": "off_track"})
    assert list(page.context["objectives"]) == [kept]


def _many_objectives(n: int):
    process = ProcessFactory(name="Machining")
    owner = UserFactory()
    objectives = ObjectiveFactory.create_batch(n, process=process, owner=owner)
    ObjectiveCommitment.objects.bulk_create(
        [ObjectiveCommitment(objective=o, key="meet-requirements") for o in objectives]
    )
    return objectives


def _count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_objective_list_and_detail_run_the_same_queries_at_10_and_1000_objectives(
    client, auditor_user, django_assert_num_queries
):
    client.force_login(auditor_user)
    small = _many_objectives(10)
    for objective in small[:1]:
        for day in range(3):
            services.measurement_record(
                objective=objective, measured_on=objective.start_date + datetime.timedelta(days=day),
                value=D(80 + day), by=objective.owner,
            )  # fmt: skip
        ResourceRequestFactory(objective=objective)
    list_url, detail_url = reverse("objectives:list"), reverse("objectives:detail", args=[small[0].pk])
    list_queries, detail_queries = _count_queries(client, list_url), _count_queries(client, detail_url)
    more = ObjectiveFactory.create_batch(990, process=small[0].process, owner=small[0].owner)
    ObjectiveCommitment.objects.bulk_create(
        [ObjectiveCommitment(objective=o, key="meet-requirements") for o in more]
    )
    for day in range(3, 20):
        Measurement.objects.create(
            objective=small[0], measured_on=small[0].start_date + datetime.timedelta(days=day), value=D(85)
        )
    ResourceRequestFactory.create_batch(5, objective=small[0])
    with django_assert_num_queries(list_queries):
        assert len(client.get(list_url).context["objectives"]) == 25
    with django_assert_num_queries(detail_queries):
        assert len(client.get(detail_url).context["measurements"]) == 20


def test_the_resource_queue_lists_requests_awaiting_a_decision_first(client, top_user):
    decided = ResourceRequestFactory(description="Decided")
    services.resource_request_decide(
        request=decided, status="rejected", reason="No budget", by=top_user, password=PASSWORD
    )
    waiting = ResourceRequestFactory(description="Waiting")
    ResourceRequest.objects.filter(pk=waiting.pk).update(
        requested_at=timezone.now() - datetime.timedelta(days=9)
    )
    client.force_login(top_user)
    queue = client.get(reverse("objectives:resource_list")).context["requests"]
    assert [r.description for r in queue] == ["Waiting", "Decided"]


def test_archiving_an_objective_hides_it_from_the_list_but_keeps_its_page(client, quality_user):
    objective = ObjectiveFactory(title="Old objective")
    client.force_login(quality_user)
    client.post(reverse("objectives:archive", args=[objective.pk]), {"reason": "Replaced by OTD-02"})
    objective.refresh_from_db()
    assert objective.is_archived and objective.archived_by == quality_user
    assert objective not in client.get(reverse("objectives:list")).context["objectives"]
    page = client.get(reverse("objectives:detail", args=[objective.pk])).content.decode()
    assert "Replaced by OTD-02" in page


@pytest.mark.parametrize("kind", ["objectives", "measurements"])
def test_downloadable_templates_carry_the_documented_columns_and_import_cleanly(client, quality_user, kind):
    from objectives import imports

    client.force_login(quality_user)
    response = client.get(reverse("objectives:template", args=[kind, "xlsx"]))
    plan = imports.plan_file(kind=kind, content=response.content, filename="t.xlsx", by=quality_user)
    assert plan.ok and not plan.creates
    csv_header = client.get(reverse("objectives:template", args=[kind, "csv"])).content.decode().strip()
    assert csv_header.split(",") == [f'"{column}"' for column in imports.COLUMNS[kind]]
