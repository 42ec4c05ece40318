"""A second factor (django-otp): a code from an authenticator app (TOTP), or a one-time recovery code.

Each person turns it on from their account page. Once on, signing in asks for a code after the
password, and so does every electronic signature. QMS_TOTP_REQUIRED_ROLES names the roles (keys of
qms_leadership.roles) that must have it: they are sent to set it up before any other page. Wrong
codes count toward the sign-in attempt limit, like wrong passwords (core.accounts).
"""

from __future__ import annotations

import base64
from urllib.parse import urlencode

import django_otp
import segno
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.accounts import check_under_attempt_limit
from qms_leadership.roles import role_key_of

RECOVERY_CODES = 10
DEVICE_NAME = "Authenticator app"


def is_on(user) -> bool:
    """Whether the person has a confirmed authenticator app."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def is_required(user) -> bool:
    """Whether the person's role must sign in with a second factor (QMS_TOTP_REQUIRED_ROLES)."""
    return role_key_of(user) in settings.QMS_TOTP_REQUIRED_ROLES


def pending_device(user) -> TOTPDevice | None:
    """The authenticator being set up (shown as a QR code until its first code is typed)."""
    return TOTPDevice.objects.filter(user=user, confirmed=False).first()


def qr_code_svg(device: TOTPDevice) -> str:
    """The device's key as a QR code, a data: URL of an SVG (the CSP allows data: images)."""
    svg = segno.make(device.config_url, error="m").svg_inline(scale=4)
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def secret_text(device: TOTPDevice) -> str:
    """The key in base32, in groups of four, for typing into an app by hand."""
    key = base64.b32encode(device.bin_key).decode()
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


@transaction.atomic
def start_setup(*, user) -> TOTPDevice:
    """Begin (or begin again) setting up an authenticator app: a new key, not yet in force."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


@transaction.atomic
def confirm_setup(*, request, user, code: str) -> list[str]:
    """Put the pending authenticator in force once it gives a right code; returns new recovery codes.

    The session counts as verified from here on.
    """
    device = pending_device(user)
    if device is None:
        raise ValidationError(_("Start setting up the authenticator app first."))
    if not check_under_attempt_limit(request, user, lambda: device.verify_token(_digits(code))):
        raise ValidationError({"code": _("That code is not right. Type the code the app shows now.")})
    TOTPDevice.objects.filter(user=user, confirmed=True).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _new_recovery_codes(user)
    mark_verified(request, device)
    return codes


@transaction.atomic
def renew_recovery_codes(*, user) -> list[str]:
    """Replace every recovery code; the old ones stop working."""
    return _new_recovery_codes(user)


@transaction.atomic
def turn_off(*, user) -> None:
    """Remove the authenticator and the recovery codes (refused when the role requires them)."""
    if is_required(user):
        raise ValidationError(_("Your role must sign in with a second factor, so it stays on."))
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


def _new_recovery_codes(user) -> list[str]:
    device, _created = StaticDevice.objects.get_or_create(user=user, name="Recovery codes")
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def _digits(code: str) -> str:
    return "".join((code or "").split())


def verify(request, user, code: str):
    """The device that accepts `code` (an app code, or a recovery code, used up), else None.

    Under the sign-in attempt limit: raises core.accounts.AccountLocked when it is reached.
    """
    code = _digits(code)
    accepted = []

    def check() -> bool:
        if not code:
            return False
        for device in django_otp.devices_for_user(user, confirmed=True):
            if device.verify_token(code):
                accepted.append(device)
                return True
        return False

    check_under_attempt_limit(request, user, check)
    return accepted[0] if accepted else None


# What a new session still owes, decided once when it begins (so pages add no query).
SESSION_KEY = "second_factor"
ASK, SET_UP = "ask", "set up"

# Pages a signed-in person may open before their second factor is checked (or set up).
OPEN_BEFORE_SECOND_FACTOR = {
    "logout",
    "second_factor_verify",
    "account",
    "second_factor_setup",
    "healthz",
    "healthz_ready",
    "healthz_live",
}


def note_new_session(sender, request, user, **kwargs) -> None:
    """At every sign-in (user_logged_in): does this session owe a code, or a set-up?

    Connected like django-otp's own login hook; it only marks the session, the middleware acts.
    """
    if request is None or not hasattr(request, "session"):
        return
    if is_on(user):
        request.session[SESSION_KEY] = ASK
    elif is_required(user):
        request.session[SESSION_KEY] = SET_UP
    else:
        request.session.pop(SESSION_KEY, None)


def mark_verified(request, device) -> None:
    """The session's second factor is checked: django-otp remembers the device."""
    django_otp.login(request, device)
    request.session.pop(SESSION_KEY, None)


class SecondFactorMiddleware:
    """Sends a signed-in person whose code is not checked yet to the code page, and one whose role
    requires a second factor they have not set up to the set-up page, before any other page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        owed = request.session.get(SESSION_KEY) if hasattr(request, "session") else None
        if owed is None or not request.user.is_authenticated:
            return None
        if request.resolver_match.url_name in OPEN_BEFORE_SECOND_FACTOR:
            return None
        if owed == ASK:
            return redirect(
                f"{reverse('second_factor_verify')}?{urlencode({'next': request.get_full_path()})}"
            )
        return redirect("second_factor_setup")
