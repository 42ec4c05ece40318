import datetime

import factory
from django.utils import timezone

from reviews import services
from reviews.models import ManagementReview, ReviewAction, ReviewInput
from tests.factories import PASSWORD, UserFactory


def plan_review(*, chair=None, by=None, planned_date=None, title="Management review") -> ManagementReview:
    """A review planned through the service, so it has its input rows."""
    chair = chair or UserFactory(role="top")
    return services.review_plan(
        title=title,
        planned_date=planned_date or timezone.localdate() + datetime.timedelta(days=10),
        chair=chair,
        by=by or chair,
    )


def cover_all_inputs(review: ManagementReview) -> None:
    """Every input covered, and the minutes written (what a sign-off needs)."""
    review.inputs.update(status=ReviewInput.Status.COVERED, notes="Presented and discussed.")
    ManagementReview.objects.filter(pk=review.pk, minutes="").update(
        minutes="Every input presented and discussed."
    )


def held_review(
    *,
    chair=None,
    held_on=None,
    minutes="Every input presented and discussed.",
    late_reason="Minutes typed up after the meeting",
    **kwargs,
) -> ManagementReview:
    """A review prepared today and held on `held_on` (a past date needs the reason for the late record,
    which the service keeps only when the date is before the package was compiled)."""
    review = plan_review(chair=chair, **kwargs)
    services.review_prepare(review=review, by=review.chair)
    cover_all_inputs(review)
    ManagementReview.objects.filter(pk=review.pk).update(minutes=minutes)
    return services.review_hold(
        review=review, held_on=held_on or timezone.localdate(), late_reason=late_reason, by=review.chair
    )


def conclude(review: ManagementReview, *, by=None) -> ManagementReview:
    """Record a complete conclusion (needed before sign-off)."""
    return services.review_conclude(
        review=review,
        suitable="yes",
        adequate="yes",
        effective="partly",
        aligned="yes",
        conclusion="The system works; delivery performance needs attention.",
        by=by or review.chair,
        password=PASSWORD,
    )


class ReviewActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReviewAction

    decision = None
    title = factory.Sequence(lambda n: f"Action {n}")
    owner = factory.SubFactory(UserFactory)
    due_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))
