"""Checks on uploaded evidence files: size, name, extension and the content's real type.

A file is accepted only when its extension is on the allow-list AND its first bytes (or, for
Office files, its inner structure; for text, its decoding) match that extension. Anything a
browser could run (HTML, SVG, scripts, executables) is refused whatever it is called.
"""

from __future__ import annotations

import codecs
import hashlib
import re
import unicodedata
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP = b"PK\x03\x04"
# extension -> (content type, family used by the content check)
ALLOWED = {
    "pdf": ("application/pdf", "pdf"),
    "png": ("image/png", "png"),
    "jpg": ("image/jpeg", "jpeg"),
    "jpeg": ("image/jpeg", "jpeg"),
    "gif": ("image/gif", "gif"),
    "webp": ("image/webp", "webp"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "word/"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xl/"),
    "pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", "ppt/"),
    "doc": ("application/msword", "ole"),
    "xls": ("application/vnd.ms-excel", "ole"),
    "ppt": ("application/vnd.ms-powerpoint", "ole"),
    "txt": ("text/plain; charset=utf-8", "text"),
    "csv": ("text/csv; charset=utf-8", "text"),
}
MAGIC = {
    "pdf": lambda head: head.startswith(b"%PDF-"),
    "png": lambda head: head.startswith(b"\x89PNG\r\n\x1a\n"),
    "jpeg": lambda head: head.startswith(b"\xff\xd8\xff"),
    "gif": lambda head: head[:6] in (b"GIF87a", b"GIF89a"),
    "webp": lambda head: head[:4] == b"RIFF" and head[8:12] == b"WEBP",
    "ole": lambda head: head.startswith(OLE),
}
# Text that a browser would treat as a page or a script, even when saved as .txt.
MARKUP = re.compile(rb"^\s*(<!doctype|<html|<svg|<script|<\?xml|<head|<body|<iframe)", re.IGNORECASE)
ALLOWED_TEXT = gettext_lazy("PDF, PNG, JPEG, GIF, WEBP, Word, Excel, PowerPoint, plain text or CSV")


@dataclass(frozen=True)
class CheckedFile:
    """An upload that passed every check, with what the attachment row stores."""

    upload: UploadedFile
    name: str
    size: int
    content_type: str
    sha256: str


def max_bytes() -> int:
    return settings.QMS_MAX_UPLOAD_MB * 1024 * 1024


def sanitise_name(name: str) -> str:
    """A safe display name: no folders, no control characters, no leading dots, at most 150 chars."""
    name = unicodedata.normalize("NFKC", name or "")
    name = re.split(r"[\\/]", name)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = re.sub(r"[^\w.\- ()]+", "_", name).strip(" .")
    if len(name) > 150:
        stem, dot, ext = name.rpartition(".")
        name = (stem[: 149 - len(ext)] + dot + ext) if dot else name[:150]
    return name or "file"


def check_upload(upload: UploadedFile) -> CheckedFile:
    """Refuse the file with a clear message unless it is small enough and really what it claims."""
    name = sanitise_name(upload.name)
    label = f"“{name}”"
    if upload.size is not None and upload.size > max_bytes():
        raise ValidationError(
            _("%(label)s is larger than the %(limit)s MB limit.")
            % {"label": label, "limit": settings.QMS_MAX_UPLOAD_MB}
        )
    extension = name.rpartition(".")[2].lower() if "." in name else ""
    if extension not in ALLOWED:
        raise ValidationError(
            _("%(label)s: this type of file is not accepted. Upload %(allowed)s.")
            % {"label": label, "allowed": ALLOWED_TEXT}
        )
    content_type, family = ALLOWED[extension]
    digest = hashlib.sha256()
    decoder = codecs.getincrementaldecoder("utf-8")() if family == "text" else None
    head = b""
    size = 0
    for chunk in upload.chunks():
        digest.update(chunk)
        size += len(chunk)
        if len(head) < 4096:
            head += chunk[: 4096 - len(head)]
        if decoder is not None:
            _check_text_chunk(decoder, chunk, label)
    if decoder is not None:
        _check_text_chunk(decoder, b"", label, final=True)
    if size == 0:
        raise ValidationError(_("%(label)s is empty.") % {"label": label})
    if size > max_bytes():
        raise ValidationError(
            _("%(label)s is larger than the %(limit)s MB limit.")
            % {"label": label, "limit": settings.QMS_MAX_UPLOAD_MB}
        )
    if not _content_matches(upload, family, head):
        raise ValidationError(
            _("%(label)s: the content is not a real .%(extension)s file, so it was refused.")
            % {"label": label, "extension": extension}
        )
    upload.seek(0)
    return CheckedFile(
        upload=upload, name=name, size=size, content_type=content_type, sha256=digest.hexdigest()
    )


def _check_text_chunk(decoder, chunk: bytes, label: str, final: bool = False) -> None:
    if b"\x00" in chunk:
        raise ValidationError(_("%(label)s is not plain text (it contains binary data).") % {"label": label})
    try:
        decoder.decode(chunk, final=final)
    except UnicodeDecodeError as exc:
        raise ValidationError(
            _("%(label)s is not UTF-8 text; save it as UTF-8 and try again.") % {"label": label}
        ) from exc


def _content_matches(upload: UploadedFile, family: str, head: bytes) -> bool:
    if family == "text":
        return not MARKUP.match(head)
    if family in MAGIC:
        return MAGIC[family](head)
    # Office Open XML: a zip with the content-types part and the application's folder.
    if not head.startswith(ZIP):
        return False
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = archive.namelist()
    except zipfile.BadZipFile:
        return False
    return "[Content_Types].xml" in names and any(n.startswith(family) for n in names)
