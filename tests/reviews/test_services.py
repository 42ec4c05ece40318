import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from commitments.models import Edition
from core.models import Signature
from reviews import services
from reviews.inputs_data import review_inputs
from reviews.models import ManagementReview, ReviewAction, ReviewDecision, ReviewInput
from tests.factories import PASSWORD, UserFactory
from tests.reviews.factories import conclude, cover_all_inputs, held_review, plan_review

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def test_a_planned_review_has_every_required_input_missing():
    review = plan_review()
    codes = list(review.inputs.values_list("code", flat=True))
    assert codes == [code for code, *_ in review_inputs(Edition.objects.active().get())]
    assert len([c for c in codes if c.startswith("c")]) == 7
    assert set(review.inputs.values_list("status", flat=True)) == {ReviewInput.Status.MISSING}


def test_a_review_cannot_be_held_before_it_is_prepared():
    review = plan_review()
    cover_all_inputs(review)
    with pytest.raises(ValidationError, match="prepare it first"):
        services.review_hold(review=review, held_on=TODAY(), by=review.chair)


def test_a_review_cannot_be_held_while_an_input_is_missing_and_says_which():
    review = plan_review()
    services.review_prepare(review=review, by=review.chair)
    cover_all_inputs(review)
    review.inputs.filter(code="c6").update(status=ReviewInput.Status.MISSING)
    with pytest.raises(ValidationError, match=r"c6\) Audit results"):
        services.review_hold(review=review, held_on=TODAY(), by=review.chair)
    review.refresh_from_db()
    assert review.status == ManagementReview.Status.IN_PREPARATION


def test_a_deferred_input_needs_a_reason_and_then_allows_holding():
    review = plan_review()
    services.review_prepare(review=review, by=review.chair)
    cover_all_inputs(review)
    audit = review.inputs.get(code="c6")
    with pytest.raises(ValidationError):
        services.input_update(
            review_input=audit, status="deferred", notes="", deferred_reason=" ", by=review.chair
        )
    later = plan_review(chair=review.chair, planned_date=TODAY() + datetime.timedelta(days=200))
    services.input_update(
        review_input=audit,
        status="deferred",
        notes="",
        deferred_reason="Audit report not received yet",
        deferred_to=later,
        by=review.chair,
    )
    held = services.review_hold(review=review, held_on=TODAY(), by=review.chair)
    assert held.status == ManagementReview.Status.HELD
    assert held.held_on == TODAY()


def test_a_review_cannot_be_held_in_the_future():
    review = plan_review()
    services.review_prepare(review=review, by=review.chair)
    cover_all_inputs(review)
    with pytest.raises(ValidationError):
        services.review_hold(review=review, held_on=TODAY() + datetime.timedelta(days=1), by=review.chair)


def test_only_the_chair_signs_off_and_only_a_held_review():
    review = plan_review()
    other_leader = UserFactory(role="top")
    with pytest.raises(ValidationError, match="Only a held review"):
        services.review_sign_off(review=review, by=review.chair, password=PASSWORD)
    review = held_review(chair=review.chair)
    with pytest.raises(ValidationError, match="Only the chair"):
        services.review_sign_off(review=review, by=other_leader, password=PASSWORD)
    with pytest.raises(ValidationError, match="Record the conclusion first"):
        services.review_sign_off(review=review, by=review.chair, password=PASSWORD)
    conclude(review)
    signed = services.review_sign_off(review=review, by=review.chair, password=PASSWORD)
    assert signed.status == ManagementReview.Status.SIGNED_OFF
    assert signed.signed_off_by == review.chair
    assert signed.history.first().history_change_reason == "Review signed off"


def test_a_signed_off_review_refuses_every_change():
    review = held_review()
    decision = services.decision_record(
        review=review, kind="improvement", description="Cut scrap", by=review.chair
    )
    conclude(review)
    services.review_sign_off(review=review, by=review.chair, password=PASSWORD)
    an_input = review.inputs.first()
    attempts = [
        lambda: services.review_update(review=review, minutes="rewritten", by=review.chair),
        lambda: services.review_prepare(review=review, by=review.chair),
        lambda: services.input_update(review_input=an_input, status="missing", notes="", by=review.chair),
        lambda: services.decision_record(
            review=review, kind="improvement", description="late", by=review.chair
        ),
        lambda: services.action_create(
            decision=decision, title="late", owner=review.chair, due_date=TODAY(), by=review.chair
        ),
        lambda: services.review_hold(review=review, held_on=TODAY(), by=review.chair),
        lambda: services.review_sign_off(review=review, by=review.chair, password=PASSWORD),
        lambda: conclude(review),
    ]
    for attempt in attempts:
        with pytest.raises(ValidationError):
            attempt()
    review.refresh_from_db()
    assert review.minutes == "Every input presented and discussed."
    assert review.status == ManagementReview.Status.SIGNED_OFF
    assert ReviewDecision.objects.filter(review=review).count() == 1
    assert not ReviewAction.objects.exists()


def test_open_actions_carry_forward_into_the_next_reviews_input_a():
    first = held_review(held_on=TODAY() - datetime.timedelta(days=100))
    decision = services.decision_record(
        review=first, kind="improvement", description="Cut scrap", by=first.chair
    )
    owner = UserFactory()
    late = services.action_create(
        decision=decision,
        title="Train setters",
        owner=owner,
        due_date=TODAY() - datetime.timedelta(days=5),
        by=first.chair,
    )
    services.action_create(
        decision=decision,
        title="New gauge",
        owner=owner,
        due_date=TODAY() + datetime.timedelta(days=5),
        by=first.chair,
    )
    conclude(first)
    services.review_sign_off(review=first, by=first.chair, password=PASSWORD)
    second = plan_review(chair=first.chair)
    services.review_prepare(review=second, by=second.chair)
    package = second.inputs.get(code="a").package
    titles = [row[1] for row in package["rows"]]
    assert titles == ["Train setters", "New gauge"]
    assert "2 open action(s) carried forward, 1 overdue" in package["summary"]
    assert "(overdue)" in package["rows"][0][4]
    # Once done, the action is reported as closed since the last review, not as open.
    services.action_update_status(action=late, status="done", note="All four trained", by=owner)
    services.review_prepare(review=second, by=second.chair)
    package = second.inputs.get(code="a").package
    assert "1 open action(s) carried forward, 0 overdue; 1 closed since" in package["summary"]


def test_the_package_of_a_held_review_is_not_recompiled():
    review = held_review()
    with pytest.raises(ValidationError, match="held"):
        services.review_prepare(review=review, by=review.chair)


def test_action_owner_can_update_but_others_cannot():
    review = held_review()
    decision = services.decision_record(review=review, kind="improvement", description="x", by=review.chair)
    owner, stranger = UserFactory(), UserFactory()
    action = services.action_create(
        decision=decision, title="Do it", owner=owner, due_date=TODAY(), by=review.chair
    )
    with pytest.raises(ValidationError, match="owner"):
        services.action_update_status(action=action, status="done", by=stranger)
    done = services.action_update_status(action=action, status="done", note="Done and checked", by=owner)
    assert done.completed_on == TODAY() and done.completion_note == "Done and checked"
    with pytest.raises(ValidationError, match="cannot become"):
        services.action_update_status(action=done, status="planned", by=owner)


def test_schedule_next_due_is_one_interval_after_the_last_review_held():
    schedule = services.schedule_get()
    schedule.interval_months, schedule.qms_started_on = 6, datetime.date(2025, 8, 31)
    assert schedule.next_due_date(None) == datetime.date(2026, 2, 28)
    assert schedule.next_due_date(datetime.date(2026, 3, 15)) == datetime.date(2026, 9, 15)
    schedule.grace_days = 30
    assert schedule.overdue_after(datetime.date(2026, 3, 15)) == datetime.date(2026, 10, 15)


def test_sign_off_needs_the_minutes_and_the_chairs_password():
    review = held_review(minutes="")
    with pytest.raises(ValidationError, match="Write the minutes"):
        services.review_sign_off(review=review, by=review.chair, password=PASSWORD)
    ManagementReview.objects.filter(pk=review.pk).update(minutes="Discussed.")
    conclude(review)
    with pytest.raises(ValidationError, match="password is not correct"):
        services.review_sign_off(review=review, by=review.chair, password="wrong")
    review.refresh_from_db()
    assert review.status == ManagementReview.Status.HELD
    services.review_sign_off(review=review, by=review.chair, password=PASSWORD, meaning="reviewed")
    signature = Signature.objects.get(meaning="reviewed")
    assert (signature.signer, signature.meaning) == (review.chair, "reviewed")


def test_attendees_confirm_their_attendance_with_a_signature():
    attendee, outsider = UserFactory(role="quality"), UserFactory(role="quality")
    review = held_review()
    review.attendees.add(attendee)
    services.review_confirm_attendance(review=review, by=attendee, password=PASSWORD)
    assert Signature.objects.get().meaning == "attended"
    with pytest.raises(ValidationError, match="already signed"):
        services.review_confirm_attendance(review=review, by=attendee, password=PASSWORD)
    with pytest.raises(ValidationError, match="Only the people listed"):
        services.review_confirm_attendance(review=review, by=outsider, password=PASSWORD)


def test_prepare_marks_compiled_inputs_covered_and_leaves_the_rest():
    review = plan_review()
    services.review_prepare(review=review, by=review.chair)
    by_status = {i.code: i.status for i in review.inputs.all()}
    compiled = {i.code for i in review.inputs.exclude(section="")}
    assert compiled and all(by_status[c] == ReviewInput.Status.COVERED for c in compiled)
    assert all(s == ReviewInput.Status.MISSING for c, s in by_status.items() if c not in compiled)
    reopened = review.inputs.exclude(section="").first()
    services.input_update(review_input=reopened, status="missing", notes="", by=review.chair)
    services.review_prepare(review=review, by=review.chair)
    reopened.refresh_from_db()
    assert reopened.status == ReviewInput.Status.MISSING
    assert reopened.history.filter(history_change_reason="Covered by the compiled data package").exists()


def test_a_review_held_before_its_package_was_compiled_needs_a_reason():
    review = plan_review()
    services.review_prepare(review=review, by=review.chair)
    cover_all_inputs(review)
    back = TODAY() - datetime.timedelta(days=40)
    with pytest.raises(ValidationError, match="say why the review is recorded late") as refused:
        services.review_hold(review=review, held_on=back, by=review.chair)
    assert "late_reason" in refused.value.message_dict
    review.refresh_from_db()
    assert review.status == ManagementReview.Status.IN_PREPARATION and review.held_on is None
    held = services.review_hold(
        review=review, held_on=back, late_reason="Minutes found in the CEO's notebook", by=review.chair
    )
    assert held.late_record_reason == "Minutes found in the CEO's notebook"
    assert held.held_recorded_at is not None and held.is_back_dated
    assert "recorded late" in held.history.first().history_change_reason


def test_a_review_held_on_the_day_its_package_was_compiled_keeps_no_late_reason():
    review = plan_review()
    services.review_prepare(review=review, by=review.chair)
    cover_all_inputs(review)
    held = services.review_hold(review=review, held_on=TODAY(), late_reason="not needed", by=review.chair)
    assert held.late_record_reason == "" and not held.is_back_dated


def test_the_conclusion_is_top_managements_and_complete(quality_user):
    review = held_review()
    with pytest.raises(PermissionDenied, match="Only top management"):
        conclude(review, by=quality_user)
    with pytest.raises(ValidationError, match="Answer each question"):
        services.review_conclude(
            review=review,
            suitable="yes",
            adequate="",
            effective="yes",
            aligned="yes",
            conclusion="ok",
            by=review.chair,
            password=PASSWORD,
        )
    concluded = conclude(review)
    assert concluded.conclusion_is_complete
    assert dict(concluded.conclusion_answers)["Effective: does it achieve its intended results?"] == "Partly"
    assert Signature.objects.get().meaning == "concluded"
    with pytest.raises(ValidationError, match="signed already"):
        conclude(review)
