""" "Waiting for me": everything the signed-in person must act on, oldest first, each with its button.

One LIMITed query per kind of item, and only for the kinds the person's permissions allow, so the
cost never depends on the data. The navigation's count and the home page share one computation
per request (waiting_for).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from commitments.models import LeadershipAction, RoleAssignment
from commitments.selectors_policy import banner_for, ready_drafts
from core import permissions
from core.formatting import date_text
from core.models import Signature
from findings.models import Finding
from objectives.models import Objective, ResourceRequest
from reviews.models import CONCLUSION_QUESTIONS, ManagementReview, ReviewAction

KIND_LIMIT = 10  # rows read per kind; one more tells there are more
DUE_WITHIN_DAYS = 7


@dataclass
class WaitingItem:
    """One thing a person owes: what it is, since when, and the button that does it."""

    kind: str
    title: str
    url: str
    button: str
    since: datetime.date
    detail: str = ""


@dataclass
class Waiting:
    """The person's waiting list, oldest first, and whether some kind had more than shown."""

    items: list[WaitingItem] = field(default_factory=list)
    more: bool = False

    @property
    def count(self) -> int:
        return len(self.items)

    @property
    def badge(self) -> str:
        return f"{self.count}+" if self.more else str(self.count)


def _day(moment) -> datetime.date:
    if isinstance(moment, datetime.datetime):
        return timezone.localtime(moment).date() if timezone.is_aware(moment) else moment.date()
    return moment


def _limited(queryset) -> tuple[list, bool]:
    rows = list(queryset[: KIND_LIMIT + 1])
    return rows[:KIND_LIMIT], len(rows) > KIND_LIMIT


def _policy_drafts(user, today) -> tuple[list[WaitingItem], bool]:
    rows, more = _limited(ready_drafts().order_by("created_at"))
    return [
        WaitingItem(
            kind=_("Policy draft to approve"),
            title=_("Quality policy, version %(number)s") % {"number": v.number},
            url=reverse("policy:version_detail", args=[v.pk]) + "#approve",
            button=_("Review and approve"),
            since=_day(v.created_at),
        )
        for v in rows
    ], more


def _conclusion_missing() -> Q:
    """A review whose conclusion on the quality system is not complete yet (an answer or the text missing)."""
    missing = Q(conclusion="")
    for name, _question in CONCLUSION_QUESTIONS:
        missing |= Q(**{name: ""})
    return missing


def _held_reviews(queryset, *, kind: str, button: str) -> tuple[list[WaitingItem], bool]:
    """Held reviews waiting at their sign-off block, oldest first."""
    rows, more = _limited(queryset.filter(status=ManagementReview.Status.HELD).order_by("held_on", "pk"))
    return [
        WaitingItem(
            kind=kind, title=r.title, url=r.get_absolute_url() + "#sign-off", button=button, since=r.held_on
        )
        for r in rows
    ], more


def _conclusions_to_record(user, today) -> tuple[list[WaitingItem], bool]:
    return _held_reviews(
        ManagementReview.objects.filter(_conclusion_missing()),
        kind=_("Review conclusion to record"),
        button=_("Conclude and sign"),
    )


def _reviews_to_sign(user, today) -> tuple[list[WaitingItem], bool]:
    # Signing off follows the conclusion; until then the review waits as a conclusion to record.
    return _held_reviews(
        ManagementReview.objects.filter(chair=user).exclude(_conclusion_missing()),
        kind=_("Review to sign off"),
        button=_("Read and sign off"),
    )


def _objectives_to_approve(user, today) -> tuple[list[WaitingItem], bool]:
    rows, more = _limited(
        Objective.objects.active().filter(status=Objective.Status.PROPOSED).order_by("start_date", "ref")
    )
    return [
        WaitingItem(
            kind=_("Objective to approve"),
            title=f"{o.ref} {o.title}",
            url=o.get_absolute_url() + "#approve",
            button=_("Review and approve"),
            since=o.start_date or today,
        )
        for o in rows
    ], more


def _resources_to_decide(user, today) -> tuple[list[WaitingItem], bool]:
    rows, more = _limited(
        ResourceRequest.objects.awaiting_decision().select_related("objective").order_by("requested_at", "pk")
    )
    return [
        WaitingItem(
            kind=_("Resource request to decide"),
            title=str(r),
            url=reverse("objectives:resource_detail", args=[r.pk]) + "#decide",
            button=_("Decide"),
            since=_day(r.requested_at),
            detail=str(r.objective) if r.objective_id else "",
        )
        for r in rows
    ], more


def _findings_owned(user, today) -> tuple[list[WaitingItem], bool]:
    rows, more = _limited(Finding.objects.alerting(today).filter(owner=user).order_by("first_seen_at", "pk"))
    return [
        WaitingItem(
            kind=_("Finding you own"),
            title=f.title,
            url=f.get_absolute_url(),
            button=_("Handle"),
            since=_day(f.first_seen_at),
            detail=f.get_severity_display(),
        )
        for f in rows
    ], more


def _actions_due(user, today) -> tuple[list[WaitingItem], bool]:
    horizon = today + datetime.timedelta(days=DUE_WITHIN_DAYS)
    items, more = [], False
    sources = (
        (LeadershipAction.objects.all(), _("Leadership action due"), lambda a: a.get_absolute_url()),
        (
            ReviewAction.objects.select_related("decision__review"),
            _("Review action due"),
            lambda a: a.decision.review.get_absolute_url() + "#decisions",
        ),
    )
    for actions, kind, url in sources:
        rows, overflow = _limited(
            actions.active().open().filter(owner=user, due_date__lte=horizon).order_by("due_date", "pk")
        )
        more |= overflow
        items += [
            WaitingItem(
                kind=kind,
                title=a.title,
                url=url(a),
                button=_("Update"),
                since=a.due_date,
                detail="overdue" if a.due_date < today else "due " + date_text(a.due_date),
            )
            for a in rows
        ]
    return items, more


def _attendance_to_confirm(user, today) -> tuple[list[WaitingItem], bool]:
    signed = Signature.objects.filter(
        content_type=ContentType.objects.get_for_model(ManagementReview),
        object_id=OuterRef("pk"),
        signer=user,
        meaning=Signature.Meaning.ATTENDED,
    )
    rows, more = _limited(
        ManagementReview.objects.held()
        .filter(attendees=user)
        .exclude(Exists(signed))
        .order_by("held_on", "pk")
    )
    return [
        WaitingItem(
            kind=_("Attendance to confirm"),
            title=r.title,
            url=r.get_absolute_url() + "#attendance",
            button=_("Confirm attendance"),
            since=r.held_on,
        )
        for r in rows
    ], more


def _assignments_to_confirm(user, today) -> tuple[list[WaitingItem], bool]:
    rows, more = _limited(
        RoleAssignment.objects.current()
        .of_active_edition()
        .filter(holder=user, confirmed_at__isnull=True)
        .select_related("requirement", "role")
        .order_by("assigned_at", "pk")
    )
    return [
        WaitingItem(
            kind=_("Role assignment to confirm"),
            title=f"{a.requirement.code}) {a.requirement.title}: {a.role.title}",
            url=reverse("registers:my_assignments"),
            button=_("Confirm"),
            since=_day(a.assigned_at),
        )
        for a in rows
    ], more


def _policy_to_acknowledge(user, today) -> tuple[list[WaitingItem], bool]:
    version = banner_for(user)
    if version is None or not permissions.may_acknowledge_policy(user):
        return [], False
    since = version.approved_on or today
    return [
        WaitingItem(
            kind=_("Policy to acknowledge"),
            title=_("Quality policy, version %(number)s") % {"number": version.number},
            url=reverse("policy:current"),
            button=_("Read and acknowledge"),
            since=since,
        )
    ], False


def _everyone(user) -> bool:
    return True


# (who may have such items: a predicate of the permission funnel, the reader); the order is the
# tie-break on equal dates.
SOURCES = (
    (permissions.may_approve_policy, _policy_drafts),
    (permissions.may_sign_off_reviews, _conclusions_to_record),
    (permissions.may_sign_off_reviews, _reviews_to_sign),
    (permissions.may_approve_objective, _objectives_to_approve),
    (permissions.may_decide_resource_requests, _resources_to_decide),
    (_everyone, _findings_owned),
    (_everyone, _actions_due),
    (_everyone, _attendance_to_confirm),
    (_everyone, _assignments_to_confirm),
    (permissions.may_acknowledge_policy, _policy_to_acknowledge),
)


def compute_waiting(user, today: datetime.date) -> Waiting:
    """Everything the person must act on, oldest first."""
    waiting = Waiting()
    if not user.is_authenticated:
        return waiting
    for may_have, read in SOURCES:
        if not may_have(user):
            continue
        items, more = read(user, today)
        waiting.items += items
        waiting.more |= more
    waiting.items.sort(key=lambda item: item.since)
    return waiting


def waiting_for(request) -> Waiting:
    """The request's waiting list, computed once however many parts of the page show it."""
    cached = getattr(request, "_waiting_for_me", None)
    if cached is None:
        cached = request._waiting_for_me = compute_waiting(request.user, timezone.localdate())
    return cached
