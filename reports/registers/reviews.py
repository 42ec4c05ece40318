"""Registers of the reviews and findings apps: management reviews, review actions, findings."""

from __future__ import annotations

from django.utils import timezone

from findings.filters import FindingFilter
from findings.models import Finding
from reports.registry import Register, display, register
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
            ("About", lambda f: str(f.subject_type.name).capitalize()),
            ("Subject", "subject_label"),
            ("Owner", "owner"),
            ("First seen", "first_seen_at"),
            ("Last seen on", "last_seen_on"),
            ("State", lambda f: STATES[f.state(timezone.localdate())]),
            ("Resolved at", "resolved_at"),
            ("Accepted until", "accepted_until"),
            ("Acceptance reason", "acceptance_reason"),
            ("Accepted by", "accepted_by"),
        ],
    )
)
