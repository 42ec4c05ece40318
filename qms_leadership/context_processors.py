"""Values every page needs: the product version and the viewer's role."""

from django.utils.translation import gettext

from commitments.selectors_policy import banner_for
from core import permissions
from qms_leadership import __version__
from qms_leadership.roles import role_of


def product(request) -> dict:
    user = getattr(request, "user", None)
    role = role_of(user) if user is not None else None
    return {
        "product_version": __version__,
        "user_role": gettext(role) if role else None,
    }


def policy_banner(request) -> dict:
    """The policy version the viewer still has to acknowledge (one query). Read-only reviewers
    acknowledge nothing, so they get no banner; anyone may hide it until they sign in again."""
    user = getattr(request, "user", None)
    if user is None or not permissions.may_acknowledge_policy(user):
        return {}
    version = banner_for(user)
    if version is None or request.session.get("policy_banner_dismissed") == str(version.pk):
        return {}
    return {"policy_banner": version, "policy_banner_can_acknowledge": True}
