"""Webhook endpoints and their deliveries (each attempt logged), and calendar feed links."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class WebhookEvent(models.TextChoices):
    """The events an endpoint can subscribe to (docs/integrations.md says where each comes from)."""

    FINDING_OPENED = "finding.opened", _("Finding opened")
    FINDING_RESOLVED = "finding.resolved", _("Finding resolved")
    REVIEW_OVERDUE = "review.overdue", _("Management review overdue")
    POLICY_APPROVED = "policy.approved", _("Quality policy approved")
    REVIEW_SIGNED_OFF = "review.signed_off", _("Management review signed off")
    OBJECTIVE_OFF_TRACK = "objective.off_track", _("Objective off track")


class WebhookEndpoint(models.Model):
    """An address that receives signed events; its secret is stored encrypted and shown only once."""

    url = models.URLField(_("address"), max_length=500)
    description = models.CharField(_("description"), max_length=200, blank=True)
    events = models.JSONField(_("events"), default=list)
    active = models.BooleanField(_("active"), default=True)
    # Fernet token of the signing secret (integrations/signing.py): signing needs the secret itself.
    secret_encrypted = models.TextField(editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["secret_encrypted"])

    class Meta:
        ordering = ["url", "pk"]

    def __str__(self) -> str:
        return self.url

    def get_absolute_url(self) -> str:
        return reverse("integrations:webhook_detail", args=[self.pk])

    def event_labels(self) -> list[str]:
        labels = dict(WebhookEvent.choices)
        return [str(labels.get(name, name)) for name in self.events]


class WebhookDelivery(models.Model):
    """One event sent to one endpoint: the body signed, and where its attempts stand."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SUCCEEDED = "succeeded", _("Delivered")
        FAILED = "failed", _("Failed")

    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries")
    # Sent in the X-QMS-Delivery header: the same for every attempt, new for a redelivery.
    delivery_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    event = models.CharField(max_length=40, choices=WebhookEvent.choices)
    body = models.TextField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField()
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    redelivery_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="redeliveries"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = "webhook deliveries"
        indexes = [
            # The log of one endpoint, newest first, read a page at a time.
            models.Index(fields=["endpoint", "-created_at", "-id"], name="delivery_log_idx"),
            # The sweep that re-sends deliveries whose task was lost.
            models.Index(fields=["next_attempt_at"], condition=Q(status="pending"), name="delivery_due_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.event} {self.delivery_id}"


class WebhookAttempt(models.Model):
    """One HTTP request of a delivery: when, the answer's status code, how long it took, what failed."""

    delivery = models.ForeignKey(WebhookDelivery, on_delete=models.CASCADE, related_name="attempt_log")
    number = models.PositiveSmallIntegerField()
    sent_at = models.DateTimeField()
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    duration_ms = models.PositiveIntegerField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["delivery", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["delivery", "number"],
                name="one_attempt_per_number",
                violation_error_message="This attempt of the delivery is already logged.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.delivery_id} #{self.number}: {self.status_code or self.error}"

    @property
    def succeeded(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


class CalendarFeed(models.Model):
    """A secret address a calendar application subscribes to; only the token's hash is stored."""

    class Scope(models.TextChoices):
        PERSONAL = "personal", _("My reviews, actions and measurements")
        ORGANISATION = "organisation", _("The organisation's planned management reviews")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    scope = models.CharField(max_length=20, choices=Scope.choices, default=Scope.PERSONAL)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["user", "scope", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "scope"],
                condition=Q(revoked_at__isnull=True),
                name="one_live_feed_per_user_and_scope",
                violation_error_message="You already have a calendar link of this kind.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.scope}"
