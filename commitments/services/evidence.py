"""Write use cases of evidence and its attachments."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from commitments import uploads
from commitments.models import Attachment, Evidence, LeadershipAction, Responsibility
from commitments.services.status import responsibility_recompute
from core import archiving
from core.history import record_change


def _check_links(responsibilities: Sequence[Responsibility], action: LeadershipAction | None) -> None:
    if not responsibilities:
        raise ValidationError(
            {"responsibilities": _("Choose at least one responsibility this evidence supports.")}
        )
    if action is not None and action.responsibility_id not in {r.pk for r in responsibilities}:
        raise ValidationError(
            {"action": _("The action belongs to a responsibility this evidence does not support.")}
        )


def _attach(*, evidence: Evidence, files: Iterable[UploadedFile], by) -> list[Attachment]:
    """Check every file first, then store them: one refused file stores nothing."""
    errors, checked = [], []
    for upload in files:
        try:
            checked.append(uploads.check_upload(upload))
        except ValidationError as exc:
            errors.extend(exc.messages)
    if errors:
        raise ValidationError({"files": errors})
    attachments, stored = [], []
    try:
        for item in checked:
            attachment = Attachment(
                evidence=evidence,
                original_name=item.name,
                size=item.size,
                content_type=item.content_type,
                sha256=item.sha256,
                uploaded_by=by,
            )
            attachment.file.save(item.name, item.upload, save=False)
            stored.append(attachment.file)
            attachment.full_clean()
            record_change(attachment, by=by, reason=gettext_noop("File attached"))
            attachment.save()
            attachments.append(attachment)
    except Exception:
        # The rows roll back with the transaction; the files written so far must go too.
        for stored_file in stored:
            if stored_file.name:
                stored_file.storage.delete(stored_file.name)
        raise
    return attachments


@transaction.atomic
def evidence_create(
    *,
    title: str,
    kind: str,
    fact_date: datetime.date,
    responsibilities: Sequence[Responsibility],
    description: str = "",
    valid_until: datetime.date | None = None,
    action: LeadershipAction | None = None,
    external_url: str = "",
    files: Iterable[UploadedFile] = (),
    by,
) -> Evidence:
    """Record dated evidence for one or more responsibilities, with its files, in one transaction."""
    responsibilities = list(responsibilities)
    _check_links(responsibilities, action)
    evidence = Evidence(
        title=title,
        description=description,
        kind=kind,
        fact_date=fact_date,
        valid_until=valid_until,
        action=action,
        external_url=external_url,
        recorded_by=by,
    )
    evidence.full_clean()
    record_change(evidence, by=by, reason=gettext_noop("Evidence recorded"))
    evidence.save()
    evidence.responsibilities.set(responsibilities)
    _attach(evidence=evidence, files=files, by=by)
    responsibility_recompute(ids=[r.pk for r in responsibilities])
    return evidence


EDITABLE = ("title", "description", "kind", "fact_date", "valid_until", "action", "external_url")


@transaction.atomic
def evidence_update(
    *,
    evidence: Evidence,
    responsibilities: Sequence[Responsibility],
    files: Iterable[UploadedFile] = (),
    by,
    **fields,
) -> Evidence:
    """Correct an evidence record and add files; the register figures follow."""
    if evidence.is_archived:
        raise ValidationError(_("Archived evidence cannot be changed; restore it first."))
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise ValueError(f"Not editable: {sorted(unknown)}")
    responsibilities = list(responsibilities)
    _check_links(responsibilities, fields.get("action", evidence.action))
    before = set(evidence.responsibilities.values_list("pk", flat=True))
    for name, value in fields.items():
        setattr(evidence, name, value)
    evidence.full_clean()
    record_change(evidence, by=by, reason=gettext_noop("Evidence corrected"))
    evidence.save()
    evidence.responsibilities.set(responsibilities)
    _attach(evidence=evidence, files=files, by=by)
    responsibility_recompute(ids=before | {r.pk for r in responsibilities})
    return evidence


@transaction.atomic
def evidence_archive(*, evidence: Evidence, reason: str, by) -> Evidence:
    """Hide evidence from default lists (never delete it); it stops counting towards freshness."""
    archiving.archive(obj=evidence, reason=reason, by=by)
    responsibility_recompute(ids=evidence.responsibilities.values_list("pk", flat=True))
    return evidence


def attachment_integrity_record(*, states: dict[int, str], checked_at=None) -> int:
    """Store what a hash check found for these files, and bring the integrity finding up to date.

    A derived state, not an edit: written with UPDATE (no history row). `checked_at` stamps a full
    check (nightly); a check on download or packing records only a change of state.
    """
    from django.utils import timezone

    from findings.engine import apply_rule
    from findings.rules import RULES

    changed = 0
    with transaction.atomic():
        for state in set(states.values()):
            ids = [pk for pk, s in states.items() if s == state]
            rows = Attachment.objects.filter(pk__in=ids)
            if checked_at is None:
                rows = rows.exclude(integrity=state)
                changed += rows.update(integrity=state)
            else:
                changed += rows.exclude(integrity=state).count()
                rows.update(integrity=state, verified_at=checked_at)
        if changed:
            apply_rule(RULES[FILE_RULE], today=timezone.localdate(), now=timezone.now())
    return changed


FILE_RULE = "EVID-FILE-CHANGED"
