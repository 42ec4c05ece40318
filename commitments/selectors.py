"""Reads of the commitments app that pages and reports share."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import OuterRef, Prefetch, QuerySet

from commitments.models import Attachment, Evidence, LeadershipAction, Responsibility
from core.archiving import ArchivableQuerySet
from core.lists import count_of
from core.tracked import ActionQuerySet


def responsibility_register() -> QuerySet[Responsibility]:
    """The responsibilities of the active edition; the figures shown are stored on each row."""
    return Responsibility.objects.of_active_edition().select_related("owner", "edition")


def evidence_list() -> ArchivableQuerySet[Evidence]:
    """Evidence with who recorded it, its responsibilities and its number of files preloaded."""
    return (
        Evidence.objects.select_related("recorded_by", "action")
        .prefetch_related(
            Prefetch("responsibilities", queryset=Responsibility.objects.only("pk", "code", "title"))
        )
        .annotate(attachment_count=count_of(Attachment.objects.filter(evidence=OuterRef("pk"))))
    )


def evidence_detail() -> QuerySet[Evidence]:
    """One evidence record with everything its page shows."""
    return Evidence.objects.select_related("recorded_by", "archived_by", "action").prefetch_related(
        "responsibilities", Prefetch("attachments", queryset=Attachment.objects.select_related("uploaded_by"))
    )


def action_list() -> ActionQuerySet[LeadershipAction]:
    """Actions with their responsibility and owner preloaded."""
    return LeadershipAction.objects.select_related("responsibility", "owner", "archived_by")


TIMELINE_LIMIT = 25


@dataclass(frozen=True)
class Timeline:
    """The newest evidence and actions of one responsibility, and whether there are more of each."""

    rows: list[tuple]
    more_evidence: bool
    more_actions: bool

    def __iter__(self):
        return iter(self.rows)

    def __bool__(self) -> bool:
        return bool(self.rows)


def responsibility_timeline(responsibility: Responsibility, limit: int = TIMELINE_LIMIT) -> Timeline:
    """The newest `limit` evidence records and actions of a responsibility, newest first.

    Bounded: a responsibility gathers thousands of records over the years; the full lists are the
    evidence and action list pages filtered by it.
    """
    evidence = list(
        evidence_list()
        .filter(responsibilities=responsibility)
        .active()
        .order_by("-fact_date", "-pk")[: limit + 1]
    )
    actions = list(
        action_list().filter(responsibility=responsibility).active().order_by("-due_date", "-pk")[: limit + 1]
    )
    rows: list[tuple] = [(e.fact_date, "evidence", e) for e in evidence[:limit]]
    rows += [(a.completed_on or a.due_date, "action", a) for a in actions[:limit]]
    rows.sort(key=lambda row: (row[0], row[1]), reverse=True)
    return Timeline(rows=rows, more_evidence=len(evidence) > limit, more_actions=len(actions) > limit)


def people_with(perm: str) -> QuerySet:
    """Active users holding a permission through their role (for owner and recorder choices)."""
    return (
        get_user_model()
        .objects.with_perm(perm, backend="django.contrib.auth.backends.ModelBackend")
        .order_by("first_name", "last_name", "username")
    )


def leaders(request=None) -> QuerySet:
    """Top management: who can be accountable for a responsibility or own an action."""
    return people_with("commitments.own_responsibility")


def recorders(request=None) -> QuerySet:
    """Everyone who may record evidence."""
    return people_with("commitments.add_evidence")
