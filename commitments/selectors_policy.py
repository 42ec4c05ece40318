"""Reads of the quality policy: the version in force, the banner, acknowledgement figures, diffs."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, QuerySet

from commitments.models import PolicyAcknowledgement, PolicyVersion
from core import permissions


def acknowledging_population() -> QuerySet:
    """Active users who are expected to acknowledge the policy (everyone except read-only reviewers)."""
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .exclude(pk__in=permissions.read_only_users().values("pk"))
    )


def policy_in_force() -> PolicyVersion | None:
    """The approved version with its commitments and approver preloaded, or None."""
    return (
        PolicyVersion.objects.in_force().select_related("approved_by").prefetch_related("commitments").first()
    )


def banner_for(user) -> PolicyVersion | None:
    """The version in force when this user has not acknowledged it yet; one query."""
    if not user.is_authenticated:
        return None
    version = (
        PolicyVersion.objects.in_force()
        .annotate(read=Exists(PolicyAcknowledgement.objects.filter(version=OuterRef("pk"), user=user)))
        .only("pk", "number", "title", "status")
        .first()
    )
    if version is None or version.read:
        return None
    return version


@dataclass(frozen=True)
class AcknowledgementSummary:
    """How many of the people expected to read a version have acknowledged it."""

    acknowledged: int
    population: int

    @property
    def percent(self) -> int:
        if not self.population:
            return 0
        return round(100 * min(self.acknowledged, self.population) / self.population)


def acknowledgement_summary(version: PolicyVersion) -> AcknowledgementSummary:
    """The stored count of a version against the current population of active users."""
    return AcknowledgementSummary(version.acknowledgement_count, acknowledging_population().count())


def not_acknowledged(version: PolicyVersion) -> QuerySet:
    """Active users expected to read the version who have not acknowledged it, by name."""
    return (
        acknowledging_population()
        .exclude(policy_acknowledgements__version=version)
        .order_by("last_name", "first_name", "username")
    )


def acknowledgements_of(version: PolicyVersion) -> QuerySet[PolicyAcknowledgement]:
    """Who acknowledged a version, newest first."""
    return version.acknowledgements.select_related("user").order_by("-acknowledged_at")


@dataclass(frozen=True)
class DiffRow:
    """One row of a side-by-side comparison: what the older and newer version say."""

    tag: str  # equal, replace, delete, insert
    old: str
    new: str


def _side_by_side(old: list[str], new: list[str]) -> list[DiffRow]:
    rows: list[DiffRow] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        left, right = old[i1:i2], new[j1:j2]
        for k in range(max(len(left), len(right))):
            rows.append(DiffRow(tag, left[k] if k < len(left) else "", right[k] if k < len(right) else ""))
    return rows


def version_diff(old: PolicyVersion, new: PolicyVersion) -> dict[str, list[DiffRow]]:
    """Line-by-line comparison of the text, the context, and the commitments (matched by key)."""

    def commitment_lines(version: PolicyVersion) -> list[str]:
        return [f"[{c.key}] ({c.get_kind_display()}) {c.statement}" for c in version.commitments.all()]

    return {
        "text": _side_by_side(old.text.splitlines(), new.text.splitlines()),
        "context": _side_by_side(
            old.context_and_direction.splitlines(), new.context_and_direction.splitlines()
        ),
        "commitments": _side_by_side(commitment_lines(old), commitment_lines(new)),
    }
