"""The record of every act on a person's account: who did what to whom, when and why."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AccountEvent(models.Model):
    """One act on an account (added, role changed, deactivated...): the account's history."""

    class Action(models.TextChoices):
        CREATED = "created", _("Account added")
        DETAILS = "details", _("Details changed")
        ROLE = "role", _("Role changed")
        DEACTIVATED = "deactivated", _("Deactivated")
        REACTIVATED = "reactivated", _("Reactivated")
        PASSWORD_RESET = "password_reset", _("Password reset")
        UNLOCKED = "unlocked", _("Unlocked after failed sign-ins")

    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="account_events"
    )
    action = models.CharField(max_length=20, choices=Action.choices)
    detail = models.CharField(max_length=300, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Empty when the act came from the command line."),
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["subject", "-at"], name="account_event_subject_at")]
        permissions = [("manage_people", "Can add people, give roles, deactivate, reset and unlock accounts")]

    def __str__(self) -> str:
        return f"{self.get_action_display()}: {self.subject}"
