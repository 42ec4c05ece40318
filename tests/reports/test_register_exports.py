"""Each register's export: its columns in CSV and XLSX, and the list page's filters respected."""

import datetime
import hashlib
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from commitments.models import Evidence, LeadershipAction
from findings.models import Finding
from objectives import imports
from objectives.models import Objective, ResourceRequest
from tests.commitments.factories import PDF, AttachmentFactory, EvidenceFactory, LeadershipActionFactory
from tests.factories import UserFactory
from tests.objectives.factories import MeasurementFactory, ObjectiveOf2026Factory, ResourceRequestFactory
from tests.policy.factories import ManagementRoleFactory, RiskFactory
from tests.reports.factories import PolicyVersionFactory, ProcessFactory, finding
from tests.reports.test_exports import _csv_rows, _export, _xlsx_rows

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fixed_clock")]


def _records(client, name: str, fmt: str, query: str = "") -> list[dict]:
    """The export as one dict per row, keyed by header, whatever the format."""
    response = _export(client, name, fmt, query)
    assert response.status_code == 200 and response.streaming
    header, *rows = (_csv_rows if fmt == "csv" else _xlsx_rows)(response)
    return [dict(zip(header, row, strict=True)) for row in rows]


def _text(value) -> str:
    """A cell as text: XLSX gives None for an empty cell and datetimes for dates."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    return str(value)


FORMATS = pytest.mark.parametrize("fmt", ["csv", "xlsx"])


@FORMATS
def test_evidence_export_lists_files_with_their_sha256_and_keeps_the_kind_filter(client, auditor_user, fmt):
    minutes = EvidenceFactory(title="Board minutes", kind=Evidence.Kind.MEETING_MINUTES)
    AttachmentFactory(evidence=minutes, original_name="board-march.pdf")
    EvidenceFactory(title="Town hall talk", kind=Evidence.Kind.COMMUNICATION)
    client.force_login(auditor_user)
    everything = _records(client, "evidence", fmt)
    assert {r["Title"] for r in everything} == {"Board minutes", "Town hall talk"}
    (row,) = _records(client, "evidence", fmt, "?kind=minutes")
    assert row["Title"] == "Board minutes" and row["Kind"] == "Meeting minutes"
    assert row["Files"] == "board-march.pdf"
    assert row["SHA-256"] == hashlib.sha256(PDF).hexdigest()
    assert row["Responsibilities"] == "a"
    assert _text(row["Date of fact"]) == minutes.fact_date.isoformat()


def test_evidence_export_leaves_archived_records_out_unless_the_filter_asks(client, auditor_user):
    EvidenceFactory(title="Kept")
    EvidenceFactory(title="Withdrawn", archived_at=timezone.now(), archive_reason="Duplicate")
    client.force_login(auditor_user)
    assert [r["Title"] for r in _records(client, "evidence", "csv")] == ["Kept"]
    archived = _records(client, "evidence", "csv", "?archived=only")
    assert [(r["Title"], r["Archive reason"]) for r in archived] == [("Withdrawn", "Duplicate")]


@FORMATS
def test_leadership_actions_export_keeps_the_status_filter(client, auditor_user, fmt):
    LeadershipActionFactory(title="Open the Q2 town hall")
    LeadershipActionFactory(
        title="Fund the CMM probe", status=LeadershipAction.Status.DONE, completed_on=timezone.localdate()
    )
    client.force_login(auditor_user)
    assert len(_records(client, "leadership_actions", fmt)) == 2
    (row,) = _records(client, "leadership_actions", fmt, "?status=done")
    assert row["Action"] == "Fund the CMM probe" and row["Status"] == "Done" and row["Item"] == "a"


@FORMATS
def test_policy_versions_export_gives_the_acknowledgement_count(client, auditor_user, fmt):
    version = PolicyVersionFactory(number=7, title="Quality policy")
    type(version).objects.filter(pk=version.pk).update(acknowledgement_count=41)
    client.force_login(auditor_user)
    (row,) = _records(client, "policy_versions", fmt)
    assert _text(row["Version"]) == "7" and _text(row["Acknowledged by"]) == "41"


@FORMATS
def test_processes_export_keeps_the_search_and_the_archive_toggle(client, auditor_user, fmt):
    ProcessFactory(name="CNC machining")
    ProcessFactory(name="Purchasing")
    ProcessFactory(name="Old machining cell", archived_at=timezone.now())
    client.force_login(auditor_user)
    assert [r["Process"] for r in _records(client, "processes", fmt, "?q=machin")] == ["CNC machining"]
    archive = _records(client, "processes", fmt, "?archived=only")
    assert [r["Process"] for r in archive] == ["Old machining cell"]


@FORMATS
def test_risks_export_keeps_the_level_filter(client, auditor_user, fmt):
    RiskFactory(title="Spindle failure", likelihood=4, impact=4, score=16)
    RiskFactory(title="Late paperwork", likelihood=1, impact=2, score=2)
    client.force_login(auditor_user)
    (row,) = _records(client, "risks", fmt, "?level=high")
    assert row["Title"] == "Spindle failure" and row["Level"] == "High" and _text(row["Score"]) == "16"
    assert {r["Title"] for r in _records(client, "risks", fmt)} == {"Spindle failure", "Late paperwork"}


@FORMATS
def test_management_roles_export_keeps_the_filters(client, auditor_user, fmt):
    ManagementRoleFactory(title="Production manager", area="Machining")
    ManagementRoleFactory(title="Purchasing lead", area="Supply chain")
    client.force_login(auditor_user)
    (row,) = _records(client, "management_roles", fmt, "?area=supply")
    assert row["Role"] == "Purchasing lead" and row["Authorities"] == "Stops the line."


@FORMATS
def test_objectives_export_keeps_the_progress_filter_and_shows_stored_figures(client, auditor_user, fmt):
    behind = ObjectiveOf2026Factory(ref="OBJ-OTD", title="On-time delivery")
    ObjectiveOf2026Factory(ref="OBJ-SCRAP", title="Scrap rate")
    Objective.objects.filter(pk=behind.pk).update(
        progress=Objective.Progress.OFF_TRACK, latest_value=Decimal("81.5")
    )
    client.force_login(auditor_user)
    assert len(_records(client, "objectives", fmt)) == 2
    (row,) = _records(client, "objectives", fmt, "?progress=off_track")
    assert row["Ref"] == "OBJ-OTD" and row["Progress"] == "Off track"
    assert Decimal(_text(row["Latest value"])) == Decimal("81.5")
    assert Decimal(_text(row["Target"])) == Decimal("90")


@FORMATS
def test_measurements_export_holds_the_values_of_the_filtered_objectives(client, auditor_user, fmt):
    MeasurementFactory(objective=ObjectiveOf2026Factory(ref="OBJ-OTD"), value=Decimal("84.5"))
    MeasurementFactory(objective=ObjectiveOf2026Factory(ref="OBJ-SCRAP"), value=Decimal("3"))
    client.force_login(auditor_user)
    assert len(_records(client, "measurements", fmt)) == 2
    (row,) = _records(client, "measurements", fmt, "?q=OTD")
    assert row["Objective"] == "OBJ-OTD" and Decimal(_text(row["Value"])) == Decimal("84.5")
    assert _text(row["Date"]) == "2026-02-01"


@FORMATS
def test_resource_requests_export_keeps_the_status_filter(client, auditor_user, fmt):
    ResourceRequestFactory(description="CMM probe")
    ResourceRequestFactory(
        description="Forklift training",
        status=ResourceRequest.Status.REJECTED,
        decision_reason="Budget next year",
        decided_by=UserFactory(first_name="Helen", last_name="Marsh"),
    )
    client.force_login(auditor_user)
    (row,) = _records(client, "resource_requests", fmt, "?status=rejected")
    assert row["What"] == "Forklift training" and row["Decision reason"] == "Budget next year"
    assert row["Decided by"] == "Helen Marsh"


def _finding(label: str, **fields) -> Finding:
    return finding(RiskFactory(), label, rule_code="RISK-REVIEW", **fields)


@FORMATS
def test_findings_export_shows_open_findings_by_default_and_others_on_request(client, auditor_user, fmt):
    _finding("Spindle failure")
    _finding("Late paperwork", resolved_at=timezone.now())
    _finding(
        "Supplier audit",
        accepted_until=timezone.localdate() + datetime.timedelta(days=30),
        acceptance_reason="Audit booked for next month",
    )
    client.force_login(auditor_user)
    assert [r["Subject"] for r in _records(client, "findings", fmt)] == ["Spindle failure"]
    everything = {r["Subject"]: r for r in _records(client, "findings", fmt, "?state=all")}
    assert everything["Late paperwork"]["State"] == "Resolved"
    assert everything["Supplier audit"]["State"] == "Accepted"
    assert everything["Supplier audit"]["Acceptance reason"] == "Audit booked for next month"
    assert everything["Supplier audit"]["About"] == "Risk"


@FORMATS
def test_objectives_page_download_is_re_importable_and_keeps_the_filters(client, quality_user, fmt):
    ObjectiveOf2026Factory(ref="OBJ-OTD", title="On-time delivery", owner=quality_user)
    ObjectiveOf2026Factory(ref="OBJ-SCRAP", title="Scrap rate", owner=quality_user)
    client.force_login(quality_user)
    response = client.get(reverse("reports:export", args=["objectives_import", fmt]) + "?q=OTD")
    assert response.status_code == 200 and response.streaming
    content = b"".join(response.streaming_content)
    plan = imports.import_file(kind="objectives", content=content, filename=f"o.{fmt}", by=quality_user)
    assert plan.ok, plan.errors
    assert plan.unchanged == 1 and not plan.creates


def test_objectives_page_measurement_download_is_re_importable(client, quality_user):
    MeasurementFactory(objective=ObjectiveOf2026Factory(ref="OBJ-OTD"), value=Decimal("84.5"))
    client.force_login(quality_user)
    response = client.get(reverse("reports:export", args=["measurements_import", "csv"]))
    content = b"".join(response.streaming_content)
    lines = content.decode("utf-8-sig").splitlines()
    # Every field quoted, so no separator inside a value can split it.
    assert lines == ['"objective_ref","date","value","comment"', '"OBJ-OTD","2026-02-01","84.5",""']
    plan = imports.import_file(kind="measurements", content=content, filename="m.csv", by=quality_user)
    assert plan.ok and plan.unchanged == 1


def test_objectives_page_download_of_an_unknown_kind_is_not_found(client, auditor_user):
    client.force_login(auditor_user)
    assert client.get(reverse("reports:export", args=["salaries", "csv"])).status_code == 404


LIST_PAGES = [
    ("commitments:evidence_list", "evidence", "kind=minutes"),
    ("commitments:action_list", "leadership_actions", "status=done"),
    ("commitments:responsibility_list", "responsibilities", ""),
    ("policy:version_list", "policy_versions", ""),
    ("registers:process_list", "processes", "archived=only"),
    ("registers:risk_list", "risks", "level=high"),
    ("registers:role_list", "management_roles", "area=supply"),
    ("objectives:list", "objectives", "progress=off_track"),
    ("objectives:list", "measurements", "progress=off_track"),
    ("objectives:resource_list", "resource_requests", "status=approved"),
    ("reviews:list", "reviews", ""),
    ("reviews:action_list", "review_actions", "status=done"),
    ("findings:list", "findings", "state=resolved"),
]


# Not "page": that name is Playwright's browser-page fixture.
@pytest.mark.parametrize(("list_page", "register", "query"), LIST_PAGES)
def test_each_list_page_links_to_its_export_with_its_current_filters(
    client, auditor_user, list_page, register, query
):
    client.force_login(auditor_user)
    html = client.get(reverse(list_page) + (f"?{query}" if query else "")).content.decode()
    for fmt in ("csv", "xlsx"):
        link = reverse("reports:export", kwargs={"register": register, "fmt": fmt})
        assert f'href="{link}{"?" + query if query else ""}"' in html, (list_page, fmt)


def _grow_every_register(n: int) -> None:
    for _ in range(n):
        evidence = EvidenceFactory()
        AttachmentFactory(evidence=evidence)
        LeadershipActionFactory()
        RiskFactory(process=ProcessFactory())
        ManagementRoleFactory()
        MeasurementFactory(objective=ObjectiveOf2026Factory())
        ResourceRequestFactory()
        _finding("Gap")


@pytest.mark.parametrize(
    "name",
    [
        "evidence",
        "leadership_actions",
        "risks",
        "management_roles",
        "objectives",
        "measurements",
        "objectives_import",
        "resource_requests",
        "findings",
    ],
)
def test_register_exports_run_the_same_queries_at_two_data_sizes(client, auditor_user, name):
    client.force_login(auditor_user)
    _grow_every_register(1)
    b"".join(_export(client, name, "csv").streaming_content)  # warm the session and permission caches
    with CaptureQueriesContext(connection) as small:
        b"".join(_export(client, name, "csv").streaming_content)
    _grow_every_register(4)
    with CaptureQueriesContext(connection) as large:
        rows = _records(client, name, "csv", "?state=all" if name == "findings" else "")
    assert len(rows) >= 5
    assert len(large) == len(small)
