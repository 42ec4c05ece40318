"""manage.py backup and restore: dump, restore into a new database and media folder, verify every
file's SHA-256 against the restored database."""

import os
import subprocess
import sys
from pathlib import Path

import psycopg2
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone

from commitments.services import evidence as evidence_services
from tests.commitments.factories import PDF, active_responsibility
from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parents[2]
needs_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql" and os.environ.get("REQUIRE_SERVICES") != "1",
    reason="backs up with pg_dump: needs PostgreSQL (set DATABASE_URL); CI runs it",
)


def _url(db: dict, name: str) -> str:
    return "postgres://{}:{}@{}:{}/{}".format(
        db["USER"], db["PASSWORD"] or "", db["HOST"] or "127.0.0.1", db["PORT"] or 5432, name
    )


def _manage(*args, database_url: str, media: Path, check: bool = True):
    env = {**os.environ, "DATABASE_URL": database_url, "QMS_PRIVATE_MEDIA_ROOT": str(media)}
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    if check:
        assert result.returncode == 0, result.stdout + result.stderr
    return result


@pytest.fixture
def new_database():
    """An empty PostgreSQL database beside the test database, dropped afterwards."""
    db = settings.DATABASES["default"]
    name = f"{db['NAME']}_restore"
    admin = psycopg2.connect(
        dbname="postgres",
        user=db["USER"],
        password=db["PASSWORD"] or None,
        host=db["HOST"] or "127.0.0.1",
        port=db["PORT"] or 5432,
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield name
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_backup_restores_into_a_new_database_and_folder_and_every_file_verifies(tmp_path, new_database):
    user = UserFactory(username="quality-backup", role="quality")
    evidence = evidence_services.evidence_create(
        title="Board minutes",
        kind="minutes",
        fact_date=timezone.localdate(),
        responsibilities=[active_responsibility()],
        files=[SimpleUploadedFile("minutes.pdf", PDF)],
        by=user,
    )
    attachment = evidence.attachments.get()
    db = settings.DATABASES["default"]
    source_url, target_url = _url(db, db["NAME"]), _url(db, new_database)
    archive = tmp_path / "qms.tar"

    made = _manage(
        "backup", "--output", str(archive), database_url=source_url, media=settings.PRIVATE_MEDIA_ROOT
    )
    assert f"Backup written to {archive}" in made.stdout

    media = tmp_path / "restored-media"
    restored = _manage("restore", str(archive), database_url=target_url, media=media)
    assert "match their SHA-256, 0 changed, 0 missing" in restored.stdout
    assert (media / attachment.file.name).read_bytes() == PDF
    with psycopg2.connect(target_url) as conn, conn.cursor() as cursor:
        cursor.execute("SELECT title FROM commitments_evidence WHERE id = %s", [evidence.pk])
        assert cursor.fetchone() == ("Board minutes",)
        cursor.execute("SELECT sha256 FROM commitments_attachment WHERE id = %s", [attachment.pk])
        assert cursor.fetchone() == (attachment.sha256,)

    # The verification really recomputes: a restored file changed on disk is reported, and fails.
    (media / attachment.file.name).write_bytes(PDF + b"% changed\n")
    checked = _manage("verify_files", database_url=target_url, media=media, check=False)
    assert checked.returncode != 0 and "1 changed" in checked.stdout
    # A database that holds data is never overwritten by accident.
    again = _manage("restore", str(archive), database_url=target_url, media=tmp_path / "other", check=False)
    assert again.returncode != 0 and "already holds tables" in again.stderr


def test_sqlite_backup_restores_into_a_new_file(tmp_path):
    """The SQLite path: an online copy of the file; it runs on a real file database of its own."""
    source, target = f"sqlite:///{tmp_path / 'source.sqlite3'}", f"sqlite:///{tmp_path / 'target.sqlite3'}"
    media = tmp_path / "media"
    (media / "evidence").mkdir(parents=True)
    (media / "evidence" / "note").write_bytes(b"kept")
    _manage("migrate", "-v", "0", database_url=source, media=media)
    _manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.contrib.auth.models import User; User.objects.create_user('jane')",
        database_url=source,
        media=media,
    )
    _manage("backup", "--output", str(tmp_path / "b.tar"), database_url=source, media=media)
    restored = _manage("restore", str(tmp_path / "b.tar"), database_url=target, media=tmp_path / "media2")
    assert "Verified 0 files" in restored.stdout
    assert (tmp_path / "media2" / "evidence" / "note").read_bytes() == b"kept"
    users = _manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.contrib.auth.models import User; print(User.objects.get().username)",
        database_url=target,
        media=tmp_path / "media2",
    )
    assert users.stdout.strip() == "jane"
