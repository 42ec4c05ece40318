"""Editions of a standard and their lists (leadership items, review inputs, ...), kept as data.

A new edition changes the lists (the 2026 revision of ISO 9001 adds an item and reorders the
letters), so nothing in the code names a letter: every item is a row of an edition, found by a
stable key that survives a correction of its letter or title. A crosswalk (also data) says how the
items of one edition became those of the next.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.formatting import shipped_text
from core.indexes import sort_index


class EditionQuerySet(models.QuerySet):
    def active(self) -> EditionQuerySet:
        return self.filter(is_active=True)


class Edition(models.Model):
    """One edition of a standard (for example ISO 9001:2015)."""

    code = models.SlugField(max_length=40, unique=True)
    standard = models.CharField(max_length=60, default="ISO 9001", help_text=_("For example ISO 9001."))
    name = models.CharField(max_length=120)
    year = models.PositiveSmallIntegerField()
    is_active = models.BooleanField(
        default=False, help_text=_("The edition the organisation is certified against today.")
    )
    notes = models.TextField(blank=True)
    transition_ends_on = models.DateField(
        _("transition deadline"),
        null=True,
        blank=True,
        help_text=_("The date by which certificates must be moved to this edition."),
    )
    list_titles = models.JSONField(
        default=dict, blank=True, help_text=_("Clause and title of each list, by list key.")
    )
    history = HistoricalRecords()

    objects = EditionQuerySet.as_manager()

    class Meta:
        ordering = ["-is_active", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_active"],
                condition=models.Q(is_active=True),
                name="one_active_edition",
                violation_error_message=_("Only one edition can be active at a time."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def list_title(self, key: str) -> str:
        """'9.3.3 Management review results': the clause and title this edition gives a list."""
        entry = self.list_titles.get(key) or {}
        return " ".join(
            part for part in (entry.get("clause", ""), shipped_text(entry.get("title", ""))) if part
        )


class ResponsibilityQuerySet(models.QuerySet):
    def of_active_edition(self) -> ResponsibilityQuerySet:
        return self.filter(edition__is_active=True)


class Responsibility(models.Model):
    """One leadership responsibility of an edition (an item of clause 5.1.1)."""

    class Status(models.TextChoices):
        GREEN = "green", _("Evidenced")
        AMBER = "amber", _("Needs attention")
        RED = "red", _("No fresh evidence")

    edition = models.ForeignKey(Edition, on_delete=models.PROTECT, related_name="responsibilities")
    key = models.SlugField(
        max_length=60,
        blank=True,
        help_text=_("Stable name of the item in its edition (letters may be corrected)."),
    )
    code = models.CharField(max_length=4, help_text=_("The item's letter in this edition, e.g. 'a'."))
    clause = models.CharField(max_length=20, default="5.1.1")
    title = models.CharField(max_length=200)
    guidance = models.TextField(help_text=_("What this responsibility asks of leaders, in plain words."))
    sort_order = models.PositiveSmallIntegerField(default=0)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="owned_responsibilities",
        help_text=_("The member of top management accountable for this responsibility."),
    )
    evidence_cadence_days = models.PositiveIntegerField(
        default=90, help_text=_("How often fresh evidence is expected, in days.")
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
        indexes = [sort_index("responsibility_sort_idx", "sort_order", "code")]
        verbose_name_plural = _("responsibilities")
        permissions = [
            ("own_responsibility", "Can be accountable for a responsibility and own actions"),
            ("assign_responsibility", "Can set or confirm who is accountable for a responsibility"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "code"],
                name="unique_responsibility_code_per_edition",
                violation_error_message=_("This edition already has an item with that letter."),
            ),
            models.UniqueConstraint(
                fields=["edition", "key"],
                condition=~models.Q(key=""),
                name="unique_responsibility_key_per_edition",
                violation_error_message=_("This edition already has an item with that key."),
            ),
            models.CheckConstraint(
                condition=models.Q(evidence_cadence_days__gte=1),
                name="responsibility_cadence_positive",
                violation_error_message=_("The evidence cadence must be at least one day."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.clause} {self.code}) {shipped_text(self.title)}"

    @property
    def owner_awaits_confirmation(self) -> bool:
        return self.owner_id is not None and self.owner_confirmed_at is None

    @property
    def label(self) -> str:
        return f"{self.code}) {shipped_text(self.title)}"


class ListKey(models.TextChoices):
    """The lists an edition carries: leadership items are Responsibility rows, the rest Requirement rows."""

    LEADERSHIP = "leadership", _("Leadership and commitment")
    REVIEW_INPUTS = "review_inputs", _("Management review inputs")
    REVIEW_RESULTS = "review_results", _("Management review results")
    ROLE_ASSIGNMENTS = "role_assignments", _("Roles, responsibilities and authorities")
    AWARENESS = "awareness", _("Awareness")


class RequirementQuerySet(models.QuerySet):
    def of_active_edition(self) -> RequirementQuerySet:
        return self.filter(edition__is_active=True)

    def in_list(self, key: str) -> RequirementQuerySet:
        return self.filter(list=key)


class Requirement(models.Model):
    """One item of an edition's list other than 5.1.1: a review input, a result kind, a 5.3
    assignment or a 7.3 awareness point."""

    edition = models.ForeignKey(Edition, on_delete=models.PROTECT, related_name="requirements")
    list = models.CharField(max_length=20, choices=[c for c in ListKey.choices if c[0] != ListKey.LEADERSHIP])
    key = models.SlugField(max_length=60, help_text=_("Stable name of the item in its edition."))
    code = models.CharField(max_length=4, help_text=_("The item's letter in this edition."))
    title = models.CharField(max_length=200)
    guidance = models.TextField(blank=True)
    section = models.CharField(
        max_length=40, blank=True, help_text=_("Review inputs: the data-package builder that fills it.")
    )
    sort_order = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    objects = RequirementQuerySet.as_manager()

    class Meta:
        ordering = ["edition", "list", "sort_order", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "list", "key"],
                name="unique_requirement_key",
                violation_error_message=_("This list already has an item with that key."),
            ),
            models.UniqueConstraint(
                fields=["edition", "list", "code"],
                name="unique_requirement_code",
                violation_error_message=_("This list already has an item with that letter."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code}) {shipped_text(self.title)}"

    @property
    def label(self) -> str:
        return f"{self.code}) {shipped_text(self.title)}"


class CrosswalkLink(models.Model):
    """Data: how one item of an edition's list became an item of the next edition's list."""

    class Kind(models.TextChoices):
        SAME = "same", _("Same")
        MOVED = "moved", _("Moved (new letter)")
        SPLIT = "split", _("Split")
        MERGED = "merged", _("Merged")
        NEW = "new", _("New")

    from_edition = models.ForeignKey(Edition, on_delete=models.PROTECT, related_name="crosswalk_out")
    to_edition = models.ForeignKey(Edition, on_delete=models.PROTECT, related_name="crosswalk_in")
    list = models.CharField(max_length=20, choices=ListKey.choices)
    from_key = models.SlugField(max_length=60, blank=True, help_text=_("Empty for a new item."))
    to_key = models.SlugField(max_length=60)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    history = HistoricalRecords()

    class Meta:
        ordering = ["from_edition", "to_edition", "list", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["from_edition", "to_edition", "list", "from_key", "to_key"],
                name="unique_crosswalk_link",
                violation_error_message=_("This crosswalk link exists already."),
            ),
            models.CheckConstraint(
                condition=models.Q(kind="new", from_key="")
                | (~models.Q(kind="new") & ~models.Q(from_key="")),
                name="crosswalk_new_has_no_source",
                violation_error_message=_("A new item has no source; every other link has one."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.list}: {self.from_key or '-'} -> {self.to_key} ({self.kind})"
