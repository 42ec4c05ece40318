"""Write use cases of the integrations: endpoints, the outbox's dispatch, delivery attempts,
redelivery, and calendar feed links."""

from __future__ import annotations

import datetime
import hashlib
import logging
import secrets
import time
from dataclasses import dataclass

import requests
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import permissions
from core.history import record_change
from core.models import OutboxEvent
from integrations import addresses, payloads, signing
from integrations.models import CalendarFeed, WebhookAttempt, WebhookDelivery, WebhookEndpoint, WebhookEvent

logger = logging.getLogger(__name__)

NOT_ALLOWED = gettext_lazy("Only top management and the quality manager manage webhooks.")


# --- endpoints ----------------------------------------------------------------------------------


def _clean_endpoint(endpoint: WebhookEndpoint) -> None:
    unknown = [name for name in endpoint.events if name not in WebhookEvent.values]
    if unknown or not endpoint.events:
        raise ValidationError({"events": _("Choose at least one of the events offered.")})
    endpoint.events = [name for name in WebhookEvent.values if name in endpoint.events]
    endpoint.full_clean()
    addresses.check_url(endpoint.url)


@transaction.atomic
def endpoint_create(
    *, url: str, events: list[str], by, description: str = "", active: bool = True
) -> tuple[WebhookEndpoint, str]:
    """Register an address for some events; returns the endpoint and its secret (shown once)."""
    permissions.require(permissions.may_manage_webhooks(by), str(NOT_ALLOWED))
    secret = signing.new_secret()
    endpoint = WebhookEndpoint(
        url=url,
        events=list(events),
        description=description,
        active=active,
        created_by=by,
        secret_encrypted=signing.encrypt(secret),
    )
    _clean_endpoint(endpoint)
    record_change(endpoint, by=by, reason="Webhook endpoint registered")
    endpoint.save()
    return endpoint, secret


@transaction.atomic
def endpoint_update(
    *,
    endpoint: WebhookEndpoint,
    by,
    url: str,
    events: list[str],
    active: bool,
    description: str = "",
    new_secret: bool = False,
) -> str | None:
    """Change an endpoint; with `new_secret`, a fresh secret replaces the old one (returned, shown once)."""
    permissions.require(permissions.may_manage_webhooks(by), str(NOT_ALLOWED))
    endpoint = WebhookEndpoint.objects.select_for_update().get(pk=endpoint.pk)
    endpoint.url, endpoint.events, endpoint.active, endpoint.description = (
        url,
        list(events),
        active,
        description,
    )
    secret = signing.new_secret() if new_secret else None
    if secret:
        endpoint.secret_encrypted = signing.encrypt(secret)
    _clean_endpoint(endpoint)
    record_change(endpoint, by=by, reason="New secret" if secret else "Webhook endpoint changed")
    endpoint.save()
    return secret


# --- from the outbox to deliveries --------------------------------------------------------------


def _subscriptions() -> list[tuple[int, set[str]]]:
    return [
        (pk, set(names))
        for pk, names in WebhookEndpoint.objects.filter(active=True).values_list("pk", "events")
    ]


def events_wanted(kind: str) -> bool:
    """The outbox listener's question: does an active endpoint want what this kind can become?"""
    wanted = payloads.webhook_events_from(kind)
    return any(names & wanted for _, names in _subscriptions())


def dispatch_soon() -> None:
    """After a commit that wrote events: a worker turns them into deliveries (beat catches up when
    the broker is away)."""
    from integrations.tasks import dispatch_events

    try:
        _publish(dispatch_events, [()])
    except Exception:  # noqa: BLE001 - runs after the change committed: never fail the request for it
        logger.warning("Could not queue the webhook dispatch; the next sweep will do it.", exc_info=True)


def _publish(task, calls: list[tuple]) -> None:
    from qms_leadership.celery import publish

    publish(task, [(args, {}) for args in calls])


def _send_soon(delivery_ids: list[int]) -> None:
    from integrations.tasks import deliver_webhook

    def send() -> None:
        try:
            _publish(deliver_webhook, [(pk,) for pk in delivery_ids])
        except Exception:  # noqa: BLE001 - after the commit; the sweep re-sends what is left pending
            logger.warning(
                "Could not queue %s webhook deliveries; the sweep re-sends them.",
                len(delivery_ids),
                exc_info=True,
            )

    if delivery_ids:
        transaction.on_commit(send)


DISPATCH_BATCH = 500


def dispatch_events(*, batch: int = DISPATCH_BATCH) -> int:
    """Turn waiting outbox events into one delivery per subscribed endpoint; returns how many.

    Batches are taken with SKIP LOCKED, so two workers dispatching at once share the work and
    never make a delivery twice; each batch's events are deleted with its deliveries written.
    """
    made = 0
    while True:
        with transaction.atomic():
            events = list(OutboxEvent.objects.select_for_update(skip_locked=True).order_by("pk")[:batch])
            if not events:
                return made
            subscriptions = _subscriptions()
            now = timezone.now()
            deliveries = [
                WebhookDelivery(endpoint_id=pk, event=name, body=body, created_at=now, next_attempt_at=now)
                for name, body in payloads.build(events)
                for pk, names in subscriptions
                if name in names
            ]
            WebhookDelivery.objects.bulk_create(deliveries, batch_size=1000)
            OutboxEvent.objects.filter(pk__in=[event.pk for event in events]).delete()
            _send_soon([delivery.pk for delivery in deliveries])
            made += len(deliveries)


# --- sending ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class AttemptOutcome:
    """What became of an attempt: the delivery's status, and when to try again (None: never)."""

    status: str
    retry_in: float | None = None


def backoff(attempt: int) -> float:
    """Seconds before the next attempt: doubling from QMS_WEBHOOK_RETRY_SECONDS, at most an hour."""
    return min(settings.QMS_WEBHOOK_RETRY_SECONDS * 2 ** (attempt - 1), 3600)


def signed_headers(*, secret: str, delivery: WebhookDelivery, body: bytes, timestamp: int) -> dict[str, str]:
    return {
        "Content-Type": "application/json",
        "User-Agent": "qms-leadership-webhooks",
        signing.EVENT_HEADER: delivery.event,
        signing.DELIVERY_HEADER: str(delivery.delivery_id),
        signing.TIMESTAMP_HEADER: str(timestamp),
        signing.SIGNATURE_HEADER: signing.signature(secret, timestamp, body),
    }


def _post(delivery: WebhookDelivery) -> tuple[int | None, str]:
    """One signed POST; (status code or None, error text). Redirects are not followed."""
    endpoint = delivery.endpoint
    try:
        addresses.check_url(endpoint.url)
        secret = signing.decrypt(endpoint.secret_encrypted)
    except ValidationError as error:
        return None, " ".join(error.messages)
    except signing.SecretUnreadable:
        return None, _("The secret can no longer be read: give the endpoint a new secret.")
    body = delivery.body.encode()
    headers = signed_headers(secret=secret, delivery=delivery, body=body, timestamp=int(time.time()))
    timeout = settings.QMS_WEBHOOK_TIMEOUT
    try:
        response = requests.post(
            endpoint.url, data=body, headers=headers, timeout=timeout, allow_redirects=False
        )
    except requests.Timeout:
        return None, _("No answer within %(seconds)s seconds.") % {"seconds": timeout}
    except requests.RequestException as exc:
        return None, f"{type(exc).__name__}: {exc}"[:300]
    response.close()
    return response.status_code, "" if response.ok else response.reason[:300]


def delivery_attempt(*, delivery_id: int) -> AttemptOutcome:
    """Send one attempt of a pending delivery and log it; a finished one is left alone.

    The row stays locked while the request is in flight, so a retry and a sweep of the same delivery
    never both send it: the second finds it delivered.
    """
    with transaction.atomic():
        delivery = (
            WebhookDelivery.objects.select_for_update(of=("self",))
            .select_related("endpoint")
            .filter(pk=delivery_id)
            .first()
        )
        if delivery is None or delivery.status != WebhookDelivery.Status.PENDING:
            return AttemptOutcome(delivery.status if delivery else "missing")
        number = delivery.attempts + 1
        sent_at = timezone.now()
        started = time.monotonic()
        if delivery.endpoint.active:
            status_code, error = _post(delivery)
        else:
            status_code, error = None, _("The endpoint is switched off.")
        WebhookAttempt.objects.create(
            delivery=delivery,
            number=number,
            sent_at=sent_at,
            status_code=status_code,
            duration_ms=round((time.monotonic() - started) * 1000),
            error=error[:300],
        )
        delivery.attempts = number
        retry_in = None
        if status_code is not None and 200 <= status_code < 300:
            delivery.status, delivery.next_attempt_at = WebhookDelivery.Status.SUCCEEDED, None
        elif number >= settings.QMS_WEBHOOK_MAX_ATTEMPTS or not delivery.endpoint.active:
            delivery.status, delivery.next_attempt_at = WebhookDelivery.Status.FAILED, None
        else:
            retry_in = backoff(number)
            delivery.next_attempt_at = sent_at + datetime.timedelta(seconds=retry_in)
        delivery.save(update_fields=["attempts", "status", "next_attempt_at"])
        return AttemptOutcome(delivery.status, retry_in)


@transaction.atomic
def delivery_redeliver(*, delivery: WebhookDelivery, by) -> WebhookDelivery:
    """Send an event again, as a new delivery (a new delivery id) with the same body."""
    permissions.require(permissions.may_manage_webhooks(by), str(NOT_ALLOWED))
    again = WebhookDelivery.objects.create(
        endpoint=delivery.endpoint,
        event=delivery.event,
        body=delivery.body,
        created_at=timezone.now(),
        next_attempt_at=timezone.now(),
        redelivery_of=delivery,
        requested_by=by,
    )
    _send_soon([again.pk])
    return again


LOST_AFTER = datetime.timedelta(minutes=10)


def deliveries_resend_lost(*, now: datetime.datetime | None = None) -> int:
    """The sweep: queue again the pending deliveries whose next attempt is long past (their task was
    lost with a broker or a worker); a delivery already sent is left as it is by its lock."""
    now = now or timezone.now()
    ids = list(
        WebhookDelivery.objects.filter(
            status=WebhookDelivery.Status.PENDING, next_attempt_at__lt=now - LOST_AFTER
        ).values_list("pk", flat=True)[:1000]
    )
    with transaction.atomic():
        _send_soon(ids)
    return len(ids)


# --- calendar feeds ---------------------------------------------------------------------------


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _may_have(user, scope: str) -> bool:
    if scope == CalendarFeed.Scope.ORGANISATION:
        return permissions.may_subscribe_organisation_calendar(user)
    return permissions.may_subscribe_calendar(user)


@transaction.atomic
def feed_create(*, by, scope: str = CalendarFeed.Scope.PERSONAL) -> str:
    """A new secret calendar address for `by` (the previous one of that kind stops working);
    returns the token, which is shown once and stored only as its hash."""
    permissions.require(_may_have(by, scope), _("This calendar is not offered to you."))
    CalendarFeed.objects.filter(user=by, scope=scope, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    token = secrets.token_urlsafe(32)
    feed = CalendarFeed(user=by, scope=scope, token_hash=token_hash(token))
    feed.full_clean()
    feed.save()
    return token


@transaction.atomic
def feed_revoke(*, feed: CalendarFeed, by) -> None:
    """Stop a calendar address from working (only its owner does)."""
    permissions.require(feed.user_id == by.pk, _("Only the person it belongs to revokes a calendar link."))
    CalendarFeed.objects.filter(pk=feed.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())


def feed_for_token(token: str) -> CalendarFeed | None:
    """The live feed of this token, if its owner may still have it (one query, plus the role check)."""
    feed = (
        CalendarFeed.objects.select_related("user")
        .filter(token_hash=token_hash(token), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if feed is None or not _may_have(feed.user, feed.scope):
        return None
    return feed
