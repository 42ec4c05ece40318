"""Uploaded spreadsheets waiting for confirmation (the browser import keeps the file server-side)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class ImportFile(models.Model):
    """An uploaded objectives or measurements file: previewed, then applied or discarded."""

    class Kind(models.TextChoices):
        OBJECTIVES = "objectives", _("Objectives")
        MEASUREMENTS = "measurements", _("Measurements")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for confirmation")
        APPLIED = "applied", _("Imported")
        DISCARDED = "discarded", _("Discarded")

    kind = models.CharField(max_length=12, choices=Kind.choices)
    filename = models.CharField(max_length=255)
    file = models.FileField(upload_to="imports/%Y/%m/", help_text=_("Kept in private storage, never served."))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    applied_at = models.DateTimeField(null=True, blank=True)
    summary = models.CharField(max_length=255, blank=True)
    table = models.JSONField(
        null=True,
        blank=True,
        editable=False,
        help_text=_("The rows parsed at upload, until they are imported."),
    )
    history = HistoricalRecords(excluded_fields=["table"])

    class Meta:
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} from {self.filename}"
