"""What the findings app gives the report centre: the findings register and its audit-pack section."""

from __future__ import annotations

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import Case, CharField, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.pointintime import snapshot
from core.reporting import Computed, PackTable, Period, Register, bounded, display, register, section
from findings.filters import FindingFilter
from findings.models import Finding, finding_state

STATES = {"resolved": _("Resolved"), "accepted": _("Accepted"), "open": _("Needs attention")}


def _subject_kind(content_type_id: int) -> str:
    return str(ContentType.objects.get_for_id(content_type_id).name).capitalize()


def _subject_kind_sql():
    kinds = [When(subject_type_id=t.pk, then=Value(_subject_kind(t.pk))) for t in ContentType.objects.all()]
    return Case(*kinds, default=Value(""), output_field=CharField())


def _state(resolved_at, accepted_until) -> str:
    """Finding.state() from the two fields it reads."""
    return str(STATES[finding_state(resolved_at, accepted_until, timezone.localdate)])


def _state_sql():
    return Case(
        When(resolved_at__isnull=False, then=Value(str(STATES["resolved"]))),
        When(accepted_until__gte=timezone.localdate(), then=Value(str(STATES["accepted"]))),
        default=Value(str(STATES["open"])),
        output_field=CharField(),
    )


register(
    Register(
        name="findings",
        label=_("Findings"),
        description=_("What the checks found and how each was resolved or accepted (open ones by default)."),
        permission="findings.view_finding",
        rows=lambda: Finding.objects.select_related("owner", "subject_type", "accepted_by").order_by(
            "-first_seen_at", "-pk"
        ),
        filterset_class=FindingFilter,
        columns=[
            (_("Rule"), "rule_code"),
            (_("Severity"), display("severity")),
            (_("Finding"), "message"),
            (_("About"), Computed(("subject_type_id",), _subject_kind, sql=_subject_kind_sql)),
            (_("Subject"), "subject_label"),
            (_("Owner"), "owner"),
            (_("First seen"), "first_seen_at"),
            (_("Last seen on"), "last_seen_on"),
            (_("State"), Computed(("resolved_at", "accepted_until"), _state, sql=_state_sql)),
            (_("Resolved at"), "resolved_at"),
            (_("Accepted until"), "accepted_until"),
            (_("Acceptance reason"), "acceptance_reason"),
            (_("Accepted by"), "accepted_by"),
        ],
    )
)


def _raised_in(period: Period):
    return Finding.objects.filter(first_seen_at__gt=period.start_at, first_seen_at__lte=period.end_at)


@section("findings", _("Findings raised in the period"), permission="findings.view_finding", order=90)
def findings_section(period: Period, as_of: datetime.datetime | None, limit: int | None) -> dict:
    """Findings first seen in the period, and how each was resolved, accepted (with why) or left open."""
    if as_of is None:
        rows, total = bounded(
            _raised_in(period).select_related("owner", "accepted_by").order_by("first_seen_at", "pk"), limit
        )
    else:
        rows = snapshot(
            Finding,
            as_of,
            related=("owner", "accepted_by"),
            order_by=("first_seen_at", "id"),
            first_seen_at__gt=period.start_at,
            first_seen_at__lte=period.end_at,
        )
        total, rows = len(rows), rows[:limit] if limit is not None else rows
    return {
        "findings": rows,
        "count": total,
        "tables": [
            PackTable(
                "findings",
                _("Findings raised in the period"),
                register="findings",
                queryset=lambda: (
                    _raised_in(period)
                    .select_related("owner", "subject_type", "accepted_by")
                    .order_by("first_seen_at", "pk")
                ),
            )
        ],
    }
