"""Sign-in with the organisation's identity provider, against a real OpenID Connect provider."""

import datetime
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.contrib.auth import get_user_model
from django.core.exceptions import SuspiciousOperation
from django.urls import reverse

from people.models import AccountEvent
from people.oidc import ProviderBackend
from qms_leadership.roles import QUALITY_MANAGER, TOP_MANAGEMENT, parse_role_map, role_key_for_groups, role_of
from tests.factories import PASSWORD, UserFactory
from tests.identity_provider import CALLBACK, CLIENT_ID, CLIENT_SECRET, sign_in_at_provider

User = get_user_model()
pytestmark = pytest.mark.django_db


def _sign_in(client, login):
    """Start at our "Sign in with" button, sign in at the provider, come back to the callback."""
    start = client.get(reverse("oidc_authentication_init"))
    assert start.status_code == 302
    answer = sign_in_at_provider(start.url, login)
    return client.get(reverse("oidc_authentication_callback"), answer)


def _session_user(client):
    response = client.get(reverse("home"))
    return response.wsgi_request.user


def test_login_page_offers_the_provider(client, identity_provider):
    response = client.get(reverse("login"))
    assert "Sign in with Test Provider" in response.content.decode()


def test_login_page_has_no_provider_button_when_none_is_set_up(client, db):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert "Sign in with" not in response.content.decode()


def test_first_sign_in_creates_the_person_with_the_role_of_their_group(client, identity_provider):
    identity_provider.set_person(
        "alice", groups=["qms-top", "staff"], given_name="Alice", family_name="Archer"
    )
    response = _sign_in(client, "alice")
    assert response.status_code == 302
    assert response.url == reverse("home")
    user = User.objects.get(username="alice")
    assert (user.first_name, user.last_name, user.email) == ("Alice", "Archer", "alice@example.com")
    assert not user.has_usable_password()
    assert role_of(user) == TOP_MANAGEMENT
    assert _session_user(client) == user
    assert AccountEvent.objects.filter(subject=user, action=AccountEvent.Action.CREATED).exists()


def test_a_group_taken_away_takes_the_role_away_at_the_next_sign_in(client, identity_provider):
    identity_provider.set_person("bob", groups=["qms-quality"])
    _sign_in(client, "bob")
    assert role_of(User.objects.get(username="bob")) == QUALITY_MANAGER
    client.post(reverse("logout"))

    identity_provider.set_person("bob", groups=["staff"])
    response = _sign_in(client, "bob")
    assert response.status_code == 302
    bob = User.objects.get(username="bob")
    assert role_of(bob) is None
    assert not bob.groups.exists()
    assert AccountEvent.objects.filter(subject=bob, action=AccountEvent.Action.ROLE).count() == 2


def test_a_local_account_of_the_same_name_is_not_taken_over(client, identity_provider):
    local = UserFactory(username="carol", role="top")
    identity_provider.set_person("carol", groups=["qms-auditor"])
    response = _sign_in(client, "carol")
    assert response.url == reverse("login")
    assert not _session_user(client).is_authenticated
    assert role_of(User.objects.get(pk=local.pk)) == TOP_MANAGEMENT


def test_sign_out_ends_the_provider_session_too(client, identity_provider):
    identity_provider.set_person("dora", groups=["qms-top"])
    _sign_in(client, "dora")
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert response.url.startswith(identity_provider.endpoint("end_session_endpoint") + "?")
    assert "id_token_hint=" in response.url
    assert not _session_user(client).is_authenticated


def test_sign_out_of_a_password_session_stays_here(client, identity_provider):
    client.force_login(UserFactory(role="quality"))
    response = client.post(reverse("logout"))
    assert response.url == reverse("login")


# --- the ID token ------------------------------------------------------------------------------


def _real_id_token(client, identity_provider, login):
    """An ID token the provider really issued for our client, with the nonce it carries."""
    identity_provider.set_person(login, groups=["qms-top"])
    start = client.get(reverse("oidc_authentication_init"))
    state = parse_qs(urlsplit(start.url).query)["state"][0]
    nonce = client.session["oidc_states"][state]["nonce"]
    verifier = client.session["oidc_states"][state]["code_verifier"]
    answer = sign_in_at_provider(start.url, login)
    tokens = requests.post(
        identity_provider.endpoint("token_endpoint"),
        data={
            "grant_type": "authorization_code",
            "code": answer["code"],
            "redirect_uri": CALLBACK,
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
            "code_verifier": verifier,
        },
        timeout=10,
    ).json()
    return tokens["id_token"], nonce


def test_a_genuine_id_token_is_accepted(client, identity_provider):
    token, nonce = _real_id_token(client, identity_provider, "erin")
    assert ProviderBackend().verify_token(token, nonce=nonce)["sub"] == "erin"


def test_a_tampered_id_token_is_refused(client, identity_provider):
    token, nonce = _real_id_token(client, identity_provider, "fred")
    header, payload, signature = token.split(".")
    # Another person's claims under the provider's signature.
    forged = payload[:-4] + ("AAAA" if payload[-4:] != "AAAA" else "BBBB")
    with pytest.raises(SuspiciousOperation):
        ProviderBackend().verify_token(f"{header}.{forged}.{signature}", nonce=nonce)


def test_an_id_token_for_another_client_is_refused(client, identity_provider, settings):
    token, nonce = _real_id_token(client, identity_provider, "gina")
    settings.OIDC_RP_CLIENT_ID = "another-application"
    with pytest.raises(SuspiciousOperation, match="(?i)audience"):
        ProviderBackend().verify_token(token, nonce=nonce)


def test_an_expired_id_token_is_refused_and_nobody_is_signed_in(client, identity_provider, time_machine):
    identity_provider.set_person("hugo", groups=["qms-top"])
    start = client.get(reverse("oidc_authentication_init"))
    answer = sign_in_at_provider(start.url, "hugo")
    # The provider's tokens last an hour; here that hour has passed when the token arrives.
    time_machine.move_to(datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(hours=3))
    response = client.get(reverse("oidc_authentication_callback"), answer)
    assert response.url == reverse("login")
    assert not User.objects.filter(username="hugo").exists()
    assert "did not succeed" in client.get(reverse("login")).content.decode()


# --- the password form turned off ---------------------------------------------------------------


@pytest.fixture
def password_form_off(settings, identity_provider):
    settings.QMS_PASSWORD_SIGN_IN = False
    settings.QMS_BREAK_GLASS_USERNAME = "emergency"


def test_with_the_password_form_off_a_password_signs_nobody_in(client, password_form_off):
    UserFactory(username="ivan", role="quality")
    response = client.post(reverse("login"), {"username": "ivan", "password": PASSWORD})
    assert response.status_code == 200
    assert "Sign in with Test Provider" in response.content.decode()
    assert not _session_user(client).is_authenticated


def test_with_the_password_form_off_the_break_glass_account_still_signs_in(client, password_form_off):
    UserFactory(username="emergency", role="top")
    response = client.post(reverse("login"), {"username": "emergency", "password": PASSWORD})
    assert response.status_code == 302
    assert _session_user(client).username == "emergency"


def test_with_the_password_form_off_the_form_is_folded_away(client, password_form_off):
    page = client.get(reverse("login")).content.decode()
    assert "<details>" in page and "Emergency access" in page


# --- the role map ---------------------------------------------------------------------------------


def test_the_role_map_gives_the_highest_role_of_someones_groups():
    role_map = parse_role_map(" qms-top = top, qms-quality=quality ,qms-auditor=auditor")
    assert role_key_for_groups(["qms-auditor", "qms-top"], role_map) == "top"
    assert role_key_for_groups(["qms-auditor"], role_map) == "auditor"
    assert role_key_for_groups(["staff"], role_map) is None


@pytest.mark.parametrize("text", ["qms-top", "qms-top=owner", "=top"])
def test_a_role_map_with_an_unknown_role_or_no_group_is_refused(text):
    with pytest.raises(ValueError, match="provider group=role key"):
        parse_role_map(text)
