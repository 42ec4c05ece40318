"""Sign-in protection: the client address, the lock-out of a username at one address, and unlocking.

A lock is held by the pair (username, client address) (django-axes' combined parameters), so a
stranger failing from a shared address never locks anyone else, and a guesser at one address
never locks the real person at hers. The client address comes from the forwarded-for chain only
as far as the configured number of trusted proxies (QMS_TRUSTED_PROXY_COUNT); headers from
anyone else are dropped by core.middleware.TrustedProxyMiddleware before they reach this code.

Every form that asks for the signed-in user's password again (password change, a signature)
goes through `verify_password`, so one limit covers them all.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model, logout
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Sum
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from ipware import get_client_ip

from core import permissions
from core.models import AccountUnlock

UNLOCK_PERMISSION = "core.unlock_account"


def client_ip(request) -> str:
    """The client's address: REMOTE_ADDR, or the forwarded-for entry added by the last trusted proxy."""
    count = settings.QMS_TRUSTED_PROXY_COUNT
    if count <= 0:
        return request.META.get("REMOTE_ADDR", "") or ""
    # ipware counts the proxies listed in X-Forwarded-For; the proxy next to us is REMOTE_ADDR, not listed.
    ip, _routable = get_client_ip(
        request,
        proxy_order="left-most",
        proxy_count=count - 1,
        request_header_order=("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"),
        strict=False,
    )
    return ip or request.META.get("REMOTE_ADDR", "") or ""


@dataclass(frozen=True)
class Lock:
    """A lock on a username at one address, and when it ends by itself."""

    username: str
    ip_address: str
    failures: int
    ends_at: datetime.datetime | None


def locks_of(username: str) -> list[Lock]:
    """The addresses at which a username is locked now (one row per address)."""
    cool_off = get_cool_off()
    rows = (
        AccessAttempt.objects.filter(username=username)
        .values("ip_address")
        .annotate(last=Max("attempt_time"), failures=Sum("failures_since_start"))
    )
    locks = []
    for row in rows:
        ends = row["last"] + cool_off if cool_off else None
        if row["failures"] >= settings.AXES_FAILURE_LIMIT and (ends is None or ends > timezone.now()):
            locks.append(Lock(username, row["ip_address"], row["failures"], ends))
    return locks


def lock_ends_at(*, username: str, ip_address: str) -> datetime.datetime | None:
    """When the lock on this username at this address ends (None: no cool-off configured)."""
    last = AccessAttempt.objects.filter(username=username, ip_address=ip_address).aggregate(
        last=Max("attempt_time")
    )["last"]
    cool_off = get_cool_off()
    if last is None or not cool_off:
        return None
    return last + cool_off


def lockout_response(request, original_response=None, credentials=None):
    """The lock-out page: what happened, when it ends, and who can lift it earlier."""
    credentials = credentials or {}
    username = credentials.get("username") or request.POST.get("username", "")
    ip_address = getattr(request, "axes_ip_address", None) or client_ip(request)
    context = {
        "username": username,
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "ends_at": lock_ends_at(username=username, ip_address=ip_address),
    }
    return render(request, "registration/locked_out.html", context, status=settings.AXES_HTTP_RESPONSE_CODE)


@transaction.atomic
def unlock_account(*, username: str, by, reason: str = "") -> AccountUnlock:
    """Lift every lock and forget every failed attempt of a username, at every address; recorded.

    `by` is the person unlocking (None from the command line, which the operator's shell vouches for).
    """
    if by is not None and not permissions.may_unlock_accounts(by):
        raise PermissionDenied(_("You may not unlock accounts."))
    username = (username or "").strip()
    if not get_user_model().objects.filter(username=username).exists():
        raise ValidationError(
            {"username": _("No user with the username '%(username)s'.") % {"username": username}}
        )
    attempts = AccessAttempt.objects.filter(username=username)
    addresses = sorted({a or "" for a in attempts.values_list("ip_address", flat=True)})
    cleared, _by_model = attempts.delete()
    record = AccountUnlock(
        username=username,
        unlocked_by=by,
        attempts_cleared=cleared,
        addresses=", ".join(addresses)[:1000],
        reason=(reason or "").strip()[:500],
    )
    record.full_clean()
    record.save()
    return record


# --- which ways of signing in are offered ------------------------------------------------------


def identity_provider_configured() -> bool:
    """Whether sign-in with the organisation's identity provider is set up (QMS_OIDC_*)."""
    return all(
        (
            settings.OIDC_RP_CLIENT_ID,
            settings.OIDC_OP_AUTHORIZATION_ENDPOINT,
            settings.OIDC_OP_TOKEN_ENDPOINT,
            settings.OIDC_OP_USER_ENDPOINT,
            settings.OIDC_OP_JWKS_ENDPOINT,
        )
    )


def password_sign_in_allowed(username: str) -> bool:
    """The password form serves everyone, or (QMS_PASSWORD_SIGN_IN=0) the break-glass account only."""
    if settings.QMS_PASSWORD_SIGN_IN:
        return True
    break_glass = settings.QMS_BREAK_GLASS_USERNAME
    return bool(break_glass) and (username or "").strip().casefold() == break_glass.casefold()


# --- asking a signed-in user for their password again ------------------------------------------


class AccountLocked(Exception):
    """The signed-in user's password may not be tried again from this address for now."""


def verify_password(request, user, password: str) -> bool:
    """Check a signed-in user's password under the same attempt limit as the sign-in page.

    A wrong password counts as a failed sign-in for (username, address); when that reaches the
    limit the session ends and the lock-out page answers (AxesMiddleware turns the response).
    Raises AccountLocked when the pair is locked already or becomes locked now.
    """
    return check_under_attempt_limit(request, user, lambda: user.check_password(password or ""))


def check_under_attempt_limit(request, user, check: Callable[[], bool]) -> bool:
    """Run `check` (a password, a second-factor code) for a user under the sign-in attempt limit:
    a False counts as a failed sign-in; raises AccountLocked when the limit is or becomes reached."""
    credentials = {settings.AXES_USERNAME_FORM_FIELD: user.get_username()}
    AxesProxyHandler.update_request(request)
    if AxesProxyHandler.is_locked(request, credentials):
        _end_session(request, credentials)
        raise AccountLocked
    if check():
        return True
    user_login_failed.send(sender=__name__, credentials=credentials, request=request)
    if getattr(request, "axes_locked_out", False):
        _end_session(request, credentials)
        raise AccountLocked
    return False


def _end_session(request, credentials: dict) -> None:
    request.axes_locked_out = True
    request.axes_credentials = credentials
    logout(request)
