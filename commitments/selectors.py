"""Reads of the commitments app that pages and reports share."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Count, Prefetch, QuerySet

from commitments.models import Attachment, Evidence, LeadershipAction, Responsibility
from core.archiving import ArchivableQuerySet
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
        .annotate(attachment_count=Count("attachments", distinct=True))
    )


def evidence_detail() -> QuerySet[Evidence]:
    """One evidence record with everything its page shows."""
    return Evidence.objects.select_related("recorded_by", "archived_by", "action").prefetch_related(
        "responsibilities", Prefetch("attachments", queryset=Attachment.objects.select_related("uploaded_by"))
    )


def action_list() -> ActionQuerySet[LeadershipAction]:
    """Actions with their responsibility and owner preloaded."""
    return LeadershipAction.objects.select_related("responsibility", "owner", "archived_by")


def responsibility_timeline(responsibility: Responsibility) -> list[tuple]:
    """Evidence and actions of one responsibility, newest first, as (date, kind, record) rows."""
    evidence = evidence_list().filter(responsibilities=responsibility).active()
    actions = action_list().filter(responsibility=responsibility).active()
    rows: list[tuple] = [(e.fact_date, "evidence", e) for e in evidence]
    rows += [(a.completed_on or a.due_date, "action", a) for a in actions]
    return sorted(rows, key=lambda row: (row[0], row[1]), reverse=True)


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
