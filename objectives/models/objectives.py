"""Quality objectives (6.2), the policy commitments they support, and their measurements."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.archiving import Archivable, ArchivableQuerySet
from core.formatting import date_text, number_text
from core.indexes import archived_index, sort_index

# Values, baselines and targets: up to 14 digits before the point, 4 after.
VALUE_DIGITS = 18
VALUE_PLACES = 4
MAX_VALUE = Decimal(10) ** (VALUE_DIGITS - VALUE_PLACES)
# An objective is measured at least once in ten years; a longer gap is a typing error (and its next
# due date would overflow the calendar).
MAX_FREQUENCY_DAYS = 3660


def _frequency_message() -> str:
    # Not number_text: the validator's message is part of the migration state, which has no language.
    days = f"{MAX_FREQUENCY_DAYS:,}"
    return gettext("Measure at least once every %(days)s days (ten years).") % {"days": days}


FREQUENCY_MESSAGE = lazy(_frequency_message, str)()

# Derived figures the services keep current; they are not part of the audit history.
DERIVED_FIELDS = [
    "latest_value",
    "latest_measured_on",
    "progress",
    "expected_value_now",
    "shortfall",
    "next_measurement_on",
    "tallied_as",
]


def _value_field(verbose_name: str, **kwargs) -> models.DecimalField:
    return models.DecimalField(
        verbose_name, max_digits=VALUE_DIGITS, decimal_places=VALUE_PLACES, null=True, blank=True, **kwargs
    )


# Sort keys of the objective list that never are NULL, so one index serves both directions and the
# seek of core/lists.py: never measured sorts first (oldest), no due date sorts last (latest).
MEASURED_OR_NEVER = Coalesce("latest_measured_on", Value(datetime.date.min))
DUE_OR_OPEN = Coalesce("due_date", Value(datetime.date.max))


class ObjectiveQuerySet(ArchivableQuerySet):
    def open(self) -> ObjectiveQuerySet:
        return self.filter(
            status__in=[Objective.Status.DRAFT, Objective.Status.PROPOSED, Objective.Status.ACTIVE]
        )

    def supporting(self, key: str) -> ObjectiveQuerySet:
        return self.filter(commitments__key=key)


class Objective(Archivable):
    """A measurable quality objective with its plan: what, who, by when, how it is evaluated."""

    MEASURED_OR_NEVER = MEASURED_OR_NEVER
    DUE_OR_OPEN = DUE_OR_OPEN

    class Direction(models.TextChoices):
        INCREASE = "increase", _("Increase to target")
        DECREASE = "decrease", _("Decrease to target")
        WITHIN = "within", _("Stay within a band")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PROPOSED = "proposed", _("Proposed to top management")
        ACTIVE = "active", _("Active")
        ACHIEVED = "achieved", _("Achieved")
        MISSED = "missed", _("Missed")
        CANCELLED = "cancelled", _("Cancelled")

    class Progress(models.TextChoices):
        ON_TRACK = "on_track", _("On track")
        AT_RISK = "at_risk", _("At risk")
        OFF_TRACK = "off_track", _("Off track")
        NOT_MEASURED = "not_measured", _("Not measured")

    ALLOWED = {
        Status.DRAFT: {Status.PROPOSED, Status.CANCELLED},
        # Top management approves (active) or sends the proposal back (draft).
        Status.PROPOSED: {Status.ACTIVE, Status.DRAFT, Status.CANCELLED},
        Status.ACTIVE: {Status.ACHIEVED, Status.MISSED, Status.CANCELLED},
        Status.ACHIEVED: set(),
        Status.MISSED: set(),
        Status.CANCELLED: set(),
    }
    # Closing an objective is a management decision (permission conclude_objective).
    CONCLUSIONS = {Status.ACHIEVED, Status.MISSED, Status.CANCELLED}

    ref = models.CharField(
        _("reference"), max_length=40, unique=True, help_text=_("Your own unique key, e.g. OBJ-2026-01.")
    )
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    process = models.ForeignKey(
        "commitments.Process", null=True, blank=True, on_delete=models.PROTECT, related_name="objectives"
    )
    level = models.CharField(
        _("level or function"), max_length=100, blank=True, help_text=_("e.g. Company, Machining, Sales.")
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="owned_objectives",
        help_text=_("Responsible for the result; may record its measurements."),
    )
    baseline = _value_field("baseline", help_text=_("The value when the objective starts."))
    target = _value_field("target")
    unit = models.CharField(max_length=40, blank=True, help_text=_("e.g. %, days, ppm."))
    direction = models.CharField(max_length=10, choices=Direction.choices, default=Direction.INCREASE)
    band_low = _value_field(_("lowest acceptable value"))
    band_high = _value_field(_("highest acceptable value"))
    method = models.TextField(_("measurement method"), blank=True)
    frequency_days = models.PositiveIntegerField(
        _("measured every (days)"),
        default=30,
        validators=[MaxValueValidator(MAX_FREQUENCY_DAYS, message=FREQUENCY_MESSAGE)],
        help_text=_("How often a new measurement is expected."),
    )
    start_date = models.DateField(default=timezone.localdate)
    due_date = models.DateField(null=True, blank=True)
    plan = models.TextField(_("what will be done"), blank=True)
    evaluation = models.TextField(_("how results are evaluated"), blank=True)
    customer_related = models.BooleanField(
        _("bears on customer satisfaction or product conformity"), default=False
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The member of top management who approved the objective."),
    )
    approved_at = models.DateTimeField(null=True, blank=True)

    latest_value = _value_field(_("latest value"), editable=False)
    latest_measured_on = models.DateField(_("last measured on"), null=True, blank=True, editable=False)
    progress = models.CharField(
        max_length=12, choices=Progress.choices, default=Progress.NOT_MEASURED, editable=False
    )
    expected_value_now = _value_field(_("expected value today"), editable=False)
    # Stored for the dashboard, so its lists are index range scans with a LIMIT:
    shortfall = models.FloatField(
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "How far behind its trajectory (or band) an open objective is, as a share of the "
            "whole distance; above 0 means behind. Empty when not measured or not open."
        ),
    )
    next_measurement_on = models.DateField(
        _("next measurement due"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Last measured (or start) plus the frequency; empty when the objective is not open."),
    )
    tallied_as = models.CharField(
        max_length=12,
        blank=True,
        editable=False,
        help_text=_(
            "The progress under which the dashboard tally counts this objective; empty: not counted."
        ),
    )

    history = HistoricalRecords(excluded_fields=DERIVED_FIELDS)

    objects = ObjectiveQuerySet.as_manager()

    class Meta:
        ordering = ["ref"]
        permissions = [
            ("conclude_objective", "Can mark an objective achieved, missed or cancelled"),
            ("approve_objective", "Can approve a proposed objective so that it becomes active"),
            ("import_objective", "Can import objectives and measurements from a spreadsheet"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(due_date__isnull=True) | models.Q(due_date__gte=models.F("start_date")),
                name="objective_due_after_start",
                violation_error_message=_("The due date cannot be before the start date."),
            ),
            models.CheckConstraint(
                condition=models.Q(band_low__isnull=True)
                | models.Q(band_high__isnull=True)
                | models.Q(band_low__lte=models.F("band_high")),
                name="objective_band_ordered",
                violation_error_message=_("The lowest acceptable value cannot exceed the highest."),
            ),
            models.CheckConstraint(
                condition=~models.Q(direction="within")
                | models.Q(band_low__isnull=False, band_high__isnull=False),
                name="objective_within_has_band",
                violation_error_message=_("An objective to stay within a band needs both band limits."),
            ),
            models.CheckConstraint(
                condition=models.Q(frequency_days__gte=1),
                name="objective_frequency_positive",
                violation_error_message=_("The measurement frequency must be at least one day."),
            ),
        ]
        indexes = [
            # The id completes each ordering, so ORDER BY ... LIMIT stops after a few index entries
            # even when many rows share a date or a shortfall.
            models.Index(fields=["-shortfall", "id"], name="objective_shortfall_idx"),
            # One per sort of the objective list (core/lists.py seeks on these columns + id).
            sort_index("objective_sort_ref_idx", "ref"),
            sort_index("objective_sort_title_idx", "title"),
            sort_index("objective_sort_status_idx", "status"),
            sort_index("objective_sort_progress_idx", "progress"),
            sort_index("objective_sort_measured_idx", MEASURED_OR_NEVER),
            sort_index("objective_sort_due_idx", DUE_OR_OPEN),
            archived_index("objective_archived_idx"),
            models.Index(fields=["next_measurement_on", "id"], name="objective_next_measure_idx"),
            models.Index(fields=["owner", "next_measurement_on", "id"], name="objective_owner_next_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.ref} {self.title}"

    def clean(self) -> None:
        goes_somewhere = self.direction != self.Direction.WITHIN
        if goes_somewhere and self.target is None and self.status != self.Status.DRAFT:
            raise ValidationError(
                {"target": gettext("An active objective that goes up or down needs a target.")}
            )
        problem = self.direction_problem()
        if problem:
            raise ValidationError({"target": problem[0].upper() + problem[1:] + "."})

    def direction_problem(self) -> str:
        """Why the target does not lie in the objective's direction from its baseline, or ""."""
        if self.baseline is None or self.target is None:
            return ""
        if self.direction == self.Direction.INCREASE and self.target <= self.baseline:
            return gettext(
                "an objective to increase needs a target above its baseline (%(target)s is not above "
                "%(baseline)s)"
            ) % {"target": number_text(self.target), "baseline": number_text(self.baseline)}
        if self.direction == self.Direction.DECREASE and self.target >= self.baseline:
            return gettext(
                "an objective to decrease needs a target below its baseline (%(target)s is not below "
                "%(baseline)s)"
            ) % {"target": number_text(self.target), "baseline": number_text(self.baseline)}
        return ""

    def get_absolute_url(self) -> str:
        return reverse("objectives:detail", args=[self.pk])

    def rule_problems(self) -> list[str]:
        """The row rules of Meta.constraints in plain Python, for the bulk import (no query per row)."""
        problems = []
        if self.due_date and self.start_date and self.due_date < self.start_date:
            problems.append(gettext("the due date cannot be before the start date"))
        if self.band_low is not None and self.band_high is not None and self.band_low > self.band_high:
            problems.append(gettext("the lowest acceptable value cannot exceed the highest"))
        if self.direction == self.Direction.WITHIN and (self.band_low is None or self.band_high is None):
            problems.append(gettext("an objective to stay within a band needs band_low and band_high"))
        if self.direction_problem():
            problems.append(self.direction_problem())
        if self.frequency_days and self.frequency_days > MAX_FREQUENCY_DAYS:
            problems.append(
                gettext("measure at least once every %(days)s days (ten years)")
                % {"days": number_text(MAX_FREQUENCY_DAYS)}
            )
        return problems

    def can_move_to(self, status: str) -> bool:
        return status in self.ALLOWED[self.status]

    @classmethod
    def permission_to_move_to(cls, status: str) -> str:
        """The permission a user needs to put an objective in this status."""
        if status in cls.CONCLUSIONS:
            return "objectives.conclude_objective"
        if status == cls.Status.ACTIVE:
            return "objectives.approve_objective"
        return "objectives.change_objective"

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.PROPOSED, self.Status.ACTIVE)


class ObjectiveCommitment(models.Model):
    """The link of an objective to a policy commitment by its stable key (survives new policy versions)."""

    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="commitments")
    key = models.SlugField(max_length=60, help_text=_("The policy commitment's stable key."))
    history = HistoricalRecords()

    class Meta:
        ordering = ["objective", "key"]
        constraints = [
            models.UniqueConstraint(
                fields=["objective", "key"],
                name="unique_objective_commitment_key",
                violation_error_message=_("The objective already supports this commitment."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.objective.ref} -> {self.key}"


class MeasurementQuerySet(models.QuerySet):
    def current(self) -> MeasurementQuerySet:
        return self.filter(is_current=True)

    def latest_first(self) -> MeasurementQuerySet:
        return self.order_by("-measured_on", "-recorded_at", "-pk")


class Measurement(models.Model):
    """One measured value of an objective; a correction is a new record superseding the old one."""

    objective = models.ForeignKey(Objective, on_delete=models.PROTECT, related_name="measurements")
    measured_on = models.DateField()
    value = models.DecimalField(max_digits=VALUE_DIGITS, decimal_places=VALUE_PLACES)
    comment = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)
    supersedes = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="superseded_by",
        help_text=_("The earlier record this one corrects."),
    )
    is_current = models.BooleanField(default=True, editable=False)
    history = HistoricalRecords()

    objects = MeasurementQuerySet.as_manager()

    class Meta:
        ordering = ["objective", "-measured_on", "-recorded_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["objective", "measured_on"],
                condition=models.Q(is_current=True),
                name="one_current_measurement_per_day",
                violation_error_message=_(
                    "This objective already has a value for that day; correct that one."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.objective_id} {self.measured_on}: {self.value}"

    def clean(self) -> None:
        if not (self.measured_on and self.objective_id):
            return
        problem = measurement_date_problem(self.measured_on, self.objective.start_date, timezone.localdate())
        if problem:
            raise ValidationError({"measured_on": problem[0].upper() + problem[1:] + "."})


def measurement_date_problem(measured_on: datetime.date, start: datetime.date, today: datetime.date) -> str:
    """Why a measurement date is refused, or "" (shared by the form path and the importer)."""
    if measured_on > today:
        return gettext("a measurement cannot be dated in the future")
    if measured_on < start:
        return gettext("the objective starts on %(start)s; measurements cannot be earlier") % {
            "start": date_text(start)
        }
    return ""
