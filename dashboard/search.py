"""Global search over the references and titles of every record a person may see.

One LIMITed query per kind of record, and only for the kinds the person may view (the same view
permissions the record pages require), so the cost never depends on the data size. Results are
what the registers show: a reference or title match, newest first within each kind.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy

from commitments.models import Evidence, LeadershipAction, ManagementRole, PolicyVersion, Process, Risk
from findings.models import Finding
from objectives.models import Objective, ResourceRequest
from reviews.models import ManagementReview, ReviewAction

PER_KIND = 8
MIN_LENGTH = 2


@dataclass(frozen=True)
class Source:
    """One kind of record: who may see it, how to match, how to name and link a row."""

    kind: str
    permission: str
    rows: Callable[[str], QuerySet]
    label: Callable[[object], str]
    url: Callable[[object], str]


@dataclass
class Hit:
    kind: str
    label: str
    url: str


def _url(name: str) -> Callable[[object], str]:
    return lambda obj: reverse(name, args=[obj.pk])


SOURCES = (
    Source(
        gettext_lazy("Objective"),
        "objectives.view_objective",
        lambda q: Objective.objects.filter(Q(ref__icontains=q) | Q(title__icontains=q)).order_by("-pk"),
        lambda o: f"{o.ref} {o.title}",
        lambda o: o.get_absolute_url(),
    ),
    Source(
        gettext_lazy("Evidence"),
        "commitments.view_evidence",
        lambda q: Evidence.objects.filter(title__icontains=q).order_by("-fact_date", "-pk"),
        lambda e: e.title,
        lambda e: e.get_absolute_url(),
    ),
    Source(
        gettext_lazy("Leadership action"),
        "commitments.view_leadershipaction",
        lambda q: LeadershipAction.objects.filter(title__icontains=q).order_by("-pk"),
        lambda a: a.title,
        lambda a: a.get_absolute_url(),
    ),
    Source(
        gettext_lazy("Management review"),
        "reviews.view_managementreview",
        lambda q: ManagementReview.objects.filter(title__icontains=q).order_by("-planned_date", "-pk"),
        lambda r: str(r),
        lambda r: r.get_absolute_url(),
    ),
    Source(
        gettext_lazy("Review action"),
        "reviews.view_reviewaction",
        lambda q: ReviewAction.objects.filter(title__icontains=q).select_related("decision").order_by("-pk"),
        lambda a: a.title,
        lambda a: reverse("reviews:detail", args=[a.decision.review_id]),
    ),
    Source(
        gettext_lazy("Finding"),
        "findings.view_finding",
        lambda q: Finding.objects.filter(Q(message__icontains=q) | Q(subject_label__icontains=q)).order_by(
            "-pk"
        ),
        lambda f: f"{f.title}: {f.subject_label}",
        lambda f: f.get_absolute_url(),
    ),
    Source(
        gettext_lazy("Policy version"),
        "commitments.view_policyversion",
        lambda q: PolicyVersion.objects.filter(
            Q(title__icontains=q) | Q(number=int(q)) if q.isdigit() else Q(title__icontains=q)
        ).order_by("-number"),
        lambda v: f"Version {v.number}: {v.title}",
        _url("policy:version_detail"),
    ),
    Source(
        gettext_lazy("Resource request"),
        "objectives.view_resourcerequest",
        lambda q: ResourceRequest.objects.filter(description__icontains=q).order_by("-pk"),
        lambda r: str(r),
        _url("objectives:resource_detail"),
    ),
    Source(
        gettext_lazy("Process"),
        "commitments.view_process",
        lambda q: Process.objects.filter(name__icontains=q).order_by("name"),
        lambda p: p.name,
        _url("registers:process_detail"),
    ),
    Source(
        gettext_lazy("Risk or opportunity"),
        "commitments.view_risk",
        lambda q: Risk.objects.filter(title__icontains=q).order_by("-pk"),
        lambda r: r.title,
        _url("registers:risk_detail"),
    ),
    Source(
        gettext_lazy("Management role"),
        "commitments.view_managementrole",
        lambda q: ManagementRole.objects.filter(title__icontains=q).order_by("title"),
        lambda r: r.title,
        _url("registers:role_detail"),
    ),
)


@dataclass
class Results:
    query: str
    groups: list[tuple[str, list[Hit], bool]]

    @property
    def count(self) -> int:
        return sum(len(hits) for _, hits, _ in self.groups)


def search(user, query: str) -> Results:
    """What matches `query` among the records `user` may see, grouped by kind (at most PER_KIND each)."""
    # A NUL byte cannot reach the database (PostgreSQL refuses it); it is never part of a title.
    query = " ".join(query.replace("\x00", "").split())[:100]
    groups: list[tuple[str, list[Hit], bool]] = []
    if len(query) < MIN_LENGTH:
        return Results(query, groups)
    for source in SOURCES:
        if not user.has_perm(source.permission):
            continue
        rows = list(source.rows(query)[: PER_KIND + 1])
        if rows:
            hits = [Hit(source.kind, source.label(r), source.url(r)) for r in rows[:PER_KIND]]
            groups.append((source.kind, hits, len(rows) > PER_KIND))
    return Results(query, groups)
