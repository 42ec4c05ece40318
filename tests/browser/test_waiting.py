"""In the browser: the CEO finds the draft policy in "Waiting for me" and approves it from there."""

import pytest
from playwright.sync_api import expect

from commitments.models import PolicyVersion
from tests.browser.conftest import DEMO_PASSWORD

pytestmark = pytest.mark.browser


def test_ceo_approves_the_draft_from_the_waiting_list(demo, login, live_server):
    page = login("ceo")
    expect(page.get_by_test_id("waiting-count")).not_to_contain_text(" 0 ")
    waiting = page.get_by_test_id("waiting")
    item = waiting.get_by_test_id("waiting-item").filter(has_text="Policy draft to approve")
    expect(item).to_contain_text("Quality policy, version 3")
    item.get_by_test_id("waiting-button").click()
    expect(page.get_by_test_id("version-status")).to_have_text("Draft")
    page.get_by_label("Your password").fill(DEMO_PASSWORD)
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Approve version 3").click()
    expect(page.get_by_test_id("version-status")).to_have_text("Approved (in force)")
    assert PolicyVersion.objects.in_force().get().number == 3
    page.goto(f"{live_server.url}/")
    expect(page.get_by_test_id("waiting")).not_to_contain_text("Policy draft to approve")


@pytest.mark.parametrize("username", ["ceo", "quality"])
def test_navigation_fits_one_row_at_1366_pixels(demo, login, live_server, username):
    page = login(username)
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(f"{live_server.url}/")
    nav = page.get_by_role("navigation", name="Main navigation")
    tops = {round(item.bounding_box()["y"]) for item in nav.locator(".navbar-nav > .nav-item").all()}
    assert len(tops) == 1, tops
