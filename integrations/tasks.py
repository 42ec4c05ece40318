"""Background jobs of the integrations: dispatch the outbox, send deliveries, sweep lost ones."""

from celery import shared_task

from integrations import services


@shared_task(acks_late=True)
def dispatch_events() -> int:
    """Turn waiting events into deliveries (queued after each commit that wrote events)."""
    return services.dispatch_events()


@shared_task(bind=True, acks_late=True, max_retries=None)
def deliver_webhook(self, delivery_id: int) -> str:
    """One attempt of a delivery; a failed one is retried with exponential backoff until the
    attempts allowed by QMS_WEBHOOK_MAX_ATTEMPTS are spent (the service counts them)."""
    outcome = services.delivery_attempt(delivery_id=delivery_id)
    if outcome.retry_in is not None:
        raise self.retry(countdown=outcome.retry_in)
    return outcome.status


@shared_task(acks_late=True)
def sweep() -> int:
    """Every few minutes: dispatch events left waiting (the broker was away) and re-send
    deliveries whose task was lost."""
    services.dispatch_events()
    return services.deliveries_resend_lost()
