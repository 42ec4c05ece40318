"""Every URL of the project x every role x GET and POST, with the status each must get.

Permissions are enforced on the server; this proves it for each page, and proves that a
refused or empty POST leaves the database exactly as it was.
"""

from importlib import import_module
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.conftest import db_fingerprint
from tests.matrix import ROLES, send


def _declared_routes():
    """Every tests/<app>/matrix.py's ROUTES, discovered, so a new app's matrix cannot be forgotten."""
    routes = []
    for path in sorted(Path(__file__).parent.glob("*/matrix.py")):
        routes.extend(import_module(f"tests.{path.parent.name}.matrix").ROUTES)
    return routes


ROUTES = _declared_routes()


def _url_names(patterns=None, namespace=""):
    """Every named URL pattern of the project, with its namespace."""
    names = set()
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            child = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            names |= _url_names(entry.url_patterns, child)
        elif isinstance(entry, URLPattern):
            assert entry.name, f"URL pattern {entry.pattern} has no name, so the matrix cannot cover it"
            names.add(f"{namespace}{entry.name}")
    return names


def test_every_url_pattern_has_a_matrix_entry():
    declared = {route.name for route in ROUTES}
    missing = _url_names() - declared
    assert not missing, f"URL patterns without a role-matrix entry: {sorted(missing)}"
    stale = declared - _url_names()
    assert not stale, f"Matrix entries for URLs that no longer exist: {sorted(stale)}"


def _login(client, users_by_role, role):
    user = users_by_role[role]
    if user is not None:
        client.force_login(user)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.name)
def test_get(route, role, client, users_by_role, django_db_setup, db):
    _login(client, users_by_role, role)
    url = reverse(route.name, kwargs=route.kwargs(users_by_role) if route.kwargs else None)
    before = db_fingerprint()
    response = client.get(url)
    assert response.status_code == route.get[role], f"GET {url} as {role}"
    if role == "anonymous" and response.status_code == 302:
        assert response.url.startswith(reverse(settings.LOGIN_URL))
    assert db_fingerprint() == before, f"GET {url} as {role} changed the database"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.name)
def test_post(route, role, client, users_by_role, db):
    _login(client, users_by_role, role)
    url = reverse(route.name, kwargs=route.kwargs(users_by_role) if route.kwargs else None)
    data = route.post_data(users_by_role) if route.post_data else {}
    before = db_fingerprint()
    response = send(client, route, "post", url, data)
    assert response.status_code == route.post[role], f"POST {url} as {role}"
    if role == "anonymous" and response.status_code == 302:
        assert response.url.startswith(reverse(settings.LOGIN_URL))
    if role not in route.post_changes:
        assert db_fingerprint() == before, f"POST {url} as {role} changed the database"


OTHER_METHODS = [
    (route, method) for route in ROUTES for method in ("put", "patch", "delete") if getattr(route, method)
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("route", "method"), OTHER_METHODS, ids=lambda value: getattr(value, "name", value)
)
def test_put_patch_delete(route, method, role, client, users_by_role, db):
    _login(client, users_by_role, role)
    url = reverse(route.name, kwargs=route.kwargs(users_by_role) if route.kwargs else None)
    before = db_fingerprint()
    response = send(client, route, method, url)
    assert response.status_code == getattr(route, method)[role], f"{method.upper()} {url} as {role}"
    assert db_fingerprint() == before, f"{method.upper()} {url} as {role} changed the database"
