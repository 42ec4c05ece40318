"""Moves the test run's clock, loaded as a pytest plugin (-p tests.plugin_clock).

`--shift-clock-days=N` (or QMS_TEST_CLOCK_SHIFT_DAYS) starts the whole run N days from now, with
the clock ticking, so a test that only passes in the current year fails today instead of on
1 January. Tests that need one fixed date freeze it themselves with the `time_machine` fixture.
"""

import datetime
import os

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--shift-clock-days",
        type=int,
        default=int(os.environ.get("QMS_TEST_CLOCK_SHIFT_DAYS", "0") or 0),
        help="run the whole suite with the clock moved this many days ahead (negative: back)",
    )


_traveller = None


def pytest_configure(config: pytest.Config) -> None:
    global _traveller
    days = config.getoption("--shift-clock-days")
    if not days:
        return
    import time_machine

    destination = datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=days)
    _traveller = time_machine.travel(destination, tick=True)
    _traveller.start()


def pytest_unconfigure(config: pytest.Config) -> None:
    global _traveller
    if _traveller is not None:
        _traveller.stop()
        _traveller = None


def pytest_report_header(config: pytest.Config) -> str | None:
    days = config.getoption("--shift-clock-days")
    if days:
        return f"clock shifted by {days} days: today is {datetime.date.today().isoformat()}"
    return None
