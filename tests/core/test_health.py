import time

import pytest

from core import health


@pytest.mark.django_db
def test_anonymous_healthz_says_only_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_staff_see_database_and_broker(client, quality_user):
    client.force_login(quality_user)
    body = client.get("/healthz").json()
    assert body["status"] == "ok"
    assert body["database"] == "ok"
    assert body["broker"] == "ok"
    assert "last_scheduler_heartbeat" in body


@pytest.mark.django_db
def test_an_employee_without_a_role_sees_no_details(client, employee_user):
    client.force_login(employee_user)
    assert client.get("/healthz").json() == {"status": "ok"}


@pytest.mark.django_db
def test_a_broker_that_is_down_is_reported_but_not_fatal(client, settings, quality_user):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    settings.QMS_HEALTH_TIMEOUT = 5  # a refused connection answers at once; slack for a loaded machine
    if health._broker_probe.thread is not None:
        health._broker_probe.thread.join(timeout=10)  # no probe of an earlier test still in flight
    client.force_login(quality_user)
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert response.json()["broker"] == "unreachable"
    assert response.json()["database"] == "ok"


@pytest.mark.django_db
def test_a_hung_broker_leaves_healthz_answering_within_the_probe_timeout(
    client, settings, quality_user, hung_broker
):
    settings.CELERY_BROKER_URL = hung_broker
    settings.QMS_HEALTH_TIMEOUT = 0.5
    client.force_login(quality_user)
    started = time.monotonic()
    response = client.get("/healthz")
    elapsed = time.monotonic() - started
    assert response.status_code == 200
    assert response.json()["broker"] == "not answering within 0.5 s"
    # A second probe while the first still waits starts no new connection and answers at once.
    assert client.get("/healthz").json()["broker"] == "not answering within 0.5 s"
    assert elapsed < 2, elapsed  # generous: the probe itself waits 0.5 s
    health._broker_probe.thread.join(timeout=5)  # the socket timeout ends the probe thread too
    assert not health._broker_probe.thread.is_alive()


def test_liveness_touches_no_database(client):
    response = client.get("/healthz/live")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
