"""What each webhook event is made from and what it carries, built in bulk from the outbox.

| webhook event | made from |
|---|---|
| finding.opened | every finding a scan opens |
| finding.resolved | every finding a scan resolves (its condition cleared) |
| review.overdue | findings opened by rules whose `event` is "review.overdue" (reviews/checks.py) |
| objective.off_track | findings opened by rules whose `event` is "objective.off_track" (objectives/checks) |
| policy.approved | the approval of a policy version |
| review.signed_off | the chair's sign-off of a management review |
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterable

from django.urls import reverse

from commitments.models import PolicyVersion
from core.formatting import person
from core.models import OutboxEvent
from core.site import site_url
from findings.models import Finding
from findings.rules import RULES
from integrations.models import WebhookEvent
from reviews.models import ManagementReview

Kind = OutboxEvent.Kind


def _moment(value) -> str | None:
    return value.isoformat() if value else None


def _person(user) -> dict | None:
    return {"id": user.pk, "name": person(user)} if user else None


def _finding(finding: Finding) -> dict:
    model = finding.subject_type.model_class()
    return {
        "finding": {
            "id": finding.pk,
            "rule": finding.rule_code,
            "severity": finding.severity,
            "title": finding.message,
            "subject": {
                "type": model._meta.label_lower if model else "",
                "id": finding.subject_id,
                "label": finding.subject_label,
            },
            "owner": _person(finding.owner),
            "first_seen_at": _moment(finding.first_seen_at),
            "resolved_at": _moment(finding.resolved_at),
            "url": site_url(finding.get_absolute_url()),
        }
    }


def _policy(version: PolicyVersion) -> dict:
    return {
        "policy_version": {
            "id": version.pk,
            "number": version.number,
            "title": version.title,
            "approved_on": _moment(version.approved_on),
            "approved_by": _person(version.approved_by),
            "url": site_url(reverse("policy:version_detail", args=[version.pk])),
        }
    }


def _review(review: ManagementReview) -> dict:
    return {
        "review": {
            "id": review.pk,
            "title": review.title,
            "planned_date": _moment(review.planned_date),
            "held_on": _moment(review.held_on),
            "chair": _person(review.chair),
            "signed_off_at": _moment(review.signed_off_at),
            "url": site_url(review.get_absolute_url()),
        }
    }


def _findings(ids: list[int]) -> dict[int, Finding]:
    rows = Finding.objects.filter(pk__in=ids).select_related("subject_type", "owner")
    return {row.pk: row for row in rows}


def _policies(ids: list[int]) -> dict[int, PolicyVersion]:
    return {row.pk: row for row in PolicyVersion.objects.filter(pk__in=ids).select_related("approved_by")}


def _reviews(ids: list[int]) -> dict[int, ManagementReview]:
    rows = ManagementReview.objects.filter(pk__in=ids).select_related("chair")
    return {row.pk: row for row in rows}


# Outbox kind -> (read its subjects in one query, their data).
SUBJECTS: dict[str, tuple[Callable[[list[int]], dict], Callable]] = {
    Kind.FINDING_OPENED: (_findings, _finding),
    Kind.FINDING_RESOLVED: (_findings, _finding),
    Kind.POLICY_APPROVED: (_policies, _policy),
    Kind.REVIEW_SIGNED_OFF: (_reviews, _review),
}


def _rule_events() -> set[str]:
    return {rule.event for rule in RULES.values() if rule.event}


def webhook_events_from(kind: str) -> set[str]:
    """Every webhook event an outbox event of this kind can become."""
    if kind == Kind.FINDING_OPENED:
        return {WebhookEvent.FINDING_OPENED, *_rule_events()}
    return {kind} if kind in WebhookEvent.values else set()


def _names(kind: str, subject) -> list[str]:
    if kind == Kind.FINDING_OPENED:
        rule = RULES.get(subject.rule_code)
        return [WebhookEvent.FINDING_OPENED, *([rule.event] if rule and rule.event else [])]
    return [kind]


def body(name: str, occurred_at, data: dict) -> str:
    """The JSON sent: the same bytes for every endpoint and every attempt of one event."""
    message = {"id": str(uuid.uuid4()), "type": name, "created": _moment(occurred_at), "data": data}
    return json.dumps(message, sort_keys=True, separators=(",", ":"))


def build(events: Iterable[OutboxEvent]) -> list[tuple[str, str]]:
    """(webhook event, body) for each outbox event, subjects read with one query per kind."""
    events = list(events)
    subjects: dict[str, dict] = {}
    for kind in {event.kind for event in events}:
        read, _ = SUBJECTS[kind]
        subjects[kind] = read([event.subject_id for event in events if event.kind == kind])
    built = []
    for event in events:
        subject = subjects[event.kind].get(event.subject_id)
        if subject is None:  # gone since (a rare delete): nothing to say about it
            continue
        data = SUBJECTS[event.kind][1](subject)
        built.extend((name, body(name, event.occurred_at, data)) for name in _names(event.kind, subject))
    return built
