"""A quality manager records evidence with a file; an auditor opens it and downloads the file, read-only."""

import hashlib
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from commitments.demo import _pdf
from tests.browser.conftest import open_menu

pytestmark = pytest.mark.browser


def test_quality_manager_records_evidence_and_auditor_reads_it(demo, login, live_server, page):
    content = _pdf("Quality objectives cascade briefing")
    login("quality")
    open_menu(page, "Leadership", "Evidence")
    page.get_by_role("link", name="Record evidence").click()
    page.get_by_label("Title").fill("Objectives cascade briefing")
    page.get_by_label("Kind").select_option(label="Communication")
    page.get_by_label("Date of the fact").fill(timezone.localdate().isoformat())
    page.get_by_label(re.compile("Policy and objectives exist")).check()
    page.get_by_label("Files").set_input_files(
        files=[{"name": "cascade briefing.pdf", "mimeType": "application/pdf", "buffer": content}]
    )
    page.get_by_role("button", name="Save evidence").click()
    expect(page.get_by_text("Evidence saved.")).to_be_visible()
    expect(page.get_by_test_id("attachments")).to_contain_text(hashlib.sha256(content).hexdigest())
    evidence_url = page.url

    page.context.clear_cookies()
    login("auditor")
    page.goto(evidence_url)
    expect(page.get_by_role("heading", name="Objectives cascade briefing")).to_be_visible()
    expect(page.get_by_role("link", name="Edit")).to_have_count(0)
    expect(page.get_by_role("link", name="Archive")).to_have_count(0)
    with page.expect_download() as info:
        page.get_by_role("link", name="cascade briefing.pdf").click()
    download = info.value
    assert download.suggested_filename == "cascade briefing.pdf"
    with open(download.path(), "rb") as handle:
        assert handle.read() == content


def test_register_shows_green_amber_and_red(demo, login, live_server):
    page = login("ceo")
    page.goto(f"{live_server.url}/commitments/responsibilities/")
    register = page.get_by_test_id("responsibility-register")
    expect(register).to_contain_text("Green: Evidenced")
    expect(register).to_contain_text("Amber: Needs attention")
    expect(register).to_contain_text("Red: No fresh evidence")
