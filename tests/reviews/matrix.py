import datetime

from django.utils import timezone

from reviews import services
from tests.matrix import READ_ROLES, READ_ROLES_POST, Route, expect
from tests.reviews.factories import plan_review

QM_ONLY = expect(quality=200)
QM_POST_ONLY = expect(quality=405)


def _review(users):
    """A review in preparation with a decision and an action, chaired by someone outside the matrix."""
    review = plan_review()
    services.review_prepare(review=review, by=review.chair)
    decision = services.decision_record(
        review=review, kind="improvement", description="Reduce scrap", by=review.chair
    )
    services.action_create(
        decision=decision,
        title="Train setters",
        owner=review.chair,
        due_date=timezone.localdate() + datetime.timedelta(days=9),
        by=review.chair,
    )
    return review


def review_pk(users):
    return {"pk": _review(users).pk}


def input_pk(users):
    return {"pk": _review(users).inputs.first().pk}


def decision_pk(users):
    return {"pk": _review(users).decisions.get().pk}


def action_pk(users):
    return {"pk": _review(users).decisions.get().actions.get().pk}


ROUTES = [
    Route("reviews:list", get=READ_ROLES, post=READ_ROLES_POST),
    Route("reviews:schedule", get=QM_ONLY, post=QM_ONLY),
    Route("reviews:create", get=QM_ONLY, post=QM_ONLY),
    Route("reviews:detail", get=READ_ROLES, post=READ_ROLES_POST, kwargs=review_pk),
    Route("reviews:edit", get=QM_ONLY, post=QM_ONLY, kwargs=review_pk),
    Route(
        "reviews:prepare",
        get=QM_POST_ONLY,
        post=expect(quality=302),
        kwargs=review_pk,
        post_changes=frozenset({"quality"}),
    ),
    # An empty form changes nothing: the view sends the user back with the errors.
    Route("reviews:hold", get=QM_POST_ONLY, post=expect(quality=302), kwargs=review_pk),
    # The top user of the matrix is not the chair: refused with a message, nothing changes.
    Route("reviews:sign_off", get=expect(top=405), post=expect(top=302), kwargs=review_pk),
    Route("reviews:record", get=expect(quality=200), post=expect(quality=400), kwargs=review_pk),
    Route(
        "reviews:attendance",
        get=expect(top=405, quality=405, auditor=405),
        post=expect(top=302, quality=302, auditor=302),
        kwargs=review_pk,
    ),
    # The review of the matrix is not held yet: refused with a message, nothing changes.
    Route("reviews:conclude", get=expect(top=405), post=expect(top=302), kwargs=review_pk),
    Route("reviews:decision_create", get=expect(top=405), post=expect(top=302), kwargs=review_pk),
    Route("reviews:minutes", get=READ_ROLES, post=READ_ROLES_POST, kwargs=review_pk),
    Route(
        "reviews:minutes_pdf",
        get=READ_ROLES,
        post=expect(top=405, quality=405, auditor=405),
        kwargs=review_pk,
    ),
    Route("reviews:input_edit", get=QM_ONLY, post=QM_ONLY, kwargs=input_pk),
    Route(
        "reviews:action_create",
        get=expect(top=405, quality=405),
        post=expect(top=302, quality=302),
        kwargs=decision_pk,
    ),
    # Empty form or wrong kind of decision: refused with a message, nothing changes.
    Route(
        "reviews:decision_resource_request",
        get=expect(top=405, quality=405),
        post=expect(top=302, quality=302),
        kwargs=decision_pk,
    ),
    Route(
        "reviews:decision_policy_draft",
        get=expect(top=405, quality=405),
        post=expect(top=302, quality=302),
        kwargs=decision_pk,
    ),
    Route("reviews:action_list", get=READ_ROLES, post=READ_ROLES_POST),
    Route("reviews:action_status", get=expect(quality=405), post=expect(quality=302), kwargs=action_pk),
]
