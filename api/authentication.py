"""Personal access tokens in the Authorization header ("Bearer qms_…")."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework.authentication import BaseAuthentication, SessionAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed

from api import services
from core.expiry import account_has_expired


class TokenAuthentication(BaseAuthentication):
    """The user a usable token belongs to; `request.auth` is the token (its scope limits writes)."""

    keyword = b"bearer"

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword:
            return None
        if len(parts) != 2:
            raise AuthenticationFailed(_("Send the header as: Authorization: Bearer <token>."))
        token = services.token_find(parts[1].decode("latin-1"))
        if token is None:
            raise AuthenticationFailed(_("This token is unknown, revoked or expired."))
        if not token.user.is_active or account_has_expired(token.user):
            raise AuthenticationFailed(_("The account this token belongs to is closed."))
        services.token_used(token=token)
        return token.user, token

    def authenticate_header(self, request) -> str:
        return 'Bearer realm="api"'


class BrowserSessionAuthentication(SessionAuthentication):
    """The signed-in browser's session, with Django's CSRF check on every write."""
