import csv
import datetime
import io
import tracemalloc

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from commitments.models import Process, Responsibility
from reports import registry
from reviews import services
from reviews.models import ReviewAction
from tests.factories import UserFactory
from tests.reports.factories import ProcessFactory
from tests.reviews.factories import held_review

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fixed_clock")]


def _export(client, name: str, fmt: str, query: str = ""):
    return client.get(reverse("reports:export", kwargs={"register": name, "fmt": fmt}) + query)


def _csv_rows(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def _xlsx_rows(response) -> list[tuple]:
    data = b"".join(response.streaming_content)
    sheet = load_workbook(io.BytesIO(data), read_only=True).active
    return [tuple(cell for cell in row) for row in sheet.iter_rows(values_only=True)]


def test_responsibilities_csv_lists_each_item_with_its_owner(client, auditor_user):
    owner = UserFactory(first_name="Helen", last_name="Marsh")
    Responsibility.objects.of_active_edition().filter(code="a").update(owner=owner)
    client.force_login(auditor_user)
    response = _export(client, "responsibilities", "csv")
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith('attachment; filename="responsibilities-')
    header, *rows = _csv_rows(response)
    assert header[:6] == ["Edition", "Clause", "Item", "Title", "Owner", "Evidence cadence (days)"]
    assert header[6:8] == ["Owner set or confirmed by", "Owner confirmed at"]
    assert header[8:] == ["Status", "Last evidence", "Fresh evidence", "Open actions", "Overdue actions"]
    assert [row[2] for row in rows] == list("abcdefghij")
    assert rows[0][3] == "Accountable for QMS effectiveness"
    assert rows[0][4] == "Helen Marsh"
    assert rows[1][4] == ""


def test_processes_xlsx_holds_typed_cells(client, auditor_user):
    ProcessFactory(name="Machining", owner=UserFactory(first_name="Sam", last_name="Lee"))
    client.force_login(auditor_user)
    response = _export(client, "processes", "xlsx")
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    header, row = _xlsx_rows(response)
    assert header[:3] == ("Process", "Owner", "Status")
    assert row[:3] == ("Machining", "Sam Lee", "Active")


def test_review_dates_reach_the_spreadsheet_as_dates(client, auditor_user):
    review = held_review(held_on=datetime.date(2026, 3, 10), title="Spring review")
    client.force_login(auditor_user)
    header, *rows = _xlsx_rows(_export(client, "reviews", "xlsx"))
    row = dict(zip(header, rows[0], strict=True))
    assert row["Review"] == "Spring review"
    assert row["Held"] == datetime.datetime(2026, 3, 10)
    assert row["Chair"] == review.chair.get_full_name()
    csv_row = dict(zip(*_csv_rows(_export(client, "reviews", "csv")), strict=True))
    assert csv_row["Held"] == "2026-03-10"


def _actions(statuses: list[str]) -> None:
    review = held_review()
    decision = services.decision_record(
        review=review, kind="improvement", description="Less scrap", by=review.chair
    )
    for i, status in enumerate(statuses):
        action = services.action_create(
            decision=decision,
            title=f"Action {i} {status}",
            owner=review.chair,
            due_date=timezone.localdate() + datetime.timedelta(days=5 + i),
            by=review.chair,
        )
        if status != ReviewAction.Status.PLANNED:
            services.action_update_status(action=action, status=status, note="Finished", by=review.chair)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_review_actions_export_keeps_the_list_filters(client, auditor_user, fmt):
    _actions(["planned", "done", "planned", "cancelled"])
    client.force_login(auditor_user)
    read = _csv_rows if fmt == "csv" else _xlsx_rows
    everything = read(_export(client, "review_actions", fmt))
    only_done = read(_export(client, "review_actions", fmt, "?status=done"))
    assert len(everything) == 1 + 4
    assert [row[1] for row in only_done[1:]] == ["Action 1 done"]
    # The list page's own filter gives the same rows.
    page = client.get(reverse("reviews:action_list") + "?status=done").content.decode()
    assert "Action 1 done" in page and "Action 0 planned" not in page


def test_an_invalid_filter_exports_no_rows_rather_than_all(client, auditor_user):
    _actions(["planned"])
    client.force_login(auditor_user)
    header, *rows = _csv_rows(_export(client, "review_actions", "csv", "?status=bogus"))
    assert header[0] == "Review" and rows == []


@pytest.mark.parametrize("name", list(registry.REGISTERS))
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_every_register_exports_for_readers_and_not_for_employees(
    client, auditor_user, employee_user, name, fmt
):
    client.force_login(employee_user)
    assert _export(client, name, fmt).status_code == 403
    client.force_login(auditor_user)
    response = _export(client, name, fmt)
    assert response.status_code == 200
    assert response.streaming


def test_export_refuses_a_reader_without_that_registers_permission(client):
    reader = UserFactory()
    reader.user_permissions.add(Permission.objects.get(codename="view_responsibility"))
    client.force_login(reader)
    assert _export(client, "responsibilities", "csv").status_code == 200
    assert _export(client, "processes", "csv").status_code == 403


def test_unknown_register_or_format_is_not_found(client, auditor_user):
    client.force_login(auditor_user)
    assert _export(client, "salaries", "csv").status_code == 404
    assert _export(client, "processes", "pdf").status_code == 404


ROWS = 20_000


@pytest.fixture
def many_processes(db):
    Process.objects.bulk_create(
        Process(name=f"Process {i:06d}", purpose="Machining of housings " * 3) for i in range(ROWS)
    )


@pytest.mark.parametrize(("fmt", "limit_mb"), [("csv", 6), ("xlsx", 6)])
def test_a_large_export_is_streamed_in_bounded_memory(client, auditor_user, many_processes, fmt, limit_mb):
    client.force_login(auditor_user)
    tracemalloc.start()
    try:
        response = _export(client, "processes", fmt)
        assert response.streaming
        size, lines = 0, 0
        for chunk in response.streaming_content:
            size += len(chunk)
            lines += chunk.count(b"\n") if fmt == "csv" else 0
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    response.close()
    if fmt == "csv":
        assert lines == ROWS + 1
    assert size > 100_000
    # Measured ~3 MB; the 20,000 rows as model instances alone would take several times this.
    assert peak < limit_mb * 1024 * 1024, f"peak {peak / 1e6:.1f} MB"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_text_that_looks_like_a_formula_stays_text(client, auditor_user, fmt):
    ProcessFactory(name='=HYPERLINK("http://evil.example","Click")', purpose="@SUM(A1:A2)")
    client.force_login(auditor_user)
    response = _export(client, "processes", fmt)
    if fmt == "csv":
        row = _csv_rows(response)[1]
        assert row[0] == '\'=HYPERLINK("http://evil.example","Click")' and row[3] == "'@SUM(A1:A2)"
    else:
        sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
        assert sheet["A2"].data_type == "s"
        assert sheet["A2"].value == "'" + '=HYPERLINK("http://evil.example","Click")'


def _queries_of_export(client, name: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        b"".join(_export(client, name, "csv").streaming_content)
    return len(queries)


@pytest.mark.parametrize("name", ["review_actions", "reviews", "processes", "policy_versions"])
def test_exports_run_the_same_queries_at_two_data_sizes(client, auditor_user, name):
    client.force_login(auditor_user)
    _actions(["planned"])
    ProcessFactory()
    _export(client, name, "csv")  # warm the session and permission caches
    small = _queries_of_export(client, name)
    _actions(["planned", "done", "planned"])
    for _ in range(4):
        ProcessFactory()
    assert _queries_of_export(client, name) == small


@pytest.fixture
def short_wait(monkeypatch):
    """Exports of more than 3 rows count as too long to wait for."""
    from reports import exports

    monkeypatch.setattr(exports, "WAIT_SECONDS", 3)
    monkeypatch.setattr(exports, "ROWS_PER_SECOND", {"csv": 1, "xlsx": 1})


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_export_too_long_to_wait_for_becomes_a_background_job(client, auditor_user, short_wait, fmt):
    from core.jobs import job_run
    from core.models import Job

    for i in range(5):
        ProcessFactory(name=f"Process {i}")
    ProcessFactory(name="Archived one", archived_at=timezone.now(), archive_reason="Merged")
    client.force_login(auditor_user)
    response = _export(client, "processes", fmt, "?archived=0")
    assert response.status_code == 302 and response.url == reverse("reports:downloads")
    job = Job.objects.get(requested_by=auditor_user)
    assert job.label == f"Processes ({fmt.upper()})" and job.status == Job.Status.QUEUED
    page = client.get(response.url).content.decode()
    assert "too many to make while you wait" in page and "Processes" in page
    job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == Job.Status.DONE, job.error
    download = client.get(reverse("reports:download", args=[job.pk]))
    raw = b"".join(download.streaming_content)
    if fmt == "csv":
        names = [row[0] for row in csv.reader(io.StringIO(raw.decode("utf-8-sig")))][1:]
    else:
        sheet = load_workbook(io.BytesIO(raw), read_only=True).active
        names = [row[0] for row in sheet.iter_rows(values_only=True)][1:]
    assert names == [f"Process {i}" for i in range(5)]


def test_a_small_export_is_still_made_while_you_wait(client, auditor_user, short_wait):
    for i in range(3):
        ProcessFactory(name=f"Process {i}")
    client.force_login(auditor_user)
    response = _export(client, "processes", "csv")
    assert response.status_code == 200 and len(_csv_rows(response)) == 4


def test_the_report_centre_says_big_exports_run_in_the_background(client, auditor_user):
    client.force_login(auditor_user)
    page = client.get(reverse("reports:index")).content.decode()
    # The narrowest register (the measurements import layout, 4 columns) sets the figures.
    assert "500,000 rows as CSV, 200,000 as XLSX" in page
    assert reverse("reports:downloads") in page


def test_a_wide_register_is_sent_to_the_background_sooner_than_a_narrow_one(
    client, auditor_user, monkeypatch
):
    from core.models import Job
    from reports import exports, registry

    # 60 cells a second for 1 s: 6 rows of a 10-column register, 10 of a 6-column one.
    monkeypatch.setattr(exports, "WAIT_SECONDS", 1)
    monkeypatch.setattr(exports, "CELLS_PER_SECOND", {"csv": 60, "xlsx": 60})
    assert len(registry.get("processes").columns) == 10
    assert len(registry.get("policy_communications").columns) == 6
    for i in range(8):
        ProcessFactory(name=f"Process {i}")
    client.force_login(auditor_user)
    response = _export(client, "processes", "csv")
    assert response.status_code == 302 and response.url == reverse("reports:downloads")
    assert Job.objects.filter(requested_by=auditor_user, label="Processes (CSV)").exists()
    assert "more than 6 rows" in client.get(response.url).content.decode()
    # The report centre states the figure beyond which every export goes to the background.
    page = client.get(reverse("reports:index")).content.decode()
    widest_free = max(exports.rows_while_waiting(r, "csv") for r in registry.visible_to(auditor_user))
    assert f"more than {widest_free} rows as CSV" in page
