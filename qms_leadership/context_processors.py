"""Values every page needs: the product version and the viewer's role."""

from commitments.selectors_policy import banner_for
from core import permissions
from qms_leadership import __version__
from qms_leadership.roles import role_of


def product(request) -> dict:
    user = getattr(request, "user", None)
    return {
        "product_version": __version__,
        "user_role": role_of(user) if user is not None else None,
    }


def policy_banner(request) -> dict:
    """The policy version the viewer still has to acknowledge (one query), and whether they may."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    version = banner_for(user)
    if version is None:
        return {}
    return {
        "policy_banner": version,
        "policy_banner_can_acknowledge": permissions.may_acknowledge_policy(user),
    }
