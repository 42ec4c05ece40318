import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from reviews import services
from reviews.models import ManagementReview, ReviewInput
from tests.factories import PASSWORD, UserFactory
from tests.reviews.factories import conclude, held_review, plan_review

pytestmark = pytest.mark.django_db


def _with_actions(n: int):
    review = held_review()
    decision = services.decision_record(
        review=review, kind="improvement", description="Reduce scrap", by=review.chair
    )
    for i in range(n):
        services.action_create(
            decision=decision,
            title=f"Action {i}",
            owner=review.chair,
            due_date=timezone.localdate() + datetime.timedelta(days=i),
            by=review.chair,
        )
    return review


def test_minutes_pdf_contains_the_decisions_and_the_sign_off(client, auditor_user):
    review = _with_actions(2)
    services.decision_record(
        review=review, kind="resource_need", description="Second CMM operator", by=review.chair
    )
    conclude(review)
    services.review_sign_off(review=review, by=review.chair, password=PASSWORD)
    client.force_login(auditor_user)
    response = client.get(reverse("reviews:minutes_pdf", args=[review.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Reduce scrap" in text and "Second CMM operator" in text
    assert "Signed off by" in text
    assert "Effective: does it achieve its intended results? Partly" in " ".join(text.split())
    assert "Audit results" in text  # every input is listed


def test_crafted_posts_cannot_change_a_signed_off_review(client, quality_user):
    review = held_review()
    conclude(review)
    services.review_sign_off(review=review, by=review.chair, password=PASSWORD)
    an_input = review.inputs.get(code="b")
    client.force_login(quality_user)
    edit = client.post(
        reverse("reviews:edit", args=[review.pk]),
        {
            "title": "Rewritten",
            "planned_date": "2026-01-01",
            "chair": review.chair.pk,
            "minutes": "changed",
        },
    )
    assert edit.status_code == 302
    client.post(reverse("reviews:input_edit", args=[an_input.pk]), {"status": "missing", "notes": "gone"})
    client.post(reverse("reviews:prepare", args=[review.pk]))
    review.refresh_from_db()
    an_input.refresh_from_db()
    assert review.title == "Management review" and review.minutes == "Every input presented and discussed."
    assert an_input.status == ReviewInput.Status.COVERED and an_input.notes == "Presented and discussed."
    page = client.get(reverse("reviews:detail", args=[review.pk])).content.decode()
    assert "cannot be changed" in page


def test_detail_page_says_which_inputs_are_missing(client, quality_user):
    review = plan_review()
    services.review_prepare(review=review, by=review.chair)
    review.inputs.exclude(code__in=["c1", "c7"]).update(status=ReviewInput.Status.COVERED)
    client.force_login(quality_user)
    page = client.get(reverse("reviews:detail", args=[review.pk])).content.decode()
    assert "cannot be marked as held yet" in page
    assert (
        "c1) Customer satisfaction and feedback" in page and "c7) Performance of external providers" in page
    )
    response = client.post(
        reverse("reviews:hold", args=[review.pk]), {"held_on": timezone.localdate().isoformat()}, follow=True
    )
    assert "Missing: c1) Customer satisfaction and feedback, c7) Performance of external providers" in (
        response.content.decode()
    )
    review.refresh_from_db()
    assert review.status == ManagementReview.Status.IN_PREPARATION


def test_review_list_shows_an_overdue_review_on_top(client, auditor_user):
    plan_review(title="Spring review", planned_date=timezone.localdate() - datetime.timedelta(days=3))
    client.force_login(auditor_user)
    page = client.get(reverse("reviews:list")).content.decode()
    assert "Overdue" in page and "Planned but not held" in page and "Spring review" in page


def test_review_list_counts_missing_inputs_once_beside_the_decisions(client, auditor_user):
    review = plan_review(title="Autumn review")
    services.review_prepare(review=review, by=review.chair)
    review.inputs.update(status=ReviewInput.Status.MISSING)
    for topic in ("Scrap", "Delivery", "Training"):
        services.decision_record(review=review, kind="improvement", description=topic, by=review.chair)
    client.force_login(auditor_user)
    response = client.get(reverse("reviews:list"))
    row = next(r for r in response.context["reviews"] if r.pk == review.pk)
    assert (row.missing_inputs, row.decision_count) == (review.inputs.count(), 3)
    assert review.inputs.count() > 3


@pytest.mark.parametrize("url_name", ["reviews:list", "reviews:action_list", "reviews:detail"])
def test_pages_run_the_same_number_of_queries_whatever_the_size(client, auditor_user, url_name):
    client.force_login(auditor_user)

    def count_for(n):
        review = _with_actions(n)
        for i in range(n):
            plan_review(title=f"Extra {i}", chair=review.chair)
        url = reverse(url_name, args=[review.pk]) if url_name == "reviews:detail" else reverse(url_name)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    small = count_for(2)
    large = count_for(30)
    assert small == large


def test_action_list_offers_the_status_form_to_the_owner_only_among_leaders(client):
    review = held_review()
    decision = services.decision_record(review=review, kind="improvement", description="x", by=review.chair)
    owner, other = UserFactory(role="top"), UserFactory(role="top")
    services.action_create(
        decision=decision, title="Train setters", owner=owner, due_date=timezone.localdate(), by=review.chair
    )
    status_url = reverse("reviews:action_status", args=[decision.actions.get().pk])
    client.force_login(owner)
    assert status_url in client.get(reverse("reviews:action_list")).content.decode()
    client.force_login(other)
    assert status_url not in client.get(reverse("reviews:action_list")).content.decode()
