"""Editions of the standard and their leadership responsibilities, kept as data.

A new edition of ISO 9001 changes the list (the 2026 revision adds an item and shifts the
letters), so nothing in the code names a letter: responsibilities are rows of an edition.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords


class EditionQuerySet(models.QuerySet):
    def active(self) -> EditionQuerySet:
        return self.filter(is_active=True)


class Edition(models.Model):
    """One edition of the standard (for example ISO 9001:2015)."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=120)
    year = models.PositiveSmallIntegerField()
    is_active = models.BooleanField(
        default=False, help_text="The edition the organisation is certified against today."
    )
    notes = models.TextField(blank=True)
    history = HistoricalRecords()

    objects = EditionQuerySet.as_manager()

    class Meta:
        ordering = ["-is_active", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_active"],
                condition=models.Q(is_active=True),
                name="one_active_edition",
                violation_error_message="Only one edition can be active at a time.",
            )
        ]

    def __str__(self) -> str:
        return self.name


class ResponsibilityQuerySet(models.QuerySet):
    def of_active_edition(self) -> ResponsibilityQuerySet:
        return self.filter(edition__is_active=True)


class Responsibility(models.Model):
    """One leadership responsibility of an edition (an item of clause 5.1.1)."""

    class Status(models.TextChoices):
        GREEN = "green", "Evidenced"
        AMBER = "amber", "Needs attention"
        RED = "red", "No fresh evidence"

    edition = models.ForeignKey(Edition, on_delete=models.PROTECT, related_name="responsibilities")
    code = models.CharField(max_length=4, help_text="The item's letter in this edition, e.g. 'a'.")
    clause = models.CharField(max_length=20, default="5.1.1")
    title = models.CharField(max_length=200)
    guidance = models.TextField(help_text="What this responsibility asks of leaders, in plain words.")
    sort_order = models.PositiveSmallIntegerField(default=0)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="owned_responsibilities",
        help_text="The member of top management accountable for this responsibility.",
    )
    evidence_cadence_days = models.PositiveIntegerField(
        default=90, help_text="How often fresh evidence is expected, in days."
    )
    # Top management's own act: who set or confirmed the owner, and when. Empty while an owner set
    # by someone else awaits top management's confirmation.
    owner_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    owner_confirmed_at = models.DateTimeField(null=True, blank=True)
    # Derived figures, stored so the register never aggregates evidence on read. The services
    # refresh them on every write and a daily task refreshes them as evidence ages.
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RED, editable=False)
    last_evidence_on = models.DateField(null=True, blank=True, editable=False)
    fresh_evidence_count = models.PositiveIntegerField(default=0, editable=False)
    open_action_count = models.PositiveIntegerField(default=0, editable=False)
    overdue_action_count = models.PositiveIntegerField(default=0, editable=False)
    history = HistoricalRecords(
        excluded_fields=[
            "status",
            "last_evidence_on",
            "fresh_evidence_count",
            "open_action_count",
            "overdue_action_count",
        ]
    )

    objects = ResponsibilityQuerySet.as_manager()

    class Meta:
        ordering = ["edition", "sort_order", "code"]
        verbose_name_plural = "responsibilities"
        permissions = [
            ("own_responsibility", "Can be accountable for a responsibility and own actions"),
            ("assign_responsibility", "Can set or confirm who is accountable for a responsibility"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "code"],
                name="unique_responsibility_code_per_edition",
                violation_error_message="This edition already has an item with that letter.",
            ),
            models.CheckConstraint(
                condition=models.Q(evidence_cadence_days__gte=1),
                name="responsibility_cadence_positive",
                violation_error_message="The evidence cadence must be at least one day.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.clause} {self.code}) {self.title}"

    @property
    def owner_awaits_confirmation(self) -> bool:
        return self.owner_id is not None and self.owner_confirmed_at is None


    @property
    def label(self) -> str:
        return f"{self.code}) {self.title}"
