import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

ROOT = Path(__file__).resolve().parents[2]


def test_deploy_check_is_clean_with_production_settings():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "QMS_"))}
    env.update(
        DJANGO_SECRET_KEY="x7Yq2-production-like-secret-key-of-sufficient-length-and-entropy-91Zp",
        DJANGO_ALLOWED_HOSTS="qms.example.com",
        DJANGO_DEBUG="0",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "QMS_"))}
    env["DJANGO_DEBUG"] = "0"
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


@pytest.mark.django_db
def test_login_page_logs_a_user_in(client):
    UserFactory(username="helen", role="top")
    response = client.post(reverse("login"), {"username": "helen", "password": PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("home")
    page = client.get(reverse("home"))
    assert "Top management" in page.content.decode()


@pytest.mark.django_db
def test_account_is_locked_after_repeated_failed_logins(client, settings):
    UserFactory(username="helen", role="top")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "helen", "password": "wrong"})
    # Even the right password is refused now.
    response = client.post(reverse("login"), {"username": "helen", "password": PASSWORD})
    assert response.status_code == 429
    assert "Sign-in locked" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_auditor_role_holds_only_view_permissions():
    auditor = Group.objects.get(name="Auditor")
    codenames = list(auditor.permissions.values_list("codename", flat=True))
    assert codenames, "the auditor must be able to read"
    assert all(c.startswith("view_") for c in codenames), codenames


@pytest.mark.django_db
def test_every_domain_model_is_readable_by_the_three_roles():
    from django.apps import apps

    for role in ("Top management", "Quality manager", "Auditor"):
        held = set(Group.objects.get(name=role).permissions.values_list("codename", flat=True))
        for app_label in ("commitments", "objectives", "reviews"):
            for model in apps.get_app_config(app_label).get_models():
                assert f"view_{model._meta.model_name}" in held, (role, model)


@pytest.mark.django_db
def test_sessions_live_in_the_database(client, settings):
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"
