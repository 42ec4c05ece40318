"""Backup and restore of everything the product keeps: the database and the private media folder
(evidence files), in one tar archive with a manifest of every file's SHA-256.

PostgreSQL is dumped with pg_dump (custom format) and restored with pg_restore; SQLite is copied
with its online backup API. A restore refuses a target that already holds data unless told to
replace it, and ends with a verification that recomputes every stored file's SHA-256 against the
hashes the restored database recorded at upload.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.db import connection, connections
from django.utils import timezone

FORMAT = 1
MANIFEST = "backup.json"
MEDIA = "media"
PG_DUMP = "database.pgdump"
SQLITE_COPY = "database.sqlite3"
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot proceed; the message says why and what to do."""


@dataclass
class Restored:
    archive: Path
    files: int
    created_at: str


def _database() -> dict:
    return settings.DATABASES["default"]


def _vendor() -> str:
    return connection.vendor


def _pg_env() -> dict:
    db = _database()
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return env


def _pg_args() -> list[str]:
    db = _database()
    args = ["--dbname", db["NAME"]]
    if db.get("HOST"):
        args += ["--host", db["HOST"]]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", db["USER"]]
    return args


def _run(command: list[str]) -> None:
    try:
        result = subprocess.run(command, env=_pg_env(), capture_output=True, text=True, check=False)
    except FileNotFoundError as exc:
        raise BackupError(f"{command[0]} is not installed; install the PostgreSQL client tools.") from exc
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()[-2000:]}")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _media_root() -> Path:
    return Path(settings.PRIVATE_MEDIA_ROOT)


def backup(target: Path | None = None) -> Path:
    """Write the database and the media folder into one tar archive; its path."""
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    target = Path(target) if target else Path(settings.VAR_DIR) / "backups" / f"qms-backup-{stamp}.tar"
    if target.is_dir():
        target = target / f"qms-backup-{stamp}.tar"
    target.parent.mkdir(parents=True, exist_ok=True)
    media = _media_root()
    with tempfile.TemporaryDirectory() as work:
        if _vendor() == "postgresql":
            dump = Path(work) / PG_DUMP
            _run(
                [
                    "pg_dump",
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    "--file",
                    str(dump),
                    *_pg_args(),
                ]
            )
        elif _vendor() == "sqlite":
            dump = Path(work) / SQLITE_COPY
            source = sqlite3.connect(_database()["NAME"])
            try:
                with sqlite3.connect(dump) as copy:
                    source.backup(copy)
            finally:
                source.close()
        else:
            raise BackupError(f"Backups support PostgreSQL and SQLite, not {_vendor()}.")
        files = sorted(p for p in media.rglob("*") if p.is_file()) if media.exists() else []
        manifest = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(),
            "database": _vendor(),
            "database_file": dump.name,
            "database_sha256": _sha256(dump),
            "files": {str(p.relative_to(media).as_posix()): _sha256(p) for p in files},
        }
        partial = target.with_suffix(target.suffix + ".partial")
        with tarfile.open(partial, "w") as archive:
            data = json.dumps(manifest, indent=2).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime = len(data), int(timezone.now().timestamp())
            archive.addfile(info, _bytes_io(data))
            archive.add(dump, arcname=dump.name)
            for path in files:
                archive.add(path, arcname=f"{MEDIA}/{path.relative_to(media).as_posix()}")
        partial.replace(target)  # a half-written archive never carries the final name
    return target


def _bytes_io(data: bytes):
    import io

    return io.BytesIO(data)


def _database_has_tables() -> bool:
    return bool(connection.introspection.table_names())


def restore(archive_path: Path, *, replace: bool = False) -> Restored:
    """Restore an archive into the configured database and media folder (both empty unless `replace`)."""
    archive_path = Path(archive_path)
    if not archive_path.is_file():
        raise BackupError(f"No backup archive at {archive_path}.")
    media = _media_root()
    with tarfile.open(archive_path, "r") as archive:
        manifest = _read_manifest(archive)
        if manifest["database"] != _vendor():
            raise BackupError(
                f"The archive holds a {manifest['database']} database; this installation uses {_vendor()}."
            )
        if not replace:
            if _database_has_tables():
                raise BackupError(
                    "The target database already holds tables. Restore into a new, empty database, "
                    "or pass --replace to overwrite this one."
                )
            if media.exists() and any(media.iterdir()):
                raise BackupError(
                    f"The media folder {media} is not empty. Restore into a new folder, or pass --replace."
                )
        with tempfile.TemporaryDirectory() as work:
            dump = Path(work) / manifest["database_file"]
            _extract_member(archive, manifest["database_file"], dump)
            if _sha256(dump) != manifest["database_sha256"]:
                raise BackupError("The database file in the archive does not match its recorded SHA-256.")
            _restore_database(dump, replace=replace)
        if replace and media.exists():
            shutil.rmtree(media)
        media.mkdir(parents=True, exist_ok=True)
        for name, expected in manifest["files"].items():
            target = media / _safe_relative(name)
            target.parent.mkdir(parents=True, exist_ok=True)
            _extract_member(archive, f"{MEDIA}/{name}", target)
            if _sha256(target) != expected:
                raise BackupError(f"{name} in the archive does not match the SHA-256 of its manifest.")
    return Restored(archive=archive_path, files=len(manifest["files"]), created_at=manifest["created_at"])


def _read_manifest(archive: tarfile.TarFile) -> dict:
    try:
        member = archive.getmember(MANIFEST)
    except KeyError as exc:
        raise BackupError("This is not a backup of this product (no backup.json inside).") from exc
    manifest = json.loads(archive.extractfile(member).read())
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Unknown backup format {manifest.get('format')!r}.")
    return manifest


def _safe_relative(name: str) -> Path:
    """A path from the manifest, refused if it could leave the media folder."""
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise BackupError(f"Refusing the unsafe path {name!r} in the archive.")
    return Path(*path.parts)


def _extract_member(archive: tarfile.TarFile, name: str, target: Path) -> None:
    try:
        member = archive.getmember(name)
    except KeyError as exc:
        raise BackupError(f"The archive lacks {name}.") from exc
    if not member.isfile():
        raise BackupError(f"{name} in the archive is not a regular file.")
    with archive.extractfile(member) as source, target.open("wb") as out:
        shutil.copyfileobj(source, out, CHUNK)


def _restore_database(dump: Path, *, replace: bool) -> None:
    connections.close_all()
    if _vendor() == "postgresql":
        options = ["--clean", "--if-exists"] if replace else []
        _run(
            [
                "pg_restore",
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                *options,
                *_pg_args(),
                str(dump),
            ]
        )
    else:
        target = Path(_database()["NAME"])
        target.parent.mkdir(parents=True, exist_ok=True)
        source = sqlite3.connect(dump)
        try:
            with sqlite3.connect(target) as copy:
                source.backup(copy)
        finally:
            source.close()
    connections.close_all()
