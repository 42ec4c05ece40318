"""The freshness rule at each boundary: the day before, the day of and the day after."""

import datetime

import pytest

from commitments import freshness
from commitments.models import Responsibility

FACT = datetime.date(2026, 1, 1)
GREEN, AMBER, RED = Responsibility.Status.GREEN, Responsibility.Status.AMBER, Responsibility.Status.RED


def day(offset: int) -> datetime.date:
    return FACT + datetime.timedelta(days=offset)


def status(today, *, valid_until=None, cadence=90, overdue=0):
    return freshness.summarise(
        evidence=[(FACT, valid_until)], cadence_days=cadence, overdue_actions=overdue, today=today
    ).status


def test_window_of_a_90_day_cadence_expires_after_90_days_and_ages_in_the_last_quarter():
    w = freshness.window(fact_date=FACT, valid_until=None, cadence_days=90)
    assert w.expires_on == day(90)
    assert w.ageing_from == day(90 - 22)


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (day(-1), RED),  # before the fact happened it proves nothing
        (day(0), GREEN),
        (day(67), GREEN),  # the day before ageing starts
        (day(68), AMBER),  # ageing starts
        (day(69), AMBER),
        (day(89), AMBER),
        (day(90), AMBER),  # the last fresh day
        (day(91), RED),  # stale the day after
    ],
)
def test_status_follows_the_cadence_boundaries(today, expected):
    assert status(today) == expected


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (day(29), GREEN),
        (day(30), AMBER),
        (day(31), AMBER),
        (day(39), AMBER),
        (day(40), AMBER),
        (day(41), RED),
    ],
)
def test_valid_until_replaces_the_cadence(today, expected):
    # Window of 40 days: ageing from day 30 (40 - 40 // 4), fresh to day 40 inclusive.
    assert status(today, valid_until=day(40)) == expected


@pytest.mark.parametrize(("overdue", "expected"), [(0, GREEN), (1, AMBER)])
def test_an_overdue_action_turns_fresh_evidence_amber(overdue, expected):
    assert status(day(10), overdue=overdue) == expected


def test_an_overdue_action_does_not_hide_missing_evidence():
    assert status(day(200), overdue=2) == RED


def test_no_evidence_is_red_and_counts_nothing():
    summary = freshness.summarise(evidence=[], cadence_days=90, overdue_actions=0, today=FACT)
    assert (summary.status, summary.last_evidence_on, summary.fresh_evidence_count) == (RED, None, 0)


def test_the_freshest_evidence_decides_whether_it_is_ageing():
    summary = freshness.summarise(
        evidence=[(day(0), None), (day(80), None)], cadence_days=90, overdue_actions=0, today=day(85)
    )
    assert summary.status == GREEN
    assert summary.fresh_evidence_count == 2
    assert summary.last_evidence_on == day(80)
