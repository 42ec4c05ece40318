"""The Celery app; tasks are discovered in each app's tasks.py."""

import os

from celery import Celery
from celery.signals import worker_ready

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qms_leadership.settings")

app = Celery("qms_leadership")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def ensure_local_broker_folders() -> None:
    """The filesystem transport needs its folders before the first message is sent."""
    from django.conf import settings

    options = settings.CELERY_BROKER_TRANSPORT_OPTIONS
    for key in ("data_folder_in", "data_folder_out", "processed_folder", "control_folder"):
        if key in options:
            os.makedirs(options[key], exist_ok=True)
    backend = settings.CELERY_RESULT_BACKEND or ""
    if backend.startswith("file://"):
        os.makedirs(backend.removeprefix("file://"), exist_ok=True)


def broker_connection(timeout: float):
    """A connection to the configured broker whose every socket call gives up after `timeout` s.

    Web requests use it (queueing a job, the health probe), so a broker that is down or hung costs
    a request a few seconds at most, never a worker.
    """
    from django.conf import settings

    return app.connection_for_write(
        url=settings.CELERY_BROKER_URL,
        connect_timeout=timeout,
        transport_options={"socket_timeout": timeout, "socket_connect_timeout": timeout},
    )


def publish(task, calls, timeout: float | None = None) -> None:
    """Send `task` once per (args, kwargs) in `calls` over one bounded connection: no retries, no
    result subscription. A refused or timed-out socket raises kombu's OperationalError."""
    import kombu.exceptions
    from django.conf import settings

    try:
        with broker_connection(timeout or settings.QMS_BROKER_TIMEOUT) as conn:
            for args, kwargs in calls:
                task.apply_async(args, kwargs, connection=conn, retry=False, ignore_result=True)
    except OSError as exc:
        raise kombu.exceptions.OperationalError(str(exc)) from exc


@worker_ready.connect
def catch_up_on_start(sender=None, **kwargs) -> None:
    """A worker that starts after an outage runs the daily scan at once if it is overdue."""
    from findings.tasks import catch_up

    catch_up.delay()
