"""In the browser: refused and missing pages are the product's own, and say what to do."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_branded_403_names_the_role_that_may_do_it(demo, login, live_server):
    page = login("operator")
    response = page.goto(f"{live_server.url}/commitments/responsibilities/")
    assert response.status == 403
    expect(page.get_by_test_id("error-403")).to_contain_text("You may not do this")
    expect(page.get_by_test_id("roles-allowed")).to_contain_text("Top management")
    expect(page.get_by_role("navigation", name="Main navigation")).to_be_visible()
    page.get_by_role("link", name="Go to your home page").click()
    expect(page.get_by_test_id("waiting")).to_be_visible()


def test_branded_404_offers_the_way_home(demo, login, live_server):
    page = login("ceo")
    response = page.goto(f"{live_server.url}/objectives/999999/")
    assert response.status == 404
    expect(page.get_by_test_id("error-404")).to_contain_text("There is nothing at this address")
    page.get_by_role("link", name="Go to your home page").click()
    expect(page.get_by_test_id("waiting")).to_be_visible()
