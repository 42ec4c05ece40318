"""Sign-in with the organisation's OpenID Connect identity provider (mozilla-django-oidc).

Off until the client id and the provider's endpoints are set (QMS_OIDC_*, see .env.example); the
pages then answer 404 and the backend recognises nobody. The ID token must be signed by the
provider's key, issued by the configured issuer for our client id, and not expired; the person's
role follows the provider's groups claim through QMS_OIDC_ROLE_MAP at every sign-in.
"""

from __future__ import annotations

import logging
from urllib.parse import urlencode

import jwt
import requests
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import SuspiciousOperation, ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from core.accounts import identity_provider_configured
from people import services
from qms_leadership.roles import parse_role_map, role_key_for_groups

logger = logging.getLogger(__name__)


is_configured = identity_provider_configured


class ProviderBackend(OIDCAuthenticationBackend):
    """mozilla-django-oidc's backend, answering only the provider's callback, with stricter checks
    of the ID token and accounts matched by username (never by e-mail, never a local account)."""

    def authenticate(self, request, **kwargs):
        # Only the callback passes a nonce: a password sign-in never reaches the provider.
        if "nonce" not in kwargs or not is_configured():
            return None
        try:
            return super().authenticate(request, **kwargs)
        except (SuspiciousOperation, requests.RequestException) as exc:
            logger.warning("Sign-in with the identity provider refused: %s", exc)
            return None

    def _verify_jws(self, payload, key):
        """The signature, the expiry, the audience (our client id) and the issuer."""
        header = jwt.get_unverified_header(payload)
        if header.get("alg") != self.OIDC_RP_SIGN_ALGO:
            raise SuspiciousOperation(_("The ID token is not signed with the expected algorithm."))
        try:
            return jwt.decode(
                payload,
                key,
                algorithms=[self.OIDC_RP_SIGN_ALGO],
                audience=self.OIDC_RP_CLIENT_ID,
                issuer=settings.QMS_OIDC_ISSUER or None,
                options={"require": ["exp", "iat", "sub"], "verify_iss": bool(settings.QMS_OIDC_ISSUER)},
                leeway=30,
            )
        except jwt.InvalidTokenError as exc:
            raise SuspiciousOperation(_("The ID token is not valid: %(exc)s") % {"exc": exc}) from exc

    def verify_claims(self, claims) -> bool:
        return bool(self._username(claims))

    def _username(self, claims) -> str:
        return str(claims.get(settings.QMS_OIDC_USERNAME_CLAIM) or claims.get("sub") or "")[:150]

    def filter_users_by_claims(self, claims):
        return self.UserModel.objects.filter(username__iexact=self._username(claims))

    def get_or_create_user(self, access_token, id_token, payload):
        # Some providers (Microsoft Entra ID) put the groups in the ID token only: both count.
        claims = {**payload, **self.get_userinfo(access_token, id_token, payload)}
        if not self.verify_claims(claims):
            raise SuspiciousOperation(_("The provider sent no username."))
        groups = claims.get(settings.QMS_OIDC_GROUPS_CLAIM) or []
        if isinstance(groups, str):
            groups = [groups]
        try:
            return services.user_sign_in_from_provider(
                username=self._username(claims),
                email=str(claims.get("email") or ""),
                first_name=str(claims.get("given_name") or ""),
                last_name=str(claims.get("family_name") or ""),
                role=role_key_for_groups(groups, parse_role_map(settings.QMS_OIDC_ROLE_MAP)),
            )
        except (services.ProviderAccountRefused, ValidationError) as exc:
            raise SuspiciousOperation(
                _("The provider's account cannot sign in here: %(exc)s") % {"exc": exc}
            ) from exc


@method_decorator(login_not_required, name="dispatch")
class _WhenConfigured:
    """A provider page: public (the visitor is signing in), and 404 while no provider is set up."""

    def dispatch(self, request, *args, **kwargs):
        if not is_configured():
            raise Http404(_("Sign-in with an identity provider is not set up."))
        return super().dispatch(request, *args, **kwargs)


class AuthenticateView(_WhenConfigured, OIDCAuthenticationRequestView):
    """Sends the visitor to the identity provider's sign-in page."""


class CallbackView(_WhenConfigured, OIDCAuthenticationCallbackView):
    """Where the provider sends the visitor back; a refused sign-in says so on the login page."""

    def login_failure(self):
        messages.error(
            self.request,
            _(
                "Signing in with %(provider)s did not succeed. Try again, or ask your administrator whether "
                "your account may use this site."
            )
            % {"provider": settings.QMS_OIDC_PROVIDER_NAME},
        )
        return super().login_failure()


def provider_logout_url(request) -> str | None:
    """The provider's end-session address for this session, when the provider offers one and the
    session began there; signing out then ends the provider's session too."""
    id_token = request.session.get("oidc_id_token")
    if not (is_configured() and settings.QMS_OIDC_END_SESSION_ENDPOINT and id_token):
        return None
    after = request.build_absolute_uri(reverse(settings.LOGOUT_REDIRECT_URL))
    query = urlencode({"id_token_hint": id_token, "post_logout_redirect_uri": after})
    return f"{settings.QMS_OIDC_END_SESSION_ENDPOINT}?{query}"
