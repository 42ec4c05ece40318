"""In the browser: top management approves the draft policy; an employee acknowledges it from the banner."""

import pytest
from playwright.sync_api import expect

from commitments.models import PolicyAcknowledgement, PolicyVersion
from tests.browser.conftest import DEMO_PASSWORD, open_menu

pytestmark = pytest.mark.browser


def test_top_management_approves_the_draft_in_the_browser(demo, login, live_server):
    page = login("ceo")
    open_menu(page, "Policy", "Quality policy")
    page.goto(f"{live_server.url}/policy/versions/")
    page.get_by_role("link", name="v3 Quality policy").click()
    expect(page.get_by_test_id("version-status")).to_have_text("Draft")
    page.get_by_label("Your password").fill(DEMO_PASSWORD)
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Approve version 3").click()
    expect(page.get_by_test_id("version-status")).to_have_text("Approved (in force)")
    expect(page.get_by_test_id("approval")).to_contain_text("Helen Marsh")
    assert PolicyVersion.objects.in_force().get().number == 3
    assert PolicyVersion.objects.get(number=2).status == "superseded"


def test_employee_acknowledges_the_policy_from_the_banner(demo, login, live_server):
    page = login("operator")
    banner = page.get_by_test_id("policy-banner")
    expect(banner).to_contain_text("Version 2")
    page.get_by_test_id("acknowledge-policy").click()
    expect(page.get_by_text("you acknowledged version 2")).to_be_visible()
    expect(page.get_by_test_id("policy-banner")).to_have_count(0)
    assert PolicyAcknowledgement.objects.filter(user__username="operator", version__number=2).exists()


def test_auditor_sees_every_version_but_no_acknowledge_button(demo, login, live_server):
    page = login("auditor")
    expect(page.get_by_test_id("policy-banner")).to_have_count(0)
    expect(page.get_by_test_id("acknowledge-policy")).to_have_count(0)
    page.goto(f"{live_server.url}/policy/versions/")
    expect(page.get_by_test_id("version-list")).to_contain_text("Superseded")
