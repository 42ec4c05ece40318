"""The progress rule: is an objective on track, at risk or off track? (the one place it is decided)

Objectives that go up or down (direction increase / decrease)
    The expected trajectory is a straight line from the baseline on the start date to the
    target on the due date; before the start it is the baseline, after the due date the
    target. The latest current measurement is compared with the trajectory's value TODAY
    (so an objective that is not measured again drifts behind as time passes):

    - on track:  at or beyond the expected value (beyond = higher for increase, lower for decrease);
    - at risk:   behind it by at most AT_RISK_SHARE (10 %) of the whole distance |target - baseline|;
    - off track: further behind than that.

    Without a baseline or a due date there is no trajectory: the latest value is compared with
    the target itself (reached: on track; short of it by up to 10 % of the target's size: at
    risk; otherwise off track). Without a target the objective cannot be judged.

Objectives that stay within a band (direction within)
    - on track:  band_low <= latest value <= band_high (limits included);
    - at risk:   outside the band by at most BAND_MARGIN_SHARE (10 %) of the band's width;
    - off track: further outside.

No current measurement at all: not measured.

The verdict also carries the GAP: the shortfall as a share of the whole distance (or of the
band's width), above 0 when behind, so objectives can be ranked from worst to best; at risk is
0 < gap <= 0.10. When the distance is zero, being behind at all counts as a gap of 1.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

AT_RISK_SHARE = Decimal("0.10")
SHOWN = Decimal("0.01")
BAND_MARGIN_SHARE = Decimal("0.10")
QUANTUM = Decimal("0.0001")

ON_TRACK = "on_track"
AT_RISK = "at_risk"
OFF_TRACK = "off_track"
NOT_MEASURED = "not_measured"


@dataclass(frozen=True)
class Verdict:
    """The outcome of the rule: a progress value, the expected value today, and why, in words."""

    progress: str
    expected: Decimal | None
    reason: str
    gap: Decimal | None = None


def _gap(behind: Decimal, whole: Decimal) -> Decimal:
    if whole:
        return behind / whole
    return Decimal(1) if behind > 0 else Decimal(0)


def expected_value(
    *,
    baseline: Decimal | None,
    target: Decimal | None,
    start: datetime.date | None,
    due: datetime.date | None,
    on: datetime.date,
) -> Decimal | None:
    """Where the straight line from baseline (start) to target (due) stands on a given day."""
    if baseline is None or target is None or start is None or due is None:
        return None
    if on <= start:
        return baseline
    if on >= due:
        return target
    share = Decimal((on - start).days) / Decimal((due - start).days)
    return (baseline + (target - baseline) * share).quantize(QUANTUM)


def classify(
    *,
    direction: str,
    latest: Decimal | None,
    baseline: Decimal | None,
    target: Decimal | None,
    band_low: Decimal | None,
    band_high: Decimal | None,
    start: datetime.date | None,
    due: datetime.date | None,
    today: datetime.date,
) -> Verdict:
    """Apply the rule described in this module's docstring."""
    if direction == "within":
        return _classify_band(latest, band_low, band_high)
    expected = expected_value(baseline=baseline, target=target, start=start, due=due, on=today)
    if latest is None:
        return Verdict(NOT_MEASURED, expected, _("No measurement has been recorded yet."))
    if target is None:
        return Verdict(NOT_MEASURED, expected, _("There is no target to compare the measurements with."))
    sign = Decimal(1) if direction == "increase" else Decimal(-1)
    if expected is None:
        reference, distance, what = target, abs(target), _("the target")
    else:
        reference, distance, what = expected, abs(target - baseline), _("the expected trajectory")
    shortfall = (reference - latest) * sign
    gap = _gap(shortfall, distance)
    if shortfall <= 0:
        return Verdict(
            ON_TRACK,
            expected,
            _("The latest value is at or beyond %(what)s (%(shown)s).")
            % {"what": what, "shown": _shown(reference)},
            gap,
        )
    if shortfall <= AT_RISK_SHARE * distance:
        return Verdict(
            AT_RISK,
            expected,
            _("The latest value is %(shown)s behind %(what)s, within the margin.")
            % {"shown": _shown(shortfall), "what": what},
            gap,
        )
    return Verdict(
        OFF_TRACK,
        expected,
        _("The latest value is %(shown)s behind %(what)s.") % {"shown": _shown(shortfall), "what": what},
        gap,
    )


def _shown(value: Decimal) -> str:
    """A value as the reason shows it: at most two decimals, no trailing zeros."""
    rounded = value.quantize(SHOWN)
    return format((rounded if rounded or not value else value).normalize(), "f")


def _classify_band(latest: Decimal | None, low: Decimal | None, high: Decimal | None) -> Verdict:
    if latest is None:
        return Verdict(NOT_MEASURED, None, _("No measurement has been recorded yet."))
    if low is None or high is None:
        return Verdict(NOT_MEASURED, None, _("The band is not defined."))
    if low <= latest <= high:
        return Verdict(
            ON_TRACK,
            None,
            _("The latest value is inside the band %(shown)s–%(shown2)s.")
            % {"shown": _shown(low), "shown2": _shown(high)},
            Decimal(0),
        )
    outside = low - latest if latest < low else latest - high
    gap = _gap(outside, high - low)
    if outside <= BAND_MARGIN_SHARE * (high - low):
        return Verdict(
            AT_RISK,
            None,
            _("The latest value is %(shown)s outside the band, within the margin.")
            % {"shown": _shown(outside)},
            gap,
        )
    return Verdict(
        OFF_TRACK,
        None,
        _("The latest value is %(shown)s outside the band.") % {"shown": _shown(outside)},
        gap,
    )


def classify_objective(objective, *, latest: Decimal | None, today: datetime.date) -> Verdict:
    """The rule applied to an Objective (or any object with the same attributes)."""
    return classify(
        direction=objective.direction,
        latest=latest,
        baseline=objective.baseline,
        target=objective.target,
        band_low=objective.band_low,
        band_high=objective.band_high,
        start=objective.start_date,
        due=objective.due_date,
        today=today,
    )
