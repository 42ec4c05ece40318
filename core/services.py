"""Write use cases of the core app."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.models import OrganisationProfile, SchedulerHeartbeat
from qms_leadership.roles import ROLE_KEYS

User = get_user_model()


def heartbeat_record(*, name: str, worker: str = "") -> SchedulerHeartbeat:
    """Record that a scheduled job ran now."""
    beat, _ = SchedulerHeartbeat.objects.update_or_create(
        name=name, defaults={"beat_at": timezone.now(), "worker": worker[:200]}
    )
    return beat


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str,
    role: str | None,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
):
    """Create a user with one role key (top, quality, auditor) or none (an employee)."""
    if role is not None and role not in ROLE_KEYS:
        raise ValidationError({"role": f"Unknown role {role!r}; choose one of {', '.join(ROLE_KEYS)}."})
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": f"A user named {username!r} already exists."})
    user = User(username=username, first_name=first_name, last_name=last_name, email=email)
    user.set_password(password)
    user.full_clean()
    user.save()
    if role is not None:
        user.groups.add(Group.objects.get(name=ROLE_KEYS[role]))
    return user


@transaction.atomic
def organisation_profile_update(
    *, name: str, certification_scope: str, sites: str, by
) -> OrganisationProfile:
    """Top management records the organisation's name, certification scope and sites (the pack's cover)."""
    profile = OrganisationProfile.objects.select_for_update().first() or OrganisationProfile()
    profile.name, profile.certification_scope, profile.sites = (
        name.strip(),
        certification_scope.strip(),
        sites,
    )
    profile.updated_by = by
    profile.full_clean()
    profile._history_user = by
    profile._change_reason = "Organisation profile updated"
    profile.save()
    return profile
