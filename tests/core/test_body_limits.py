"""Production guards: a weak secret key is refused; oversized request bodies are refused unread."""

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from core.deployment import weak_secret_key_reason

ROOT = Path(__file__).resolve().parents[2]


class Unread(io.RawIOBase):
    """A request body that records whether anything read it."""

    def __init__(self):
        self.read_from = False

    def readable(self) -> bool:
        return True

    def readinto(self, target) -> int:
        self.read_from = True
        return 0


@pytest.mark.parametrize(
    "key, reason",
    [
        ("short", "it has 5 characters"),
        ("a" * 60, "only 1 different characters"),
        ("django-insecure-" + "abcdefghijklmnopqrstuvwxyz0123456789ABCDEF", "placeholder"),
    ],
)
def test_weak_secret_keys_are_named_with_the_reason(key, reason):
    assert reason in weak_secret_key_reason(key)


def test_a_generated_secret_key_is_strong():
    import secrets

    assert weak_secret_key_reason(secrets.token_urlsafe(50)) is None


def test_the_web_server_refuses_to_start_with_a_weak_secret_key_in_production():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "QMS_"))}
    env.update(DJANGO_SECRET_KEY="changeme", DJANGO_DEBUG="0", DJANGO_ALLOWED_HOSTS="qms.example.com")
    result = subprocess.run(
        [sys.executable, "-c", "import qms_leadership.wsgi"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is too weak for production" in result.stderr


@pytest.mark.django_db
def test_an_anonymous_200_mb_body_is_sent_to_sign_in_unread(client):
    body = Unread()
    response = client.generic(
        "POST",
        reverse("objectives:import_upload"),
        b"",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(200 * 1024 * 1024),
        **{"wsgi.input": body},
    )
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert not body.read_from


@pytest.mark.django_db
def test_an_anonymous_oversized_sign_in_post_is_refused_unread(client):
    body = Unread()
    response = client.generic(
        "POST",
        reverse("login"),
        b"",
        content_type="application/x-www-form-urlencoded",
        CONTENT_LENGTH=str(10 * 1024 * 1024),
        **{"wsgi.input": body},
    )
    assert response.status_code == 413
    assert not body.read_from


@pytest.mark.django_db
def test_a_signed_in_body_over_the_request_limit_is_refused_with_a_message(client, quality_user, settings):
    client.force_login(quality_user)
    body = Unread()
    response = client.generic(
        "POST",
        reverse("objectives:import_upload"),
        b"",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str((settings.QMS_MAX_REQUEST_MB + 1) * 1024 * 1024),
        **{"wsgi.input": body},
    )
    assert response.status_code == 413
    assert f"larger than the {settings.QMS_MAX_REQUEST_MB} MB" in response.content.decode()
    assert not body.read_from
