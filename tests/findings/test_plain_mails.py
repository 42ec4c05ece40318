"""Plain-text mails read as text: names and titles with quotes, ampersands and angle brackets
arrive as written, never as HTML entities; the HTML part stays escaped."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from findings import notifications
from findings.engine import run_checks
from reviews import services as review_services
from tests.factories import UserFactory
from tests.reviews.factories import held_review

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def test_plain_text_digest_has_no_html_entities():
    owner = UserFactory(email="owner@example.com", first_name="Seán", last_name="O'Brien")
    review = held_review()
    decision = review_services.decision_record(
        review=review, kind="improvement", description="x", by=review.chair
    )
    review_services.action_create(
        decision=decision,
        title='Fix "gauge" <A&B>',
        owner=owner,
        due_date=TODAY - datetime.timedelta(days=1),
        by=review.chair,
    )
    run_checks(today=TODAY)
    mail.outbox.clear()
    notifications.send_digests(today=TODAY)
    [digest] = [m for m in mail.outbox if m.to == ["owner@example.com"]]
    assert "O'Brien" in digest.body
    assert 'Fix "gauge" <A&B>' in digest.body
    for entity in ("&#x27;", "&#39;", "&quot;", "&lt;", "&gt;", "&amp;"):
        assert entity not in digest.body
    html = digest.alternatives[0][0]
    assert "&lt;A&amp;B&gt;" in html
