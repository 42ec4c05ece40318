"""Demo management reviews: last year's signed review with its actions, and the next one in preparation."""

import datetime

from django.utils import timezone

from core.demodata import demo_step
from reviews import services
from reviews.models import ManagementReview, ReviewAction, ReviewInput, ReviewSchedule

LAST_TITLE = "Annual management review (last cycle)"
# The last review was held this many days ago (within the 12-month interval), prepared a week before.
HELD_DAYS_AGO = 300
PREPARED_DAYS_BEFORE = 7
NEXT_TITLE = "Annual management review"


@demo_step(order=50)
def seed(*, password: str, people: dict) -> None:
    """A 12-month cycle: last cycle's review, prepared a week ahead, held ten months ago with minutes,
    decisions, a conclusion and a sign-off; its actions partly done; the next review in preparation."""
    today = timezone.localdate()
    ceo, quality = people["ceo"], people["quality"]
    if not ReviewSchedule.objects.exists():
        ReviewSchedule.objects.create(
            interval_months=12, grace_days=30, qms_started_on=today.replace(year=today.year - 4)
        )
    if ManagementReview.objects.filter(title=LAST_TITLE).exists():
        return
    held_on = today - datetime.timedelta(days=HELD_DAYS_AGO)
    last = services.review_plan(
        title=LAST_TITLE,
        planned_date=held_on,
        chair=ceo,
        attendees=[people["coo"], quality],
        other_attendees="Works council representative",
        by=quality,
    )
    services.review_prepare(review=last, by=quality)
    _prepared_before(last, held_on - datetime.timedelta(days=PREPARED_DAYS_BEFORE))
    last.inputs.update(
        status=ReviewInput.Status.COVERED, notes="Presented by the quality manager and discussed."
    )
    services.review_update(
        review=last,
        minutes=MINUTES,
        by=quality,
    )
    services.review_hold(review=last, held_on=held_on, by=quality)
    scrap = services.decision_record(
        review=last,
        kind="improvement",
        description="Cut scrap on the 5-axis cell by a third.",
        commitment_key="continual-improvement",
        by=ceo,
    )
    cmm = services.decision_record(
        review=last,
        kind="resource_need",
        description="Second CMM operator for the night shift.",
        commitment_key="on-time-delivery",
        by=ceo,
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
    services.review_conclude(
        review=last,
        suitable="yes",
        adequate="yes",
        effective="partly",
        aligned="yes",
        conclusion="The quality system fits Northwind and supports the growth plan; it is effective except "
        "for scrap on the 5-axis cell and late deliveries, which the decisions below address.",
        by=ceo,
        password=password,
    )
    services.review_sign_off(review=last, by=ceo, password=password)
    upcoming = services.review_plan(
        title=NEXT_TITLE,
        planned_date=today + datetime.timedelta(days=14),
        chair=ceo,
        attendees=[people["coo"], quality],
        by=quality,
    )
    services.review_prepare(review=upcoming, by=quality)
    upcoming.inputs.filter(code__in=["a", "c2", "d"]).update(status=ReviewInput.Status.COVERED)


MINUTES = (
    "Attendees reviewed the status of last cycle's actions, changes in customers' demands (two new "
    "aerospace customers), and the performance figures: on-time delivery 91 % against 95 %, scrap on "
    "the 5-axis cell 420 ppm, customer satisfaction 8.1 of 10. Audit results: two minor findings, both "
    "closed. Resources: night-shift inspection is short of one CMM operator. Decisions and actions "
    "follow."
)


def _prepared_before(review: ManagementReview, day: datetime.date) -> None:
    """The demo compiles the package today; date it as if compiled on `day`, before the meeting."""
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 0)))
    ManagementReview.objects.filter(pk=review.pk).update(prepared_at=moment)
    for review_input in review.inputs.all():
        if review_input.package:
            review_input.package["compiled_on"] = day.isoformat()
            ReviewInput.objects.filter(pk=review_input.pk).update(package=review_input.package)
    review.refresh_from_db()
