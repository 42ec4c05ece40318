"""The product's own error pages: in its layout, saying what happened and what to do."""

import pytest
from django.test import Client
from django.urls import reverse

from qms_leadership.roles import QUALITY_MANAGER, TOP_MANAGEMENT, roles_granted
from tests.reviews.factories import held_review


def test_roles_granted_reads_the_role_declarations():
    assert roles_granted("reviews.signoff_managementreview") == [TOP_MANAGEMENT]
    assert QUALITY_MANAGER in roles_granted("reviews.view_managementreview")


@pytest.mark.django_db
def test_refused_sign_off_names_the_role_that_may_do_it(client, quality_user):
    review = held_review()
    client.force_login(quality_user)
    response = client.post(reverse("reviews:sign_off", args=[review.pk]))
    page = response.content.decode()
    assert response.status_code == 403
    assert 'data-testid="error-403"' in page and "Main navigation" in page
    assert f"<strong>{TOP_MANAGEMENT}</strong> may do it" in page
    assert "Go to your home page" in page


@pytest.mark.django_db
def test_refusal_from_a_service_shows_its_reason(client, employee_user):
    client.force_login(employee_user)
    response = client.get(reverse("reviews:list"))
    assert response.status_code == 403
    assert "may do it" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("debug", [False, True])
def test_unknown_address_shows_the_branded_404_also_in_the_local_run(client, top_user, settings, debug):
    settings.DEBUG = debug
    client.force_login(top_user)
    response = client.get("/no/such/page/")
    page = response.content.decode()
    assert response.status_code == 404
    assert 'data-testid="error-404"' in page and "/no/such/page/" in page
    assert "Main navigation" in page


@pytest.mark.django_db
def test_missing_record_shows_the_branded_404(client, top_user):
    client.force_login(top_user)
    response = client.get(reverse("reviews:detail", args=[987654]))
    assert response.status_code == 404
    assert 'data-testid="error-404"' in response.content.decode()


def test_server_error_page_renders_without_a_database(settings):
    from core.errors import server_error

    response = server_error(None)
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()


@pytest.mark.django_db
def test_bad_request_page_is_in_the_layout(rf, top_user):
    from core.errors import bad_request

    request = rf.get("/")
    request.user = top_user
    response = bad_request(request)
    assert response.status_code == 400
    assert "could not be read" in response.content.decode()


@pytest.mark.django_db
def test_anonymous_visitors_are_still_sent_to_sign_in():
    response = Client().get(reverse("reviews:list"))
    assert response.status_code == 302
