"""In the browser: the quality manager imports a spreadsheet and records a measurement; top
management approves a resource request."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import DEMO_PASSWORD, open_menu

pytestmark = pytest.mark.browser


def _objectives_csv() -> bytes:
    start = timezone.localdate() - datetime.timedelta(days=60)
    due = start + datetime.timedelta(days=365)
    return (
        "Ref,Title,Process,Owner,Baseline,Target,Unit,Direction,Start,Due,Status\n"
        # Proposed: the quality manager's import cannot approve (top management signs that).
        "FIN-01,First-pass yield in final inspection,Purchasing,coo,91,97,%,increase,"
        f"{start},{due},proposed\n"
    ).encode()


def test_quality_manager_imports_a_file_and_records_a_measurement(demo, login, live_server):
    page = login("quality")
    open_menu(page, "Objectives", "Quality objectives")
    page.get_by_role("link", name="Import from a spreadsheet").click()
    page.get_by_label("Objectives").check()
    page.get_by_label("File").set_input_files(
        {"name": "objectives.csv", "mimeType": "text/csv", "buffer": _objectives_csv()}
    )
    page.get_by_role("button", name="Upload and preview").click()
    expect(page.get_by_test_id("import-summary")).to_contain_text("1 to create, 0 to update")
    expect(page.get_by_test_id("import-preview")).to_contain_text("First-pass yield in final inspection")
    page.get_by_role("button", name="Confirm import").click()
    expect(page.get_by_role("alert")).to_contain_text("objectives.csv imported")

    page.get_by_role("link", name="First-pass yield in final inspection").click()
    expect(page.get_by_test_id("progress")).to_have_text("Not measured")
    form = page.get_by_test_id("quick-measurement")
    form.get_by_label("Value").fill("94.5")
    form.get_by_label("Comment").fill("Week 47")
    form.get_by_role("button", name="Record measurement").click()
    expect(page.get_by_role("alert")).to_contain_text("Measurement recorded")
    expect(page.get_by_test_id("measurements")).to_contain_text("Week 47")
    expect(page.get_by_test_id("progress")).to_have_text("On track")
    expect(page.locator("#objective-chart[data-ready=true]")).to_have_count(1)


def test_top_management_approves_a_resource_request(demo, login, live_server):
    page = login("ceo")
    open_menu(page, "Objectives", "Resource requests")
    page.get_by_role("link", name="Requested", exact=True).click()
    page.get_by_role("link", name="Second CMM probe for in-process checks").click()
    page.get_by_label("Approved").check()
    page.get_by_label("Reason").fill("Returns are off track; the probe pays back within a year.")
    page.get_by_label("Your password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Record decision").click()
    expect(page.get_by_role("alert")).to_contain_text("Request approved")
    expect(page.get_by_test_id("decision")).to_contain_text("Approved by Helen Marsh")
    expect(page.get_by_test_id("history")).to_contain_text("Approved: Returns are off track")
