"""Management reviews (clause 9.3): schedule, reviews, inputs, decisions and actions."""

from __future__ import annotations

import calendar
import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.formatting import date_text
from core.indexes import archived_index, sort_index
from core.tracked import TrackedAction


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, clamped to the end of a shorter month."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


class ReviewSchedule(models.Model):
    """How often the organisation holds management reviews (one row for the organisation)."""

    interval_months = models.PositiveSmallIntegerField(
        default=12, help_text=_("Months between two management reviews (commonly 6 or 12).")
    )
    grace_days = models.PositiveSmallIntegerField(
        default=30, help_text=_("Days of tolerance after the due date before a review counts as overdue.")
    )
    qms_started_on = models.DateField(
        help_text=_("When the quality system started; the first review is due one interval after it.")
    )
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(interval_months__gte=1, interval_months__lte=36),
                name="review_interval_1_to_36_months",
                violation_error_message=_("The interval must be between 1 and 36 months."),
            )
        ]

    def __str__(self) -> str:
        return f"Every {self.interval_months} months (+{self.grace_days} days grace)"

    def next_due_date(self, last_held_on: datetime.date | None) -> datetime.date:
        """One interval after the last review held, or after the QMS started when none was held."""
        return add_months(last_held_on or self.qms_started_on, self.interval_months)

    def overdue_after(self, last_held_on: datetime.date | None) -> datetime.date:
        return self.next_due_date(last_held_on) + datetime.timedelta(days=self.grace_days)


class ManagementReviewQuerySet(models.QuerySet):
    def held(self) -> ManagementReviewQuerySet:
        return self.filter(status__in=[ManagementReview.Status.HELD, ManagementReview.Status.SIGNED_OFF])

    def not_held(self) -> ManagementReviewQuerySet:
        return self.filter(
            status__in=[ManagementReview.Status.PLANNED, ManagementReview.Status.IN_PREPARATION]
        )

    def past_planned_date(self, today: datetime.date) -> ManagementReviewQuerySet:
        return self.not_held().filter(planned_date__lt=today)


class Verdict(models.TextChoices):
    """Top management's answer to one question of a review's conclusion."""

    YES = "yes", _("Yes")
    PARTLY = "partly", _("Partly")
    NO = "no", _("No")


# The questions a review's conclusion answers about the quality system: (field, question).
CONCLUSION_QUESTIONS = (
    ("conclusion_suitable", _("Suitable: does the system still fit the organisation and its purpose?")),
    ("conclusion_adequate", _("Adequate: does it cover what the organisation and its customers require?")),
    ("conclusion_effective", _("Effective: does it achieve its intended results?")),
    ("conclusion_aligned", _("Aligned: does it support the strategic direction?")),
)


def _verdict_field(label: str) -> models.CharField:
    return models.CharField(label, max_length=10, choices=Verdict.choices, blank=True)


class ManagementReview(models.Model):
    """One management review: planned, prepared from live data, held, then signed off and frozen."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PREPARATION = "in_preparation", _("In preparation")
        HELD = "held", _("Held")
        SIGNED_OFF = "signed_off", _("Signed off")

    ALLOWED = {
        Status.PLANNED: {Status.IN_PREPARATION},
        Status.IN_PREPARATION: {Status.HELD},
        Status.HELD: {Status.SIGNED_OFF},
        Status.SIGNED_OFF: set(),
    }

    title = models.CharField(max_length=200)
    planned_date = models.DateField()
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="chaired_reviews",
        help_text=_("The member of top management who chairs and signs off the review."),
    )
    attendees = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="attended_reviews")
    other_attendees = models.CharField(
        max_length=300, blank=True, help_text=_("People without an account, separated by commas.")
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PLANNED)
    edition = models.ForeignKey(
        "commitments.Edition",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The edition the review was planned under; its inputs follow that edition's list."),
    )
    minutes = models.TextField(blank=True)
    held_on = models.DateField(null=True, blank=True)
    prepared_at = models.DateTimeField(null=True, blank=True)
    held_recorded_at = models.DateTimeField(
        _("held recorded at"), null=True, blank=True, help_text=_("When the review was recorded as held.")
    )
    late_record_reason = models.TextField(
        blank=True,
        help_text=_("Why the review is recorded as held before the date its data package was compiled."),
    )
    conclusion_suitable = _verdict_field("suitable")
    conclusion_adequate = _verdict_field("adequate")
    conclusion_effective = _verdict_field("effective")
    conclusion_aligned = _verdict_field(_("aligned with the strategic direction"))
    conclusion = models.TextField(
        _("conclusion"), blank=True, help_text=_("Top management's overall conclusion on the quality system.")
    )
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signed_off_at = models.DateTimeField(null=True, blank=True)
    # The minutes exactly as the chair signed them off, rendered once at sign-off, and their SHA-256.
    signed_minutes = models.FileField(upload_to="reviews/minutes/%Y/", blank=True, max_length=300)
    signed_minutes_sha256 = models.CharField(max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(m2m_fields=[attendees])

    objects = ManagementReviewQuerySet.as_manager()

    class Meta:
        ordering = ["-planned_date", "-pk"]
        indexes = [sort_index("review_sort_planned_idx", "planned_date")]
        permissions = [("signoff_managementreview", "Can sign off a management review")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status__in=["held", "signed_off"]) | models.Q(held_on__isnull=False),
                name="held_review_has_a_date",
                violation_error_message=_("A held review needs the date it was held."),
            ),
            models.CheckConstraint(
                condition=~models.Q(status="signed_off") | models.Q(signed_off_at__isnull=False),
                name="signed_review_has_a_signature",
                violation_error_message=_("A signed-off review needs who signed it and when."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({date_text(self.planned_date)})"

    def get_absolute_url(self) -> str:

        return reverse("reviews:detail", args=[self.pk])

    def can_move_to(self, status: str) -> bool:
        return status in self.ALLOWED[self.status]

    @property
    def is_frozen(self) -> bool:
        """A signed-off review is a record: nothing about it changes any more."""
        return self.status == self.Status.SIGNED_OFF

    @property
    def is_held(self) -> bool:
        return self.status in (self.Status.HELD, self.Status.SIGNED_OFF)

    @property
    def conclusion_answers(self) -> list[tuple[str, str]]:
        """Each question of the conclusion with its answer's label ("" while unanswered)."""
        return [(question, getattr(self, f"get_{name}_display")()) for name, question in CONCLUSION_QUESTIONS]

    @property
    def conclusion_is_complete(self) -> bool:
        return all(getattr(self, name) for name, _ in CONCLUSION_QUESTIONS) and bool(self.conclusion.strip())

    @property
    def is_back_dated(self) -> bool:
        """Recorded as held on a day before its data package was compiled."""
        return bool(self.held_on and self.prepared_at and self.held_on < timezone.localdate(self.prepared_at))


class ReviewInput(models.Model):
    """One required input of a review, with whether it was covered, and its data package."""

    class Status(models.TextChoices):
        MISSING = "missing", _("Missing")
        COVERED = "covered", _("Covered")
        DEFERRED = "deferred", _("Deferred")

    review = models.ForeignKey(ManagementReview, on_delete=models.CASCADE, related_name="inputs")
    code = models.CharField(max_length=4)
    title = models.CharField(max_length=200)
    guidance = models.TextField(blank=True)
    section = models.CharField(
        max_length=40, blank=True, help_text=_("Data-package builder filling this input.")
    )
    sort_order = models.PositiveSmallIntegerField(default=0)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.MISSING)
    notes = models.TextField(blank=True, help_text=_("What was presented and discussed."))
    deferred_reason = models.TextField(blank=True)
    deferred_to = models.ForeignKey(
        ManagementReview, null=True, blank=True, on_delete=models.PROTECT, related_name="deferred_inputs"
    )
    package = models.JSONField(default=dict, blank=True, help_text=_("Figures compiled from live data."))
    history = HistoricalRecords()

    class Meta:
        ordering = ["review", "sort_order"]
        constraints = [
            models.UniqueConstraint(
                fields=["review", "code"],
                name="one_input_per_code_per_review",
                violation_error_message=_("This review already has that input."),
            ),
            models.CheckConstraint(
                condition=~models.Q(status="deferred") | ~models.Q(deferred_reason=""),
                name="deferred_input_has_a_reason",
                violation_error_message=_("Say why the input is deferred."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code}) {self.title}"


class ReviewDecision(models.Model):
    """An output of a review: a decision on improvement, a change to the QMS, or a resource need."""

    class Kind(models.TextChoices):
        IMPROVEMENT = "improvement", _("Improvement opportunity")
        QMS_CHANGE = "qms_change", _("Change to the QMS")
        RESOURCE_NEED = "resource_need", _("Resource need")

    review = models.ForeignKey(ManagementReview, on_delete=models.PROTECT, related_name="decisions")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    description = models.TextField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    resource_request = models.OneToOneField(
        "objectives.ResourceRequest",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="review_decision",
        help_text=_("The resource request this decision raised."),
    )
    commitment_key = models.SlugField(
        _("policy commitment"),
        max_length=60,
        blank=True,
        help_text=_("The key of the policy commitment this decision serves, if any."),
    )
    policy_draft = models.ForeignKey(
        "commitments.PolicyVersion",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="review_decisions",
        help_text=_("The policy draft this decision opened."),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["review", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.description[:60]}"


class ReviewAction(TrackedAction):
    """Something a review decided to do: who, by when, and where it stands."""

    decision = models.ForeignKey(ReviewDecision, on_delete=models.PROTECT, related_name="actions")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="review_actions"
    )
    history = HistoricalRecords()

    class Meta(TrackedAction.Meta):
        indexes = [
            sort_index("review_action_sort_due_idx", "due_date"),
            sort_index("review_action_sort_status_idx", "status"),
            archived_index("review_action_archived_idx"),
        ]
