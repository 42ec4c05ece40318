"""Switches from one edition to the next, and every record each switch re-pointed (for undo)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from commitments.models import Edition


class EditionSwitchQuerySet(models.QuerySet):
    def in_force(self) -> EditionSwitchQuerySet:
        """Switches not undone."""
        return self.filter(undone_at__isnull=True)


class EditionSwitch(models.Model):
    """Top management moved the organisation from one edition to another (or undid it)."""

    from_edition = models.ForeignKey(Edition, on_delete=models.PROTECT, related_name="+")
    to_edition = models.ForeignKey(Edition, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField()
    switched_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    switched_at = models.DateTimeField()
    counts = models.JSONField(default=dict, help_text=_("How many records of each kind were moved."))
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    undone_at = models.DateTimeField(null=True, blank=True)
    undo_reason = models.TextField(blank=True)
    history = HistoricalRecords()

    objects = EditionSwitchQuerySet.as_manager()

    class Meta:
        ordering = ["-switched_at", "-pk"]
        permissions = [
            ("switch_edition", "Can switch the organisation to another edition of the standard"),
            ("see_transition", "Can see the transition cockpit"),
            ("confirm_split", "Can confirm where the records of a split item belong"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(undone_at__isnull=False, undo_reason=""),
                name="undone_switch_has_a_reason",
                violation_error_message=_("Say why the switch is undone."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.from_edition} -> {self.to_edition} ({self.switched_at:%Y-%m-%d})"

    @property
    def is_undone(self) -> bool:
        return self.undone_at is not None


class SwitchMove(models.Model):
    """One record a switch re-pointed: enough to put it back exactly."""

    class Kind(models.TextChoices):
        OWNER = "owner", _("Owner and cadence")
        EVIDENCE = "evidence", _("Evidence link")
        ACTION = "action", _("Leadership action")
        REGISTER = "register", _("Register link")
        ASSIGNMENT = "assignment", _("Role assignment (5.3)")

    switch = models.ForeignKey(EditionSwitch, on_delete=models.PROTECT, related_name="moves")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField(help_text=_("The record moved (evidence, action, link...)."))
    from_id = models.PositiveBigIntegerField(help_text=_("The item of the earlier edition."))
    to_id = models.PositiveBigIntegerField(help_text=_("The item of the new edition."))
    before = models.JSONField(default=dict, blank=True, help_text=_("Values the target had before."))
    split = models.BooleanField(default=False, help_text=_("Came from a split item: to be confirmed."))
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["switch", "kind", "pk"]
        indexes = [models.Index(fields=["switch", "kind", "to_id"], name="switchmove_target")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.object_id}: {self.from_id} -> {self.to_id}"
