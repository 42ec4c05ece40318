"""The iCalendar feeds: a person's reviews, action due dates and measurement dates, and the
organisation's planned reviews. Each entry is an all-day event whose UID names the record, so a
calendar application updates it in place when its date moves."""

from __future__ import annotations

import datetime

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from commitments.models import LeadershipAction
from core.site import site_url
from core.tracked import TrackedAction
from objectives.models import Objective
from reviews.models import ManagementReview, ReviewAction

# How far back a feed reaches (so a past review stays in the calendar for a while).
PAST_DAYS = 90
# Entries of one kind at most: a feed is read often and must stay small.
LIMIT = 500
OPEN_REVIEW = (ManagementReview.Status.PLANNED, ManagementReview.Status.IN_PREPARATION)


def _host() -> str:
    return site_url().split("://", 1)[-1].split("/", 1)[0] or "qms"


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//QMS Leadership//Calendar feed//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    return calendar


def _event(uid: str, day: datetime.date, summary: str, url: str, stamp: datetime.datetime) -> Event:
    event = Event()
    event.add("uid", f"{uid}@{_host()}")
    event.add("dtstamp", stamp)
    event.add("dtstart", day)
    event.add("dtend", day + datetime.timedelta(days=1))
    event.add("summary", summary)
    event.add("url", site_url(url))
    event.add("transp", "TRANSPARENT")
    return event


def _review_day(review: ManagementReview) -> datetime.date:
    return review.held_on or review.planned_date


def _reviews(calendar: Calendar, reviews, stamp) -> None:
    for review in reviews:
        calendar.add_component(
            _event(f"review-{review.pk}", _review_day(review), review.title, review.get_absolute_url(), stamp)
        )


def personal(user) -> bytes:
    """The reviews the person attends or chairs, the due dates of their open actions, and the next
    measurement date of each open objective they own: four queries whatever the numbers."""
    today = timezone.localdate()
    since = today - datetime.timedelta(days=PAST_DAYS)
    stamp = timezone.now()
    calendar = _calendar(_("My QMS dates"))
    reviews = (
        ManagementReview.objects.filter(Q(attendees=user) | Q(chair=user), planned_date__gte=since)
        .distinct()
        .order_by("planned_date", "pk")[:LIMIT]
    )
    _reviews(calendar, reviews, stamp)
    open_actions = {"owner": user, "status__in": TrackedAction.OPEN_STATUSES, "archived_at__isnull": True}
    actions = [
        ("leadership-action", action, action.get_absolute_url())
        for action in LeadershipAction.objects.filter(**open_actions).order_by("due_date", "pk")[:LIMIT]
    ] + [
        ("review-action", action, reverse("reviews:detail", args=[action.decision.review_id]))
        for action in ReviewAction.objects.filter(**open_actions)
        .select_related("decision")
        .order_by("due_date", "pk")[:LIMIT]
    ]
    for prefix, action, url in actions:
        summary = _("Due: %(title)s") % {"title": action.title}
        calendar.add_component(_event(f"{prefix}-{action.pk}", action.due_date, summary, url, stamp))
    objectives = Objective.objects.filter(
        owner=user, next_measurement_on__isnull=False, archived_at__isnull=True
    )
    for objective in objectives.order_by("next_measurement_on", "pk")[:LIMIT]:
        summary = _("Measure: %(title)s") % {"title": objective.title}
        calendar.add_component(
            _event(
                f"objective-measurement-{objective.pk}",
                objective.next_measurement_on,
                summary,
                objective.get_absolute_url(),
                stamp,
            )
        )
    return calendar.to_ical()


def organisation() -> bytes:
    """Every management review still to be held (and those of the last weeks), for top management."""
    since = timezone.localdate() - datetime.timedelta(days=PAST_DAYS)
    calendar = _calendar(_("Management reviews"))
    reviews = ManagementReview.objects.filter(
        Q(status__in=OPEN_REVIEW) | Q(planned_date__gte=since)
    ).order_by("planned_date", "pk")[:LIMIT]
    _reviews(calendar, reviews, timezone.now())
    return calendar.to_ical()
