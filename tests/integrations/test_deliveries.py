"""Signing, the addresses a webhook may reach, and attempts against a real HTTP receiver."""

import hashlib
import hmac
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from integrations import addresses, services, signing
from integrations.models import WebhookDelivery
from tests.integrations.factories import delivery, endpoint
from tests.integrations.receiver import receiver

pytestmark = pytest.mark.django_db


def _receiver_checks(secret: str, request) -> bool:
    """What docs/integrations.md tells a receiver to do, written independently of our signing module."""
    timestamp = request.headers["X-QMS-Timestamp"]
    expected = hmac.new(secret.encode(), timestamp.encode() + b"." + request.body, hashlib.sha256).hexdigest()
    return hmac.compare_digest("sha256=" + expected, request.headers["X-QMS-Signature"])


def test_the_signature_covers_the_timestamp_and_the_body():
    secret = signing.new_secret()
    header = signing.signature(secret, 1700000000, b'{"a":1}')
    assert signing.verify(secret, 1700000000, b'{"a":1}', header)
    assert not signing.verify(secret, 1700000001, b'{"a":1}', header)
    assert not signing.verify(secret, 1700000000, b'{"a":2}', header)
    assert not signing.verify(signing.new_secret(), 1700000000, b'{"a":1}', header)


def test_the_secret_is_stored_encrypted_and_recoverable(settings):
    settings.QMS_WEBHOOK_ALLOW_PRIVATE = True
    hook, secret = endpoint()
    assert secret.startswith("whsec_")
    assert secret not in hook.secret_encrypted
    assert signing.decrypt(hook.secret_encrypted) == secret
    assert "secret_encrypted" not in {field.name for field in hook.history.model._meta.fields}


@pytest.mark.parametrize(
    "url",
    [
        "ftp://example.org/hook",
        "file:///etc/passwd",
        "http://127.0.0.1:8000/hook",
        "http://10.1.2.3/hook",
        "http://169.254.169.254/latest/meta-data",
        "http://[::1]/hook",
        "http://user:pw@203.0.114.10/hook",
    ],
)
def test_webhooks_refuse_other_schemes_and_private_networks(url):
    with pytest.raises(ValidationError):
        addresses.check_url(url)


def test_private_addresses_are_allowed_only_by_the_setting(settings):
    addresses.check_url("https://203.0.114.10/hook")
    settings.QMS_WEBHOOK_ALLOW_PRIVATE = True
    addresses.check_url("http://127.0.0.1:8000/hook")
    with pytest.raises(ValidationError):
        addresses.check_url("gopher://127.0.0.1/")


def test_registering_a_private_address_is_refused_with_the_field_named(quality_user):
    with pytest.raises(ValidationError) as refused:
        services.endpoint_create(url="http://127.0.0.1/hook", events=["finding.opened"], by=quality_user)
    assert "url" in refused.value.error_dict


def test_the_auditor_cannot_register_an_endpoint(auditor_user):
    with pytest.raises(PermissionDenied):
        services.endpoint_create(url="https://203.0.114.10/h", events=["finding.opened"], by=auditor_user)


def test_an_attempt_is_signed_logged_and_retried_after_a_500_then_delivered(settings):
    settings.QMS_WEBHOOK_ALLOW_PRIVATE = True
    with receiver(answers=[500]) as hook_receiver:
        hook, secret = endpoint(url=hook_receiver.url)
        sent = delivery(hook, body=json.dumps({"type": "policy.approved"}))
        first = services.delivery_attempt(delivery_id=sent.pk)
        assert first.status == "pending"
        assert first.retry_in == settings.QMS_WEBHOOK_RETRY_SECONDS
        second = services.delivery_attempt(delivery_id=sent.pk)
        again = services.delivery_attempt(delivery_id=sent.pk)  # a duplicate task: nothing sent
        requests = hook_receiver.requests
    assert (second.status, second.retry_in, again.status) == ("succeeded", None, "succeeded")
    assert [r.answered for r in requests] == [500, 200]
    assert all(_receiver_checks(secret, r) for r in requests)
    assert {r.headers["X-QMS-Delivery"] for r in requests} == {str(sent.delivery_id)}
    assert requests[0].headers["X-QMS-Event"] == "policy.approved"
    log = list(sent.attempt_log.values_list("number", "status_code"))
    assert log == [(1, 500), (2, 200)]
    assert all(a.duration_ms is not None for a in sent.attempt_log.all())


def test_attempts_stop_after_the_allowed_number_and_the_delivery_fails(settings):
    settings.QMS_WEBHOOK_ALLOW_PRIVATE = True
    settings.QMS_WEBHOOK_MAX_ATTEMPTS = 3
    with receiver(answers=[503, 503, 503, 503]) as hook_receiver:
        hook, _ = endpoint(url=hook_receiver.url)
        sent = delivery(hook)
        outcomes = [services.delivery_attempt(delivery_id=sent.pk) for _ in range(4)]
    assert [o.status for o in outcomes] == ["pending", "pending", "failed", "failed"]
    assert [o.retry_in for o in outcomes[:2]] == [
        settings.QMS_WEBHOOK_RETRY_SECONDS,
        settings.QMS_WEBHOOK_RETRY_SECONDS * 2,
    ]
    assert len(hook_receiver.requests) == 3


def test_a_receiver_that_is_not_there_is_logged_as_an_error(settings):
    settings.QMS_WEBHOOK_ALLOW_PRIVATE = True
    with receiver() as gone:
        url = gone.url
    hook, _ = endpoint(url=url)
    sent = delivery(hook)
    services.delivery_attempt(delivery_id=sent.pk)
    attempt = sent.attempt_log.get()
    assert attempt.status_code is None
    assert "ConnectionError" in attempt.error


def test_redelivery_sends_the_same_body_under_a_new_delivery_id(settings, quality_user):
    settings.QMS_WEBHOOK_ALLOW_PRIVATE = True
    hook, _ = endpoint()
    sent = delivery(hook)
    again = services.delivery_redeliver(delivery=sent, by=quality_user)
    assert again.body == sent.body
    assert again.delivery_id != sent.delivery_id
    assert again.redelivery_of == sent
    assert WebhookDelivery.objects.count() == 2
