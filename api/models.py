"""Personal access tokens: what a script shows the API instead of a password."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TokenQuerySet(models.QuerySet):
    def usable(self, now=None) -> TokenQuerySet:
        """Tokens neither revoked nor past their expiry day."""
        today = timezone.localdate(now)
        return self.filter(revoked_at__isnull=True, expires_on__gte=today)


class PersonalAccessToken(models.Model):
    """A named, scoped, expiring token of one person; only its SHA-256 is kept, never the token itself."""

    class Scope(models.TextChoices):
        READ = "read", _("Read")
        READ_WRITE = "read_write", _("Read and write")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    scope = models.CharField(_("scope"), max_length=20, choices=Scope.choices, default=Scope.READ)
    # The first characters of the token, shown in the list so a person can tell their tokens apart.
    prefix = models.CharField(max_length=16)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_on = models.DateField(_("expires on"))
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = TokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("personal access token")

    def __str__(self) -> str:
        return self.name

    def is_usable(self) -> bool:
        return self.revoked_at is None and self.expires_on >= timezone.localdate()


class TokenUse(models.Model):
    """When a token was last used: written by every API request, so kept apart from the token's row."""

    token = models.OneToOneField(
        PersonalAccessToken, on_delete=models.CASCADE, primary_key=True, related_name="use"
    )
    last_used_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.token} at {self.last_used_at:%Y-%m-%d %H:%M}"
