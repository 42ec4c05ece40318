"""The management review journey within its click budget: a review with five hand-entered inputs
from plan to sign-off in at most 20 clicks for the quality manager and 5 for the chair."""

import pytest
from playwright.sync_api import expect

from core.models import Signature
from core.signatures import signatures_of
from reviews.models import ManagementReview
from tests.browser.conftest import DEMO_PASSWORD, open_menu

pytestmark = pytest.mark.browser


class Clicks:
    """Counts what a person clicks (selecting from a list counts as one click; typing does not)."""

    def __init__(self):
        self.count = 0

    def click(self, locator):
        self.count += 1
        locator.click()

    def select(self, locator, **option):
        self.count += 1
        locator.select_option(**option)


def test_review_from_plan_to_sign_off_within_the_click_budget(demo, login, live_server):
    page = login("quality")
    quality = Clicks()
    nav = page.get_by_role("navigation", name="Main navigation")
    quality.click(nav.get_by_role("button", name="Reviews", exact=True))
    quality.click(nav.get_by_role("link", name="Management reviews"))
    quality.click(page.get_by_role("link", name="Plan a review"))
    page.get_by_label("Title").fill("Spring management review")
    quality.select(page.get_by_label("Chair"), label="Helen Marsh")
    quality.click(page.get_by_role("button", name="Save"))
    quality.click(page.get_by_role("button", name="Prepare: compile data package"))
    expect(page.get_by_text("Data package compiled from live data.")).to_be_visible()

    # One compiled input is reopened to be discussed in words: five inputs then need words.
    quality.click(page.locator("#input-c5").get_by_role("link", name="Record"))
    quality.select(page.get_by_label("Status"), value="missing")
    quality.click(page.get_by_role("button", name="Save input"))

    quality.click(page.get_by_test_id("record-link"))
    fieldsets = page.locator("[data-testid^=record-input-]")
    expect(fieldsets).to_have_count(5)
    for i in range(5):
        fieldsets.nth(i).get_by_label("What was presented").fill(f"Presented and discussed ({i + 1}).")
    page.get_by_label("Minutes").fill("Inputs reviewed; the system stays suitable and effective.")
    quality.click(page.get_by_role("button", name="Save inputs and minutes"))
    expect(page.get_by_test_id("missing-inputs")).to_have_count(0)
    expect(page.get_by_test_id("who-records-decisions")).to_contain_text("Helen Marsh")
    quality.click(page.get_by_role("button", name="Mark as held"))
    expect(page.get_by_text("Review marked as held.")).to_be_visible()
    assert quality.count <= 20, quality.count

    page.get_by_test_id("user-menu").click()
    page.get_by_role("button", name="Log out").click()
    page = login("ceo")
    chair = Clicks()
    item = page.get_by_test_id("waiting-item").filter(has_text="Spring management review")
    chair.click(item.get_by_test_id("waiting-button"))
    # The chair concludes on the quality system (signed), then signs the review off.
    conclusion = page.get_by_test_id("conclusion-form")
    for name in ("suitable", "adequate", "effective", "aligned"):
        conclusion.locator(f'input[name="{name}"][value="yes"]').check()
    conclusion.get_by_label("Overall conclusion").fill("Suitable, adequate and effective.")
    conclusion.get_by_label("Your password").fill(DEMO_PASSWORD)
    chair.click(conclusion.get_by_role("button", name="Sign the conclusion"))
    page.get_by_test_id("sign-off-form").get_by_label("Your password").fill(DEMO_PASSWORD)
    page.once("dialog", lambda dialog: dialog.accept())
    chair.click(page.get_by_role("button", name="Sign off as chair"))
    expect(page.get_by_test_id("frozen")).to_contain_text("Signed off by Helen Marsh")
    assert chair.count <= 5, chair.count
    review = ManagementReview.objects.get(title="Spring management review")
    assert review.status == ManagementReview.Status.SIGNED_OFF
    # The chair's sign-off is one signature on this review (signatures of other records may share its id).
    assert [s.meaning for s in signatures_of(review)].count("approved") == 1
    print(f"clicks: quality manager {quality.count}, chair {chair.count}")


def test_a_signature_with_a_wrong_password_is_refused(demo, login, live_server):
    signed_before = Signature.objects.count()
    page = login("ceo")
    open_menu(page, "Objectives", "Resource requests")
    page.get_by_role("link", name="Requested", exact=True).click()
    page.get_by_role("link", name="Second CMM probe for in-process checks").click()
    page.get_by_label("Approved").check()
    page.get_by_label("Reason").fill("Returns are off track.")
    page.get_by_label("Your password").fill("not-the-password")
    page.get_by_role("button", name="Record decision").click()
    expect(page.get_by_role("alert")).to_contain_text("The password is not correct, so nothing was signed")
    expect(page.get_by_test_id("decision")).to_have_count(0)
    assert Signature.objects.count() == signed_before
