"""Reads of the quality policy: the version in force, the banner, acknowledgement figures, diffs."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext as _

from commitments.models import PolicyAcknowledgement, PolicyCommitment, PolicyVersion
from core import permissions
from core.textdiff import line_opcodes


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
        .only("pk", "number", "title", "status", "approved_on")
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


@dataclass(frozen=True)
class DiffSection:
    """The rows of one part of a comparison, and how many rows beyond the cap were left out."""

    rows: list[DiffRow]
    omitted: int = 0


def _side_by_side(old: list[str], new: list[str], limit: int) -> DiffSection:
    """Rows of a linear-time line diff, at most `limit` of them (the rest counted, not built)."""
    rows: list[DiffRow] = []
    omitted = 0
    for tag, i1, i2, j1, j2 in line_opcodes(old, new):
        span = max(i2 - i1, j2 - j1)
        room = max(0, limit - len(rows))
        for k in range(min(span, room)):
            left = old[i1 + k] if i1 + k < i2 else ""
            right = new[j1 + k] if j1 + k < j2 else ""
            rows.append(DiffRow(tag, left, right))
        omitted += span - min(span, room)
    return DiffSection(rows, omitted)


def version_diff(old: PolicyVersion, new: PolicyVersion) -> dict[str, DiffSection]:
    """Line-by-line comparison of the text, the context, and the commitments (matched by key).

    Each section shows at most QMS_DIFF_MAX_ROWS rows, so one request never builds an unbounded page.
    """
    if old.pk == new.pk:
        raise ValidationError(
            _("Choose two different versions: a version compared with itself shows nothing.")
        )
    limit = settings.QMS_DIFF_MAX_ROWS

    def commitment_lines(version: PolicyVersion) -> list[str]:
        return [f"[{c.key}] ({c.get_kind_display()}) {c.statement}" for c in version.commitments.all()]

    return {
        "text": _side_by_side(old.text.splitlines(), new.text.splitlines(), limit),
        "context": _side_by_side(
            old.context_and_direction.splitlines(), new.context_and_direction.splitlines(), limit
        ),
        "commitments": _side_by_side(commitment_lines(old), commitment_lines(new), limit),
    }


def ready_drafts() -> QuerySet:
    """Draft versions nothing stops from approval (the rules of services.policy.approval_problems,
    asked in one query for every draft)."""
    kinds = PolicyCommitment.objects.filter(version=OuterRef("pk"))
    return (
        PolicyVersion.objects.filter(status=PolicyVersion.Status.DRAFT)
        .exclude(text="")
        .exclude(context_and_direction="")
        .filter(Exists(kinds.filter(kind=PolicyCommitment.Kind.REQUIREMENTS)))
        .filter(Exists(kinds.filter(kind=PolicyCommitment.Kind.IMPROVEMENT)))
    )
