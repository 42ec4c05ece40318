"""Write use cases of the core app."""

import datetime
import zlib

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from core import permissions
from core.formatting import datetime_text, describe_changes, person
from core.history import record_change
from core.models import FormSubmission, OrganisationProfile, Preference, SchedulerHeartbeat


def serialise(name: str) -> None:
    """Make every transaction that calls this with the same name wait for the one before it to end
    (PostgreSQL: a transaction-level advisory lock). Unlike locking rows, it also holds when there
    is no row yet to lock. SQLite writes one transaction at a time anyway."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [zlib.crc32(name.encode())])


def heartbeat_record(*, name: str, worker: str = "") -> SchedulerHeartbeat:
    """Record that a scheduled job ran now."""
    beat, _ = SchedulerHeartbeat.objects.update_or_create(
        name=name, defaults={"beat_at": timezone.now(), "worker": worker[:200]}
    )
    return beat


class StaleEdit(ValidationError):
    """The record changed since the form was opened; the form shows who changed it and when."""

    def __init__(self, message: str, *, current_version: str):
        super().__init__(message)
        self.current_version = current_version


def edit_version(obj: models.Model) -> str:
    """The record's version: its latest history row's id ("" before its first recorded change)."""
    latest = obj.history.order_by("-history_id").values_list("history_id", flat=True).first()
    return str(latest or "")


def edit_ensure_unchanged(*, obj: models.Model, seen: str) -> None:
    """Lock the row and refuse the save when someone changed it after the form was opened."""
    type(obj)._base_manager.select_for_update().filter(pk=obj.pk).exists()
    latest = obj.history.select_related("history_user").order_by("-history_id").first()
    current = str(latest.history_id) if latest else ""
    if current == (seen or ""):
        return
    who = person(latest.history_user, gettext("someone")) if latest else gettext("someone")
    when = datetime_text(latest.history_date) if latest else gettext("just now")
    seen_row = obj.history.filter(history_id=seen).first() if (seen or "").isdigit() else None
    changed = describe_changes([(latest, seen_row)]).get(latest.history_id, []) if latest and seen_row else []
    theirs = "; ".join(change.sentence for change in changed)
    values = {"who": who, "when": when, "theirs": theirs}
    if theirs:
        message = gettext(
            "This record was changed by %(who)s at %(when)s after you opened the form; review and save "
            "again. Your typed values are kept below. Their change: %(theirs)s."
        )
    else:
        message = gettext(
            "This record was changed by %(who)s at %(when)s after you opened the form; review and save "
            "again. Your typed values are kept below."
        )
    raise StaleEdit(message % values, current_version=current)


def submission_claim(*, token: str, by) -> bool:
    """Claim a form's submit token; False when an earlier post already claimed it.

    The unique token is the arbiter: a simultaneous second post waits for the first transaction
    and then fails its insert, so the work behind the form is done once.
    """
    try:
        with transaction.atomic():
            FormSubmission.objects.create(token=token, user=by if by and by.is_authenticated else None)
    except IntegrityError:
        return False
    return True


def submission_claimed(*, token: str) -> bool:
    """Whether an earlier post already used this submit token."""
    return FormSubmission.objects.filter(token=token).exists()


def submission_result(*, token: str, url: str | None = None) -> str:
    """Store (when given) and return where the first post of this token led."""
    if url is not None:
        FormSubmission.objects.filter(token=token).update(result_url=url[:500])
        return url
    return FormSubmission.objects.filter(token=token).values_list("result_url", flat=True).first() or ""


def submission_prune(*, older_than: datetime.timedelta = datetime.timedelta(days=2)) -> int:
    """Forget submit tokens older than any form a person still has open; rows removed."""
    return FormSubmission.objects.filter(submitted_at__lt=timezone.now() - older_than).delete()[0]


@transaction.atomic
def organisation_profile_update(
    *, name: str, certification_scope: str, sites: str, by
) -> OrganisationProfile:
    """Top management records the organisation's name, certification scope and sites (the pack's cover)."""
    permissions.require(
        permissions.may_edit_organisation_profile(by),
        gettext("Only top management keeps the organisation's name, scope and sites."),
    )
    profile = OrganisationProfile.objects.select_for_update().first() or OrganisationProfile()
    profile.name, profile.certification_scope, profile.sites = (
        name.strip(),
        certification_scope.strip(),
        sites,
    )
    profile.updated_by = by
    profile.full_clean()
    record_change(profile, by=by, reason=gettext_noop("Organisation profile updated"))
    profile.save()
    return profile


@transaction.atomic
def language_set(*, language: str, by) -> Preference:
    """Set the language the product speaks to `by` (a code of settings.LANGUAGES, or "" for the
    browser's); each person sets their own, so no permission is asked."""
    preference, _created = Preference.objects.select_for_update().get_or_create(user=by)
    preference.language = language
    preference.full_clean()
    preference.save()
    return preference
