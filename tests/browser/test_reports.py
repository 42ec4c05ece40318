"""The external auditor logs in, lands on the report centre and takes away a verifiable audit pack."""

import csv
import hashlib
import io
import zipfile

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


@pytest.fixture
def eager_jobs():
    """Background jobs run at once, in the request that queues them (no worker in browser tests)."""
    from qms_leadership.celery import app

    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = before


def test_auditor_prepares_and_downloads_a_verifiable_audit_pack(demo, login, live_server, eager_jobs):
    page = login("auditor")
    # The jobs run inside the request here (no worker): give the build the time a worker would take.
    page.set_default_timeout(180_000)
    page.set_default_navigation_timeout(180_000)
    expect(page).to_have_url(f"{live_server.url}/reports/")
    expect(page.get_by_test_id("report-centre")).to_contain_text("Leadership commitment audit pack")
    page.get_by_role("link", name="Open the audit pack").click()
    expect(page.get_by_test_id("section-responsibilities")).to_contain_text(
        "Accountable for QMS effectiveness"
    )
    for key in ("leadership_acts", "traceability", "evidence", "actions", "reviews", "registers", "history"):
        expect(page.get_by_test_id(f"section-{key}")).to_be_visible()
    expect(page.get_by_test_id("cover-organisation")).to_contain_text("Northwind Precision Components")
    page.get_by_test_id("prepare-pack").click()
    expect(page).to_have_url(f"{live_server.url}/reports/downloads/")
    expect(page.locator('[data-status="done"]')).to_have_count(2)
    with page.expect_download() as download_info:
        page.get_by_role("row", name="(ZIP)").get_by_role("link", name="Download").click()
    download = download_info.value
    assert download.suggested_filename.startswith("audit-pack-") and download.suggested_filename.endswith(
        ".zip"
    )
    archive = zipfile.ZipFile(download.path())
    manifest = list(csv.DictReader(io.StringIO(archive.read("manifest.csv").decode())))
    assert any(row["file"].startswith("minutes/") for row in manifest)
    for row in manifest:
        assert hashlib.sha256(archive.read(row["file"])).hexdigest() == row["sha256"]
    fingerprint = archive.read("manifest.sha256").decode().split()[0]
    assert fingerprint == hashlib.sha256(archive.read("manifest.csv")).hexdigest()
    # Back on the pack's page, the files built for today's records download directly.
    page.goto(f"{live_server.url}/reports/audit-pack/")
    expect(page.get_by_test_id("download-zip")).to_be_visible()
    # Nothing on the way offered a change.
    expect(page.get_by_role("button", name="Save")).to_have_count(0)


def test_auditor_exports_the_evidence_list_as_filtered(demo, login, live_server):
    page = login("auditor")
    page.goto(f"{live_server.url}/commitments/evidence/?kind=minutes")
    links = page.get_by_test_id("export-links")
    with page.expect_download() as download_info:
        links.get_by_role("link", name="CSV").click()
    download = download_info.value
    assert download.suggested_filename.startswith("evidence-")
    with open(download.path(), encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert rows and {row["Kind"] for row in rows} == {"Meeting minutes"}
