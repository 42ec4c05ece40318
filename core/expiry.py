"""Time-limited accounts: refused at log-in after their last day, and logged out mid-session.

The backend replaces Django's ModelBackend (axes stays in front of it); the middleware ends a
session that was opened before the account expired.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model, logout
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ObjectDoesNotExist
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _


def account_has_expired(user) -> bool:
    """True when the user has an expiry date and today is past it."""
    try:
        expiry = user.account_expiry
    except (ObjectDoesNotExist, AttributeError):
        return False
    return expiry.has_expired(timezone.localdate())


class ExpiringAccountBackend(ModelBackend):
    """Django's model backend that also refuses an account past its last day."""

    def user_can_authenticate(self, user) -> bool:
        return super().user_can_authenticate(user) and not account_has_expired(user)

    def get_user(self, user_id):
        # The expiry row comes with the user in the same query; the middleware acts on it.
        try:
            user = get_user_model()._default_manager.select_related("account_expiry").get(pk=user_id)
        except get_user_model().DoesNotExist:
            return None
        return user if ModelBackend.user_can_authenticate(self, user) else None


class ExpiredAccountMiddleware:
    """Logs out a user whose account expired while they were logged in."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and account_has_expired(user):
            logout(request)
            messages.warning(
                request, _("Your access has ended. Ask the quality manager if you still need it.")
            )
            return redirect("login")
        return self.get_response(request)
