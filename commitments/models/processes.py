"""The process register (the process approach of clause 4.4 and 5.1.1 c, d)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.archiving import Archivable, ArchivableQuerySet
from core.indexes import archived_index, sort_index


class Process(Archivable):
    """A business process, with how QMS requirements are built into it."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        RETIRED = "retired", _("Retired")

    name = models.CharField(max_length=150, unique=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    purpose = models.TextField(blank=True)
    inputs = models.TextField(blank=True)
    outputs = models.TextField(blank=True)
    performance_indicators = models.TextField(blank=True)
    qms_integration = models.TextField(
        _("how QMS requirements are built in"),
        blank=True,
        help_text=_("How the process carries QMS requirements in its normal work, not as extra paperwork."),
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    history = HistoricalRecords()

    objects = ArchivableQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        indexes = [
            sort_index("process_sort_name_idx", "name"),
            sort_index("process_sort_status_idx", "status"),
            archived_index("process_archived_idx"),
        ]
        verbose_name_plural = _("processes")

    def __str__(self) -> str:
        return self.name
