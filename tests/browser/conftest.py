"""Browser tests drive Debian's Chromium through Playwright (never a downloaded browser)."""

import io
import os
import shutil

import pytest
from django.core.management import call_command

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
DEMO_PASSWORD = "demo-browser-pass"


def pytest_collection_modifyitems(config, items):
    if os.path.exists(CHROMIUM):
        return
    if os.environ.get("REQUIRE_BROWSER") == "1":
        raise pytest.UsageError(f"REQUIRE_BROWSER=1 but no Chromium at {CHROMIUM}")
    skip = pytest.mark.skip(
        reason=f"no Chromium at {CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)"
    )
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture
def demo(transactional_db, settings):
    """The demo organisation, as `make run` loads it."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", "--force", "--password", DEMO_PASSWORD, stdout=io.StringIO())


@pytest.fixture
def login(page, live_server):
    """Log in through the real form as a demo user; returns the page."""

    def _login(username: str, password: str = DEMO_PASSWORD):
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Log in").click()
        # Read-only users land on the report centre, everyone else on the home page.
        page.wait_for_url(lambda url: url.startswith(live_server.url) and "/accounts/login/" not in url)
        return page

    return _login


def open_menu(page, group: str, item: str) -> None:
    """Follow an entry of the main navigation: open its group, then click the entry."""
    nav = page.get_by_role("navigation", name="Main navigation")
    nav.get_by_role("button", name=group, exact=True).click()
    nav.get_by_role("link", name=item, exact=True).click()
