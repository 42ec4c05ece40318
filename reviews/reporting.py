"""What the reviews app gives the report centre: its registers (reviews, review actions) and its
audit-pack section."""

from __future__ import annotations

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch, Q
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from core.models import Signature
from core.pointintime import group_by, m2m_as_of, snapshot
from core.reporting import (
    Act,
    PackFile,
    PackTable,
    Period,
    Register,
    acts,
    bounded,
    display,
    open_during,
    register,
    section,
)
from reviews import selectors as review_selectors
from reviews.filters import ActionFilter
from reviews.models import ManagementReview, ReviewAction, ReviewDecision, ReviewInput

MINUTES_FOLDER = "minutes/"

register(
    Register(
        name="reviews",
        label=_("Management reviews"),
        description=_("Every management review, planned or held, with its chair and sign-off."),
        permission="reviews.view_managementreview",
        rows=lambda: review_selectors.review_list().select_related("signed_off_by"),
        columns=[
            (_("Review"), "title"),
            (_("Planned"), "planned_date"),
            (_("Held"), "held_on"),
            (_("Status"), display("status")),
            (_("Chair"), "chair"),
            (_("Recorded as held at"), "held_recorded_at"),
            (_("Reason for the late record"), "late_record_reason"),
            (_("Suitable"), display("conclusion_suitable")),
            (_("Adequate"), display("conclusion_adequate")),
            (_("Effective"), display("conclusion_effective")),
            (_("Aligned with the strategic direction"), display("conclusion_aligned")),
            (_("Conclusion"), "conclusion"),
            (_("Signed off by"), "signed_off_by"),
            (_("Signed off at"), "signed_off_at"),
            (_("Inputs missing"), "missing_inputs"),
            (_("Decisions"), "decision_count"),
        ],
    )
)

register(
    Register(
        name="review_actions",
        label=_("Review actions"),
        description=_("Actions decided at management reviews, as the review actions list filters them."),
        permission="reviews.view_reviewaction",
        rows=lambda: review_selectors.action_list().active().order_by("due_date", "pk"),
        filterset_class=ActionFilter,
        columns=[
            (_("Review"), "decision.review.title"),
            (_("Action"), "title"),
            (_("Owner"), "owner"),
            (_("Due"), "due_date"),
            (_("Status"), display("status")),
            (_("Completed on"), "completed_on"),
            (_("Completion note"), "completion_note"),
            (_("Decision"), "decision.description"),
        ],
    )
)


def actions_open_during(period: Period):
    """Review actions open at any time in the period, whatever their due date."""
    return open_during(
        ReviewAction.objects.filter(archived_at__isnull=True),
        period,
        open_statuses=ReviewAction.OPEN_STATUSES,
        closed_on="completed_on",
    )


def reviews_of(period: Period, as_of: datetime.datetime | None) -> list[ManagementReview]:
    """Reviews held in the period, those whose actions were open in it, and, when none was held in it,
    the last one held before it."""
    held = Q(status__in=[ManagementReview.Status.HELD, ManagementReview.Status.SIGNED_OFF])
    in_period = held & Q(held_on__gte=period.start, held_on__lte=period.end)
    if as_of is None:
        with_actions = actions_open_during(period).values("decision__review_id")
        chosen = ManagementReview.objects.filter(in_period | Q(pk__in=with_actions))
        ids = set(chosen.values_list("pk", flat=True))
        if not ManagementReview.objects.filter(in_period).exists():
            last = ManagementReview.objects.filter(held, held_on__lt=period.start).order_by("-held_on", "-pk")
            ids |= set(last.values_list("pk", flat=True)[:1])
        return list(
            ManagementReview.objects.filter(pk__in=ids)
            .select_related("chair", "signed_off_by")
            .prefetch_related(
                "attendees",
                Prefetch("inputs", queryset=ReviewInput.objects.order_by("sort_order", "code")),
            )
            .order_by("held_on", "planned_date", "pk")
        )
    rows = snapshot(
        ManagementReview, as_of, in_period, related=("chair", "signed_off_by"), order_by=("held_on", "id")
    )
    if not rows:
        before = snapshot(
            ManagementReview,
            as_of,
            held,
            related=("chair", "signed_off_by"),
            order_by=("-held_on", "-id"),
            held_on__lt=period.start,
        )
        rows = before[:1]
    m2m_as_of(rows, "attendees", as_of)
    inputs = group_by(
        snapshot(ReviewInput, as_of, order_by=("sort_order", "code"), review_id__in=[r.pk for r in rows]),
        "review_id",
    )
    for r in rows:
        r.input_rows = inputs.get(r.pk, [])
    return rows


def _minutes_file(review: ManagementReview) -> PackFile:
    from reviews.minutes import minutes_pdf

    name = f"{MINUTES_FOLDER}review-{review.pk}-{slugify(review.title)[:60] or 'minutes'}.pdf"
    if review.signed_minutes:
        # The document the chair signed, checked against the hash taken at sign-off.
        label = _("Minutes of %(title)s, as signed off") % {"title": review.title}
        return PackFile(name, review.signed_minutes, label, sha256=review.signed_minutes_sha256)
    label = _("Minutes of %(title)s") % {"title": review.title}
    return PackFile(name, None, label, render=lambda: minutes_pdf(review))


@section(
    "reviews",
    _("Management reviews"),
    permission="reviews.view_managementreview",
    order=70,
    clause="9.3",
)
def reviews_section(period: Period, as_of: datetime.datetime | None, limit: int | None) -> dict:
    """Every review held in the period or whose actions were open in it (and the last one before the
    period when none was held in it): date, chair, attendees, each input with its compiled summary,
    results by kind, actions with owner, due date and state, sign-off, and the conclusion on the
    quality system; when a review was recorded as held after the fact, the reason and the recording
    date. Each review's minutes (PDF) join the ZIP."""
    rows = reviews_of(period, as_of)
    ids = [r.pk for r in rows]
    decisions = snapshot(ReviewDecision, as_of, related=("recorded_by",), order_by=("id",), review_id__in=ids)
    actions = group_by(
        snapshot(
            ReviewAction,
            as_of,
            related=("owner",),
            order_by=("due_date", "id"),
            decision_id__in=[d.pk for d in decisions],
        ),
        "decision_id",
    )
    by_review = group_by(decisions, "review_id")
    items = []
    for r in rows:
        kinds: dict[str, list] = {}
        for d in by_review.get(r.pk, []):
            for a in actions.get(d.pk, []):
                a.due_after_period = a.due_date > period.end
            kinds.setdefault(d.get_kind_display(), []).append(
                {"decision": d, "actions": actions.get(d.pk, [])}
            )
        inputs = getattr(r, "input_rows", None)
        items.append(
            {
                "review": r,
                "inputs": inputs if inputs is not None else list(r.inputs.all()),
                "attendees": list(r.attendees.all()),
                "results": list(kinds.items()),
                "held_in_period": bool(r.held_on and period.start <= r.held_on <= period.end),
            }
        )
    return {
        "reviews": items,
        "files": [_minutes_file(r) for r in rows if r.is_held] if as_of is None else [],
        "tables": [
            PackTable(
                "management_reviews",
                _("Management reviews"),
                register="reviews",
                queryset=lambda: (
                    review_selectors.review_list().select_related("signed_off_by").filter(pk__in=ids)
                ),
            ),
            PackTable(
                "review_actions",
                _("Review actions open during the period"),
                register="review_actions",
                queryset=lambda: (
                    actions_open_during(period)
                    .select_related("owner", "decision__review")
                    .order_by("due_date", "pk")
                ),
            ),
        ],
    }


@acts
def review_acts(period: Period, limit: int | None) -> tuple[list[Act], int]:
    """Reviews chaired and signed off, and decisions recorded, in the period."""
    signed, signed_total = bounded(
        ManagementReview.objects.filter(signed_off_at__gt=period.start_at, signed_off_at__lte=period.end_at)
        .select_related("signed_off_by")
        .order_by("signed_off_at"),
        limit,
    )
    decided, decided_total = bounded(
        ReviewDecision.objects.filter(recorded_at__gt=period.start_at, recorded_at__lte=period.end_at)
        .select_related("recorded_by", "review")
        .order_by("recorded_at", "pk"),
        limit,
    )
    concluded, concluded_total = bounded(
        Signature.objects.filter(
            content_type=ContentType.objects.get_for_model(ManagementReview),
            meaning=Signature.Meaning.CONCLUDED,
            signed_at__gt=period.start_at,
            signed_at__lte=period.end_at,
        )
        .select_related("signer")
        .order_by("signed_at", "pk"),
        limit,
    )
    rows = [
        Act(r.signed_off_at, r.signed_off_by, _("Signed off a management review"), r.title) for r in signed
    ]
    rows += [
        Act(c.signed_at, c.signer, _("Concluded on the quality system (signed)"), c.statement)
        for c in concluded
    ]
    rows += [
        Act(
            d.recorded_at,
            d.recorded_by,
            _("Recorded a review decision (%(kind)s)") % {"kind": d.get_kind_display().lower()},
            f"{d.review.title}: {d.description[:120]}",
        )
        for d in decided
    ]
    return rows, signed_total + decided_total + concluded_total
