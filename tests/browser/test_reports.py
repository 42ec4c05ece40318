"""The external auditor logs in, lands on the report centre and takes away a verifiable audit pack."""

import csv
import hashlib
import io
import zipfile

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_auditor_downloads_a_verifiable_audit_pack(demo, login, live_server):
    page = login("auditor")
    expect(page).to_have_url(f"{live_server.url}/reports/")
    expect(page.get_by_test_id("report-centre")).to_contain_text("Leadership commitment audit pack")
    page.get_by_role("link", name="Open the audit pack").click()
    expect(page.get_by_test_id("section-responsibilities")).to_contain_text(
        "Accountable for QMS effectiveness"
    )
    for key in ("evidence", "actions", "objectives", "findings"):
        expect(page.get_by_test_id(f"section-{key}")).to_be_visible()
    with page.expect_download() as download_info:
        page.get_by_test_id("download-zip").click()
    download = download_info.value
    assert download.suggested_filename.startswith("audit-pack-") and download.suggested_filename.endswith(
        ".zip"
    )
    archive = zipfile.ZipFile(download.path())
    manifest = list(csv.DictReader(io.StringIO(archive.read("manifest.csv").decode())))
    assert manifest and manifest[0]["file"] == "audit-pack.pdf"
    for row in manifest:
        assert hashlib.sha256(archive.read(row["file"])).hexdigest() == row["sha256"]
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
