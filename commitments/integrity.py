"""Are the stored evidence files still the bytes that were uploaded? Each file's SHA-256 is
recomputed when it is served, when it is packed for an auditor and nightly for all of them; a
file that changed or vanished is recorded (Attachment.integrity) and raises a finding."""

from __future__ import annotations

import hashlib

from django.utils import timezone

from commitments.models import Attachment

CHUNK = 1024 * 1024
BATCH = 500


def stored_sha256(attachment: Attachment) -> str | None:
    """The SHA-256 of the bytes in storage now, or None when the file is missing."""
    digest = hashlib.sha256()
    try:
        with attachment.file.storage.open(attachment.file.name, "rb") as handle:
            for chunk in iter(lambda: handle.read(CHUNK), b""):
                digest.update(chunk)
    except FileNotFoundError:
        return None
    return digest.hexdigest()


def state_of(attachment: Attachment, actual: str | None) -> str:
    """The integrity state for a recomputed hash (None: the file is gone)."""
    if actual is None:
        return Attachment.Integrity.MISSING
    return Attachment.Integrity.INTACT if actual == attachment.sha256 else Attachment.Integrity.CHANGED


def verify(attachment: Attachment) -> str:
    """Recompute one file's hash; a damaged file is recorded (and raises its finding) at once."""
    from commitments.services.evidence import attachment_integrity_record

    state = state_of(attachment, stored_sha256(attachment))
    if state != Attachment.Integrity.INTACT or attachment.is_damaged:
        attachment_integrity_record(states={attachment.pk: state})
    return state


def verify_all() -> dict[str, int]:
    """Recompute every stored file's hash (nightly and after a restore); how many in each state."""
    from commitments.services.evidence import attachment_integrity_record

    counts = dict.fromkeys(Attachment.Integrity.values, 0)
    last = 0
    while True:
        batch = list(Attachment.objects.filter(pk__gt=last).order_by("pk")[:BATCH])
        if not batch:
            break
        states = {a.pk: state_of(a, stored_sha256(a)) for a in batch}
        attachment_integrity_record(states=states, checked_at=timezone.now())
        for state in states.values():
            counts[state] += 1
        last = batch[-1].pk
    return counts
