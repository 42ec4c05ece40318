"""Request-level guards: trusted proxies, security headers, idle sessions, body limits."""

from __future__ import annotations

import ipaddress
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponseBadRequest
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

FORWARDED_HEADERS = (
    "HTTP_X_FORWARDED_FOR",
    "HTTP_X_FORWARDED_PROTO",
    "HTTP_X_FORWARDED_HOST",
    "HTTP_FORWARDED",
)


def _networks(values) -> list:
    return [ipaddress.ip_network(value.strip(), strict=False) for value in values if value.strip()]


class TrustedProxyMiddleware:
    """Drops X-Forwarded-* headers unless the request comes straight from a trusted proxy.

    Behind the documented proxy only it can reach the app, so its headers are believed; a client
    that reaches the app some other way cannot pretend to be on HTTPS or at another address.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.trusted = _networks(settings.QMS_TRUSTED_PROXIES)

    def __call__(self, request):
        if not self._from_trusted_proxy(request.META.get("REMOTE_ADDR", "")):
            for header in FORWARDED_HEADERS:
                request.META.pop(header, None)
        return self.get_response(request)

    def _from_trusted_proxy(self, address: str) -> bool:
        if settings.QMS_TRUSTED_PROXY_COUNT <= 0:
            return False
        try:
            peer = ipaddress.ip_address(address)
        except ValueError:
            return False
        return any(peer in network for network in self.trusted)


class SecurityHeadersMiddleware:
    """Permissions-Policy on every response; `Cache-Control: no-store` on anything a signed-in
    user sees and on every download, so shared machines and proxies keep no copy."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.QMS_PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        if signed_in or response.has_header("Content-Disposition"):
            add_never_cache_headers(response)
        return response


class IdleSessionMiddleware:
    """Ends a session left idle for QMS_SESSION_IDLE_MINUTES (the absolute limit is SESSION_COOKIE_AGE).

    Signing in records the first activity (mark_activity); after that it is written at most once
    a minute, so a busy user costs no extra writes.
    """

    KEY = "last_activity"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            last = request.session.get(self.KEY, now)
            if now - last > settings.QMS_SESSION_IDLE_MINUTES * 60:
                logout(request)
                messages.info(
                    request, _("You were signed out after a period without activity. Sign in again.")
                )
                return redirect_to_login(request.get_full_path())
            if now - last >= 60:
                request.session[self.KEY] = now
        return self.get_response(request)


class RequestBodyLimitMiddleware:
    """Refuses a request body over the limit before anything reads it.

    Anonymous visitors only ever post the sign-in form: a body over QMS_ANONYMOUS_MAX_BODY_KB is
    sent to the sign-in page unread. Signed-in users may post up to QMS_MAX_REQUEST_MB (uploads).
    The proxy in front enforces the same limit first (docs/security.md).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return HttpResponseBadRequest("Content-Length is not a number.")
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        if not signed_in and length > settings.QMS_ANONYMOUS_MAX_BODY_KB * 1024:
            return (
                redirect_to_login(request.get_full_path())
                if request.path != reverse("login")
                else (_too_large(request, f"{settings.QMS_ANONYMOUS_MAX_BODY_KB} KB"))
            )
        if length > settings.QMS_MAX_REQUEST_MB * 1024 * 1024:
            return _too_large(request, f"{settings.QMS_MAX_REQUEST_MB} MB")
        return self.get_response(request)


def _too_large(request, limit: str):
    return render(
        request,
        "400.html",
        {"message": f"What you sent is larger than the {limit} this page accepts. Send a smaller file."},
        status=413,
    )


def mark_activity(sender, request, user, **kwargs) -> None:
    """On sign-in: the idle clock starts now (connected to user_logged_in by the core app)."""
    if request is not None and hasattr(request, "session"):
        request.session[IdleSessionMiddleware.KEY] = int(time.time())
