"""The data package of a review: figures compiled from live data for each input.

Each builder takes the review and returns a JSON-ready dict {"summary": str, "columns": [...],
"rows": [[...], ...]} that the review page and the minutes render the same way. Builders read
in a few set-based queries. The package is stored on the input, so a held or signed-off review
keeps what was discussed, whatever changes later.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from django.db.models import Case, When
from django.utils import timezone
from django.utils.translation import gettext as _

from commitments.models import Process, Responsibility, Risk
from core.formatting import date_text
from findings.models import Finding
from objectives.models import Measurement, Objective, ResourceRequest
from reviews.models import ManagementReview, ReviewAction

Builder = Callable[[ManagementReview], dict]
BUILDERS: dict[str, Builder] = {}


def builder(section: str):
    def register(func: Builder) -> Builder:
        BUILDERS[section] = func
        return func

    return register


def compile_section(section: str, *, review: ManagementReview) -> dict:
    """Run the builder of a section, stamped with when it was compiled."""
    func = BUILDERS.get(section)
    if func is None:
        return {}
    data = func(review)
    data["compiled_on"] = timezone.localdate().isoformat()
    return data


def _table(summary: str, columns: list[str], rows: list[list]) -> dict:
    return {"summary": summary, "columns": columns, "rows": [[_plain(v) for v in row] for row in rows]}


def _plain(value):
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value if isinstance(value, (int, float, str, bool)) else str(value)


@builder("earlier_actions")
def earlier_actions(review: ManagementReview) -> dict:
    """Input (a): actions decided at earlier reviews that are still open, plus those closed since."""
    today = timezone.localdate()
    actions = (
        ReviewAction.objects.active()
        .exclude(decision__review=review)
        .filter(decision__review__planned_date__lte=review.planned_date)
        .select_related("owner", "decision__review")
        .order_by("due_date", "pk")
    )
    rows, open_count, overdue = [], 0, 0
    for action in actions:
        if not action.is_open and action.completed_on and action.completed_on < _previous_review_date(review):
            continue  # closed before the previous review: already reported there
        late = action.is_overdue(today)
        open_count += action.is_open
        overdue += late
        rows.append(
            [
                action.decision.review.title,
                action.title,
                action.owner.get_full_name() or action.owner.username,
                action.due_date,
                _("%(status)s (overdue)") % {"status": action.get_status_display()}
                if late
                else action.get_status_display(),
            ]
        )
    closed = len(rows) - open_count
    summary = _("%(open)s open action(s) carried forward, %(overdue)s overdue; %(closed)s closed since.") % {
        "open": open_count,
        "overdue": overdue,
        "closed": closed,
    }
    return _table(summary, [_("Review"), _("Action"), _("Owner"), _("Due"), _("Status")], rows)


def _previous_review_date(review: ManagementReview):
    previous = (
        ManagementReview.objects.held()
        .exclude(pk=review.pk)
        .filter(held_on__lte=review.planned_date)
        .order_by("-held_on")
        .values_list("held_on", flat=True)
        .first()
    )
    return previous or review.planned_date.replace(year=1)


@builder("processes")
def processes(review: ManagementReview) -> dict:
    """Input (c3): the active processes and the indicators by which they are judged."""

    rows = [
        [p.name, p.owner.get_full_name() if p.owner else "", p.performance_indicators or "—"]
        for p in Process.objects.active().filter(status=Process.Status.ACTIVE).select_related("owner")
    ]
    return _table(
        _("%(count)s active process(es).") % {"count": len(rows)},
        [_("Process"), _("Owner"), _("Performance indicators")],
        rows,
    )


@builder("evidence_freshness")
def evidence_freshness(review: ManagementReview) -> dict:
    """Input (c5): how fresh the leadership evidence is, responsibility by responsibility."""

    rows, counts = [], {}
    for r in Responsibility.objects.of_active_edition().select_related("owner"):
        counts[r.get_status_display()] = counts.get(r.get_status_display(), 0) + 1
        rows.append(
            [
                r.label,
                r.owner.get_full_name() if r.owner else "",
                r.get_status_display(),
                r.last_evidence_on,
                r.fresh_evidence_count,
                r.overdue_action_count,
            ]
        )
    summary = _counted(counts) or _("No responsibility.")
    columns = [
        _("Responsibility"),
        _("Owner"),
        _("Status"),
        _("Last evidence"),
        _("Fresh evidence"),
        _("Overdue actions"),
    ]
    return _table(_("Evidence status: %(summary)s.") % {"summary": summary}, columns, rows)


# Risks listed in input (e); the summary counts them all (the minutes stay readable at any register size).
RISK_ROWS = 300


@builder("risks")
def risks(review: ManagementReview) -> dict:
    """Input (e): open risks and opportunities by score, and how well closed treatments worked."""

    live = Risk.objects.filter(archived_at__isnull=True)
    rows = []
    closed_last = Case(When(status=Risk.Status.CLOSED, then=1), default=0)
    for risk in live.select_related("process").order_by(closed_last, "-score", "pk")[:RISK_ROWS]:
        rows.append(
            [
                risk.get_kind_display(),
                risk.title,
                risk.process.name,
                risk.score,
                risk.level.label,
                risk.get_status_display(),
                risk.treatment_effectiveness or risk.treatment,
            ]
        )
    total, closed = live.count(), live.filter(status=Risk.Status.CLOSED).count()
    values = {"open": total - closed, "closed": closed, "listed": len(rows)}
    if total > len(rows):
        summary = (
            _(
                "%(open)s open or treated, %(closed)s closed with their effectiveness. The first %(listed)s "
                "(open first, by score) are listed; the risk register holds them all."
            )
            % values
        )
    else:
        summary = _("%(open)s open or treated, %(closed)s closed with their effectiveness.") % values
    columns = [
        _("Kind"),
        _("Title"),
        _("Process"),
        _("Score"),
        _("Level"),
        _("Status"),
        _("Treatment / effectiveness"),
    ]
    return _table(summary, columns, rows)


@builder("findings")
def findings(review: ManagementReview) -> dict:
    """Input (c4): what the background checks currently flag, and what was accepted knowingly."""

    today = timezone.localdate()
    rows = [
        [
            f.get_severity_display(),
            f.title,
            f.subject_label,
            f.first_seen_at.date(),
            _("Accepted until %(date)s") % {"date": date_text(f.accepted_until)}
            if f.accepted_until and f.accepted_until >= today
            else _("Open"),
        ]
        for f in Finding.objects.open().order_by("severity", "rule_code", "pk")[:200]
    ]
    return _table(
        _("%(count)s open finding(s) from the daily checks.") % {"count": len(rows)},
        [_("Severity"), _("Finding"), _("About"), _("First seen"), _("State")],
        rows,
    )


@builder("improvements")
def improvements(review: ManagementReview) -> dict:
    """Input (f): improvement decisions of earlier reviews and where their actions stand."""
    actions = (
        ReviewAction.objects.active()
        .filter(decision__kind="improvement")
        .exclude(decision__review=review)
        .select_related("decision", "owner")
        .order_by("-decision__review__planned_date", "due_date")[:100]
    )
    rows = [
        [a.decision.description, a.title, a.owner.get_full_name() or a.owner.username, a.get_status_display()]
        for a in actions
    ]
    return _table(
        _("%(count)s improvement action(s) from earlier reviews.") % {"count": len(rows)},
        [_("Decision"), _("Action"), _("Owner"), _("Status")],
        rows,
    )


@builder("objectives")
def objectives(review: ManagementReview) -> dict:
    """Input (c2): each active objective's latest result against its target, progress and trend."""

    active = list(
        Objective.objects.active()
        .filter(status=Objective.Status.ACTIVE)
        .select_related("owner")
        .order_by("ref")[:500]
    )
    since = timezone.localdate() - timedelta(days=180)
    series: dict[int, list] = {}
    for objective_id, value in (
        Measurement.objects.current()
        .filter(objective__in=active, measured_on__gte=since)
        .order_by("objective_id", "measured_on")
        .values_list("objective_id", "value")
    ):
        series.setdefault(objective_id, []).append(value)
    rows, counts = [], {}
    for o in active:
        counts[o.get_progress_display()] = counts.get(o.get_progress_display(), 0) + 1
        rows.append(
            [
                o.ref,
                o.title,
                f"{o.latest_value} {o.unit}".strip() if o.latest_value is not None else _("not measured"),
                f"{o.target} {o.unit}".strip()
                if o.target is not None
                else f"{o.band_low}–{o.band_high} {o.unit}",
                o.get_progress_display(),
                _trend(series.get(o.pk, []), o.direction),
            ]
        )
    summary = _counted(counts) or _("no active objective")
    return _table(
        _("Objectives: %(summary)s.") % {"summary": summary},
        [_("Ref"), _("Objective"), _("Latest"), _("Target"), _("Progress"), _("Trend (6 months)")],
        rows,
    )


def _trend(values: list, direction: str) -> str:
    """Improving, worsening or steady over the series, judged by the objective's direction."""
    if len(values) < 2 or values[0] == values[-1]:
        return _("steady") if len(values) >= 2 else _("not enough data")
    rising = values[-1] > values[0]
    if direction == "within":
        return _("rising") if rising else _("falling")
    good = rising if direction == "increase" else not rising
    return _("improving") if good else _("worsening")


@builder("resources")
def resources(review: ManagementReview) -> dict:
    """Input (d): resource requests, what top management decided and why, and what was provided."""

    requests = ResourceRequest.objects.select_related("objective", "process", "decided_by").order_by(
        "status", "-requested_at"
    )[:300]
    rows, counts = [], {}
    for r in requests:
        counts[r.get_status_display()] = counts.get(r.get_status_display(), 0) + 1
        rows.append(
            [
                r.get_category_display(),
                r.description,
                r.objective.ref if r.objective else (r.process.name if r.process else ""),
                r.cost if r.cost is not None else "",
                r.get_status_display(),
                r.decision_reason,
            ]
        )
    summary = _counted(counts) or _("no request")
    return _table(
        _("Resource requests: %(summary)s.") % {"summary": summary},
        [_("Category"), _("Request"), _("For"), _("Cost"), _("Status"), _("Decision")],
        rows,
    )


def _counted(counts: dict) -> str:
    """ "2 on track, 1 off track": how many rows have each label, in the label's order."""
    return ", ".join(f"{n} {label.lower()}" for label, n in sorted(counts.items()))
