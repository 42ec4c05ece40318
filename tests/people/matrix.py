"""Role matrix of the people pages: only people administrators (top management) reach them."""

from tests.factories import UserFactory
from tests.matrix import Route, expect, no_body

ADMIN_ONLY = expect(top=200)
ADMIN_ACTION = expect(top=302)
GET_NOT_ALLOWED = expect(top=405)


def _person(objects):
    return {"pk": UserFactory(username="matrix-person").pk}


def _inactive_person(objects):
    return {"pk": UserFactory(username="matrix-person", is_active=False).pk}


def _new_person(users, kwargs):
    return {
        "username": "new-colleague",
        "first_name": "Ada",
        "last_name": "Byron",
        "email": "ada@example.com",
        "role": "quality",
        "password": "a-first-password-for-ada-42",
    }


ROUTES = [
    Route("people:list", get=ADMIN_ONLY, post=expect(top=405)),
    Route("people:create", get=ADMIN_ONLY, post=ADMIN_ONLY, valid_post=_new_person),
    Route("people:detail", get=ADMIN_ONLY, post=expect(top=405), kwargs=_person),
    Route(
        "people:role",
        get=GET_NOT_ALLOWED,
        post=ADMIN_ACTION,
        kwargs=_person,
        valid_post=lambda users, kwargs: {"role": "auditor"},
    ),
    Route(
        "people:deactivate",
        get=GET_NOT_ALLOWED,
        post=ADMIN_ACTION,
        kwargs=_person,
        valid_post=lambda users, kwargs: {"reason": "Left the company in November"},
    ),
    # The button is the whole form: a POST lets the person sign in again.
    Route(
        "people:reactivate",
        get=GET_NOT_ALLOWED,
        post=ADMIN_ACTION,
        kwargs=_inactive_person,
        post_changes=frozenset({"top"}),
        valid_post=no_body,
    ),
    Route(
        "people:password_reset",
        get=GET_NOT_ALLOWED,
        post=ADMIN_ACTION,
        kwargs=_person,
        post_changes=frozenset({"top"}),
        valid_post=no_body,
    ),
    Route(
        "people:unlock",
        get=GET_NOT_ALLOWED,
        post=ADMIN_ACTION,
        kwargs=_person,
        post_changes=frozenset({"top"}),
        valid_post=no_body,
    ),
]
