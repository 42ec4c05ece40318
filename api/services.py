"""Write use cases of personal access tokens: create (the token is returned once), revoke, note a use."""

from __future__ import annotations

import datetime
import hashlib
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from api.models import PersonalAccessToken, TokenUse
from core import permissions

TOKEN_START = "qms_"
# A token lives at most this long; a script that needs more asks its owner for a new one.
MAX_DAYS = 366


def digest(raw: str) -> str:
    """What is stored and looked up: the SHA-256 of the token."""
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def token_create(*, name: str, scope: str, expires_on: datetime.date, by) -> tuple[PersonalAccessToken, str]:
    """A new token of `by`; the token itself is returned here and never again."""
    permissions.require(permissions.may_hold_tokens(by), _("Sign in to create an access token."))
    today = timezone.localdate()
    if expires_on <= today:
        raise ValidationError({"expires_on": _("Choose a day after today.")})
    if expires_on > today + datetime.timedelta(days=MAX_DAYS):
        raise ValidationError({"expires_on": _("A token lives a year at most.")})
    raw = TOKEN_START + secrets.token_urlsafe(32)
    token = PersonalAccessToken(
        user=by, name=name.strip(), scope=scope, expires_on=expires_on, prefix=raw[:10], key_hash=digest(raw)
    )
    token.full_clean()
    token.save()
    return token, raw


@transaction.atomic
def token_revoke(*, token: PersonalAccessToken, by) -> PersonalAccessToken:
    """Revoke a token at once; a revoked token is kept in the list, marked as such."""
    permissions.require(permissions.may_revoke_token(by, token), _("You may revoke only your own tokens."))
    token = PersonalAccessToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is not None:
        raise ValidationError(_("This token was already revoked."))
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    return token


def token_find(raw: str) -> PersonalAccessToken | None:
    """The usable token with this value, with its user, or None."""
    if not raw.startswith(TOKEN_START):
        return None
    return (
        PersonalAccessToken.objects.usable()
        .select_related("user", "user__account_expiry")
        .filter(key_hash=digest(raw))
        .first()
    )


def token_used(*, token: PersonalAccessToken) -> None:
    """Note that the token was used now: one UPDATE, and an INSERT the first time."""
    now = timezone.now()
    if not TokenUse.objects.filter(token=token).update(last_used_at=now):
        TokenUse.objects.bulk_create([TokenUse(token=token, last_used_at=now)], ignore_conflicts=True)
