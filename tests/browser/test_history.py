"""In the browser: the history of an edited evidence record reads like sentences."""

import pytest
from playwright.sync_api import expect

from commitments.models import Evidence

pytestmark = pytest.mark.browser


def test_edited_evidence_history_is_readable(demo, login, live_server):
    evidence = Evidence.objects.get(title="Town hall: why first-pass yield matters")
    page = login("quality")
    page.goto(f"{live_server.url}/commitments/evidence/{evidence.pk}/")
    page.get_by_role("link", name="Edit").click()
    page.get_by_label("Kind").select_option(label="Meeting minutes")
    page.get_by_label("Title").fill("Town hall minutes: why first-pass yield matters")
    page.get_by_role("button", name="Save").click()
    history = page.get_by_test_id("history")
    latest = history.get_by_test_id("history-row").first
    expect(latest).to_contain_text("Priya Raman")
    expect(latest).to_contain_text("Kind: Communication → Meeting minutes")
    expect(latest).to_contain_text("Title: Town hall: why first-pass yield matters → Town hall minutes")
    text = history.inner_text()
    for raw in ("communication →", "(empty)", "[{", "+00:00"):
        assert raw not in text
