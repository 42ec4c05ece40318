"""In the browser: the CEO opens the transition cockpit, previews the switch to ISO 9001:2026,
performs it with a reason, and the heat map then shows the twelve items of the new edition."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_ceo_previews_and_performs_the_switch_then_sees_twelve_tiles(demo, login, page):
    login("ceo")
    expect(page.get_by_test_id("heat-map").locator("a.heat-tile")).to_have_count(10)
    page.get_by_test_id("nav-transition").click()
    expect(page.get_by_role("heading", name="Transition to ISO 9001:2026")).to_be_visible()
    expect(page.get_by_test_id("state-leadership-i")).to_have_text("New: nothing yet")
    page.get_by_test_id("switch-preview").click()
    counts = page.get_by_test_id("switch-preview-counts")
    expect(counts).to_be_visible()
    expect(page.get_by_test_id("count-evidence")).not_to_have_text("0 (0 links)")
    page.get_by_label("Reason").fill("Our certification body audits to the 2026 edition from next spring.")
    page.get_by_label("I have read the preview").check()
    page.get_by_role("button", name="Switch the edition").click()
    expect(page.get_by_test_id("transition-status")).to_contain_text("works to ISO 9001:2026")
    expect(page.get_by_test_id("state-leadership-j")).to_have_text("Split: needs a decision")
    page.get_by_role("link", name="QMS Leadership").click()
    tiles = page.get_by_test_id("heat-map").locator("a.heat-tile")
    expect(tiles).to_have_count(12)
    expect(page.get_by_test_id("heat-tile-l")).to_be_visible()
