"""Reads of the reviews app: where the review cycle stands, and prepared querysets for pages."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import OuterRef, QuerySet

from core.lists import count_of
from reviews import services
from reviews.models import ManagementReview, ReviewAction, ReviewDecision, ReviewInput


@dataclass(frozen=True)
class CycleStatus:
    """When the next review is due and whether the organisation is late."""

    last_held_on: datetime.date | None
    next_due: datetime.date
    overdue_after: datetime.date
    is_overdue: bool
    days_left: int
    late_reviews: list


def review_cycle(today: datetime.date) -> CycleStatus:
    """The schedule read against the last review held, in two queries."""
    schedule = services.schedule_get()
    last_held_on = (
        ManagementReview.objects.held().order_by("-held_on").values_list("held_on", flat=True).first()
    )
    next_due = schedule.next_due_date(last_held_on)
    overdue_after = schedule.overdue_after(last_held_on)
    late = list(
        ManagementReview.objects.past_planned_date(today).order_by("planned_date").select_related("chair")
    )
    return CycleStatus(
        last_held_on=last_held_on,
        next_due=next_due,
        overdue_after=overdue_after,
        is_overdue=today > overdue_after or bool(late),
        days_left=(next_due - today).days,
        late_reviews=late,
    )


def review_list() -> QuerySet[ManagementReview]:
    """Reviews with their chair and their input counts, for the list page."""
    return (
        ManagementReview.objects.select_related("chair")
        .annotate(
            missing_inputs=count_of(
                ReviewInput.objects.filter(review=OuterRef("pk"), status=ReviewInput.Status.MISSING)
            ),
            decision_count=count_of(ReviewDecision.objects.filter(review=OuterRef("pk"))),
        )
        .order_by("-planned_date", "-pk")
    )


def review_detail() -> QuerySet[ManagementReview]:
    return ManagementReview.objects.select_related("chair", "signed_off_by", "edition").prefetch_related(
        "attendees",
        "inputs__deferred_to",
        "decisions__actions__owner",
        "decisions__recorded_by",
        "decisions__resource_request",
        "decisions__policy_draft",
    )


def action_list() -> QuerySet[ReviewAction]:
    return ReviewAction.objects.select_related("owner", "decision__review")
