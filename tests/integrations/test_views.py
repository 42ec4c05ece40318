"""The webhook pages as people use them: the secret shown once, the log read-only for the auditor,
redelivery after a confirmation."""

import pytest
from django.urls import reverse

from integrations.models import WebhookDelivery, WebhookEndpoint
from tests.integrations.factories import delivery, endpoint

pytestmark = pytest.mark.django_db

PUBLIC_URL = "https://203.0.114.10/qms-hook"


def test_the_secret_is_shown_once_after_registering(client, quality_user):
    client.force_login(quality_user)
    response = client.post(
        reverse("integrations:webhook_create"),
        {"url": PUBLIC_URL, "events": ["finding.opened", "review.overdue"], "active": "on"},
        follow=True,
    )
    secret = response.context["secret"]
    assert secret.startswith("whsec_") and secret in response.content.decode()
    hook = WebhookEndpoint.objects.get()
    assert hook.events == ["finding.opened", "review.overdue"]
    again = client.get(hook.get_absolute_url())
    assert again.context["secret"] is None
    assert secret not in again.content.decode()


def test_a_new_secret_replaces_the_old_one_and_is_shown_once(client, top_user):
    hook, old = endpoint(url=PUBLIC_URL, by=top_user)
    client.force_login(top_user)
    response = client.post(
        reverse("integrations:webhook_update", args=[hook.pk]),
        {"url": PUBLIC_URL, "events": ["policy.approved"], "active": "on", "new_secret": "on"},
        follow=True,
    )
    new = response.context["secret"]
    assert new and new != old


def test_the_auditor_reads_the_log_without_a_send_again_button(client, auditor_user, quality_user):
    hook, _ = endpoint(url=PUBLIC_URL, by=quality_user)
    sent = delivery(hook)
    client.force_login(auditor_user)
    page = client.get(hook.get_absolute_url()).content.decode()
    assert str(sent.delivery_id) in page
    assert reverse("integrations:delivery_redeliver", args=[sent.pk]) not in page
    assert client.post(reverse("integrations:delivery_redeliver", args=[sent.pk])).status_code == 403
    assert WebhookDelivery.objects.count() == 1


def test_the_log_is_paged_newest_first(client, quality_user):
    hook, _ = endpoint(url=PUBLIC_URL, by=quality_user)
    made = [delivery(hook) for _ in range(30)]
    client.force_login(quality_user)
    first = client.get(hook.get_absolute_url())
    rows = list(first.context["page"])
    assert len(rows) == 25 and rows[0] == made[-1]
    assert first.context["page"].has_next
    second = client.get(hook.get_absolute_url(), {"after": first.context["page"].next_cursor})
    assert list(second.context["page"]) == list(reversed(made[:5]))


def test_redelivering_asks_first_then_queues_a_new_delivery(client, quality_user):
    hook, _ = endpoint(url=PUBLIC_URL, by=quality_user)
    sent = delivery(hook)
    client.force_login(quality_user)
    url = reverse("integrations:delivery_redeliver", args=[sent.pk])
    assert client.get(url).status_code == 200
    assert WebhookDelivery.objects.count() == 1
    assert client.post(url).status_code == 302
    assert WebhookDelivery.objects.filter(redelivery_of=sent).count() == 1
