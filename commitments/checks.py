"""Rules on the leadership responsibilities and the 5.3 role assignments."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db.models import CharField, F, Q, QuerySet, Value
from django.db.models.functions import Concat
from django.utils import timezone
from django.utils.translation import gettext_noop

from commitments.models import Attachment, Responsibility, RoleAssignment
from commitments.services.status import responsibility_recompute
from findings.rules import AddDays, Severity, refresh_before_scan, rule, subject_rows

refresh_before_scan(responsibility_recompute)


@rule(
    code="RESP-RED-TOO-LONG",
    severity=Severity.CRITICAL,
    subject=Responsibility,
    title=gettext_noop("Responsibility without fresh evidence for more than one cadence"),
    advice=gettext_noop(
        "Its owner should record what leadership did for it recently, or plan an action now."
    ),
)
def responsibility_red_too_long(today: datetime.date) -> QuerySet:
    """Red (no fresh evidence) since longer than one cadence: its last evidence is older than two
    cadences, or there has never been any."""
    red = Responsibility.objects.of_active_edition().filter(status=Responsibility.Status.RED)
    # Evidence expires one cadence after its fact date; red for one more cadence means two in all.
    red_until = AddDays(F("last_evidence_on"), F("evidence_cadence_days") * 2)
    too_long = red.annotate(red_until=red_until).filter(
        Q(last_evidence_on__isnull=True) | Q(red_until__lt=today)
    )
    label = Concat(F("code"), Value(") "), F("title"), output_field=CharField())
    return subject_rows(too_long, owner="owner_id", label=label)


def _assignment_label():
    return Concat(
        F("requirement__code"),
        Value(") "),
        F("requirement__title"),
        Value(": "),
        F("role__title"),
        output_field=CharField(),
    )


@rule(
    code="ROLE-ASSIGNMENT-NO-HOLDER",
    severity=Severity.WARNING,
    subject=RoleAssignment,
    title=gettext_noop("5.3 assignment with no active holder"),
    advice=gettext_noop(
        "Name a holder for the role (or assign the responsibility to another role), then ask the new "
        "holder to confirm it."
    ),
)
def assignment_without_active_holder(today: datetime.date) -> QuerySet:
    """An assignment of the edition in force whose role has no holder, an inactive or archived one, or
    a holder other than the person who was assigned it."""
    current = RoleAssignment.objects.current().of_active_edition()
    broken = current.filter(
        Q(role__holder__isnull=True)
        | Q(role__holder__is_active=False)
        | Q(role__archived_at__isnull=False)
        | ~Q(holder_id=F("role__holder_id"))
        | Q(holder__isnull=True)
    )
    return subject_rows(broken, owner="assigned_by_id", label=_assignment_label())


@rule(
    code="ROLE-ASSIGNMENT-UNCONFIRMED",
    severity=Severity.INFO,
    subject=RoleAssignment,
    title=gettext_noop("5.3 assignment not confirmed by its holder"),
    advice=gettext_noop("The holder should open 'My assignments' and confirm that they know and accept it."),
)
def assignment_not_confirmed(today: datetime.date) -> QuerySet:
    """Assigned longer ago than ROLE_ASSIGNMENT_CONFIRM_DAYS and still not confirmed by the holder."""
    days = settings.ROLE_ASSIGNMENT_CONFIRM_DAYS
    cutoff = timezone.make_aware(
        datetime.datetime.combine(today - datetime.timedelta(days=days), datetime.time.min)
    )
    late = (
        RoleAssignment.objects.current()
        .of_active_edition()
        .filter(confirmed_at__isnull=True, holder__isnull=False, assigned_at__lt=cutoff)
    )
    return subject_rows(late, owner="holder_id", label=_assignment_label())


@rule(
    code="EVID-FILE-CHANGED",
    severity=Severity.CRITICAL,
    subject=Attachment,
    title=gettext_noop("Evidence file changed or missing since it was uploaded"),
    advice=gettext_noop(
        "The stored file no longer matches the SHA-256 recorded at upload. Restore it from a backup "
        "(manage.py restore), or find out who changed it; until then it cannot serve as evidence."
    ),
)
def evidence_file_changed(today: datetime.date) -> QuerySet:
    """Files whose last hash check found other bytes than at upload, or no file at all."""
    damaged = Attachment.objects.filter(
        integrity__in=[Attachment.Integrity.CHANGED, Attachment.Integrity.MISSING]
    )
    return subject_rows(damaged, owner="uploaded_by_id", label="original_name")
