"""Archiving instead of deleting: records an auditor may need are hidden, never removed."""

from __future__ import annotations

from typing import Self

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from core.history import record_change


class ArchivableQuerySet(models.QuerySet):
    def active(self) -> Self:
        return self.filter(archived_at__isnull=True)

    def archived(self) -> Self:
        return self.filter(archived_at__isnull=False)


class Archivable(models.Model):
    """Adds who archived a record, when and why. Default lists show only active records."""

    archived_at = models.DateTimeField(null=True, blank=True, editable=False)
    archived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
    )
    archive_reason = models.TextField(blank=True, editable=False)

    class Meta:
        abstract = True

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None


ARCHIVED_REFUSAL = gettext_lazy(
    "This record is archived: it can be read but no longer changed. Restore it first."
)


def active_or_refuse(model, pk) -> Archivable:
    """A record for a change page: 404 when there is none, 403 with the reason when it is archived.

    The rule (docs/security.md): a record that does not exist answers 404; one that exists and may
    be read but not changed like this answers 403 and says why.
    """
    obj = get_object_or_404(model, pk=pk)
    if obj.is_archived:
        raise PermissionDenied(ARCHIVED_REFUSAL)
    return obj


@transaction.atomic
def archive(*, obj: Archivable, reason: str, by) -> Archivable:
    """Archive a record with a reason; the history keeps who did it and when."""
    if obj.is_archived:
        raise ValidationError(_("This record is already archived."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the record is archived: auditors will read it.")})
    obj.archived_at = timezone.now()
    obj.archived_by = by
    obj.archive_reason = reason
    record_change(obj, by=by, reason=f"Archived: {reason}")
    obj.save(update_fields=["archived_at", "archived_by", "archive_reason"])
    return obj


@transaction.atomic
def restore(*, obj: Archivable, by) -> Archivable:
    """Bring an archived record back into the default lists."""
    if not obj.is_archived:
        raise ValidationError(_("This record is not archived."))
    obj.archived_at = None
    obj.archived_by = None
    obj.archive_reason = ""
    record_change(obj, by=by, reason=gettext_noop("Restored from the archive"))
    obj.save(update_fields=["archived_at", "archived_by", "archive_reason"])
    return obj
