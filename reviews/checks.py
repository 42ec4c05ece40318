"""Rules that flag overdue management reviews and review actions."""

from __future__ import annotations

import datetime

from django.db.models import CharField, F, QuerySet, Value
from django.db.models.functions import Concat
from django.utils.translation import gettext_noop

from findings.rules import Severity, rule, subject_rows
from reviews.models import ManagementReview, ReviewAction, ReviewSchedule

SIGN_OFF_WITHIN_DAYS = 30


def _review_label():
    return Concat(F("title"), Value(" ("), F("planned_date"), Value(")"), output_field=CharField())


@rule(
    code="REV-PLANNED-PASSED",
    severity=Severity.CRITICAL,
    subject=ManagementReview,
    title=gettext_noop("Management review past its planned date and not held"),
    advice=gettext_noop("Hold the review now, or move its planned date and record why it slipped."),
    notify_immediately=True,
    event="review.overdue",
)
def review_planned_date_passed(today: datetime.date) -> QuerySet:
    """A planned review whose date has passed without it being held."""
    return subject_rows(
        ManagementReview.objects.past_planned_date(today), owner="chair_id", label=_review_label()
    )


@rule(
    code="REV-INTERVAL",
    severity=Severity.CRITICAL,
    subject=ReviewSchedule,
    title=gettext_noop("No management review held within the planned interval"),
    advice=gettext_noop(
        "Plan and hold a management review: the last one is older than the interval and its grace period."
    ),
    notify_immediately=True,
    event="review.overdue",
)
def review_interval_exceeded(today: datetime.date) -> QuerySet:
    """No review held within interval + grace since the last one (or since the QMS started)."""
    last_held = ManagementReview.objects.held().order_by("-held_on").values_list("held_on", flat=True).first()
    schedule = ReviewSchedule.objects.order_by("pk").first()
    rows = ReviewSchedule.objects.none()
    if schedule is not None and today > schedule.overdue_after(last_held):
        rows = ReviewSchedule.objects.filter(pk=schedule.pk)
    return subject_rows(rows, owner=None, label=Value("Management review cycle", output_field=CharField()))


@rule(
    code="REV-ACTION-OVERDUE",
    severity=Severity.WARNING,
    subject=ReviewAction,
    title=gettext_noop("Management review action past its due date"),
    advice=gettext_noop(
        "Finish the action, or record a new due date and why it moved; the next review will see it."
    ),
)
def review_action_overdue(today: datetime.date) -> QuerySet:
    """An open action decided by a review whose due date has passed."""
    return subject_rows(ReviewAction.objects.overdue(today), owner="owner_id", label="title")


@rule(
    code="REV-NOT-SIGNED",
    severity=Severity.WARNING,
    subject=ManagementReview,
    title=gettext_noop("Held review not signed off within %(days)s days"),
    title_values={"days": SIGN_OFF_WITHIN_DAYS},
    advice=gettext_noop(
        "The chair should check the minutes and sign the review off, so it stands as a record."
    ),
)
def review_not_signed_off(today: datetime.date) -> QuerySet:
    """A held review that its chair has not signed off within 30 days."""
    late = ManagementReview.objects.filter(
        status=ManagementReview.Status.HELD, held_on__lt=today - datetime.timedelta(days=SIGN_OFF_WITHIN_DAYS)
    )
    return subject_rows(late, owner="chair_id", label=_review_label())
