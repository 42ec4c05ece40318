"""Who may do what: the one funnel that views, forms, templates, services and the API ask.

Every predicate is built from permission codenames (which role holds which is declared in
qms_leadership/roles.py, the only place that knows role names) and, for the rules about one record,
from the record itself. Services call `require()` with the same predicate the view asked, so a
command, an import or an API call cannot skip a rule that a page enforces.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from qms_leadership.roles import DOMAIN_APPS, TOP_MANAGEMENT_PERMISSION

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    User = AbstractBaseUser | AnonymousUser


def _perm_q(label: str) -> Q:
    app_label, codename = label.split(".", 1)
    return Q(content_type__app_label=app_label, codename=codename)


def _holders(permissions: QuerySet) -> Q:
    """Users who hold one of these permissions, through a group or directly."""
    return Q(groups__permissions__in=permissions) | Q(user_permissions__in=permissions)


# --- who someone is -------------------------------------------------------------------------


def is_top_management(user: Any) -> bool:
    """Top management: approves, signs off, decides and sees the leadership dashboard."""
    return user.is_authenticated and user.has_perm(TOP_MANAGEMENT_PERMISSION)


def top_management() -> QuerySet:
    """Active people who are top management (chairs of reviews, approvers), by name."""
    perms = Permission.objects.filter(_perm_q(TOP_MANAGEMENT_PERMISSION))
    return (
        get_user_model()
        .objects.filter(Q(is_active=True) & (_holders(perms) | Q(is_superuser=True)))
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def is_read_only(user: Any) -> bool:
    """A reviewer who reads the domain and holds nothing but view permissions (the auditor's profile)."""
    if not user.is_authenticated or user.is_superuser:
        return False
    perms = user.get_all_permissions()
    reads_domain = any(p.split(".", 1)[0] in DOMAIN_APPS for p in perms)
    return reads_domain and all(p.split(".", 1)[1].startswith("view_") for p in perms)


def read_only_users() -> QuerySet:
    """The people `is_read_only` is true for, as one query."""
    domain = Permission.objects.filter(content_type__app_label__in=DOMAIN_APPS)
    writes = Permission.objects.exclude(codename__startswith="view_")
    User = get_user_model()
    return User.objects.filter(_holders(domain), is_superuser=False).exclude(
        pk__in=User.objects.filter(_holders(writes)).values("pk")
    )


# --- what someone may do to a record ------------------------------------------------------------


def may_conclude_objective(user: Any) -> bool:
    """Concluding an objective (achieved, missed, cancelled) is top management's decision."""
    return user.is_authenticated and user.has_perm("objectives.conclude_objective")


def may_move_objective(user: Any, objective: Any, status: str) -> bool:
    """The permission the objective's model names for that status (conclusions or other moves)."""
    return user.is_authenticated and user.has_perm(objective.permission_to_move_to(status))


def may_record_measurement(user: Any, objective: Any) -> bool:
    """The quality manager, and an objective's own owner even without a role."""
    return user.is_authenticated and (
        user.has_perm("objectives.add_measurement") or objective.owner_id == user.pk
    )


def may_change_leadership_action(user: Any, action: Any) -> bool:
    """Whoever manages leadership actions, or top management on the actions they own."""
    if not user.is_authenticated:
        return False
    if user.has_perm("commitments.manage_leadershipaction"):
        return True
    return user.has_perm("commitments.change_leadershipaction") and action.owner_id == user.pk


def may_reassign_leadership_action(user: Any) -> bool:
    return user.is_authenticated and user.has_perm("commitments.manage_leadershipaction")


def may_update_review_action(user: Any, action: Any) -> bool:
    """A review action's owner, or anyone who may change review actions."""
    return user.is_authenticated and (
        action.owner_id == user.pk or user.has_perm("reviews.change_reviewaction")
    )


def may_sign_off_review(user: Any, review: Any) -> bool:
    """Only the chair of a review signs it off, and only while holding the sign-off permission."""
    return (
        user.is_authenticated
        and user.has_perm("reviews.signoff_managementreview")
        and review.chair_id == user.pk
    )


def may_approve_policy(user: Any) -> bool:
    """Approving a policy version is top management's act."""
    return user.is_authenticated and user.has_perm("commitments.approve_policyversion")


def may_decide_resource_requests(user: Any) -> bool:
    """Approving or refusing resource requests."""
    return user.is_authenticated and user.has_perm("objectives.decide_resourcerequest")


def may_sign_off_reviews(user: Any) -> bool:
    """Holding the sign-off permission at all (each review is signed by its own chair)."""
    return user.is_authenticated and user.has_perm("reviews.signoff_managementreview")


def may_unlock_accounts(user: Any) -> bool:
    """Lifting a sign-in lock: the quality manager's, and people administrators' (the People page)."""
    return user.is_authenticated and (user.has_perm("core.unlock_account") or may_manage_people(user))


def may_manage_people(user: Any) -> bool:
    """Adding people, giving roles, deactivating, resetting passwords and unlocking accounts."""
    return user.is_authenticated and user.has_perm("people.manage_people")


def may_acknowledge_policy(user: Any) -> bool:
    """Everyone who works in the QMS acknowledges the policy; read-only reviewers do not."""
    return user.is_authenticated and not is_read_only(user)


def may_switch_edition(user: Any) -> bool:
    """Moving the organisation to another edition of the standard (and undoing it) is top management's."""
    return user.is_authenticated and user.has_perm("transition.switch_edition")


def may_confirm_split(user: Any) -> bool:
    """The quality manager confirms where the records of a split item belong."""
    return user.is_authenticated and user.has_perm("transition.confirm_split")


def may_assign_roles(user: Any) -> bool:
    """Top management assigns (and ends) the responsibilities and authorities of clause 5.3."""
    return user.is_authenticated and user.has_perm("commitments.add_roleassignment")


def may_confirm_assignment(user: Any, assignment: Any) -> bool:
    """Only the person an assignment was given to confirms it."""
    return user.is_authenticated and assignment.holder_id == user.pk


def may_see_system_health(user: Any) -> bool:
    """Signed-in staff (anyone who reads the QMS records) see what is up and what is down."""
    return user.is_authenticated and (
        user.is_staff or any(p.split(".", 1)[0] in DOMAIN_APPS for p in user.get_all_permissions())
    )


def may_approve_objective(user: Any) -> bool:
    """A proposed objective becomes active only when top management approves it."""
    return user.is_authenticated and user.has_perm("objectives.approve_objective")


def may_assign_responsibility(user: Any) -> bool:
    """Top management sets, or confirms, who is accountable for a responsibility."""
    return user.is_authenticated and user.has_perm("commitments.assign_responsibility")


def may_edit_organisation_profile(user: Any) -> bool:
    """The organisation's name, certification scope and sites (the audit pack's cover)."""
    return user.is_authenticated and user.has_perm("core.change_organisationprofile")


def may_hold_tokens(user: Any) -> bool:
    """Everyone signed in may create personal access tokens; a token never grants more than its owner has."""
    return user.is_authenticated and user.is_active


def may_revoke_token(user: Any, token: Any) -> bool:
    """A token is revoked by the person it belongs to."""
    return user.is_authenticated and token.user_id == user.pk


def may_write_through_api(user: Any, token: Any) -> bool:
    """Writes through the API: never by a read-only reviewer (an auditor's token reads, whatever its
    scope), and with a token only when its scope is read and write. A browser session has no token."""
    if is_read_only(user):
        return False
    return token is None or token.scope == "read_write"


def may_manage_webhooks(user: Any) -> bool:
    """Registering webhook endpoints and redelivering events: top management and the quality manager."""
    return user.is_authenticated and user.has_perm("integrations.change_webhookendpoint")


def may_see_webhooks(user: Any) -> bool:
    """Reading the endpoints and their delivery log (the auditor too, read-only)."""
    return user.is_authenticated and user.has_perm("integrations.view_webhookendpoint")


def may_subscribe_calendar(user: Any) -> bool:
    """A personal calendar link: everyone who works in the QMS; read-only reviewers change nothing."""
    return user.is_authenticated and not is_read_only(user)


def may_subscribe_organisation_calendar(user: Any) -> bool:
    """The organisation's calendar of planned reviews is top management's."""
    return is_top_management(user)


def require(allowed: bool, message: str) -> None:
    """For services: refuse with the same sentence a page would show."""
    if not allowed:
        raise PermissionDenied(message)
