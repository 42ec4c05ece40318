"""Request-level guards: forwarded headers only from trusted proxies."""

from __future__ import annotations

import ipaddress

from django.conf import settings

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
