"""Each demo user logs in through the real log-in form and sees the pages of their role."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import open_menu

pytestmark = pytest.mark.browser
DOCS = Path(__file__).resolve().parents[2] / "docs"


@pytest.mark.parametrize(
    ("username", "role", "sees_register"),
    [
        ("ceo", "Top management", True),
        ("quality", "Quality manager", True),
        ("auditor", "Auditor", True),
        ("operator", "Staff", False),
    ],
)
def test_demo_user_sees_the_pages_of_their_role(demo, login, live_server, username, role, sees_register):
    page = login(username)
    expect(page.get_by_test_id("user-role")).to_have_text(role)
    register_link = page.get_by_role("link", name="Responsibilities")
    if sees_register:
        open_menu(page, "Leadership", "Responsibilities")
        expect(page.get_by_test_id("responsibility-register")).to_contain_text(
            "Accountable for QMS effectiveness"
        )
        page.get_by_role("link", name="Communicating why quality matters").click()
        expect(page.get_by_test_id("history")).to_be_visible()
    else:
        expect(register_link).to_have_count(0)
        response = page.goto(f"{live_server.url}/commitments/responsibilities/")
        assert response.status == 403


def test_wrong_password_shows_a_clear_message(demo, page, live_server):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("ceo")
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_text("Please enter a correct username and password")).to_be_visible()


def test_screenshot_for_the_readme(demo, login, live_server, tmp_path):
    """QMS_UPDATE_SCREENSHOT=1 writes docs/screenshot.png (the README's picture); otherwise a temp file."""
    page = login("ceo")
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{live_server.url}/")
    page.wait_for_load_state("networkidle")
    update = os.environ.get("QMS_UPDATE_SCREENSHOT") == "1"
    target = DOCS / "screenshot.png" if update else tmp_path / "shot.png"
    page.screenshot(path=str(target), full_page=True)
    assert target.stat().st_size > 10_000
