"""Requests per token (QMS_API_THROTTLE_RATE): past the rate, 429 with Retry-After."""

from __future__ import annotations

import logging

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

logger = logging.getLogger(__name__)


class TokenRateThrottle(SimpleRateThrottle):
    """One budget per token; a browser session has one per person, an anonymous caller one per address."""

    scope = "api"

    def get_rate(self) -> str:
        return settings.QMS_API_THROTTLE_RATE

    def get_cache_key(self, request, view) -> str:
        if request.auth is not None:
            ident = f"token-{request.auth.pk}"
        elif request.user and request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            ident = f"address-{self.get_ident(request)}"
        return f"qms-api-throttle:{ident}"

    def allow_request(self, request, view) -> bool:
        try:
            return super().allow_request(request, view)
        except Exception:  # a cache that is down must not take the API with it
            logger.warning("API throttle cache unavailable; request let through", exc_info=True)
            return True
