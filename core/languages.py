"""The language the product speaks to each person.

Anonymous pages follow the `django_language` cookie, else the browser (Django's LocaleMiddleware).
A signed-in person's own choice (core.models.Preference, set on their account page) wins over both: it is
put in the session when they sign in, so no page reads it from the database, and
PersonLanguageMiddleware turns it on for each of their requests.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import translation

from core.models import Preference

# The session key holding the person's choice: a language code, or "" for the browser's language.
SESSION_KEY = "qms_language"


def language_of(user) -> str:
    """The language `user` chose ("" when they let the browser decide)."""
    return Preference.objects.filter(user=user).values_list("language", flat=True).first() or ""


def remember_on_sign_in(sender, request, user, **kwargs) -> None:
    """At sign-in, copy the person's choice into the session (receiver of user_logged_in)."""
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_KEY] = language_of(user)


def set_cookie(response, language: str) -> None:
    """Remember the choice in the browser too, so the sign-in page speaks it after signing out."""
    if language:
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        )
    else:
        response.delete_cookie(settings.LANGUAGE_COOKIE_NAME, samesite=settings.LANGUAGE_COOKIE_SAMESITE)


class PersonLanguageMiddleware:
    """Turn on the language a signed-in person chose (after AuthenticationMiddleware)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            language = request.session.get(SESSION_KEY)
            if language is None:
                # A session begun before the choice existed: read it once.
                language = request.session[SESSION_KEY] = language_of(user)
            if language and language in dict(settings.LANGUAGES):
                translation.activate(language)
                request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)
