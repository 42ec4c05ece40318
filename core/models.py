"""Core models: the scheduler's heartbeat and time-limited accounts."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.formatting import date_text, datetime_text


class SchedulerHeartbeat(models.Model):
    """The last time a scheduled job really ran on a worker, so /healthz can tell."""

    name = models.CharField(max_length=100, unique=True)
    beat_at = models.DateTimeField()
    worker = models.CharField(max_length=200, blank=True)

    def __str__(self) -> str:
        return f"{self.name} at {datetime_text(self.beat_at)}"


class AccountExpiry(models.Model):
    """The last day an account may be used (an external auditor's access for the audit week)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="account_expiry"
    )
    expires_on = models.DateField(help_text=_("The last day the account can be used."))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-expires_on", "pk"]
        verbose_name_plural = _("account expiries")

    def __str__(self) -> str:
        return f"{self.user} until {date_text(self.expires_on)}"

    def has_expired(self, today: datetime.date) -> bool:
        return today > self.expires_on


class Job(models.Model):
    """Long work (a big export, the audit pack) done by a worker: its state, progress and result file."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    ACTIVE_STATUSES = (Status.QUEUED, Status.RUNNING)

    kind = models.CharField(max_length=50)
    label = models.CharField(
        max_length=200, help_text=_("What the requester sees, e.g. 'Measurements (CSV)'.")
    )
    parameters = models.JSONField(default=dict, blank=True)
    # The language of the page that asked: the worker writes the file and its messages in it.
    language = models.CharField(max_length=10, blank=True)
    # The permission the requester needed; the download asks for it again.
    permission = models.CharField(max_length=100, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="jobs")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    message = models.CharField(max_length=200, blank=True)
    result = models.FileField(upload_to="jobs/%Y/%m/", blank=True, max_length=300)
    result_name = models.CharField(max_length=200, blank=True)
    result_type = models.CharField(max_length=100, blank=True)
    error = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["requested_by", "-created_at", "-id"], name="core_job_user_recent")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100),
                name="core_job_progress_at_most_100",
                violation_error_message=_("Progress is a percentage (0 to 100)."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label} ({self.get_status_display()})"

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE_STATUSES

    @property
    def is_ready(self) -> bool:
        return self.status == self.Status.DONE and bool(self.result)


class Signature(models.Model):
    """An electronic signature: who signed which record, meaning what, and when. The signer typed
    their password again; the printed name is kept as it read at that moment."""

    class Meaning(models.TextChoices):
        APPROVED = "approved", _("Approved")
        REVIEWED = "reviewed", _("Reviewed")
        RESPONSIBLE = "responsible", _("Responsible")
        ATTENDED = "attended", _("Attended")
        CONCLUDED = "concluded", _("Concluded on the quality system")

    signer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="signatures")
    printed_name = models.CharField(max_length=300)
    meaning = models.CharField(max_length=20, choices=Meaning.choices)
    statement = models.CharField(max_length=300, help_text=_("What was signed, in words."))
    signed_at = models.DateTimeField()
    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()

    class Meta:
        ordering = ["signed_at", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="signature_record")]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "signer", "meaning"],
                name="one_signature_per_record_signer_and_meaning",
                violation_error_message=_("You have already signed this record with that meaning."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.printed_name}, {self.get_meaning_display().lower()}, {datetime_text(self.signed_at)}"


class AccountUnlock(models.Model):
    """A lifted sign-in lock: whose, by whom, when, and which addresses' failed attempts were cleared."""

    username = models.CharField(max_length=150)
    unlocked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Empty when unlocked from the command line."),
    )
    unlocked_at = models.DateTimeField(auto_now_add=True)
    attempts_cleared = models.PositiveIntegerField(default=0)
    addresses = models.CharField(max_length=1000, blank=True)
    reason = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-unlocked_at", "-pk"]
        permissions = [("unlock_account", "Can unlock an account locked after failed sign-ins")]

    def __str__(self) -> str:
        return f"{self.username} unlocked at {self.unlocked_at:%Y-%m-%d %H:%M}"


class FormSubmission(models.Model):
    """A form's one-time submit token, claimed by the first post: a double submit records once."""

    token = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.CASCADE, related_name="+")
    submitted_at = models.DateTimeField(auto_now_add=True)
    result_url = models.CharField(max_length=500, blank=True)

    class Meta:
        indexes = [models.Index(fields=["submitted_at"], name="formsubmission_age_idx")]

    def __str__(self) -> str:
        return f"{self.token[:8]} at {self.submitted_at:%Y-%m-%d %H:%M}"


class OrganisationProfile(models.Model):
    """Who the quality system belongs to: the name, certification scope and sites on the audit pack's cover
    (one row for the organisation, kept by top management)."""

    name = models.CharField(_("organisation name"), max_length=200)
    certification_scope = models.TextField(
        help_text=_("What the certificate covers, in the words of the certificate.")
    )
    sites = models.TextField(blank=True, help_text=_("The sites the certificate covers, one a line."))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("organisation profile")

    def __str__(self) -> str:
        return self.name

    @property
    def site_list(self) -> list[str]:
        return [line.strip() for line in self.sites.splitlines() if line.strip()]


class Preference(models.Model):
    """A person's own choices about the product: for now, the language it speaks to them."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="preference")
    # A code of settings.LANGUAGES, or empty for the browser's language; checked in clean() rather than
    # by choices, so that adding a language needs no migration.
    language = models.CharField(_("language"), max_length=10, blank=True)

    def __str__(self) -> str:
        return f"{self.user}: {self.language or 'browser'}"

    def clean(self) -> None:
        if self.language and self.language not in dict(settings.LANGUAGES):
            raise ValidationError({"language": _("Choose one of the languages offered.")})


class OutboxEvent(models.Model):
    """Something that happened (a finding opened, a policy approved), written in the same transaction
    as the change and kept until the integrations have turned it into deliveries (core/events.py)."""

    class Kind(models.TextChoices):
        FINDING_OPENED = "finding.opened", _("Finding opened")
        FINDING_RESOLVED = "finding.resolved", _("Finding resolved")
        POLICY_APPROVED = "policy.approved", _("Policy approved")
        REVIEW_SIGNED_OFF = "review.signed_off", _("Review signed off")

    kind = models.CharField(max_length=40, choices=Kind.choices)
    # Written set-based by the scan, like the findings themselves: no per-row constraint check.
    subject_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.PROTECT, related_name="+", db_constraint=False
    )
    subject_id = models.BigIntegerField()
    occurred_at = models.DateTimeField()

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.kind} #{self.subject_id}"
