"""In the browser: the CEO finds the draft policy in "Waiting for me" and approves it from there."""

import pytest
from playwright.sync_api import expect

from commitments.models import PolicyVersion

pytestmark = pytest.mark.browser


def test_ceo_approves_the_draft_from_the_waiting_list(demo, login, live_server):
    page = login("ceo")
    expect(page.get_by_test_id("waiting-count")).not_to_contain_text(" 0 ")
    waiting = page.get_by_test_id("waiting")
    item = waiting.get_by_test_id("waiting-item").filter(has_text="Policy draft to approve")
    expect(item).to_contain_text("Quality policy, version 3")
    item.get_by_test_id("waiting-button").click()
    expect(page.get_by_test_id("version-status")).to_have_text("Draft")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Approve version 3").click()
    expect(page.get_by_test_id("version-status")).to_have_text("Approved (in force)")
    assert PolicyVersion.objects.in_force().get().number == 3
    page.goto(f"{live_server.url}/")
    expect(page.get_by_test_id("waiting")).not_to_contain_text("Policy draft to approve")
