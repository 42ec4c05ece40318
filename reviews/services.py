"""Write use cases of management reviews. A signed-off review refuses every change here."""

from __future__ import annotations

import datetime
import hashlib

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from simple_history.utils import bulk_update_with_history

from commitments.models import Edition, Evidence, RegisterLink, Responsibility
from commitments.services.evidence import evidence_create
from commitments.services.policy import policy_draft_start
from core import events, permissions, signatures, tracked
from core.history import record_change
from core.site import site_url
from objectives.services import resource_request_create
from reviews import package
from reviews.inputs_data import review_inputs
from reviews.minutes import minutes_pdf
from reviews.models import ManagementReview, ReviewAction, ReviewDecision, ReviewInput, ReviewSchedule


def _track(obj, by, reason: str) -> None:
    record_change(obj, by=by, reason=reason)


def _refuse_if_frozen(review: ManagementReview) -> None:
    if review.is_frozen:
        raise ValidationError(_("This review is signed off: it is a record now and cannot be changed."))


def schedule_get() -> ReviewSchedule:
    """The organisation's review schedule; until the quality manager saves one, unsaved defaults.

    Reading never writes: the defaults count the QMS as starting today, so nothing is overdue
    until the real start date is entered.
    """
    return ReviewSchedule.objects.order_by("pk").first() or ReviewSchedule(
        qms_started_on=timezone.localdate()
    )


@transaction.atomic
def schedule_update(*, schedule: ReviewSchedule, interval_months: int, grace_days: int, qms_started_on, by):
    """Change the interval, the grace period or the start of the QMS."""
    schedule.interval_months, schedule.grace_days, schedule.qms_started_on = (
        interval_months,
        grace_days,
        qms_started_on,
    )
    schedule.full_clean()
    _track(schedule, by, gettext_noop("Review schedule changed"))
    schedule.save()
    return schedule


@transaction.atomic
def review_plan(
    *, title: str, planned_date: datetime.date, chair, attendees=(), other_attendees: str = "", by
):
    """Plan a review under the active edition; it starts with one row per input of that edition's
    list, all missing, and keeps that list whatever edition is active later."""
    edition = Edition.objects.active().first()
    if edition is None:
        raise ValidationError(_("No edition of the standard is active."))
    inputs = review_inputs(edition)
    review = ManagementReview(
        title=title,
        planned_date=planned_date,
        chair=chair,
        other_attendees=other_attendees,
        created_by=by,
        edition=edition,
    )
    review.full_clean()
    _track(review, by, gettext_noop("Review planned"))
    review.save()
    review.attendees.set(attendees)
    ReviewInput.objects.bulk_create(
        ReviewInput(
            review=review, code=code, title=title_, guidance=guidance, section=section or "", sort_order=i
        )
        for i, (code, title_, guidance, section) in enumerate(inputs, start=1)
    )
    return review


@transaction.atomic
def review_update(*, review: ManagementReview, by, attendees=None, **fields) -> ManagementReview:
    """Edit the planning fields or the minutes of a review that is not signed off."""
    review = ManagementReview.objects.select_for_update().get(pk=review.pk)
    _refuse_if_frozen(review)
    for name, value in fields.items():
        setattr(review, name, value)
    review.full_clean()
    _track(review, by, gettext_noop("Review edited"))
    review.save()
    if attendees is not None:
        review.attendees.set(attendees)
    return review


@transaction.atomic
def review_prepare(*, review: ManagementReview, by) -> ManagementReview:
    """Compile the data package from live data into the inputs; a planned review moves to preparation.

    Can be run again to refresh the figures until the review is held.
    """
    review = ManagementReview.objects.select_for_update().get(pk=review.pk)
    _refuse_if_frozen(review)
    if review.is_held:
        raise ValidationError(
            _("The review has been held: its data package is what was discussed and stays as it is.")
        )
    if review.status == ManagementReview.Status.PLANNED:
        review.status = ManagementReview.Status.IN_PREPARATION
    review.prepared_at = timezone.now()
    _track(review, by, gettext_noop("Data package compiled"))
    review.save()
    inputs = list(review.inputs.exclude(section=""))
    newly_covered = []
    for review_input in inputs:
        first_compile = not review_input.package
        review_input.package = package.compile_section(review_input.section, review=review)
        _track(review_input, by, gettext_noop("Data package compiled"))
        # Compiled from live data: covered by the package unless the quality manager reopens it.
        if first_compile and review_input.status == ReviewInput.Status.MISSING:
            review_input.status = ReviewInput.Status.COVERED
            review_input.notes = review_input.notes or COVERED_BY_PACKAGE
            _track(review_input, by, gettext_noop("Covered by the compiled data package"))
            newly_covered.append(review_input)
    ReviewInput.objects.bulk_update([i for i in inputs if i not in newly_covered], ["package"])
    if newly_covered:
        bulk_update_with_history(
            newly_covered,
            ReviewInput,
            ["package", "status", "notes"],
            default_user=by,
            default_change_reason=gettext_noop("Covered by the compiled data package"),
        )
    return review


# Stored as the notes of a covered input in English, shown in the reader's language (|translated).
COVERED_BY_PACKAGE = gettext_noop("Covered by the compiled data package.")


@transaction.atomic
def review_record(*, review: ManagementReview, entries: list[dict], minutes: str, by) -> ManagementReview:
    """Record, from one page, the inputs that need words and the minutes of the meeting."""
    review = ManagementReview.objects.select_for_update().get(pk=review.pk)
    _refuse_if_frozen(review)
    for entry in entries:
        input_update(by=by, **entry)
    if minutes != review.minutes:
        review.minutes = minutes
        _track(review, by, gettext_noop("Minutes recorded"))
        review.save(update_fields=["minutes"])
    return review


@transaction.atomic
def input_update(
    *,
    review_input: ReviewInput,
    status: str,
    notes: str,
    deferred_reason: str = "",
    deferred_to: ManagementReview | None = None,
    by,
) -> ReviewInput:
    """Record whether an input was covered, deferred (with why and to which review) or is still missing."""
    review = ManagementReview.objects.select_for_update().get(pk=review_input.review_id)
    _refuse_if_frozen(review)
    review_input.status, review_input.notes = status, notes
    if status == ReviewInput.Status.DEFERRED:
        if not deferred_reason.strip():
            raise ValidationError({"deferred_reason": _("Say why this input is deferred.")})
        if deferred_to is not None and (deferred_to.pk == review.pk or deferred_to.is_held):
            raise ValidationError({"deferred_to": _("Defer to a later review that has not been held yet.")})
        review_input.deferred_reason, review_input.deferred_to = deferred_reason, deferred_to
    else:
        review_input.deferred_reason, review_input.deferred_to = "", None
    review_input.full_clean()
    _track(review_input, by, f"Input marked {review_input.get_status_display().lower()}")
    review_input.save()
    return review_input


def missing_inputs(review: ManagementReview) -> list[ReviewInput]:
    """Inputs that block holding the review."""
    return list(review.inputs.filter(status=ReviewInput.Status.MISSING))


@transaction.atomic
def review_hold(
    *, review: ManagementReview, held_on: datetime.date, by, late_reason: str = ""
) -> ManagementReview:
    """Mark the review as held; refused while any required input is missing, and refused for a date
    before its data package was compiled unless the reason for the late record is given."""
    review = ManagementReview.objects.select_for_update().get(pk=review.pk)
    if not review.can_move_to(ManagementReview.Status.HELD):
        raise ValidationError(
            _("A review that is %(status)s cannot be marked as held; prepare it first.")
            % {"status": review.get_status_display().lower()}
        )
    missing = missing_inputs(review)
    if missing:
        names = ", ".join(f"{i.code}) {i.title}" for i in missing)
        raise ValidationError(
            _("Every input must be covered or deferred before the review is held. Missing: %(names)s.")
            % {"names": names}
        )
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": _("A review cannot be held in the future.")})
    compiled_on = timezone.localdate(review.prepared_at) if review.prepared_at else None
    late_reason = (late_reason or "").strip()
    if compiled_on and held_on < compiled_on and not late_reason:
        raise ValidationError(
            {
                "late_reason": _(
                    "The data package was compiled on %(compiled_on)s, after %(held_on)s: say why the "
                    "review is recorded late, or correct the date."
                )
                % {
                    "compiled_on": formats.date_format(compiled_on, "d M Y"),
                    "held_on": formats.date_format(held_on, "d M Y"),
                }
            }
        )
    review.status, review.held_on = ManagementReview.Status.HELD, held_on
    review.held_recorded_at = timezone.now()
    review.late_record_reason = late_reason if compiled_on and held_on < compiled_on else ""
    review.full_clean()
    _track(
        review,
        by,
        f"Review held (recorded late: {late_reason})" if review.late_record_reason else "Review held",
    )
    review.save()
    return review


CONCLUSION_MEANINGS = (signatures.Meaning.CONCLUDED,)


@transaction.atomic
def review_conclude(
    *,
    review: ManagementReview,
    suitable: str,
    adequate: str,
    effective: str,
    aligned: str,
    conclusion: str,
    by,
    password: str,
    meaning: str = signatures.Meaning.CONCLUDED,
) -> ManagementReview:
    """Top management's conclusion on the quality system, recorded on a held review before sign-off
    and signed electronically; once signed it is not rewritten."""
    permissions.require(
        permissions.may_sign_off_reviews(by), _("Only top management concludes a management review.")
    )
    review = ManagementReview.objects.select_for_update().get(pk=review.pk)
    _refuse_if_frozen(review)
    if not review.is_held:
        raise ValidationError(_("The conclusion is recorded once the review has been held."))
    if review.conclusion_is_complete:
        raise ValidationError(_("The conclusion is recorded and signed already."))
    review.conclusion_suitable, review.conclusion_adequate = suitable, adequate
    review.conclusion_effective, review.conclusion_aligned = effective, aligned
    review.conclusion = (conclusion or "").strip()
    if not review.conclusion_is_complete:
        raise ValidationError(_("Answer each question and write the overall conclusion."))
    review.full_clean()
    signatures.sign(
        record=review,
        by=by,
        password=password,
        meaning=meaning,
        statement=f"Conclusion on the quality system at {review}",
        allowed=CONCLUSION_MEANINGS,
    )
    _track(review, by, gettext_noop("Conclusion on the quality system recorded"))
    review.save()
    return review


def sign_off_problems(review: ManagementReview) -> list[str]:
    """What stops a held review from being signed off (empty when it may be)."""
    if review.status != ManagementReview.Status.HELD:
        return [_("Only a held review can be signed off.")]
    if not review.minutes.strip():
        return [_("Write the minutes before the review is signed off: they are what the signature covers.")]
    if not review.conclusion_is_complete:
        return [
            _(
                "Record the conclusion first: whether the quality system is suitable, adequate, effective "
                "and aligned with the strategic direction, and the overall conclusion."
            )
        ]
    return []


SIGN_OFF_MEANINGS = (signatures.Meaning.APPROVED, signatures.Meaning.REVIEWED)


@transaction.atomic
def review_sign_off(
    *, review: ManagementReview, by, password: str, meaning: str = signatures.Meaning.APPROVED
) -> ManagementReview:
    """The chair signs off a held review with an electronic signature; from then on it is frozen
    and counts as leadership evidence."""
    review = ManagementReview.objects.select_for_update().get(pk=review.pk)
    if not permissions.may_sign_off_review(by, review):
        raise ValidationError(_("Only the chair of the review can sign it off."))
    problems = sign_off_problems(review)
    if problems:
        raise ValidationError(problems)
    signatures.sign(
        record=review,
        by=by,
        password=password,
        meaning=meaning,
        statement=f"Sign-off of the minutes of {review}",
        allowed=SIGN_OFF_MEANINGS,
    )
    review.status = ManagementReview.Status.SIGNED_OFF
    review.signed_off_by, review.signed_off_at = by, timezone.now()
    # The minutes as signed are kept, so the audit pack carries the very document the signature
    # covers (and needs not render a long one again).
    minutes = minutes_pdf(review)
    review.signed_minutes.save(f"review-{review.pk}-minutes.pdf", ContentFile(minutes), save=False)
    review.signed_minutes_sha256 = hashlib.sha256(minutes).hexdigest()
    review.full_clean()
    _track(review, by, gettext_noop("Review signed off"))
    review.save()
    _record_as_evidence(review, by, minutes)
    events.emit(events.Kind.REVIEW_SIGNED_OFF, review)
    return review


@transaction.atomic
def review_confirm_attendance(*, review: ManagementReview, by, password: str) -> None:
    """An attendee confirms, with their signature, that they attended a held review."""
    if not review.is_held:
        raise ValidationError(_("Attendance can be confirmed once the review has been held."))
    if not review.attendees.filter(pk=by.pk).exists():
        raise ValidationError(_("Only the people listed as attendees confirm their attendance."))
    signatures.sign(
        record=review,
        by=by,
        password=password,
        meaning=signatures.Meaning.ATTENDED,
        statement=f"Attendance at {review}",
        allowed=(signatures.Meaning.ATTENDED,),
    )


def _record_as_evidence(review: ManagementReview, by, minutes: bytes) -> None:
    """A signed review is leadership evidence, with its minutes attached, for the responsibilities the
    edition links to management reviews (accountability, intended results, improvement in 2015)."""

    responsibilities = list(
        Responsibility.objects.of_active_edition().filter(
            register_links__register=RegisterLink.Register.REVIEWS
        )
    )
    if not responsibilities:
        return
    pdf = SimpleUploadedFile(f"management-review-{review.pk}-minutes.pdf", minutes, "application/pdf")
    signer = by.get_full_name() or by.username
    assert review.held_on is not None  # only a held review is signed off
    evidence_create(
        title=_("Signed management review: %(review_title)s") % {"review_title": review.title},
        kind=Evidence.Kind.REVIEW,
        fact_date=review.held_on,
        responsibilities=responsibilities,
        description=_("Held on %(held_on)s; signed off by the chair, %(signer)s.")
        % {"held_on": formats.date_format(review.held_on, "d F Y"), "signer": signer},
        external_url=site_url(review.get_absolute_url()),
        files=[pdf],
        by=by,
    )


@transaction.atomic
def decision_record(
    *, review: ManagementReview, kind: str, description: str, by, commitment_key: str = ""
) -> ReviewDecision:
    """Record an output of a held (or being held) review."""
    review = ManagementReview.objects.select_for_update().get(pk=review.pk)
    _refuse_if_frozen(review)
    if review.status == ManagementReview.Status.PLANNED:
        raise ValidationError(_("Prepare the review before recording its decisions."))
    decision = ReviewDecision(
        review=review, kind=kind, description=description, recorded_by=by, commitment_key=commitment_key or ""
    )
    decision.full_clean()
    _track(decision, by, gettext_noop("Decision recorded"))
    decision.save()
    return decision


@transaction.atomic
def action_create(
    *, decision: ReviewDecision, title: str, owner, due_date: datetime.date, by
) -> ReviewAction:
    """Turn a decision into a tracked action with an owner and a due date."""
    _refuse_if_frozen(ManagementReview.objects.select_for_update().get(pk=decision.review_id))
    action = ReviewAction(decision=decision, title=title, owner=owner, due_date=due_date)
    action.full_clean()
    _track(action, by, gettext_noop("Action created"))
    action.save()
    return action


@transaction.atomic
def decision_raise_resource_request(*, decision: ReviewDecision, data: dict, by):
    """A resource-need decision raises a request in the objectives app, for top management to decide."""

    decision = ReviewDecision.objects.select_for_update().get(pk=decision.pk)
    _refuse_if_frozen(decision.review)
    if decision.kind != ReviewDecision.Kind.RESOURCE_NEED:
        raise ValidationError(_("Only a resource-need decision raises a resource request."))
    if decision.resource_request_id:
        raise ValidationError(_("This decision has already raised its resource request."))
    request = resource_request_create(data=data, by=by)
    decision.resource_request = request
    _track(decision, by, gettext_noop("Resource request raised"))
    decision.save(update_fields=["resource_request"])
    return request


@transaction.atomic
def decision_open_policy_draft(*, decision: ReviewDecision, by):
    """A decision to change the QMS opens a new draft of the quality policy (a copy of the one in force)."""

    decision = ReviewDecision.objects.select_for_update().get(pk=decision.pk)
    _refuse_if_frozen(decision.review)
    if decision.kind != ReviewDecision.Kind.QMS_CHANGE:
        raise ValidationError(_("Only a decision to change the QMS opens a policy draft."))
    if decision.policy_draft_id:
        raise ValidationError(_("This decision has already opened a policy draft."))
    draft = policy_draft_start(by=by)
    decision.policy_draft = draft
    _track(decision, by, gettext_noop("Policy draft opened"))
    decision.save(update_fields=["policy_draft"])
    return draft


@transaction.atomic
def action_update_status(*, action: ReviewAction, status: str, note: str = "", by) -> ReviewAction:
    """Move an action along; actions stay open to progress after their review is signed off."""
    action = ReviewAction.objects.select_for_update().get(pk=action.pk)
    if not permissions.may_update_review_action(by, action):
        raise ValidationError(_("Only the action's owner or the quality manager can update it."))
    return tracked.move(action=action, status=status, note=note, by=by)
