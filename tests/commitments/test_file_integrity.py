"""Stored evidence files are checked against the SHA-256 recorded at upload: when served, when
packed for an auditor and nightly. A changed or missing file raises a finding."""

import datetime
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from commitments.models import Attachment
from commitments.services import evidence as evidence_services
from commitments.tasks import verify_evidence_files
from findings import services as finding_services
from findings.models import Finding
from reports import auditpack, packaging
from tests.commitments.factories import PDF, active_responsibility
from tests.conftest import db_fingerprint

TODAY = timezone.localdate()


@pytest.fixture
def stored(quality_user):
    evidence = evidence_services.evidence_create(
        title="Board minutes",
        kind="minutes",
        fact_date=TODAY,
        responsibilities=[active_responsibility()],
        files=[SimpleUploadedFile("minutes.pdf", PDF)],
        by=quality_user,
    )
    return evidence.attachments.get()


def _tamper(attachment: Attachment, data: bytes = PDF + b"% edited on disk\n") -> None:
    with open(attachment.file.path, "wb") as handle:
        handle.write(data)


def _finding(attachment):
    return Finding.objects.open().filter(rule_code="EVID-FILE-CHANGED", subject_id=attachment.pk)


@pytest.mark.django_db
def test_the_nightly_check_turns_a_tampered_file_into_a_finding(stored):
    _tamper(stored)
    counts = verify_evidence_files()
    assert counts["changed"] == 1
    stored.refresh_from_db()
    assert stored.integrity == Attachment.Integrity.CHANGED and stored.verified_at is not None
    finding = _finding(stored).get()
    assert (finding.severity, finding.owner, finding.subject_label) == (
        "critical",
        stored.uploaded_by,
        "minutes.pdf",
    )
    # The daily scan keeps it open; restoring the original bytes resolves it.
    finding_services.scan()
    assert _finding(stored).count() == 1
    _tamper(stored, PDF)
    assert verify_evidence_files()["intact"] == 1
    finding_services.scan()
    assert not _finding(stored).exists()


@pytest.mark.django_db
def test_a_deleted_file_is_a_finding_too(stored):
    stored.file.storage.delete(stored.file.name)
    assert verify_evidence_files()["missing"] == 1
    assert _finding(stored).exists()


@pytest.mark.django_db
def test_downloading_a_tampered_file_warns_and_raises_the_finding_at_once(client, auditor_user, stored):
    _tamper(stored)
    client.force_login(auditor_user)
    url = reverse("commitments:attachment_download", args=[stored.pk])
    response = client.get(url, follow=True)
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("commitments:evidence_detail", args=[stored.evidence_id])
    assert "has changed since it was uploaded" in page
    assert 'data-testid="file-damaged"' in page
    assert _finding(stored).exists()
    investigate = client.get(url, {"unverified": "1"})
    assert investigate.status_code == 200
    assert "UNVERIFIED-minutes.pdf" in investigate["Content-Disposition"]
    assert investigate["X-File-Integrity"] == "changed"


@pytest.mark.django_db
def test_an_intact_download_is_served_and_writes_nothing(client, auditor_user, stored):
    client.force_login(auditor_user)
    before = db_fingerprint()
    response = client.get(reverse("commitments:attachment_download", args=[stored.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert response["X-File-Integrity"] == "intact"
    assert db_fingerprint() == before


@pytest.mark.django_db
def test_packing_a_tampered_file_lists_it_in_the_zip_and_raises_the_finding(stored, tmp_path):
    _tamper(stored)
    period = auditpack.Period(TODAY - datetime.timedelta(days=30), TODAY)
    target = tmp_path / "pack.zip"
    packaging.write_bundle(auditpack.build(period, limit=None), target)
    with zipfile.ZipFile(target) as archive:
        changed = archive.read(packaging.CHANGED_NAME).decode()
    assert stored.sha256 in changed and "minutes.pdf" in changed
    assert _finding(stored).exists()
