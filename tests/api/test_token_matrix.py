"""The API's role matrix once more, with each role's personal access token instead of a session.

A read-and-write token gets exactly what the person's session gets (the same rules answer); a
read-only token, and any token of an auditor, is refused every write, and a refused request
changes nothing.
"""

import pytest
from django.urls import reverse

from tests.api.conftest import bearer
from tests.conftest import db_fingerprint
from tests.matrix import ROLES, send
from tests.test_role_matrix import ROUTES

API_ROUTES = [route for route in ROUTES if route.name.startswith("api:") and route.put is not None]
API_WRITES = [route for route in API_ROUTES if route.valid_post is not None]
# PUT, PATCH and DELETE: tests/test_role_matrix.py::test_put_patch_delete (no endpoint offers them).
METHODS = ("get", "post")
SIGNED_IN = [role for role in ROLES if role != "anonymous"]


def _url(route, users):
    kwargs = route.kwargs(users) if route.kwargs else {}
    return kwargs, reverse(route.name, kwargs=kwargs or None)


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("role", SIGNED_IN)
@pytest.mark.parametrize("route", API_ROUTES, ids=lambda r: r.name)
def test_token_gets_what_the_session_gets(route, role, method, client, users_by_role, tokens_by_role):
    _kwargs, url = _url(route, users_by_role)
    data = route.post_data(users_by_role) if route.post_data and method == "post" else None
    before = db_fingerprint()
    response = send(client, route, method, url, data, **bearer(tokens_by_role[role]))
    assert response.status_code == getattr(route, method)[role], f"{method.upper()} {url} as {role}"
    if not (method == "post" and role in route.post_changes):
        assert db_fingerprint() == before, f"{method.upper()} {url} as {role} changed the database"


@pytest.mark.parametrize("role", SIGNED_IN)
@pytest.mark.parametrize("route", API_WRITES, ids=lambda r: r.name)
def test_valid_write_with_a_token(route, role, client, users_by_role, tokens_by_role):
    kwargs, url = _url(route, users_by_role)
    data = route.valid_post(users_by_role, kwargs)
    before = db_fingerprint()
    response = send(client, route, "post", url, data, **bearer(tokens_by_role[role]))
    if role in route.roles_with_right():
        assert response.status_code == route.done, f"valid POST {url} as {role}: {response.content}"
        assert db_fingerprint() != before
    else:
        assert response.status_code == (route.refused_status or route.post)[role], (
            f"valid POST {url} as {role}"
        )
        assert db_fingerprint() == before, f"valid POST {url} as {role} changed the database"


@pytest.mark.parametrize("role", SIGNED_IN)
@pytest.mark.parametrize("route", API_WRITES, ids=lambda r: r.name)
def test_read_only_token_never_writes(route, role, client, users_by_role, read_tokens_by_role):
    kwargs, url = _url(route, users_by_role)
    data = route.valid_post(users_by_role, kwargs)
    before = db_fingerprint()
    response = send(client, route, "post", url, data, **bearer(read_tokens_by_role[role]))
    assert response.status_code == 403, f"valid POST {url} with {role}'s read-only token"
    assert "only reads" in response.json()["detail"]
    assert db_fingerprint() == before
