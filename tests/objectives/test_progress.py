"""The progress rule at its boundaries, for each direction (objectives/progress.py)."""

import datetime
from decimal import Decimal as D

import pytest

from objectives.progress import AT_RISK, NOT_MEASURED, OFF_TRACK, ON_TRACK, classify, expected_value

START = datetime.date(2026, 1, 1)
DUE = datetime.date(2026, 1, 11)
HALFWAY = datetime.date(2026, 1, 6)


def _increase(latest, today=HALFWAY, **kwargs):
    args = {"baseline": D(80), "target": D(90), "start": START, "due": DUE, **kwargs}
    return classify(direction="increase", latest=latest, band_low=None, band_high=None, today=today, **args)


def _decrease(latest, today=HALFWAY):
    return classify(
        direction="decrease", latest=latest, baseline=D(20), target=D(10), band_low=None, band_high=None,
        start=START, due=DUE, today=today,
    )  # fmt: skip


def _within(latest):
    return classify(
        direction="within", latest=latest, baseline=None, target=None, band_low=D(2), band_high=D(4),
        start=START, due=None, today=HALFWAY,
    )  # fmt: skip


def test_trajectory_runs_from_baseline_at_start_to_target_at_due_date():
    line = {"baseline": D(80), "target": D(90), "start": START, "due": DUE}
    assert expected_value(**line, on=START - datetime.timedelta(days=5)) == D(80)
    assert expected_value(**line, on=HALFWAY) == D(85)
    assert expected_value(**line, on=DUE + datetime.timedelta(days=5)) == D(90)


@pytest.mark.parametrize(
    ("latest", "progress"),
    [
        ("90", ON_TRACK),  # already at target
        ("85", ON_TRACK),  # exactly on the trajectory (expected 85 halfway)
        ("84", AT_RISK),  # behind by exactly 10 % of the distance (1 of 10)
        ("83.9999", OFF_TRACK),  # just beyond the margin
        ("70", OFF_TRACK),
    ],
)
def test_increase_boundaries(latest, progress):
    assert _increase(D(latest)).progress == progress


@pytest.mark.parametrize(
    ("latest", "progress"),
    [("14", ON_TRACK), ("15", ON_TRACK), ("16", AT_RISK), ("16.0001", OFF_TRACK)],
)
def test_decrease_boundaries(latest, progress):
    assert _decrease(D(latest)).progress == progress


@pytest.mark.parametrize(
    ("latest", "progress"),
    [
        ("2", ON_TRACK),
        ("4", ON_TRACK),
        ("3", ON_TRACK),
        ("4.2", AT_RISK),  # outside by 10 % of the band's width (0.2 of 2)
        ("1.8", AT_RISK),
        ("4.2001", OFF_TRACK),
        ("1.7999", OFF_TRACK),
    ],
)
def test_within_band_boundaries(latest, progress):
    assert _within(D(latest)).progress == progress


def test_time_passing_turns_an_unchanged_value_from_on_track_to_off_track():
    assert _increase(D(85), today=HALFWAY).progress == ON_TRACK
    assert _increase(D(85), today=DUE).progress == OFF_TRACK


def test_without_due_date_the_target_itself_is_the_reference():
    assert _increase(D(90), due=None).progress == ON_TRACK
    assert _increase(D(81), due=None).progress == AT_RISK  # 9 short, margin 10 % of 90
    assert _increase(D(80), due=None).progress == OFF_TRACK


def test_no_measurement_or_no_target_is_not_measured():
    assert _increase(None).progress == NOT_MEASURED
    assert _increase(D(85), target=None).progress == NOT_MEASURED
    assert _within(None).progress == NOT_MEASURED


def test_the_verdict_says_why():
    assert "behind the expected trajectory" in _increase(D(80)).reason
