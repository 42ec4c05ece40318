import io
import sys

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command

from commitments.models import Process, Responsibility

User = get_user_model()


def _create_user(*args, password="correct-horse-battery-staple"):
    out = io.StringIO()
    old, sys.stdin = sys.stdin, io.StringIO(password + "\n")
    try:
        call_command("create_user", *args, "--password-stdin", stdout=out)
    finally:
        sys.stdin = old
    return out.getvalue()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("key", "group"), [("top", "Top management"), ("quality", "Quality manager"), ("auditor", "Auditor")]
)
def test_create_user_gives_the_role_and_the_password(key, group):
    output = _create_user("jane", "--role", key)
    user = User.objects.get(username="jane")
    assert list(user.groups.values_list("name", flat=True)) == [group]
    assert group in output
    assert user.check_password("correct-horse-battery-staple")


@pytest.mark.django_db
def test_create_user_without_role_makes_an_employee():
    _create_user("sam")
    assert User.objects.get(username="sam").groups.count() == 0


@pytest.mark.django_db
def test_create_user_refuses_a_duplicate_and_a_weak_password():
    _create_user("jane", "--role", "top")
    with pytest.raises(CommandError, match="already exists"):
        _create_user("JANE", "--role", "top")
    with pytest.raises(CommandError, match="too short|too common"):
        _create_user("kim", password="abc")
    assert not User.objects.filter(username="kim").exists()


@pytest.mark.django_db
def test_seed_demo_twice_creates_no_duplicates(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    counts = (User.objects.count(), Process.objects.count(), Group.objects.count())
    call_command("seed_demo", stdout=io.StringIO())
    assert (User.objects.count(), Process.objects.count(), Group.objects.count()) == counts
    ceo = User.objects.get(username="ceo")
    assert ceo.check_password("demo")
    assert ceo.groups.get().name == "Top management"
    assert User.objects.get(username="auditor").groups.get().name == "Auditor"
    assert User.objects.get(username="quality").groups.get().name == "Quality manager"
    assert not Responsibility.objects.of_active_edition().filter(owner=None).exists()


@pytest.mark.django_db
def test_seed_demo_refuses_to_run_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo", stdout=io.StringIO())
    assert not User.objects.filter(username="ceo").exists()
    call_command("seed_demo", "--force", "--password", "s3cret-demo", stdout=io.StringIO())
    assert User.objects.get(username="ceo").check_password("s3cret-demo")


@pytest.mark.django_db
def test_seed_demo_if_empty_leaves_an_existing_database_alone(settings, quality_user):
    settings.DEBUG = True
    out = io.StringIO()
    call_command("seed_demo", "--if-empty", stdout=out)
    assert "not loaded" in out.getvalue()
    assert not User.objects.filter(username="ceo").exists()
