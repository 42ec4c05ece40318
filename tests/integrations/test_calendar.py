"""Calendar feeds: what a person's feed holds, the organisation's feed, and the secret address."""

import datetime
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from integrations import services
from objectives.models import Objective
from reviews.models import ReviewDecision
from tests.commitments.factories import LeadershipActionFactory
from tests.factories import UserFactory
from tests.objectives.factories import ObjectiveFactory
from tests.reviews.factories import ReviewActionFactory, plan_review

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def _feed(client, token: str) -> Calendar:
    response = client.get(reverse("integrations:feed", args=[token]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def _entries(calendar: Calendar) -> dict[str, tuple[str, datetime.date]]:
    return {
        str(event["uid"]): (str(event["summary"]), event["dtstart"].dt) for event in calendar.walk("VEVENT")
    }


def _dates_of(person, count: int = 1) -> dict:
    """`count` of each kind of dated record for `person`, and one of each for someone else."""
    made = {}
    other = UserFactory()
    for n in range(count):
        review = plan_review(title=f"Review {n}", planned_date=TODAY() + datetime.timedelta(days=20 + n))
        review.attendees.add(person)
        made[f"review-{review.pk}"] = review.title
        action = LeadershipActionFactory(owner=person, title=f"Leadership action {n}")
        made[f"leadership-action-{action.pk}"] = f"Due: {action.title}"
        review_action = ReviewActionFactory(
            decision=_decision(review), owner=person, title=f"Review action {n}"
        )
        made[f"review-action-{review_action.pk}"] = f"Due: {review_action.title}"
        objective = ObjectiveFactory(owner=person, title=f"Objective {n}")
        Objective.objects.filter(pk=objective.pk).update(
            next_measurement_on=TODAY() + datetime.timedelta(days=5)
        )
        made[f"objective-measurement-{objective.pk}"] = f"Measure: {objective.title}"
    plan_review(title="Not attended")
    LeadershipActionFactory(owner=UserFactory(role="top"), title="Someone else's action")
    ObjectiveFactory(owner=other, title="Someone else's objective")
    return made


def _decision(review):
    return ReviewDecision.objects.create(
        review=review, kind=ReviewDecision.Kind.IMPROVEMENT, description="Cut scrap", recorded_by=review.chair
    )


def _uids(calendar) -> dict[str, str]:
    return {uid.split("@", 1)[0]: summary for uid, (summary, _) in _entries(calendar).items()}


def test_a_personal_feed_holds_the_persons_reviews_action_due_dates_and_measurement_dates(client):
    person = UserFactory()
    made = _dates_of(person)
    token = services.feed_create(by=person)
    assert _uids(_feed(client, token)) == made


def test_uids_are_stable_and_a_moved_date_updates_the_same_entry(client):
    person = UserFactory()
    _dates_of(person)
    token = services.feed_create(by=person)
    first = _entries(_feed(client, token))
    objective = Objective.objects.get(owner=person)
    moved = TODAY() + datetime.timedelta(days=9)
    Objective.objects.filter(pk=objective.pk).update(next_measurement_on=moved)
    second = _entries(_feed(client, token))
    assert first.keys() == second.keys()
    uid = next(uid for uid in second if uid.startswith(f"objective-measurement-{objective.pk}@"))
    assert second[uid][1] == moved


def test_a_feed_runs_the_same_queries_for_one_or_many_records(client):
    few, many = UserFactory(), UserFactory()
    _dates_of(few, 1)
    _dates_of(many, 4)
    counts = []
    for person in (few, many):
        token = services.feed_create(by=person)
        with CaptureQueriesContext(connection) as queries:
            _feed(client, token)
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_an_unknown_or_revoked_link_is_not_found_and_a_new_link_replaces_the_old(client):
    person = UserFactory()
    old = services.feed_create(by=person)
    new = services.feed_create(by=person)
    url = lambda token: reverse("integrations:feed", args=[token])  # noqa: E731
    assert client.get(url(old)).status_code == 404
    assert client.get(url(new)).status_code == 200
    assert client.get(url("not-a-token")).status_code == 404
    feed = person.calendar_feeds.get(revoked_at__isnull=True)
    services.feed_revoke(feed=feed, by=person)
    assert client.get(url(new)).status_code == 404


def test_only_the_token_hash_is_stored():
    person = UserFactory()
    token = services.feed_create(by=person)
    feed = person.calendar_feeds.get()
    assert token not in feed.token_hash
    assert feed.token_hash == services.token_hash(token)


def test_the_organisation_feed_lists_planned_reviews_for_top_management_only(client, top_user, employee_user):
    review = plan_review(title="Spring review")
    token = services.feed_create(by=top_user, scope="organisation")
    assert [summary for summary, _ in _entries(_feed(client, token)).values()] == ["Spring review"]
    assert review.planned_date in [day for _, day in _entries(_feed(client, token)).values()]
    with pytest.raises(PermissionDenied):
        services.feed_create(by=employee_user, scope="organisation")
    # Someone who leaves top management loses the feed with the role.
    top_user.groups.remove(Group.objects.get(name="Top management"))
    assert client.get(reverse("integrations:feed", args=[token])).status_code == 404


def test_the_auditor_makes_no_calendar_link(auditor_user):
    with pytest.raises(PermissionDenied):
        services.feed_create(by=auditor_user)


def test_the_page_shows_a_new_link_once(client, employee_user):
    client.force_login(employee_user)
    response = client.post(reverse("integrations:calendar_create"), {"scope": "personal"}, follow=True)
    shown = response.context["new_url"]
    assert shown and shown in response.content.decode()
    assert client.get(urlsplit(shown).path).status_code == 200
    assert client.get(reverse("integrations:calendar")).context["new_url"] is None
