"""The register of risks and opportunities (clause 6.1 and 5.1.1 d).

Score = likelihood x impact (1..25). Levels, chosen so that each step needs a clearly worse
combination: low 1-4, medium 5-9, high 10-16, critical 20-25 (only 4x5 and 5x5 are critical).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.archiving import Archivable, ArchivableQuerySet
from core.indexes import archived_index, sort_index

from .processes import Process

SCALE = range(1, 6)


class RiskLevel(models.TextChoices):
    """The level a score falls into; thresholds are the upper bound of each level's score."""

    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")
    CRITICAL = "critical", _("Critical")


# (level, lowest score, highest score): the one place the thresholds live.
LEVEL_BANDS = (
    (RiskLevel.LOW, 1, 4),
    (RiskLevel.MEDIUM, 5, 9),
    (RiskLevel.HIGH, 10, 16),
    (RiskLevel.CRITICAL, 17, 25),
)


def level_for(score: int) -> RiskLevel:
    """The level of a score (1..25)."""
    for level, low, high in LEVEL_BANDS:
        if low <= score <= high:
            return level
    raise ValueError(f"Score out of range: {score}")


def score_range(level: str) -> tuple[int, int]:
    """The lowest and highest score of a level, for filtering on the stored score."""
    for band, low, high in LEVEL_BANDS:
        if band == level:
            return low, high
    raise ValueError(f"Unknown level: {level}")


class RiskQuerySet(ArchivableQuerySet):
    def open(self) -> RiskQuerySet:
        return self.filter(status=Risk.Status.OPEN)

    def of_level(self, level: str) -> RiskQuerySet:
        low, high = score_range(level)
        return self.filter(score__gte=low, score__lte=high)


# The review-date sort key, never NULL: an item without a review date sorts last.
REVIEW_OR_OPEN = Coalesce("review_date", Value(datetime.date.max))


class Risk(Archivable):
    """A risk or opportunity of a process, scored and treated."""

    REVIEW_OR_OPEN = REVIEW_OR_OPEN

    class Kind(models.TextChoices):
        RISK = "risk", _("Risk")
        OPPORTUNITY = "opportunity", _("Opportunity")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        TREATED = "treated", _("Treated")
        CLOSED = "closed", _("Closed")

    ALLOWED = {
        Status.OPEN: {Status.OPEN, Status.TREATED, Status.CLOSED},
        Status.TREATED: {Status.TREATED, Status.OPEN, Status.CLOSED},
        Status.CLOSED: {Status.CLOSED, Status.OPEN},
    }

    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.RISK)
    process = models.ForeignKey(Process, on_delete=models.PROTECT, related_name="risks")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    likelihood = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=_("1 (rare) to 5 (almost certain)."),
    )
    impact = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(5)], help_text=_("1 (minor) to 5 (severe).")
    )
    score = models.PositiveSmallIntegerField(editable=False, help_text=_("Stored: likelihood x impact."))
    treatment = models.TextField(_("planned treatment"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    review_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    treatment_effectiveness = models.TextField(
        blank=True, help_text=_("How well the treatment worked; required to close the item.")
    )
    history = HistoricalRecords()

    objects = RiskQuerySet.as_manager()

    class Meta:
        ordering = ["-score", "title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(likelihood__gte=1, likelihood__lte=5, impact__gte=1, impact__lte=5),
                name="risk_scale_1_to_5",
                violation_error_message=_("Likelihood and impact are rated from 1 to 5."),
            ),
            models.CheckConstraint(
                condition=models.Q(score=models.F("likelihood") * models.F("impact")),
                name="risk_score_is_product",
                violation_error_message=_("The score must be likelihood times impact."),
            ),
            models.CheckConstraint(
                condition=~models.Q(status="closed") | ~models.Q(treatment_effectiveness=""),
                name="closed_risk_has_effectiveness",
                violation_error_message=_("Record how effective the treatment was before closing."),
            ),
        ]
        indexes = [
            models.Index(fields=["status", "likelihood", "impact"], name="risk_matrix_idx"),
            sort_index("risk_sort_title_idx", "title"),
            sort_index("risk_sort_score_idx", "score"),
            sort_index("risk_sort_review_idx", REVIEW_OR_OPEN),
            sort_index("risk_sort_status_idx", "status"),
            sort_index("risk_process_score_idx", "process", "score"),
            archived_index("risk_archived_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.likelihood and self.impact:
            self.score = self.likelihood * self.impact
        if self.status == self.Status.CLOSED and not self.treatment_effectiveness.strip():
            raise ValidationError(
                {"treatment_effectiveness": gettext("Record how effective the treatment was before closing.")}
            )

    def can_move_to(self, status: str) -> bool:
        return status in self.ALLOWED[self.status]

    @property
    def level(self) -> RiskLevel:
        return level_for(self.score)
