"""The whole path with a real Celery worker (Redis in CI) and a real HTTP receiver on 127.0.0.1:
an approval commits, its event is dispatched and delivered, signed; a 500 is retried, and no
delivery reaches the receiver's "accepted" side twice."""

import hashlib
import hmac
import json
import time

import pytest
from celery.contrib.testing.worker import start_worker

from commitments.services import policy as policy_services
from integrations.models import WebhookDelivery
from qms_leadership.celery import app
from tests.factories import PASSWORD, UserFactory
from tests.integrations.factories import endpoint
from tests.integrations.receiver import receiver
from tests.policy.factories import PolicyVersionFactory


def _signed_by(secret: str, request) -> bool:
    timestamp = request.headers["X-QMS-Timestamp"]
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + request.body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(f"sha256={mac}", request.headers["X-QMS-Signature"])


def _until_settled(count: int, deadline: float = 60) -> list[WebhookDelivery]:
    """Wait (never assert on time) until `count` deliveries exist and none is pending."""
    stop = time.monotonic() + deadline
    while time.monotonic() < stop:
        rows = list(WebhookDelivery.objects.order_by("pk"))
        if len(rows) == count and all(row.status != "pending" for row in rows):
            return rows
        time.sleep(0.2)
    return list(WebhookDelivery.objects.order_by("pk"))


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_worker_delivers_signed_events_retrying_a_500(settings):
    settings.QMS_WEBHOOK_ALLOW_PRIVATE = True
    settings.QMS_WEBHOOK_RETRY_SECONDS = 0.5
    assert not app.conf.task_always_eager
    leader = UserFactory(role="top")
    with (
        receiver(answers=[500]) as hook_receiver,
        start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10),
    ):
        hook, secret = endpoint(url=hook_receiver.url, events=["policy.approved"], by=leader)
        for _ in range(2):
            draft = PolicyVersionFactory(with_mandatory=True)
            policy_services.policy_version_approve(version=draft, by=leader, password=PASSWORD)
        deliveries = _until_settled(2)
        received = hook_receiver.wait_for(3)
    assert [d.status for d in deliveries] == ["succeeded", "succeeded"]
    assert [d.attempts for d in deliveries] == [2, 1]
    assert [r.answered for r in received] == [500, 200, 200]
    assert all(_signed_by(secret, r) for r in received)
    accepted = [r.headers["X-QMS-Delivery"] for r in received if r.answered == 200]
    assert len(accepted) == len(set(accepted)) == 2
    # The retry carries the refused attempt's delivery id, so a receiver can tell it is the same one.
    assert received[0].headers["X-QMS-Delivery"] in accepted
    assert {json.loads(r.body)["type"] for r in received} == {"policy.approved"}
    assert list(deliveries[0].attempt_log.values_list("status_code", flat=True)) == [500, 200]
