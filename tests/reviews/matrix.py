import datetime

from django.utils import timezone

from reviews import forms, services
from reviews.models import ManagementReview, ReviewInput
from tests.factories import PASSWORD
from tests.matrix import READ_ROLES, READ_ROLES_POST, Route, expect, form_data, no_body
from tests.objectives.factories import ObjectiveFactory
from tests.policy.factories import PolicyVersionFactory
from tests.reviews.factories import conclude, cover_all_inputs, held_review, plan_review

QM_ONLY = expect(quality=200)
QM_POST_ONLY = expect(quality=405)


def _review(users, kind="improvement"):
    """A review in preparation with a decision and an action, chaired by someone outside the matrix."""
    review = plan_review()
    services.review_prepare(review=review, by=review.chair)
    decision = services.decision_record(review=review, kind=kind, description="Reduce scrap", by=review.chair)
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


def resource_decision_pk(users):
    return {"pk": _review(users, kind="resource_need").decisions.get().pk}


def qms_change_decision_pk(users):
    """A decision to change the QMS, with a policy in force for the new draft to copy."""
    PolicyVersionFactory(status="approved", with_mandatory=True)
    return {"pk": _review(users, kind="qms_change").decisions.get().pk}


def ready_review_pk(users):
    """A review in preparation whose inputs are all covered: it may be marked as held."""
    review = _review(users)
    cover_all_inputs(review)
    return {"pk": review.pk}


def held_review_pk(users):
    """A held review chaired by the matrix's top user, whom the quality manager and auditor attended."""
    review = held_review(chair=users["top"])
    review.attendees.add(users["top"], users["quality"], users["auditor"])
    return {"pk": review.pk}


def concluded_review_pk(users):
    """The same held review, concluded: its chair may sign it off."""
    pk = held_review_pk(users)["pk"]
    conclude(ManagementReview.objects.get(pk=pk))
    return {"pk": pk}


def _conclusion(users, kwargs):
    return {
        "suitable": "yes",
        "adequate": "yes",
        "effective": "partly",
        "aligned": "yes",
        "conclusion": "The system works; delivery performance needs attention.",
        "meaning": "concluded",
        "password": PASSWORD,
    }


def _in_days(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def _schedule(users, kwargs):
    return form_data(forms.ScheduleForm(instance=services.schedule_get()), interval_months=6)


def _new_review(users, kwargs):
    return {"title": "Spring management review", "planned_date": _in_days(30), "chair": users["top"].pk}


def _review_edit(users, kwargs):
    review = ManagementReview.objects.get(pk=kwargs["pk"])
    return form_data(forms.ReviewForm(instance=review), title="Management review, second half")


def _record(users, kwargs):
    """Words for every input the package left open, and the minutes."""
    review = ManagementReview.objects.get(pk=kwargs["pk"])
    data = {"minutes": "Every input presented and discussed."}
    for review_input in review.inputs.exclude(status=ReviewInput.Status.COVERED):
        data[f"input-{review_input.pk}-status"] = ReviewInput.Status.COVERED
        data[f"input-{review_input.pk}-notes"] = "Presented and discussed."
    return data


def _input_edit(users, kwargs):
    review_input = ReviewInput.objects.get(pk=kwargs["pk"])
    return form_data(forms.InputForm(instance=review_input), status="covered", notes="Presented with figures")


def _signature(meaning):
    """The acting user's own password (every factory user has PASSWORD)."""
    return lambda users, kwargs: {"meaning": meaning, "password": PASSWORD}


def _new_action(users, kwargs):
    return {"title": "Retrain the night shift", "owner": users["employee"].pk, "due_date": _in_days(14)}


def _resource(users, kwargs):
    return {
        "category": "infrastructure",
        "description": "A second deburring station",
        "objective": ObjectiveFactory().pk,
        "quantity": "1",
        "cost": "3000",
    }


ROUTES = [
    Route("reviews:list", get=READ_ROLES, post=READ_ROLES_POST),
    Route("reviews:schedule", get=QM_ONLY, post=QM_ONLY, valid_post=_schedule),
    Route("reviews:create", get=QM_ONLY, post=QM_ONLY, valid_post=_new_review),
    Route("reviews:detail", get=READ_ROLES, post=READ_ROLES_POST, kwargs=review_pk),
    Route("reviews:edit", get=QM_ONLY, post=QM_ONLY, kwargs=review_pk, valid_post=_review_edit),
    Route(
        "reviews:prepare",
        get=QM_POST_ONLY,
        post=expect(quality=302),
        kwargs=review_pk,
        post_changes=frozenset({"quality"}),
        valid_post=no_body,
    ),
    # An empty form changes nothing: the view sends the user back with the errors.
    Route(
        "reviews:hold",
        get=QM_POST_ONLY,
        post=expect(quality=302),
        kwargs=ready_review_pk,
        valid_post=lambda users, kwargs: {"held_on": timezone.localdate()},
    ),
    # The top user of the matrix chairs this held review (tests/test_object_state_matrix.py has
    # the other leader, refused).
    Route(
        "reviews:sign_off",
        get=expect(top=405),
        post=expect(top=302),
        kwargs=concluded_review_pk,
        valid_post=_signature("approved"),
    ),
    Route(
        "reviews:record",
        get=expect(quality=200),
        post=expect(quality=400),
        kwargs=review_pk,
        valid_post=_record,
    ),
    Route(
        "reviews:attendance",
        get=expect(top=405, quality=405, auditor=405),
        post=expect(top=302, quality=302, auditor=302),
        kwargs=held_review_pk,
        valid_post=_signature("attended"),
    ),
    Route(
        "reviews:decision_create",
        get=expect(top=405),
        post=expect(top=302),
        kwargs=review_pk,
        valid_post=lambda users, kwargs: {"kind": "improvement", "description": "Halve the setup time"},
    ),
    # The top user chairs this held review; an empty form is refused with a message.
    Route(
        "reviews:conclude",
        get=expect(top=405),
        post=expect(top=302),
        kwargs=held_review_pk,
        valid_post=_conclusion,
    ),
    Route("reviews:minutes", get=READ_ROLES, post=READ_ROLES_POST, kwargs=review_pk),
    Route(
        "reviews:minutes_pdf",
        get=READ_ROLES,
        post=expect(top=405, quality=405, auditor=405),
        kwargs=review_pk,
    ),
    Route("reviews:input_edit", get=QM_ONLY, post=QM_ONLY, kwargs=input_pk, valid_post=_input_edit),
    Route(
        "reviews:action_create",
        get=expect(top=405, quality=405),
        post=expect(top=302, quality=302),
        kwargs=decision_pk,
        valid_post=_new_action,
    ),
    # An empty form is refused with a message, nothing changes.
    Route(
        "reviews:decision_resource_request",
        get=expect(top=405, quality=405),
        post=expect(top=302, quality=302),
        kwargs=resource_decision_pk,
        valid_post=_resource,
    ),
    # The button is the whole form: a decision to change the QMS opens the policy draft.
    Route(
        "reviews:decision_policy_draft",
        get=expect(top=405, quality=405),
        post=expect(top=302, quality=302),
        kwargs=qms_change_decision_pk,
        post_changes=frozenset({"top", "quality"}),
        valid_post=no_body,
    ),
    Route("reviews:action_list", get=READ_ROLES, post=READ_ROLES_POST),
    Route(
        "reviews:action_status",
        get=expect(quality=405),
        post=expect(quality=302),
        kwargs=action_pk,
        valid_post=lambda users, kwargs: {"status": "in_progress", "note": ""},
    ),
]
