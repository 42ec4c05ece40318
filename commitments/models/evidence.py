"""Dated evidence of leadership, its file attachments, and the actions leaders commit to."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.archiving import Archivable, ArchivableQuerySet
from core.indexes import archived_index, sort_index
from core.tracked import TrackedAction

from .editions import Responsibility


class LeadershipAction(TrackedAction):
    """Something a member of top management commits to do for one responsibility."""

    responsibility = models.ForeignKey(Responsibility, on_delete=models.PROTECT, related_name="actions")
    description = models.TextField(blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="leadership_actions"
    )
    history = HistoricalRecords()

    class Meta(TrackedAction.Meta):
        indexes = [
            sort_index("action_sort_due_idx", "due_date"),
            sort_index("action_sort_title_idx", "title"),
            sort_index("action_sort_status_idx", "status"),
            archived_index("action_archived_idx"),
        ]
        permissions = [
            ("archive_leadershipaction", "Can archive a leadership action"),
            ("manage_leadershipaction", "Can change any leadership action, not only one's own"),
        ]

    def get_absolute_url(self) -> str:
        return reverse("commitments:action_detail", args=[self.pk])


class Evidence(Archivable):
    """A dated record proving that leaders did what a responsibility asks."""

    class Kind(models.TextChoices):
        MEETING_MINUTES = "minutes", _("Meeting minutes")
        COMMUNICATION = "communication", _("Communication")
        DECISION = "decision", _("Decision")
        RESOURCE_APPROVAL = "resources", _("Resource approval")
        TRAINING = "training", _("Training or awareness record")
        REVIEW = "review", _("Review record")
        AUDIT = "audit", _("Audit result")
        DOCUMENT = "document", _("Document")
        OTHER = "other", _("Other")

    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.DOCUMENT)
    fact_date = models.DateField(help_text=_("The date of what the evidence proves (not the upload date)."))
    valid_until = models.DateField(
        null=True, blank=True, help_text=_("Leave empty to use the responsibility's cadence.")
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    responsibilities = models.ManyToManyField(Responsibility, related_name="evidence")
    action = models.ForeignKey(
        LeadershipAction, null=True, blank=True, on_delete=models.PROTECT, related_name="evidence"
    )
    external_url = models.URLField(blank=True, max_length=500)
    history = HistoricalRecords(m2m_fields=[responsibilities])

    objects = ArchivableQuerySet.as_manager()

    class Meta:
        ordering = ["-fact_date", "-pk"]
        verbose_name_plural = _("evidence")
        indexes = [
            sort_index("evidence_sort_fact_idx", "fact_date"),
            sort_index("evidence_sort_title_idx", "title"),
            sort_index("evidence_sort_kind_idx", "kind"),
            sort_index("evidence_sort_recorded_idx", "recorded_at"),
            archived_index("evidence_archived_idx"),
        ]
        permissions = [("archive_evidence", "Can archive evidence")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True)
                | models.Q(valid_until__gte=models.F("fact_date")),
                name="evidence_valid_after_fact",
                violation_error_message=_("'Valid until' cannot be before the date of the fact."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("commitments:evidence_detail", args=[self.pk])

    def clean(self) -> None:

        if self.fact_date and self.fact_date > timezone.localdate():
            raise ValidationError({"fact_date": gettext("Evidence proves something that already happened.")})


def _attachment_path(instance: Attachment, filename: str) -> str:
    # A random stored name: the original name is kept in a field, never trusted as a path.
    return f"evidence/{uuid.uuid4().hex}"


class Attachment(models.Model):
    """A file attached to evidence, stored privately and served only through a permission check."""

    class Integrity(models.TextChoices):
        UNCHECKED = "unchecked", _("Not checked yet")
        INTACT = "intact", _("Matches its SHA-256")
        CHANGED = "changed", _("Changed since upload")
        MISSING = "missing", _("Missing from storage")

    evidence = models.ForeignKey(Evidence, on_delete=models.PROTECT, related_name="attachments")
    file = models.FileField(upload_to=_attachment_path, max_length=200)
    original_name = models.CharField(max_length=200)
    size = models.PositiveBigIntegerField()
    content_type = models.CharField(max_length=100)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    # Whether the stored bytes still match sha256: checked when served, packed and nightly.
    integrity = models.CharField(max_length=10, choices=Integrity.choices, default=Integrity.UNCHECKED)
    verified_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["integrity", "verified_at"])

    class Meta:
        ordering = ["evidence", "original_name", "pk"]
        indexes = [
            models.Index(
                fields=["integrity"],
                condition=models.Q(integrity__in=["changed", "missing"]),
                name="attachment_damaged_idx",
            )
        ]

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_damaged(self) -> bool:
        return self.integrity in (self.Integrity.CHANGED, self.Integrity.MISSING)
