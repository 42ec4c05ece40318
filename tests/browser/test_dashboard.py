"""In the browser: top management's dashboard shows the heat map and draws its charts, on a desktop
and at tablet width, without a console error; the quality manager gets the work queue."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def _watch_console(page) -> list[str]:
    errors: list[str] = []

    def on_console(message) -> None:
        # The browser asks for /favicon.ico on its own; the project serves none.
        if message.type == "error" and "favicon" not in message.location.get("url", ""):
            errors.append(message.text)

    page.on("console", on_console)
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


@pytest.mark.parametrize("width", [1280, 768])
def test_top_management_sees_the_heat_map_and_the_charts(demo, login, page, width):
    page.set_viewport_size({"width": width, "height": 1000})
    errors = _watch_console(page)
    login("ceo")
    heat_map = page.get_by_test_id("heat-map")
    expect(heat_map).to_be_visible()
    expect(heat_map.locator("a.heat-tile")).to_have_count(10)
    expect(heat_map.get_by_test_id("status-badge").first).to_contain_text(":")  # colour comes with words
    expect(page.locator("#progress-chart[data-ready=true]")).to_have_count(1)
    box = page.locator("#progress-chart").bounding_box()
    assert box and box["width"] > 200 and box["height"] > 100
    widest = page.evaluate(
        "Math.max(...[...document.querySelectorAll('main *')].map(e => e.getBoundingClientRect().right))"
    )
    assert widest <= width  # the dashboard itself never needs sideways scrolling
    expect(page.get_by_test_id("progress-counts")).to_contain_text("On track:")
    expect(page.get_by_test_id("next-review")).to_contain_text("Due by")
    expect(page.get_by_test_id("what-i-owe")).to_be_visible()
    heat_map.locator("a.heat-tile").first.click()
    page.wait_for_url("**/responsibilities/**")
    assert errors == []


def test_quality_manager_gets_the_work_queue(demo, login, page):
    errors = _watch_console(page)
    login("quality")
    expect(page.get_by_test_id("work-queue")).to_be_visible()
    expect(page.get_by_test_id("queue-findings")).to_contain_text("Findings to handle")
    expect(page.get_by_test_id("heat-map")).to_have_count(0)
    assert errors == []
