"""A valid POST to every route that changes something, by every role: the matrix that bites.

tests/test_role_matrix.py sends an empty POST, which a form page refuses whoever sends it. Here
each route's Route.valid_post body is a form filled in as a person would: the roles with the
right see it done (a redirect, no form errors, no error message, the database changed); every
other role gets the matrix's POST status and the database stays exactly as it was.
"""

import pytest
from django.conf import settings
from django.contrib.messages import constants, get_messages
from django.urls import reverse

from tests.conftest import db_fingerprint
from tests.matrix import ROLES, send
from tests.test_role_matrix import ROUTES, _login

# Routes that accept a POST but have no body that changes the database, and why.
NO_VALID_POST = {
    # Ends the session: only the sessions table changes, which the fingerprint leaves out.
    "logout": "writes only the session",
    # Hides the policy banner for the rest of the session; nothing is recorded.
    "policy:banner_dismiss": "writes only the session",
    # A valid body is a code from an authenticator app, which the matrix users do not have
    # (tests/people/test_second_factor.py posts real codes).
    "second_factor_verify": "needs a code from a device",
    "second_factor_off": "needs a code from a device",
    "recovery_codes": "needs a code from a device",
}

WRITE_ROUTES = [route for route in ROUTES if route.valid_post is not None]


def test_every_route_that_accepts_a_post_has_a_valid_body():
    missing = sorted(
        route.name
        for route in ROUTES
        if route.accepts_post() and route.valid_post is None and route.name not in NO_VALID_POST
    )
    assert not missing, f"Routes that accept a POST without a valid body (Route.valid_post): {missing}"
    stale = sorted(
        name
        for name in NO_VALID_POST
        if name not in {route.name for route in ROUTES if route.accepts_post() and route.valid_post is None}
    )
    assert not stale, f"NO_VALID_POST lists routes that have a body or refuse every POST: {stale}"


def _form_errors(response) -> list:
    """The errors of every form the answer re-displays."""
    forms = {}
    for context in response.context or []:
        for value in (context.flatten() if hasattr(context, "flatten") else context).values():
            if hasattr(value, "is_bound") and hasattr(value, "errors") and value.is_bound:
                forms[id(value)] = value
    return [error for form in forms.values() for error in form.errors.items()]


def _error_messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request) if m.level >= constants.WARNING]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("route", WRITE_ROUTES, ids=lambda r: r.name)
def test_valid_post(route, role, client, users_by_role, db):
    _login(client, users_by_role, role)
    url_kwargs = route.kwargs(users_by_role) if route.kwargs else {}
    url = reverse(route.name, kwargs=url_kwargs or None)
    data = route.valid_post(users_by_role, url_kwargs)
    before = db_fingerprint()
    response = send(client, route, "post", url, data)
    if role in route.roles_with_right():
        problems = _form_errors(response) + _error_messages(response)
        answer = problems or response.content
        assert response.status_code == route.done, f"valid POST {url} as {role}: {answer}"
        assert not problems, f"valid POST {url} as {role} was refused: {problems}"
        assert db_fingerprint() != before, f"valid POST {url} as {role} changed nothing"
    else:
        expected = (route.refused_status or route.post)[role]
        assert response.status_code == expected, f"valid POST {url} as {role}"
        if role == "anonymous" and response.status_code == 302:
            assert response.url.startswith(reverse(settings.LOGIN_URL))
        assert db_fingerprint() == before, f"valid POST {url} as {role} changed the database"
