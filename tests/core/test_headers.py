"""Security headers: a strict CSP, Permissions-Policy, no-store on signed-in pages and downloads;
passwords of at least 12 characters; sessions end after the idle limit."""

import re
import time

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.middleware import IdleSessionMiddleware
from tests.objectives.factories import ObjectiveFactory

pytestmark = pytest.mark.django_db


def _directives(response) -> dict[str, str]:
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part for part in (p.strip() for p in policy.split(";")) if part}


def test_pages_carry_a_strict_content_security_policy(client, quality_user):
    client.force_login(quality_user)
    directives = _directives(client.get(reverse("home")))
    assert directives["script-src"] == "script-src 'self'"
    assert directives["object-src"] == "object-src 'none'"
    assert directives["frame-ancestors"] == "frame-ancestors 'none'"
    assert "'unsafe-inline'" not in " ".join(directives.values())
    assert "'unsafe-eval'" not in " ".join(directives.values())


@pytest.mark.parametrize("name", ["home", "objectives:list", "policy:current", "policy:version_list"])
def test_pages_have_no_inline_handler_script_or_style_attribute(client, quality_user, name):
    ObjectiveFactory()
    client.force_login(quality_user)
    page = client.get(reverse(name)).content.decode()
    assert not re.search(r"\son[a-z]+=", page), "inline event handler"
    assert not re.search(r"<script(?![^>]*\b(src|type=\"application/json\"))", page), "inline script"
    assert " style=" not in page, "style attribute (blocked by style-src)"


def test_every_response_has_a_permissions_policy(client):
    response = client.get(reverse("login"))
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


def test_signed_in_pages_are_not_stored(client, auditor_user):
    client.force_login(auditor_user)
    response = client.get(reverse("objectives:list"))
    assert "no-store" in response["Cache-Control"]


def test_downloads_and_exports_are_not_stored(client, auditor_user):
    client.force_login(auditor_user)
    response = client.get(reverse("objectives:template", args=["objectives", "csv"]))
    assert response.has_header("Content-Disposition")
    assert "no-store" in response["Cache-Control"]


def test_passwords_need_twelve_characters_and_must_not_be_common():
    with pytest.raises(ValidationError, match="at least 12 characters"):
        validate_password("Xq7!vb2#Lm9")
    with pytest.raises(ValidationError, match="too common"):
        validate_password("password1234")
    validate_password("correct horse battery")


def test_an_idle_session_ends_and_an_active_one_does_not(client, quality_user, settings):
    settings.QMS_SESSION_IDLE_MINUTES = 30
    client.force_login(quality_user)
    assert client.get(reverse("home")).status_code == 200
    session = client.session
    session[IdleSessionMiddleware.KEY] = int(time.time()) - 29 * 60
    session.save()
    assert client.get(reverse("home")).status_code == 200
    session = client.session
    session[IdleSessionMiddleware.KEY] = int(time.time()) - 31 * 60
    session.save()
    response = client.get(reverse("objectives:list"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert "_auth_user_id" not in client.session
