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
    """

    name: str
    get: dict[str, int]
    post: dict[str, int]
    kwargs: Callable[[dict], dict] | None = None
    post_data: Callable[[dict], dict] | None = None
    post_changes: frozenset[str] = field(default_factory=frozenset)
