"""In the browser: the CEO adds a person, gives a role, unlocks and deactivates the account."""

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from qms_leadership.roles import role_of
from tests.people.factories import lock_out

pytestmark = pytest.mark.browser


def test_ceo_administers_a_persons_access(demo, login, live_server):
    page = login("ceo")
    page.get_by_test_id("user-menu").click()
    page.get_by_role("link", name="People and access").click()
    page.get_by_role("link", name="Add a person").click()
    page.get_by_label("Username").fill("nadia")
    page.get_by_label("First name").fill("Nadia")
    page.get_by_label("Last name").fill("Okafor")
    page.get_by_role("button", name="Add person").click()
    expect(page.get_by_role("alert")).to_contain_text("temporary password is")
    expect(page.get_by_test_id("person-role")).to_have_text("Staff (no role)")

    page.get_by_label("Role").select_option(label="Quality manager")
    page.get_by_role("button", name="Change role").click()
    expect(page.get_by_test_id("person-role")).to_have_text("Quality manager")

    lock_out("nadia")
    page.reload()
    expect(page.get_by_test_id("person-state")).to_contain_text("Locked")
    page.get_by_role("button", name="Unlock").click()
    expect(page.get_by_test_id("person-state")).to_have_text("Active")

    page.get_by_label("Why").fill("Moved to the sister company")
    page.get_by_role("button", name="Deactivate").click()
    expect(page.get_by_test_id("person-state")).to_have_text("Deactivated")
    history = page.get_by_test_id("history")
    for line in (
        "Account added",
        "Role changed: No role → Quality manager",
        "Unlocked",
        "Deactivated: Moved",
    ):
        expect(history).to_contain_text(line)
    nadia = get_user_model().objects.get(username="nadia")
    assert nadia.is_active is False and role_of(nadia) == "Quality manager"
