"""Core models: the scheduler's heartbeat and time-limited accounts."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords


class SchedulerHeartbeat(models.Model):
    """The last time a scheduled job really ran on a worker, so /healthz can tell."""

    name = models.CharField(max_length=100, unique=True)
    beat_at = models.DateTimeField()
    worker = models.CharField(max_length=200, blank=True)

    def __str__(self) -> str:
        return f"{self.name} at {self.beat_at:%Y-%m-%d %H:%M}"


class AccountExpiry(models.Model):
    """The last day an account may be used (an external auditor's access for the audit week)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="account_expiry"
    )
    expires_on = models.DateField(help_text="The last day the account can be used.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-expires_on", "pk"]
        verbose_name_plural = "account expiries"

    def __str__(self) -> str:
        return f"{self.user} until {self.expires_on:%Y-%m-%d}"

    def has_expired(self, today: datetime.date) -> bool:
        return today > self.expires_on


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
