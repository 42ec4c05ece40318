"""Webhook secrets and signatures.

A delivery carries `X-QMS-Timestamp` (Unix seconds) and `X-QMS-Signature: sha256=<hex>`, the
HMAC-SHA256 of "<timestamp>.<body>" keyed with the endpoint's secret, so a receiver can tell the body
came from us and refuse an old one replayed. Signing needs the secret itself, so it cannot be stored
hashed: it is stored encrypted (Fernet) under a key derived from QMS_WEBHOOK_KEY (by default the
SECRET_KEY), shown once when made, and never again; changing that key means giving endpoints new
secrets.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings

SECRET_PREFIX = "whsec_"
TIMESTAMP_HEADER = "X-QMS-Timestamp"
SIGNATURE_HEADER = "X-QMS-Signature"
DELIVERY_HEADER = "X-QMS-Delivery"
EVENT_HEADER = "X-QMS-Event"


class SecretUnreadable(Exception):
    """The stored secret cannot be decrypted (the key changed): the endpoint needs a new secret."""


def new_secret() -> str:
    return SECRET_PREFIX + secrets.token_urlsafe(32)


def _fernet() -> Fernet:
    key = settings.QMS_WEBHOOK_KEY or settings.SECRET_KEY
    digest = hashlib.sha256(b"qms-webhook-secret:" + key.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def encrypt(secret: str) -> str:
    return _fernet().encrypt(secret.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise SecretUnreadable from exc


def signature(secret: str, timestamp: int, body: bytes) -> str:
    """The value of the signature header for this body sent at this time."""
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def verify(secret: str, timestamp: int, body: bytes, header: str) -> bool:
    """What a receiver does (docs/integrations.md shows the same in a few lines)."""
    return hmac.compare_digest(signature(secret, timestamp, body), header)
