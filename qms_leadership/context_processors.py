"""Values every page needs: the product version and the viewer's role."""

from qms_leadership import __version__
from qms_leadership.roles import role_of


def product(request) -> dict:
    user = getattr(request, "user", None)
    return {
        "product_version": __version__,
        "user_role": role_of(user) if user is not None else None,
    }
