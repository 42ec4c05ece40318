"""Write use cases of the core app."""

from django.db import transaction
from django.utils import timezone

from core import permissions
from core.history import record_change
from core.models import OrganisationProfile, SchedulerHeartbeat


def heartbeat_record(*, name: str, worker: str = "") -> SchedulerHeartbeat:
    """Record that a scheduled job ran now."""
    beat, _ = SchedulerHeartbeat.objects.update_or_create(
        name=name, defaults={"beat_at": timezone.now(), "worker": worker[:200]}
    )
    return beat


@transaction.atomic
def organisation_profile_update(
    *, name: str, certification_scope: str, sites: str, by
) -> OrganisationProfile:
    """Top management records the organisation's name, certification scope and sites (the pack's cover)."""
    permissions.require(
        permissions.may_edit_organisation_profile(by),
        "Only top management keeps the organisation's name, scope and sites.",
    )
    profile = OrganisationProfile.objects.select_for_update().first() or OrganisationProfile()
    profile.name, profile.certification_scope, profile.sites = (
        name.strip(),
        certification_scope.strip(),
        sites,
    )
    profile.updated_by = by
    profile.full_clean()
    record_change(profile, by=by, reason="Organisation profile updated")
    profile.save()
    return profile
