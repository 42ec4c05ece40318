"""The role matrix vocabulary: which status each role gets for each URL and method.

Each app declares its routes in tests/<app>/matrix.py as ROUTES = [Route(...)]. The matrix
test (tests/test_role_matrix.py) discovers every URL pattern of the project and fails when one
has no Route, so a new page cannot ship without its permissions being stated and tested.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

ROLES = ("anonymous", "employee", "top", "quality", "auditor")


def expect(anonymous=302, employee=403, top=403, quality=403, auditor=403) -> dict[str, int]:
    return {"anonymous": anonymous, "employee": employee, "top": top, "quality": quality, "auditor": auditor}


# Statuses that refuse a request outright: no credentials (the API), no permission, no such record,
# method not allowed.
REFUSED = (401, 403, 404, 405)

# Pages that every role reads and nobody else.
READ_ROLES = expect(top=200, quality=200, auditor=200)
# The same pages refuse POST: no permission -> 403, permission but read-only view -> 405.
READ_ROLES_POST = expect(top=405, quality=405, auditor=405)
# Pages for every logged-in user.
LOGGED_IN = expect(employee=200, top=200, quality=200, auditor=200)
LOGGED_IN_POST_405 = expect(employee=405, top=405, quality=405, auditor=405)


@dataclass(frozen=True)
class Route:
    """One URL pattern: how to build its arguments and what each role gets.

    kwargs builds the objects a URL needs (runs inside the test, with the database).
    post_data gives the body of the POST; by default an empty form, which must change nothing.
    post_changes lists the roles whose POST may legitimately change the database.
    valid_post gives a VALID body, from the users and the URL arguments kwargs built (the same
    objects). tests/test_valid_posts.py proves that it redirects and changes the database for the
    roles with the right (valid_by; by default every role whose POST is not refused), and that
    every other role gets the matrix's POST status (or refused_status, where a valid body is
    refused otherwise than an empty one) and changes nothing.

    An API route sends its bodies as JSON (json=True), answers a write done with `done` (a page
    redirects: 302), and states what PUT, PATCH and DELETE get (put, patch, delete); each of those
    must change nothing.
    """

    name: str
    get: dict[str, int]
    post: dict[str, int]
    kwargs: Callable[[dict], dict] | None = None
    post_data: Callable[[dict], dict] | None = None
    post_changes: frozenset[str] = field(default_factory=frozenset)
    valid_post: Callable[[dict, dict], dict] | None = None
    valid_by: frozenset[str] | None = None
    refused_status: dict[str, int] | None = None
    json: bool = False
    done: int = 302
    put: dict[str, int] | None = None
    patch: dict[str, int] | None = None
    delete: dict[str, int] | None = None

    def accepts_post(self) -> bool:
        """Whether some role's POST is neither refused nor sent to the login page."""
        return bool(self.roles_not_refused())

    def roles_not_refused(self) -> frozenset[str]:
        """The roles whose POST reaches the view's own handling."""
        return frozenset(
            role
            for role, status in self.post.items()
            if status not in REFUSED and not (role == "anonymous" and status == 302)
        )

    def roles_with_right(self) -> frozenset[str]:
        """The roles for whom the valid body must be done (a redirect that changes the database)."""
        return self.roles_not_refused() if self.valid_by is None else self.valid_by


def send(client, route: Route, method: str, url: str, data: dict | None = None, **headers):
    """The request the matrix makes: a form body for a page, JSON for an API route that takes JSON."""
    call = getattr(client, method)
    if method == "get":
        return call(url, **headers)
    if route.json or method in ("put", "patch", "delete"):
        return call(url, data or {}, content_type="application/json", **headers)
    return call(url, data or {}, **headers)


def no_body(users, kwargs) -> dict:
    """The valid POST of an action whose button is the whole form."""
    return {}


def form_data(form, **changes) -> dict:
    """The body a browser would send for an unbound form as it is shown, with some fields changed.

    An edit form shows the record's values, so an edit body is the record with `changes`.
    """
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None:
            continue
        if isinstance(value, list | tuple):
            data[name] = [getattr(item, "pk", item) for item in value]
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        else:
            data[name] = getattr(value, "pk", value)
    data.update(changes)
    return {name: value for name, value in data.items() if value is not None}
