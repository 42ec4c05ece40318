"""Links that leave the browser (e-mails, the link filed with a signed review) use SITE_URL."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from commitments.models import Evidence
from findings import services as finding_services
from reviews import services as review_services
from tests.factories import PASSWORD, UserFactory
from tests.reviews.factories import conclude, held_review, plan_review

pytestmark = pytest.mark.django_db
SITE = "https://qms.northwind.example"


def test_mails_link_to_the_configured_site(settings, django_capture_on_commit_callbacks):
    settings.SITE_URL = SITE
    leader = UserFactory(role="top", email="ceo@example.com")
    plan_review(chair=leader, planned_date=timezone.localdate() - datetime.timedelta(days=1))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        finding_services.scan(today=timezone.localdate())
    assert f"{SITE}/findings/" in mail.outbox[0].body
    assert "127.0.0.1" not in mail.outbox[0].body


def test_the_signed_review_files_a_link_to_the_configured_site(settings, django_capture_on_commit_callbacks):
    settings.SITE_URL = SITE + "/"
    review = held_review()
    review.minutes = "Discussed every input."
    review.save()
    conclude(review)
    with django_capture_on_commit_callbacks(execute=True):
        review_services.review_sign_off(review=review, by=review.chair, password=PASSWORD)
    evidence = Evidence.objects.get(external_url__startswith=SITE)
    assert evidence.external_url == f"{SITE}/reviews/{review.pk}/"
