"""The language the product speaks: the browser's, unless the person chose one; dates and numbers follow.

The pages' own texts read in German, French or Spanish (the catalogues are complete:
tests/core/test_catalogues.py); the language each request is answered in, the formats, Django's own texts.
"""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from core.formatting import date_text, datetime_text, number_text
from core.models import Preference
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_afterwards():
    """A request leaves its language active in the thread; the next test starts in English again."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


def _sign_in(client, user):
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]


def test_a_german_browser_gets_the_sign_in_page_in_german(client):
    response = client.post(
        reverse("login"), {"username": "", "password": ""}, HTTP_ACCEPT_LANGUAGE="de-DE,de;q=0.9"
    )
    assert response["Content-Language"] == "de"
    # Django's own text, from Django's German catalogue.
    assert "Dieses Feld ist zwingend erforderlich." in response.content.decode()


def test_a_browser_asking_for_an_unoffered_language_gets_english(client):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="ja")
    assert response["Content-Language"] == "en-gb"


def test_a_person_who_chose_french_reads_french_whatever_the_browser(client):
    user = UserFactory()
    _sign_in(client, user)
    response = client.post(reverse("language"), {"language": "fr", "next": reverse("account")})
    assert response.status_code == 302
    assert response.url == reverse("account")
    assert Preference.objects.get(user=user).language == "fr"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fr"
    page = client.get(reverse("account"), HTTP_ACCEPT_LANGUAGE="de")
    assert page["Content-Language"] == "fr"


def test_the_choice_follows_the_person_to_a_new_browser(client):
    user = UserFactory()
    Preference.objects.create(user=user, language="es")
    _sign_in(client, user)
    page = client.get(reverse("account"), HTTP_ACCEPT_LANGUAGE="de")
    assert page["Content-Language"] == "es"


def test_going_back_to_the_browser_language(client):
    user = UserFactory()
    Preference.objects.create(user=user, language="fr")
    _sign_in(client, user)
    response = client.post(reverse("language"), {"language": "browser"})
    assert Preference.objects.get(user=user).language == ""
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == ""  # the cookie is deleted
    page = client.get(reverse("account"), HTTP_ACCEPT_LANGUAGE="de")
    assert page["Content-Language"] == "de"


def test_a_language_not_offered_is_refused_and_nothing_changes(client):
    user = UserFactory()
    _sign_in(client, user)
    response = client.post(reverse("language"), {"language": "xx"}, follow=True)
    assert "Choose one of the languages offered." in response.content.decode()
    assert not Preference.objects.filter(user=user).exists()


def test_before_signing_in_the_choice_is_a_cookie_and_leads_back_to_the_sign_in_page(client):
    login = reverse("login")
    response = client.post(reverse("language"), {"language": "de", "next": f"{login}?next=/objectives/"})
    assert response.status_code == 302
    assert response.url == f"{login}?next=/objectives/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "de"
    assert client.get(login)["Content-Language"] == "de"
    # Anywhere else than the sign-in page is not offered as a target.
    response = client.post(reverse("language"), {"language": "de", "next": "/objectives/"})
    assert response.url == login


@pytest.mark.parametrize(
    ("language", "day", "moment", "amount"),
    [
        ("en-gb", "2 Dec 2026", "2 Dec 2026, 14:05", "14,500.5 EUR"),
        ("de", "02.12.2026", "02.12.2026, 14:05", "14.500,5 EUR"),
        ("fr", "2 déc. 2026", "2 déc. 2026, 14:05", "14\u202f500,5 EUR"),
        ("es", "2 dic. 2026", "2 dic. 2026, 14:05", "14\u202f500,5 EUR"),
    ],
)
def test_dates_and_numbers_follow_the_language(language, day, moment, amount):
    with translation.override(language):
        assert date_text(datetime.date(2026, 12, 2)) == day
        assert datetime_text(datetime.datetime(2026, 12, 2, 14, 5)) == moment
        assert number_text("14500.50", "EUR").replace("\xa0", "\u202f") == amount.replace("\xa0", "\u202f")


@pytest.mark.parametrize(
    ("language", "word"), [("de", "Ihr Konto"), ("fr", "Votre compte"), ("es", "Su cuenta")]
)
def test_the_account_page_reads_in_the_chosen_language(client, language, word):
    user = UserFactory()
    Preference.objects.create(user=user, language=language)
    _sign_in(client, user)
    page = client.get(reverse("account")).content.decode()
    assert word in page
    assert "Your account" not in page


@pytest.mark.parametrize(
    ("accept", "answered"),
    [("en-US,en;q=0.9", "en-gb"), ("de-AT", "de"), ("fr-CA,fr;q=0.8", "fr"), ("es-MX", "es")],
)
def test_regional_browser_languages_get_the_language_offered(client, accept, answered):
    assert client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE=accept)["Content-Language"] == answered


def test_a_file_made_in_the_background_is_written_in_the_language_it_was_asked_in():
    import tests.core.factories  # noqa: F401 - registers the test job kinds
    from core import jobs

    user = UserFactory()
    with translation.override("de"):
        job = jobs.job_request(kind="test-language", label="Datum", by=user)
    assert job.language == "de"
    jobs.job_run(job_id=job.pk)  # what the worker does, outside any request
    job.refresh_from_db()
    assert job.status == job.Status.DONE
    with job.result.open("rb") as handle:
        assert handle.read().decode() == "02.12.2026"
