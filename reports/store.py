"""Built audit packs kept in private storage, so a pack is built once per period and data version.

The key is the period, the "as of" date and the data version: the newest history row of every tracked
register (and of the organisation profile on the cover). Any recorded change makes a new version, so a
stored pack is never stale; asking again for the same period with nothing changed hands back the same
files (the same PDF inside and outside the ZIP, the same fingerprint).
"""

from __future__ import annotations

import datetime
import hashlib
import tempfile
from dataclasses import dataclass

from django.core.files import File
from django.core.files.storage import default_storage
from django.db.models import Max

from core.models import OrganisationProfile
from core.reporting import Period
from reports import auditpack, packaging
from reports.history import tracked_models

FOLDER = "packs"
# Bumped when the pack's layout changes, so packs built by an older release are not handed out.
LAYOUT = "2"


@dataclass(frozen=True)
class StoredPack:
    """The stored PDF and ZIP of one period and data version."""

    key: str
    pdf_name: str
    zip_name: str

    def open_pdf(self):
        return default_storage.open(self.pdf_name, "rb")

    def open_zip(self):
        return default_storage.open(self.zip_name, "rb")


def data_version() -> str:
    """A fingerprint of everything the pack reads: the newest history row (id and time) of each register,
    one aggregate per history table."""
    parts = []
    for model in [*tracked_models(), OrganisationProfile]:
        newest = model.history.aggregate(id=Max("history_id"), at=Max("history_date"))
        parts.append(f"{model._meta.label}:{newest['id'] or 0}:{newest['at'] or ''}")
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


def pack_key(period: Period, as_of: datetime.date | None) -> str:
    text = f"{LAYOUT}|{period.start}|{period.end}|{as_of or ''}|{data_version()}"
    return hashlib.sha256(text.encode()).hexdigest()[:40]


def _stored(key: str) -> StoredPack:
    return StoredPack(key, f"{FOLDER}/{key}/audit-pack.pdf", f"{FOLDER}/{key}/audit-pack.zip")


def find(period: Period, as_of: datetime.date | None) -> StoredPack | None:
    """The stored pack of this period and the current data, if it was built already."""
    stored = _stored(pack_key(period, as_of))
    both = default_storage.exists(stored.pdf_name) and default_storage.exists(stored.zip_name)
    return stored if both else None


def get_or_build(
    period: Period, as_of: datetime.date | None, *, by=None, progress: packaging.Progress | None = None
) -> StoredPack:
    """The stored pack of this period and data version, building and storing it first when needed."""
    key = pack_key(period, as_of)
    stored = _stored(key)
    if default_storage.exists(stored.pdf_name) and default_storage.exists(stored.zip_name):
        return stored
    pack = auditpack.build(period, as_of, limit=auditpack.PDF_LIMIT, by=by)
    with tempfile.TemporaryFile() as archive:
        pdf = packaging.write_bundle(pack, archive, progress)
        archive.seek(0)
        for name in (stored.pdf_name, stored.zip_name):
            if default_storage.exists(name):
                default_storage.delete(name)
        default_storage.save(stored.zip_name, File(archive, name="audit-pack.zip"))
    with tempfile.TemporaryFile() as spool:
        spool.write(pdf)
        spool.seek(0)
        default_storage.save(stored.pdf_name, File(spool, name="audit-pack.pdf"))
    return stored
