"""Production guards: a secret key strong enough to sign sessions and tokens, and body limits."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

MIN_SECRET_LENGTH = 50
MIN_SECRET_DISTINCT = 10
WEAK_MARKERS = ("django-insecure", "changeme", "change-me", "secret", "example")


def weak_secret_key_reason(key: str) -> str | None:
    """Why a secret key is too weak for production, or None when it will do."""
    if len(key) < MIN_SECRET_LENGTH:
        return f"it has {len(key)} characters; use at least {MIN_SECRET_LENGTH}"
    if len(set(key)) < MIN_SECRET_DISTINCT:
        return f"it uses only {len(set(key))} different characters"
    lowered = key.lower()
    if any(lowered.startswith(marker) or lowered == marker for marker in WEAK_MARKERS):
        return "it looks like a placeholder"
    return None


def require_strong_secret_key() -> None:
    """Refuse to serve with debug off and a weak DJANGO_SECRET_KEY (called by the WSGI entry point)."""
    if settings.DEBUG:
        return
    reason = weak_secret_key_reason(settings.SECRET_KEY)
    if reason:
        raise ImproperlyConfigured(
            f"DJANGO_SECRET_KEY is too weak for production: {reason}. Generate one with "
            '`python -c "import secrets; print(secrets.token_urlsafe(50))"`.'
        )
