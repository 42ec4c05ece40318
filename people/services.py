"""Every act on people's accounts, each recorded as an AccountEvent. The command line
(`manage.py create_user`) and the pages use the same functions."""

from __future__ import annotations

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from core import accounts, permissions
from people.models import AccountEvent
from qms_leadership.roles import ROLE_KEYS, role_of

User = get_user_model()


def _record(subject, action: str, by, detail: str = "") -> AccountEvent:
    return AccountEvent.objects.create(subject=subject, action=action, by=by, detail=detail[:300])


def _require(by) -> None:
    # `by=None` is the command line, run by whoever administers the server.
    if by is not None:
        permissions.require(
            permissions.may_manage_people(by), _("Only people administrators manage accounts.")
        )


def _role_label(role: str | None) -> str:
    return ROLE_KEYS[role] if role else "no role (staff)"


def temporary_password() -> str:
    """A password to hand over once; the person changes it after signing in."""
    return "-".join(secrets.token_urlsafe(6) for _ in range(3))


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str,
    role: str | None,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    by=None,
):
    """Add a person with one role key (top, quality, auditor) or none (staff). A username that
    differs from an existing one only in case ("Jane" beside "jane") is refused."""
    _require(by)
    username = username.strip()
    if role is not None and role not in ROLE_KEYS:
        raise ValidationError(
            {
                "role": _("Unknown role '%(role)s'; choose one of %(roles)s.")
                % {"role": role, "roles": ", ".join(ROLE_KEYS)}
            }
        )
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError(
            {
                "username": _("A user named '%(username)s' already exists (names ignore case).")
                % {"username": username}
            }
        )
    user = User(username=username, first_name=first_name.strip(), last_name=last_name.strip(), email=email)
    validate_password(password, user)
    user.set_password(password)
    user.full_clean()
    user.save()
    if role is not None:
        user.groups.add(Group.objects.get(name=ROLE_KEYS[role]))
    _record(user, AccountEvent.Action.CREATED, by, f"With {_role_label(role)}")
    return user


@transaction.atomic
def user_set_role(*, user, role: str | None, by):
    """Give a person exactly one role (or none); other groups are left as they are."""
    _require(by)
    if role is not None and role not in ROLE_KEYS:
        raise ValidationError({"role": _("Choose one of the roles offered.")})
    before = role_of(user)
    role_groups = Group.objects.filter(name__in=ROLE_KEYS.values())
    user.groups.remove(*role_groups)
    if role is not None:
        user.groups.add(Group.objects.get(name=ROLE_KEYS[role]))
    after = ROLE_KEYS.get(role) if role else None
    if before != after:
        _record(user, AccountEvent.Action.ROLE, by, f"{before or 'No role'} → {after or 'No role'}")
    return user


@transaction.atomic
def user_update(*, user, first_name: str, last_name: str, email: str, by):
    """Correct a person's name or e-mail address."""
    _require(by)
    changed = [
        label
        for label, old, new in (
            ("first name", user.first_name, first_name),
            ("last name", user.last_name, last_name),
            ("e-mail", user.email, email),
        )
        if old != new
    ]
    user.first_name, user.last_name, user.email = first_name.strip(), last_name.strip(), email
    user.full_clean()
    user.save(update_fields=["first_name", "last_name", "email"])
    if changed:
        _record(user, AccountEvent.Action.DETAILS, by, "Changed " + ", ".join(changed))
    return user


@transaction.atomic
def user_deactivate(*, user, reason: str, by):
    """Stop a person from signing in. Accounts are never deleted: what they did stays attributed."""
    _require(by)
    if by is not None and user.pk == by.pk:
        raise ValidationError(_("You cannot deactivate your own account; ask another administrator."))
    if not reason.strip():
        raise ValidationError(
            {"reason": _("Say why the account is deactivated (for example: left the company).")}
        )
    if not user.is_active:
        raise ValidationError(_("This account is already deactivated."))
    user.is_active = False
    user.save(update_fields=["is_active"])
    _record(user, AccountEvent.Action.DEACTIVATED, by, reason.strip())
    return user


@transaction.atomic
def user_reactivate(*, user, by):
    """Let a deactivated person sign in again."""
    _require(by)
    if user.is_active:
        raise ValidationError(_("This account is active already."))
    user.is_active = True
    user.save(update_fields=["is_active"])
    _record(user, AccountEvent.Action.REACTIVATED, by)
    return user


@transaction.atomic
def user_reset_password(*, user, by) -> str:
    """Give a person a new temporary password (returned once, never stored in clear)."""
    _require(by)
    password = temporary_password()
    user.set_password(password)
    user.save(update_fields=["password"])
    _record(user, AccountEvent.Action.PASSWORD_RESET, by, "A temporary password was handed over")
    return password


def is_locked(user) -> bool:
    """Whether sign-in is locked now for this username, at any address."""
    return bool(accounts.locks_of(user.username))


@transaction.atomic
def user_unlock(*, user, by) -> int:
    """Unlock an account locked after failed sign-ins (the sign-in protection's own unlock, which
    keeps its record); returns how many failed attempts were forgotten."""
    _require(by)
    record = accounts.unlock_account(
        username=user.username, by=by, reason=gettext_noop("Unlocked on the People page")
    )
    cleared = record.attempts_cleared
    _record(
        user,
        AccountEvent.Action.UNLOCKED,
        by,
        f"{cleared} failed attempt{'s' if cleared != 1 else ''} cleared",
    )
    return cleared


class ProviderAccountRefused(Exception):
    """A provider sign-in that may not become this account (a local account holds the name)."""


@transaction.atomic
def user_sign_in_from_provider(
    *, username: str, email: str, first_name: str, last_name: str, role: str | None
):
    """The account of a person the identity provider vouches for: created at their first sign-in,
    then given the provider's name, e-mail and role each time, so a group taken away at the
    provider takes the role away here at the next sign-in.

    A local account (one with a password) of the same name is never taken over.
    """
    username = username.strip()
    user = User.objects.filter(username__iexact=username).first()
    if user is None:
        user = User(username=username)
        user.set_unusable_password()
        created = True
    elif user.has_usable_password():
        raise ProviderAccountRefused(f"{username!r} is a local account")
    else:
        created = False
    user.first_name, user.last_name, user.email = first_name.strip()[:150], last_name.strip()[:150], email
    user.full_clean()
    user.save()
    if created:
        _record(user, AccountEvent.Action.CREATED, None, "At their first sign-in with the identity provider")
    user_set_role(user=user, role=role, by=None)
    return user
