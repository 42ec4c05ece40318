"""The second factor: an authenticator app (TOTP) with recovery codes, at sign-in and when signing.

Codes are computed from the device's secret, as the person's phone would (django_otp.oath.totp).
"""

import datetime

import pytest
from axes.models import AccessAttempt
from django.core.exceptions import ValidationError
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from commitments.models import PolicyVersion
from core import signatures, twofactor
from core.models import Signature
from tests.factories import PASSWORD, UserFactory
from tests.policy.factories import PolicyVersionFactory

pytestmark = pytest.mark.django_db


def _code(device, later_steps=0) -> str:
    """The code the app shows now (or that many 30-second steps later)."""
    device.refresh_from_db()
    t0 = device.t0 - later_steps * device.step
    return f"{totp(device.bin_key, step=device.step, t0=t0, digits=device.digits):06d}"


def _turn_on(client, user):
    """Turn the second factor on through the pages; returns the device and the recovery codes."""
    client.post(reverse("second_factor_setup"), {"start": "1"})
    page = client.get(reverse("second_factor_setup")).content.decode()
    assert 'data-testid="totp-qr"' in page
    device = TOTPDevice.objects.get(user=user)
    assert twofactor.secret_text(device) in page
    response = client.post(reverse("second_factor_setup"), {"code": _code(device)})
    assert response.status_code == 200
    device.refresh_from_db()
    return device, response.context["codes"]


def _sign_in(client, user, *, next_page="home"):
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return client.get(reverse(next_page))


def test_a_person_turns_it_on_from_their_account_page(client):
    user = UserFactory(role="quality")
    client.force_login(user)
    assert "Turn on the second factor" in client.get(reverse("account")).content.decode()
    device, codes = _turn_on(client, user)
    assert device.confirmed and len(codes) == twofactor.RECOVERY_CODES
    assert StaticToken.objects.filter(device__user=user).count() == twofactor.RECOVERY_CODES
    # The session that set it up counts as checked.
    assert client.get(reverse("home")).status_code == 200
    assert "10 unused recovery codes" in client.get(reverse("account")).content.decode()


def test_a_wrong_first_code_leaves_it_off(client):
    user = UserFactory()
    client.force_login(user)
    client.post(reverse("second_factor_setup"), {"start": "1"})
    response = client.post(reverse("second_factor_setup"), {"code": "000000x"})
    assert "not right" in response.content.decode()
    assert not twofactor.is_on(user)


@pytest.fixture
def person_with_app(client):
    user = UserFactory(role="top")
    client.force_login(user)
    device, codes = _turn_on(client, user)
    client.post(reverse("logout"))
    return user, device, codes


def test_sign_in_asks_for_the_code_after_the_password(client, person_with_app, time_machine):
    user, device, _codes = person_with_app
    response = _sign_in(client, user)
    assert response.status_code == 302
    assert response.url.startswith(reverse("second_factor_verify"))
    # Nothing else opens before the code.
    assert client.get(reverse("reports:index")).url.startswith(reverse("second_factor_verify"))
    time_machine.move_to(datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(seconds=60))
    response = client.post(reverse("second_factor_verify"), {"code": _code(device), "next": "/reports/"})
    assert response.url == "/reports/"
    assert client.get(reverse("home")).status_code == 200


def test_a_wrong_code_counts_toward_the_attempt_limit(client, person_with_app, settings):
    user, _device, _codes = person_with_app
    _sign_in(client, user)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post(reverse("second_factor_verify"), {"code": "123456x"})
        assert "not right" in response.content.decode()
    assert (
        AccessAttempt.objects.get(username=user.username).failures_since_start
        == settings.AXES_FAILURE_LIMIT - 1
    )
    response = client.post(reverse("second_factor_verify"), {"code": "123456x"})
    assert response.status_code == settings.AXES_HTTP_RESPONSE_CODE
    assert not client.get(reverse("home")).wsgi_request.user.is_authenticated


def test_a_recovery_code_works_once(client, person_with_app):
    user, _device, codes = person_with_app
    _sign_in(client, user)
    assert client.post(reverse("second_factor_verify"), {"code": codes[0]}).url == reverse("home")
    client.post(reverse("logout"))
    _sign_in(client, user)
    response = client.post(reverse("second_factor_verify"), {"code": codes[0]})
    assert response.status_code == 200
    assert "not right" in response.content.decode()


def test_signing_the_policy_asks_for_the_code_too(client, person_with_app, time_machine):
    user, device, codes = person_with_app
    PolicyVersionFactory(status="approved", with_mandatory=True)
    draft = PolicyVersionFactory(with_mandatory=True)
    _sign_in(client, user)
    client.post(reverse("second_factor_verify"), {"code": codes[0]})
    page = client.get(reverse("policy:version_detail", args=[draft.pk])).content.decode()
    assert "Code from your authenticator app" in page

    url = reverse("policy:version_approve", args=[draft.pk])
    client.post(url, {"meaning": "approved", "password": PASSWORD, "code": "999999x"}, follow=True)
    draft.refresh_from_db()
    assert draft.status == PolicyVersion.Status.DRAFT

    time_machine.move_to(datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(seconds=90))
    signed = {"meaning": "approved", "password": PASSWORD, "code": _code(device)}
    response = client.post(url, signed, follow=True)
    assert "now the policy in force" in response.content.decode()


def test_without_a_second_factor_signing_asks_for_the_password_only(client):
    user = UserFactory(role="top")
    PolicyVersionFactory(status="approved", with_mandatory=True)
    draft = PolicyVersionFactory(with_mandatory=True)
    client.force_login(user)
    page = client.get(reverse("policy:version_detail", args=[draft.pk])).content.decode()
    assert "Code from your authenticator app" not in page
    response = client.post(
        reverse("policy:version_approve", args=[draft.pk]),
        {"meaning": "approved", "password": PASSWORD},
        follow=True,
    )
    assert "now the policy in force" in response.content.decode()


def test_a_role_that_requires_it_is_sent_to_set_it_up_first(client, settings):
    settings.QMS_TOTP_REQUIRED_ROLES = ["top", "quality"]
    leader, employee = UserFactory(role="top"), UserFactory()
    response = _sign_in(client, leader)
    assert response.url == reverse("second_factor_setup")
    assert client.get(reverse("account")).status_code == 200
    client.post(reverse("logout"))
    assert _sign_in(client, employee).status_code == 200


def test_a_role_that_requires_it_cannot_turn_it_off(client, person_with_app, settings):
    settings.QMS_TOTP_REQUIRED_ROLES = ["top"]
    user, device, codes = person_with_app
    _sign_in(client, user)
    client.post(reverse("second_factor_verify"), {"code": codes[0]})
    response = client.post(reverse("second_factor_off"), {"code": codes[1]}, follow=True)
    assert "stays on" in response.content.decode()
    assert twofactor.is_on(user)


def test_turning_it_off_and_new_recovery_codes(client, person_with_app):
    user, _device, codes = person_with_app
    _sign_in(client, user)
    client.post(reverse("second_factor_verify"), {"code": codes[0]})
    response = client.post(reverse("recovery_codes"), {"code": codes[1]})
    fresh = response.context["codes"]
    assert set(fresh).isdisjoint(codes)
    client.post(reverse("second_factor_off"), {"code": fresh[0]})
    assert not twofactor.is_on(user)
    assert not StaticToken.objects.filter(device__user=user).exists()


# --- signing without a local password (people who sign in through the identity provider) --------


@pytest.fixture
def provider_person(client):
    """Someone the identity provider signs in: no password here, an authenticator app turned on."""
    user = UserFactory(role="top")
    user.set_unusable_password()
    user.save()
    client.force_login(user)
    device, codes = _turn_on(client, user)
    return user, device, codes


def test_without_a_local_password_the_code_alone_signs(client, provider_person, time_machine):
    user, device, _codes = provider_person
    PolicyVersionFactory(status="approved", with_mandatory=True)
    draft = PolicyVersionFactory(with_mandatory=True)
    page = client.get(reverse("policy:version_detail", args=[draft.pk])).content.decode()
    assert "Code from your authenticator app" in page and "Your password" not in page
    time_machine.move_to(datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(seconds=60))
    signed = {"meaning": "approved", "code": _code(device)}
    response = client.post(reverse("policy:version_approve", args=[draft.pk]), signed, follow=True)
    assert "now the policy in force" in response.content.decode()
    assert Signature.objects.get(signer=user).meaning == "approved"


def test_without_a_local_password_or_a_second_factor_nothing_is_signed(client):
    user = UserFactory(role="top")
    user.set_unusable_password()
    user.save()
    PolicyVersionFactory(status="approved", with_mandatory=True)
    draft = PolicyVersionFactory(with_mandatory=True)
    client.force_login(user)
    response = client.post(
        reverse("policy:version_approve", args=[draft.pk]), {"meaning": "approved"}, follow=True
    )
    assert "Turn on a second factor" in response.content.decode()
    assert not Signature.objects.exists()


def test_the_service_takes_a_code_ticket_only_from_its_own_signer_without_a_password(provider_person):
    user, _device, _codes = provider_person
    other = UserFactory(role="top")
    record = PolicyVersionFactory(with_mandatory=True)
    arguments = {"record": record, "meaning": "approved", "statement": "s", "allowed": ("approved",)}
    with pytest.raises(ValidationError):
        signatures.sign(by=user, password="not a ticket", **arguments)
    with pytest.raises(ValidationError):
        signatures.sign(by=user, password=signatures.code_checked_ticket(other), **arguments)
    with pytest.raises(ValidationError):
        signatures.sign(by=other, password=signatures.code_checked_ticket(other), **arguments)
    assert signatures.sign(by=user, password=signatures.code_checked_ticket(user), **arguments).signer == user
