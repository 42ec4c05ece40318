"""In the browser: an auditor sorts a long list, pages to its end and back, and shares the link."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import open_menu
from tests.objectives.factories import ObjectiveFactory

pytestmark = pytest.mark.browser


def test_auditor_sorts_pages_to_the_last_page_and_back(demo, login, live_server):
    ObjectiveFactory.create_batch(60)
    page = login("auditor")
    open_menu(page, "Objectives", "Quality objectives")
    table = page.get_by_test_id("objective-list")
    page.get_by_role("link", name="Ref ▲").click()  # sorted by ref already: reverse it
    expect(page.get_by_role("columnheader", name="Ref ▼")).to_be_visible()
    newest = table.locator("tbody tr td").first.inner_text()
    pagination = page.get_by_test_id("pagination")
    expect(pagination).to_contain_text("records, 25 on this page")
    pagination.get_by_role("link", name="Next").click()
    expect(table.locator("tbody tr td").first).not_to_have_text(newest)
    pagination = page.get_by_test_id("pagination")
    pagination.get_by_role("link", name="Last").click()
    expect(page.get_by_test_id("pagination").get_by_role("link", name="Next")).to_have_count(0)
    shared = page.url
    assert "sort=-ref" in shared and "last=1" in shared
    page.goto(shared)  # the same page for a colleague opening the link
    page.get_by_test_id("pagination").get_by_role("link", name="First").click()
    expect(table.locator("tbody tr td").first).to_have_text(newest)
