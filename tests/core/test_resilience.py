"""A dropped database connection: a read is retried once on a fresh connection; when the database
stays away, people see the product's own error page, never a bare 500."""

import os

import psycopg2
import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory

needs_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql" and os.environ.get("REQUIRE_SERVICES") != "1",
    reason="cuts a real PostgreSQL connection (set DATABASE_URL); CI runs it",
)


def _terminate_backend(pid: int) -> None:
    """Cut a database session from outside, as a PostgreSQL restart does."""
    db = settings.DATABASES["default"]
    admin = psycopg2.connect(
        dbname=db["NAME"],
        user=db["USER"],
        password=db["PASSWORD"] or None,
        host=db["HOST"] or "127.0.0.1",
        port=db["PORT"] or 5432,
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    admin.close()


class CutConnection:
    """An execute wrapper that cuts the request's connection before a query (`times` times)."""

    def __init__(self, times: int, after: int = 2):
        self.times, self.after, self.queries, self.cuts = times, after, 0, 0

    def __call__(self, execute, sql, params, many, context):
        self.queries += 1
        if self.cuts < self.times and self.queries > self.after:
            self.cuts += 1
            _terminate_backend(context["connection"].connection.info.backend_pid)
        return execute(sql, params, many, context)


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_a_read_survives_a_connection_dropped_in_the_middle():
    client = Client(raise_request_exception=False)
    client.force_login(UserFactory(username="quality-retry", role="quality"))
    cut = CutConnection(times=1)
    with connection.execute_wrapper(cut):
        response = client.get(reverse("objectives:list"))
    connection.close()
    assert cut.cuts == 1
    assert response.status_code == 200
    assert "Objectives" in response.content.decode()


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_a_database_that_stays_away_shows_the_products_error_page():
    client = Client(raise_request_exception=False)
    client.force_login(UserFactory(username="quality-retry", role="quality"))
    cut = CutConnection(times=100)
    with connection.execute_wrapper(cut):
        response = client.get(reverse("objectives:list"))
    connection.close()  # the last cut connection; the test's clean-up opens a fresh one
    assert response.status_code == 500
    page = response.content.decode()
    assert "Something went wrong on our side" in page and "reload the page" in page
    assert cut.cuts >= 2  # the retry ran


def test_the_error_page_renders_without_a_request_or_a_database():
    from django.template.loader import render_to_string

    page = render_to_string("500.html")
    assert "Something went wrong on our side" in page
