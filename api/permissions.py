"""Who may call which endpoint: the same core.permissions predicates and codenames as the pages.

Each endpoint names one `Rule`; a rule is a codename the view also declares (`permission_required`)
or a predicate of core.permissions, asked for the user and, for a rule about one record, the record.
Nothing here decides anything of its own, except that a read-only token never writes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS, BasePermission

from core import permissions
from qms_leadership.roles import roles_granted


@dataclass(frozen=True)
class Rule:
    """A permission as the API asks it, with the sentence its documentation shows."""

    text: str
    allows: Callable[[Any], bool]
    allows_object: Callable[[Any, Any], bool] | None = None


def holds(codename: str) -> Rule:
    """The rule of a page that declares `permission_required = codename`."""
    roles = ", ".join(roles_granted(codename)) or str(_("no role"))
    return Rule(
        text=str(_("Needs the permission %(codename)s (held by: %(roles)s)."))
        % {"codename": codename, "roles": roles},
        allows=lambda user: user.has_perm(codename),
    )


def predicate(
    check: Callable[..., bool], *, on_object: bool = False, of: Callable[[Any], Any] | None = None
) -> Rule:
    """The rule of a core.permissions predicate; its docstring says who it lets in."""
    text = str(_("Asks core.permissions.%(name)s: %(doc)s")) % {
        "name": check.__name__,
        "doc": (check.__doc__ or "").strip(),
    }
    if on_object:
        # Any signed-in caller reaches the record; the predicate then decides on it (or on `of` it).
        return Rule(
            text=text,
            allows=lambda user: True,
            allows_object=check if of is None else (lambda user, obj: check(user, of(obj))),
        )
    return Rule(text=text, allows=check)


class ApiPermission(BasePermission):
    """Asks the endpoint's rule; refuses every write of a read-only token (and of an auditor's token)."""

    message = _("You do not have permission to do this.")

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not (user and user.is_authenticated):
            return False
        rule = view.rule()
        if rule is None:  # a method the endpoint does not offer: 405 follows
            return True
        if request.method not in SAFE_METHODS and not permissions.may_write_through_api(user, request.auth):
            self.message = _(
                "This access only reads: a read-only reviewer never writes, and a token writes only with "
                "the read and write scope."
            )
            return False
        return rule.allows(user)

    def has_object_permission(self, request, view, obj) -> bool:
        rule = view.rule()
        if rule is None or rule.allows_object is None:
            return True
        return rule.allows_object(request.user, obj)
