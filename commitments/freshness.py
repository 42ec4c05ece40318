"""The freshness rule: when evidence counts as fresh, ageing or stale, and the status it gives.

This module is the ONE place the rule lives; the register page explains it in the same words
(see RULE_TEXT) and tests/commitments/test_freshness.py checks every boundary.

- A piece of evidence is valid from its fact date up to and including its expiry date: its own
  "valid until" date when set, otherwise the fact date plus the responsibility's cadence.
- It is FRESH on any day in that window, and STALE from the day after the expiry date.
- It is AGEING once it has entered the last quarter of its window: from the expiry date minus
  a quarter of the window's length (in whole days, rounded down) up to the expiry date.
- A responsibility is RED when none of its evidence is fresh, AMBER when its freshest evidence
  is ageing or one of its actions is overdue, and GREEN otherwise.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy

from commitments.models import Responsibility

RULE_TEXT = gettext_lazy(
    "Evidence stays fresh for the responsibility's cadence after the date of the fact it proves "
    "(or until its own 'valid until' date, when one is given). It is ageing in the last quarter of "
    "that period. Green: fresh evidence and no overdue action. Amber: the freshest evidence is "
    "ageing, or an action is overdue. Red: no fresh evidence at all."
)


@dataclass(frozen=True)
class Window:
    """The days during which one piece of evidence is fresh, and when it starts ageing."""

    fact_date: datetime.date
    expires_on: datetime.date
    ageing_from: datetime.date

    def is_fresh(self, today: datetime.date) -> bool:
        return self.fact_date <= today <= self.expires_on

    def is_ageing(self, today: datetime.date) -> bool:
        return self.is_fresh(today) and today >= self.ageing_from


def window(*, fact_date: datetime.date, valid_until: datetime.date | None, cadence_days: int) -> Window:
    """The freshness window of one piece of evidence for a responsibility with that cadence."""
    expires_on = valid_until or fact_date + datetime.timedelta(days=cadence_days)
    length = (expires_on - fact_date).days
    return Window(fact_date, expires_on, expires_on - datetime.timedelta(days=length // 4))


@dataclass(frozen=True)
class Summary:
    """What the register stores for one responsibility."""

    status: str
    last_evidence_on: datetime.date | None
    fresh_evidence_count: int


def summarise(
    *,
    evidence: Iterable[tuple[datetime.date, datetime.date | None]],
    cadence_days: int,
    overdue_actions: int,
    today: datetime.date,
) -> Summary:
    """Status, last evidence date and fresh count from (fact_date, valid_until) pairs."""
    last = None
    fresh = []
    for fact_date, valid_until in evidence:
        if fact_date <= today and (last is None or fact_date > last):
            last = fact_date
        w = window(fact_date=fact_date, valid_until=valid_until, cadence_days=cadence_days)
        if w.is_fresh(today):
            fresh.append(w)
    if not fresh:
        status = Responsibility.Status.RED
    else:
        freshest = max(fresh, key=lambda w: w.expires_on)
        ageing = freshest.is_ageing(today)
        status = Responsibility.Status.AMBER if ageing or overdue_actions else Responsibility.Status.GREEN
    return Summary(status=status, last_evidence_on=last, fresh_evidence_count=len(fresh))
