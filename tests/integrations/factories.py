"""Webhook endpoints and deliveries made through the services, as a person would."""

from django.utils import timezone

from integrations import services
from integrations.models import WebhookDelivery, WebhookEndpoint, WebhookEvent
from tests.factories import UserFactory

ALL_EVENTS = list(WebhookEvent.values)


def endpoint(
    *, url="http://127.0.0.1:9/hook", events=None, by=None, active=True
) -> tuple[WebhookEndpoint, str]:
    """An endpoint (private addresses allowed by the caller's settings when the URL is local)."""
    return services.endpoint_create(
        url=url, events=events or ALL_EVENTS, active=active, by=by or UserFactory(role="quality")
    )


def delivery(
    endpoint: WebhookEndpoint, *, event=WebhookEvent.POLICY_APPROVED, body='{"x":1}'
) -> WebhookDelivery:
    now = timezone.now()
    return WebhookDelivery.objects.create(
        endpoint=endpoint, event=event, body=body, created_at=now, next_attempt_at=now
    )
