"""A management review run end to end in Chromium: prepared, inputs recorded, held, signed off."""

import pytest
from playwright.sync_api import expect

from reviews.models import ManagementReview
from tests.browser.conftest import DEMO_PASSWORD

pytestmark = pytest.mark.browser


def test_prepare_hold_and_sign_off_a_review(demo, login, live_server, page):
    review = ManagementReview.objects.get(title="Annual management review")
    page = login("quality")
    page.goto(f"{live_server.url}/reviews/")
    # The demo's last review was held within the interval: the next one is due, not overdue.
    expect(page.get_by_test_id("review-cycle")).to_contain_text("Next review due")
    page.get_by_role("link", name="Annual management review", exact=True).click()
    page.get_by_role("button", name="Refresh data package").click()
    expect(page.get_by_text("Data package compiled from live data.")).to_be_visible()
    # Input (a) carries last year's open actions forward.
    expect(page.locator("#input-a")).to_contain_text("Tool-life monitoring on the 5-axis cell")
    expect(page.get_by_test_id("missing-inputs")).to_contain_text("c6) Audit results")

    for code in ["b", "c1", "c3", "c4", "c5", "c6", "c7", "e", "f"]:
        page.locator(f"#input-{code}").get_by_role("link", name="Record").click()
        if code == "c7":
            page.get_by_label("Status").select_option("deferred")
            page.get_by_label("Deferred reason").fill("Supplier scorecards arrive in January.")
        else:
            page.get_by_label("Status").select_option("covered")
            page.get_by_label("Notes").fill(f"Discussed input {code}.")
        page.get_by_role("button", name="Save input").click()
        expect(page.get_by_text(f"Input {code}) saved.")).to_be_visible()

    expect(page.get_by_test_id("missing-inputs")).to_have_count(0)
    page.get_by_test_id("record-link").click()
    page.get_by_label("Minutes").fill("Every input discussed; decisions below.")
    page.get_by_role("button", name="Save inputs and minutes").click()
    expect(page.get_by_text("Inputs and minutes recorded.")).to_be_visible()
    page.get_by_role("button", name="Mark as held").click()
    expect(page.get_by_text("Review marked as held.")).to_be_visible()
    # The quality manager neither records decisions nor signs off: those are the chair's.
    expect(page.get_by_role("button", name="Record decision")).to_have_count(0)
    expect(page.get_by_role("button", name="Sign off as chair")).to_have_count(0)

    page.get_by_test_id("user-menu").click()
    page.get_by_role("button", name="Log out").click()
    page = login("ceo")
    page.goto(f"{live_server.url}/reviews/{review.pk}/")
    page.get_by_label("Kind").select_option("improvement")
    page.get_by_label("Description").fill("Extend tool-life monitoring to the lathes.")
    page.get_by_role("button", name="Record decision").click()
    expect(page.get_by_text("Decision recorded.")).to_be_visible()
    # The conclusion on the quality system comes before the sign-off.
    conclusion = page.get_by_test_id("conclusion-form")
    for name in ("suitable", "adequate", "effective", "aligned"):
        conclusion.locator(f'input[name="{name}"][value="yes"]').check()
    conclusion.get_by_label("Overall conclusion").fill(
        "Suitable, adequate and effective; aligned with the plan."
    )
    conclusion.get_by_label("Your password").fill(DEMO_PASSWORD)
    conclusion.get_by_role("button", name="Sign the conclusion").click()
    expect(page.get_by_text("Conclusion recorded.")).to_be_visible()
    expect(page.get_by_test_id("conclusion")).to_contain_text(
        "Aligned: does it support the strategic direction?"
    )
    page.get_by_test_id("sign-off-form").get_by_label("Your password").fill(DEMO_PASSWORD)
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Sign off as chair").click()
    expect(page.get_by_test_id("frozen")).to_contain_text("Signed off by Helen Marsh")
    expect(page.get_by_test_id("signature").last).to_contain_text("Helen Marsh · Approved")
    expect(page.get_by_role("link", name="Edit")).to_have_count(0)
    review.refresh_from_db()
    assert review.status == ManagementReview.Status.SIGNED_OFF
