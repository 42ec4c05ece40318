"""Role matrix of the people pages: only people administrators (top management) reach them."""

from tests.factories import UserFactory
from tests.matrix import Route, expect

ADMIN_ONLY = expect(top=200)
ADMIN_ACTION = expect(top=302)
GET_NOT_ALLOWED = expect(top=405)


def _person(objects):
    return {"pk": UserFactory(username="matrix-person").pk}


ROUTES = [
    Route("people:list", get=ADMIN_ONLY, post=expect(top=405)),
    Route("people:create", get=ADMIN_ONLY, post=ADMIN_ONLY),
    Route("people:detail", get=ADMIN_ONLY, post=expect(top=405), kwargs=_person),
    Route("people:role", get=GET_NOT_ALLOWED, post=ADMIN_ACTION, kwargs=_person),
    Route("people:deactivate", get=GET_NOT_ALLOWED, post=ADMIN_ACTION, kwargs=_person),
    Route("people:reactivate", get=GET_NOT_ALLOWED, post=ADMIN_ACTION, kwargs=_person),
    Route(
        "people:password_reset",
        get=GET_NOT_ALLOWED,
        post=ADMIN_ACTION,
        kwargs=_person,
        post_changes=frozenset({"top"}),
    ),
    Route(
        "people:unlock",
        get=GET_NOT_ALLOWED,
        post=ADMIN_ACTION,
        kwargs=_person,
        post_changes=frozenset({"top"}),
    ),
]
