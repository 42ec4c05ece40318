"""Registers of the reviews and findings apps: management reviews, review actions, findings."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from findings.filters import FindingFilter
from findings.models import Finding
from reports.registry import Computed, Register, display, register
from reviews import selectors as review_selectors
from reviews.filters import ActionFilter

register(
    Register(
        name="reviews",
        label="Management reviews",
        description="Every management review, planned or held, with its chair and sign-off.",
        permission="reviews.view_managementreview",
        rows=lambda: review_selectors.review_list().select_related("signed_off_by"),
        columns=[
            ("Review", "title"),
            ("Planned", "planned_date"),
            ("Held", "held_on"),
            ("Status", display("status")),
            ("Chair", "chair"),
            ("Signed off by", "signed_off_by"),
            ("Signed off at", "signed_off_at"),
            ("Inputs missing", "missing_inputs"),
            ("Decisions", "decision_count"),
        ],
    )
)

register(
    Register(
        name="review_actions",
        label="Review actions",
        description="Actions decided at management reviews, as the review actions list filters them.",
        permission="reviews.view_reviewaction",
        rows=lambda: review_selectors.action_list().active().order_by("due_date", "pk"),
        filterset_class=ActionFilter,
        columns=[
            ("Review", "decision.review.title"),
            ("Action", "title"),
            ("Owner", "owner"),
            ("Due", "due_date"),
            ("Status", display("status")),
            ("Completed on", "completed_on"),
            ("Completion note", "completion_note"),
        ],
    )
)

STATES = {"resolved": "Resolved", "accepted": "Accepted", "open": "Needs attention"}


def _subject_kind(content_type_id: int) -> str:
    return str(ContentType.objects.get_for_id(content_type_id).name).capitalize()


def _state(resolved_at, accepted_until) -> str:
    """Finding.state() from the two fields it reads."""
    return STATES[Finding(resolved_at=resolved_at, accepted_until=accepted_until).state(timezone.localdate())]


register(
    Register(
        name="findings",
        label="Findings",
        description="What the checks found and how each was resolved or accepted (open ones by default).",
        permission="findings.view_finding",
        rows=lambda: Finding.objects.select_related("owner", "subject_type", "accepted_by").order_by(
            "-first_seen_at", "-pk"
        ),
        filterset_class=FindingFilter,
        columns=[
            ("Rule", "rule_code"),
            ("Severity", display("severity")),
            ("Finding", "message"),
            ("About", Computed(("subject_type_id",), _subject_kind)),
            ("Subject", "subject_label"),
            ("Owner", "owner"),
            ("First seen", "first_seen_at"),
            ("Last seen on", "last_seen_on"),
            ("State", Computed(("resolved_at", "accepted_until"), _state)),
            ("Resolved at", "resolved_at"),
            ("Accepted until", "accepted_until"),
            ("Acceptance reason", "acceptance_reason"),
            ("Accepted by", "accepted_by"),
        ],
    )
)
