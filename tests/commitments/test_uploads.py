"""Uploads through the evidence form: each bad file is refused with a message and nothing is saved."""

import hashlib
import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from commitments import uploads
from commitments.models import Attachment, Evidence
from tests.commitments.factories import PDF, active_responsibility


def _docx(inner_folder: str = "word/") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(f"{inner_folder}document.xml", "<w:document/>")
    return buffer.getvalue()


def _post(client, user, files):
    client.force_login(user)
    data = {
        "title": "Board minutes",
        "kind": "minutes",
        "fact_date": timezone.localdate().isoformat(),
        "responsibilities": [active_responsibility().pk],
        "files": files,
    }
    return client.post(reverse("commitments:evidence_create"), data)


@pytest.mark.django_db
def test_valid_upload_is_stored_privately_with_its_hash(client, quality_user, settings):
    response = _post(client, quality_user, [SimpleUploadedFile("Board minutes.pdf", PDF)])
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.sha256 == hashlib.sha256(PDF).hexdigest()
    assert attachment.original_name == "Board minutes.pdf"
    assert attachment.size == len(PDF)
    assert attachment.content_type == "application/pdf"
    assert attachment.file.path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    assert "minutes" not in attachment.file.name  # the stored name is random, never the user's


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("page.html", b"<html><script>alert(1)</script></html>", "not accepted"),
        ("drawing.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>", "not accepted"),
        ("tool.exe", b"MZ\x90\x00", "not accepted"),
        ("script.js", b"alert(1)", "not accepted"),
        ("report.pdf", b"<html>not a pdf</html>", "not a real .pdf"),
        ("photo.png", PDF, "not a real .png"),
        ("letter.docx", b"PK\x03\x04garbage", "not a real .docx"),
        ("sheet.xlsx", _docx("word/"), "not a real .xlsx"),
        ("notes.txt", b"<!DOCTYPE html><html></html>", "not a real .txt"),
        ("data.csv", b"a,b\x00,c", "binary data"),
        ("latin.txt", "café".encode("latin-1"), "not UTF-8"),
    ],
)
@pytest.mark.django_db
def test_bad_upload_is_refused_and_nothing_is_saved(client, quality_user, name, content, message):
    response = _post(client, quality_user, [SimpleUploadedFile(name, content)])
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "Nothing was saved" in response.content.decode()
    assert not Evidence.objects.exists()
    assert not Attachment.objects.exists()


@pytest.mark.django_db
def test_oversize_upload_is_refused(client, quality_user, settings):
    settings.QMS_MAX_UPLOAD_MB = 1
    big = PDF + b"0" * (1024 * 1024)
    response = _post(client, quality_user, [SimpleUploadedFile("big.pdf", big)])
    assert "larger than the 1 MB limit" in response.content.decode()
    assert not Evidence.objects.exists()


@pytest.mark.django_db
def test_one_bad_file_among_good_ones_saves_nothing(client, quality_user):
    files = [SimpleUploadedFile("ok.pdf", PDF), SimpleUploadedFile("bad.html", b"<html></html>")]
    _post(client, quality_user, files)
    assert not Evidence.objects.exists()
    assert not Attachment.objects.exists()


@pytest.mark.django_db
def test_path_traversal_name_is_reduced_to_a_plain_file_name(client, quality_user):
    _post(client, quality_user, [SimpleUploadedFile("../../etc/passwd.txt", b"root:x:0:0")])
    attachment = Attachment.objects.get()
    assert attachment.original_name == "passwd.txt"
    assert ".." not in attachment.file.name


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("..\\..\\windows\\win.ini.txt", "win.ini.txt"),
        ("/etc/passwd", "passwd"),
        ("..", "file"),
        ("a\x00b.pdf", "ab.pdf"),
        ("  .hidden.txt", "hidden.txt"),
        ("résumé 2026 (final).pdf", "résumé 2026 (final).pdf"),
        ("x" * 300 + ".pdf", "x" * 146 + ".pdf"),
    ],
)
def test_sanitise_name(raw, clean):
    assert uploads.sanitise_name(raw) == clean


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("scan.png", b"\x89PNG\r\n\x1a\n" + b"0" * 20),
        ("photo.jpg", b"\xff\xd8\xff\xe0" + b"0" * 20),
        ("anim.gif", b"GIF89a" + b"0" * 20),
        ("pic.webp", b"RIFF\x00\x00\x00\x00WEBPVP8 "),
        ("letter.docx", _docx("word/")),
        ("sheet.xlsx", _docx("xl/")),
        ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"0" * 20),
        ("list.csv", "name,date\nZoë,2026-01-01\n".encode()),
    ],
)
def test_accepted_types_pass_the_content_check(name, content):
    checked = uploads.check_upload(SimpleUploadedFile(name, content))
    assert checked.sha256 == hashlib.sha256(content).hexdigest()


def test_empty_file_is_refused():
    with pytest.raises(ValidationError, match="empty"):
        uploads.check_upload(SimpleUploadedFile("empty.pdf", b""))
