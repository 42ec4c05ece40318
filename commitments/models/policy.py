"""The quality policy as controlled documented information: versions and their commitments."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.formatting import number_text
from core.indexes import sort_index


class PolicyVersionQuerySet(models.QuerySet):
    def in_force(self) -> PolicyVersionQuerySet:
        return self.filter(status=PolicyVersion.Status.APPROVED)


class PolicyVersion(models.Model):
    """One version of the quality policy: draft, then approved (in force), then superseded."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        APPROVED = "approved", _("Approved (in force)")
        SUPERSEDED = "superseded", _("Superseded")

    # Legal moves; supersession happens only as a side effect of approving a later version.
    ALLOWED = {
        Status.DRAFT: {Status.APPROVED},
        Status.APPROVED: {Status.SUPERSEDED},
        Status.SUPERSEDED: set(),
    }

    number = models.PositiveIntegerField(unique=True)
    title = models.CharField(max_length=200, default="Quality policy")
    text = models.TextField(help_text=_("The policy statement as staff will read it."))
    context_and_direction = models.TextField(
        blank=True,
        help_text=_("The organisation's context and strategic direction this version was checked against."),
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_on = models.DateField(null=True, blank=True)
    superseded_on = models.DateField(null=True, blank=True)
    acknowledgement_count = models.PositiveIntegerField(
        default=0, editable=False, help_text=_("Stored: how many people acknowledged this version.")
    )
    history = HistoricalRecords(excluded_fields=["acknowledgement_count"])

    objects = PolicyVersionQuerySet.as_manager()

    class Meta:
        ordering = ["-number"]
        indexes = [sort_index("policy_version_sort_idx", "number")]
        permissions = [("approve_policyversion", "Can approve a quality policy version")]
        constraints = [
            models.UniqueConstraint(
                fields=["status"],
                condition=models.Q(status="approved"),
                name="one_policy_in_force",
                violation_error_message=_("Only one policy version can be in force."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} v{self.number} ({self.get_status_display()})"

    def can_move_to(self, status: str) -> bool:
        return status in self.ALLOWED[self.status]

    def clean(self) -> None:
        """A policy is read by everyone: its text and context stay within a readable length."""
        limit = settings.QMS_POLICY_MAX_CHARS
        errors = {
            name: gettext(
                "Keep this under %(limit)s characters (it has %(value)s); put supporting detail in linked "
                "documents."
            )
            % {"limit": number_text(limit), "value": number_text(len(value))}
            for name, value in (("text", self.text), ("context_and_direction", self.context_and_direction))
            if len(value or "") > limit
        }
        if errors:
            raise ValidationError(errors)

    @property
    def is_in_force(self) -> bool:
        return self.status == self.Status.APPROVED

    @property
    def is_editable(self) -> bool:
        return self.status == self.Status.DRAFT


class PolicyCommitment(models.Model):
    """A short commitment stated by a policy version; its key stays the same across versions."""

    class Kind(models.TextChoices):
        GENERAL = "general", _("General")
        REQUIREMENTS = "requirements", _("Meet applicable requirements")
        IMPROVEMENT = "improvement", _("Continual improvement")

    version = models.ForeignKey(PolicyVersion, on_delete=models.CASCADE, related_name="commitments")
    key = models.SlugField(
        max_length=60, help_text=_("Stable key, e.g. customer-satisfaction; objectives point at it.")
    )
    statement = models.TextField()
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.GENERAL)
    sort_order = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["version", "sort_order", "key"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "key"],
                name="unique_commitment_key_per_version",
                violation_error_message=_("A version cannot state two commitments with the same key."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.key}: {self.statement[:60]}"


class PolicyCommunication(models.Model):
    """How and to whom a policy version was communicated."""

    class Channel(models.TextChoices):
        BRIEFING = "briefing", _("Team briefing")
        TOWN_HALL = "town_hall", _("Town hall")
        EMAIL = "email", _("E-mail")
        INTRANET = "intranet", _("Intranet")
        NOTICEBOARD = "noticeboard", _("Noticeboard")
        INDUCTION = "induction", _("Induction")
        WEBSITE = "website", _("Public website")
        OTHER = "other", _("Other")

    version = models.ForeignKey(PolicyVersion, on_delete=models.PROTECT, related_name="communications")
    communicated_on = models.DateField()
    channel = models.CharField(max_length=20, choices=Channel.choices)
    audience = models.CharField(max_length=200, help_text=_("Who was reached, e.g. 'All shop-floor staff'."))
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-communicated_on", "-pk"]

    def __str__(self) -> str:
        return f"v{self.version.number} {self.get_channel_display()} {self.communicated_on}"


class PolicyAcknowledgement(models.Model):
    """A person's statement that they read the exact version of the policy in force."""

    version = models.ForeignKey(PolicyVersion, on_delete=models.PROTECT, related_name="acknowledgements")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="policy_acknowledgements"
    )
    acknowledged_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-acknowledged_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "user"],
                name="one_acknowledgement_per_user_and_version",
                violation_error_message=_("This person already acknowledged this version."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} read v{self.version.number}"
