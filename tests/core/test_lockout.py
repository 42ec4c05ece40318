"""Sign-in lock-out: the pair (username, address) is locked, never others; unlocking; the password form."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from core.accounts import client_ip, locks_of, unlock_account
from core.models import AccountUnlock
from tests.factories import PASSWORD, UserFactory

SHARED = "198.51.100.7"  # one office behind one NAT address
HOME = "203.0.113.20"


def _sign_in(client, username, password, address):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def _signed_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.fixture
def ceo(db):
    return UserFactory(username="ceo", role="top")


def test_strangers_failing_from_a_shared_address_leave_the_ceo_able_to_sign_in(client, ceo, settings):
    for n in range(settings.AXES_FAILURE_LIMIT * 2):
        _sign_in(client, f"made-up-{n}", "guess", SHARED)
    response = _sign_in(client, "ceo", PASSWORD, SHARED)
    assert response.status_code == 302
    assert _signed_in(client)


def test_a_guesser_at_one_address_does_not_lock_the_ceo_at_hers(client, ceo, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(client, "ceo", "wrong", SHARED)
    refused = _sign_in(client, "ceo", PASSWORD, SHARED)
    assert refused.status_code == 429
    response = _sign_in(client, "ceo", PASSWORD, HOME)
    assert response.status_code == 302
    assert _signed_in(client)


def test_the_lockout_page_says_what_happened_when_it_ends_and_who_can_unlock(client, ceo, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(client, "ceo", "wrong", SHARED)
    page = _sign_in(client, "ceo", PASSWORD, SHARED).content.decode()
    assert f"wrongly {settings.AXES_FAILURE_LIMIT} times" in page
    assert "The lock ends by itself at" in page
    assert "manage.py unlock_account ceo" in page
    assert "quality manager" in page


def test_attempts_during_a_lock_do_not_make_it_longer(client, ceo, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(client, "ceo", "wrong", SHARED)
    [lock] = locks_of("ceo")
    for _ in range(3):
        _sign_in(client, "ceo", "wrong", SHARED)
    assert locks_of("ceo")[0].ends_at == lock.ends_at


def test_unlock_by_service_lets_the_user_sign_in_again_and_is_recorded(client, ceo, quality_user, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(client, "ceo", "wrong", SHARED)
    assert [lock.ip_address for lock in locks_of("ceo")] == [SHARED]
    record = unlock_account(username="ceo", by=quality_user, reason="She forgot her password")
    assert locks_of("ceo") == []
    assert _sign_in(client, "ceo", PASSWORD, SHARED).status_code == 302
    assert record.unlocked_by == quality_user
    assert record.addresses == SHARED
    assert AccountUnlock.objects.filter(username="ceo").count() == 1


def test_only_people_with_the_unlock_permission_may_unlock(ceo, employee_user, auditor_user, top_user):
    from django.core.exceptions import PermissionDenied

    for refused in (employee_user, auditor_user):
        with pytest.raises(PermissionDenied):
            unlock_account(username="ceo", by=refused)
    assert not AccountUnlock.objects.exists()
    # Top management administers people (the People page), so it may lift a lock too.
    assert unlock_account(username="ceo", by=top_user).unlocked_by == top_user


def test_unlock_command_lifts_the_lock(client, ceo, settings, capsys):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(client, "ceo", "wrong", SHARED)
    call_command("unlock_account", "ceo", "--reason", "phoned the service desk")
    assert "Unlocked ceo (was locked at 198.51.100.7)" in capsys.readouterr().out
    assert _sign_in(client, "ceo", PASSWORD, SHARED).status_code == 302
    assert AccountUnlock.objects.get().reason == "phoned the service desk"


def test_unlock_command_refuses_an_unknown_user(db):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="No user with the username"):
        call_command("unlock_account", "nobody")


def test_wrong_old_passwords_on_the_password_form_lock_and_sign_out(client, ceo, settings):
    client.force_login(ceo)
    url = reverse("password_change")
    data = {
        "old_password": "wrong",
        "new_password1": "a-much-longer-passphrase",
        "new_password2": "a-much-longer-passphrase",
    }
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post(url, data, REMOTE_ADDR=SHARED)
        assert response.status_code == 200
        assert "entered incorrectly" in response.content.decode()
    response = client.post(url, data, REMOTE_ADDR=SHARED)
    assert response.status_code == 429
    assert not _signed_in(client)
    # The lock is the sign-in lock: the right password is refused at this address, not at another.
    assert _sign_in(client, "ceo", PASSWORD, SHARED).status_code == 429
    assert _sign_in(client, "ceo", PASSWORD, HOME).status_code == 302


def test_the_password_form_still_changes_the_password(client, ceo):
    client.force_login(ceo)
    new = "a-much-longer-passphrase"
    response = client.post(
        reverse("password_change"), {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    )
    assert response.status_code == 302
    ceo.refresh_from_db()
    assert ceo.check_password(new)


def test_client_address_behind_one_trusted_proxy_is_the_one_the_proxy_added(rf, settings):
    settings.QMS_TRUSTED_PROXY_COUNT = 1
    request = rf.get("/", REMOTE_ADDR="172.18.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.20")
    assert client_ip(request) == "203.0.113.20"
    settings.QMS_TRUSTED_PROXY_COUNT = 2
    request = rf.get("/", REMOTE_ADDR="172.18.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.20, 10.0.0.2")
    assert client_ip(request) == "203.0.113.20"


def test_without_a_proxy_the_forwarded_header_is_ignored(rf, settings):
    settings.QMS_TRUSTED_PROXY_COUNT = 0
    request = rf.get("/", REMOTE_ADDR="203.0.113.20", HTTP_X_FORWARDED_FOR="6.6.6.6")
    assert client_ip(request) == "203.0.113.20"


def test_forwarded_headers_from_an_untrusted_peer_are_dropped(client, ceo, settings):
    """A client that reaches the app directly cannot pick the address its failures count against."""
    settings.QMS_TRUSTED_PROXY_COUNT = 1
    for n in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            reverse("login"),
            {"username": "ceo", "password": "wrong"},
            REMOTE_ADDR=SHARED,
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n}",
        )
    assert [lock.ip_address for lock in locks_of("ceo")] == [SHARED]
