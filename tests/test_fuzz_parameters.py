"""Malformed input never answers 5xx: every route, every GET and POST parameter, hostile values.

Routes come from the role matrix (which discovers every URL pattern), so a page added later is
fuzzed too. A route's parameters are its form's and filter's fields, the names of the inputs its
page shows, and the query parameters the product uses everywhere (page, sort, dates...).
"""

import re

import pytest
from django.urls import resolve, reverse
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.test_role_matrix import ROUTES

COMMON = {
    "page", "sort", "order", "q", "archived", "format", "fmt", "kind", "next", "version", "old", "new",
    "start", "end", "as_of", "date", "register", "status", "owner", "reason", "cursor", "after", "before",
}  # fmt: skip
HOSTILE = [
    "abc", "", " ", "0", "-1", "1.5", "-0", "99999999999999999999999", "1e309", "NaN", "inf",
    "0001-01-01", "9999-12-31", "2026-02-30", "2026-13-01", "10000-01-01", "1900-01-01T25:61",
    "\x00", "a\x00b", "' OR 1=1 --", "<script>alert(1)</script>", "x" * 5000, "１２", "＝1+1",
    "null", "[]", "{}", "%", "../../etc/passwd", "2147483648", "-9223372036854775809",
]  # fmt: skip
# Each of these is also sent in every parameter at once, as a fixed example.
EVERYWHERE = ["abc", "0001-01-01", "9999-12-31", "99999999999999999999999", "a\x00b"]
VALUES = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=40), st.integers().map(str))
NAME_ATTRIBUTE = re.compile(r'\bname="([^"]{1,80})"')


def _view_fields(url: str) -> set[str]:
    view_class = getattr(resolve(url).func, "view_class", None)
    names: set[str] = set()
    for attribute in ("form_class", "filterset_class"):
        declared = getattr(view_class, attribute, None)
        names |= set(getattr(declared, "base_fields", None) or getattr(declared, "base_filters", None) or {})
    return names


def _parameters(client, url: str) -> list[str]:
    names = COMMON | _view_fields(url)
    response = client.get(url)
    if response.status_code == 200 and "html" in response.get("Content-Type", ""):
        names |= set(NAME_ATTRIBUTE.findall(response.content.decode(errors="replace")))
    return sorted(names - {"csrfmiddlewaretoken"})


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.name)
def test_hostile_parameters_never_answer_5xx(route, client, users_by_role, db):
    url = reverse(route.name, kwargs=route.kwargs(users_by_role) if route.kwargs else None)
    client.force_login(users_by_role["quality"])
    names = _parameters(client, url)

    def everywhere(check):
        for value in EVERYWHERE:
            check = example(role="quality", params=dict.fromkeys(names, value))(check)
        return check

    @settings(
        max_examples=3,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(
        role=st.sampled_from(["quality", "top", "employee"]),
        params=st.dictionaries(st.sampled_from(names), VALUES, max_size=8),
    )
    @everywhere
    def check(role, params):
        client.force_login(users_by_role[role])
        for method in (client.get, client.post):
            response = method(url, params)
            assert response.status_code < 500, f"{method.__name__.upper()} {url} {params!r} as {role}"

    check()
