"""Demo management reviews: last year's signed review with its actions, and the next one in preparation."""

import datetime

from django.utils import timezone

from core.demodata import demo_step
from reviews import services
from reviews.models import ManagementReview, ReviewAction, ReviewInput, ReviewSchedule

LAST_TITLE = "Annual management review (last year)"
NEXT_TITLE = "Annual management review"


@demo_step(order=50)
def seed(*, password: str, people: dict) -> None:
    """A 12-month cycle whose last review is now past its interval, so the checks have drift to find."""
    today = timezone.localdate()
    ceo, quality = people["ceo"], people["quality"]
    if not ReviewSchedule.objects.exists():
        ReviewSchedule.objects.create(
            interval_months=12, grace_days=30, qms_started_on=today.replace(year=today.year - 4)
        )
    if ManagementReview.objects.filter(title=LAST_TITLE).exists():
        return
    held_on = today - datetime.timedelta(days=410)
    last = services.review_plan(
        title=LAST_TITLE,
        planned_date=held_on,
        chair=ceo,
        attendees=[people["coo"], quality],
        other_attendees="Works council representative",
        by=quality,
    )
    services.review_prepare(review=last, by=quality)
    last.inputs.update(
        status=ReviewInput.Status.COVERED, notes="Presented by the quality manager and discussed."
    )
    services.review_update(
        review=last,
        minutes="Results broadly on target; scrap and late deliveries need attention.",
        by=quality,
    )
    services.review_hold(review=last, held_on=held_on, by=quality)
    scrap = services.decision_record(
        review=last, kind="improvement", description="Cut scrap on the 5-axis cell by a third.", by=ceo
    )
    cmm = services.decision_record(
        review=last, kind="resource_need", description="Second CMM operator for the night shift.", by=ceo
    )
    done = services.action_create(
        decision=scrap,
        title="Set-up training for all setters",
        owner=people["coo"],
        due_date=held_on + datetime.timedelta(days=90),
        by=quality,
    )
    services.action_update_status(
        action=done, status=ReviewAction.Status.DONE, note="12 setters trained", by=quality
    )
    services.action_create(
        decision=scrap,
        title="Tool-life monitoring on the 5-axis cell",
        owner=people["coo"],
        due_date=today - datetime.timedelta(days=20),
        by=quality,
    )
    services.action_create(
        decision=cmm,
        title="Recruit and qualify a CMM operator",
        owner=ceo,
        due_date=today + datetime.timedelta(days=45),
        by=quality,
    )
    services.review_sign_off(review=last, by=ceo)
    upcoming = services.review_plan(
        title=NEXT_TITLE,
        planned_date=today + datetime.timedelta(days=14),
        chair=ceo,
        attendees=[people["coo"], quality],
        by=quality,
    )
    services.review_prepare(review=upcoming, by=quality)
    upcoming.inputs.filter(code__in=["a", "c2", "d"]).update(status=ReviewInput.Status.COVERED)
