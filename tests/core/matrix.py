from tests.factories import PASSWORD
from tests.matrix import LOGGED_IN, LOGGED_IN_POST_405, Route, expect


def _sign_in(users, kwargs):
    return {"username": users["employee"].username, "password": PASSWORD}


def _new_password(users, kwargs):
    """The acting user's own password, then the new one twice (every factory user has PASSWORD)."""
    return {
        "old_password": PASSWORD,
        "new_password1": "a-new-long-password-77",
        "new_password2": "a-new-long-password-77",
    }


ROUTES = [
    Route("home", get=LOGGED_IN, post=LOGGED_IN_POST_405),
    Route("search", get=LOGGED_IN, post=LOGGED_IN_POST_405),
    *(
        Route(
            name,
            get=expect(anonymous=200, employee=200, top=200, quality=200, auditor=200),
            post=expect(anonymous=405, employee=405, top=405, quality=405, auditor=405),
        )
        for name in ("healthz", "healthz_ready", "healthz_live")
    ),
    # A logged-in user is sent on from the login page; signing in stamps the user's last login.
    Route(
        "login",
        get=expect(anonymous=200, employee=302, top=302, quality=302, auditor=302),
        post=expect(anonymous=200, employee=302, top=302, quality=302, auditor=302),
        valid_post=_sign_in,
        valid_by=frozenset({"anonymous"}),
    ),
    Route(
        "logout",
        get=LOGGED_IN_POST_405,
        post=expect(employee=302, top=302, quality=302, auditor=302),
        post_changes=frozenset({"employee", "top", "quality", "auditor"}),
    ),
    Route("password_change", get=LOGGED_IN, post=LOGGED_IN, valid_post=_new_password),
    Route("password_change_done", get=LOGGED_IN, post=LOGGED_IN_POST_405),
]

# Sign-in with an identity provider: public, and not found while none is set up (the test settings).
ROUTES += [
    Route(
        name,
        get=expect(anonymous=404, employee=404, top=404, quality=404, auditor=404),
        post=expect(anonymous=404, employee=404, top=404, quality=404, auditor=404),
    )
    for name in ("oidc_authentication_init", "oidc_authentication_callback")
]

# Your account and second factor: every signed-in person, for their own account only.
ROUTES += [
    Route("account", get=LOGGED_IN, post=LOGGED_IN_POST_405),
    # The language menu: anyone may choose (before signing in, a cookie only, then back to the
    # sign-in page); an empty body chooses nothing.
    Route(
        "language",
        get=expect(anonymous=405, employee=405, top=405, quality=405, auditor=405),
        post=expect(employee=302, top=302, quality=302, auditor=302),
        valid_post=lambda users, kwargs: {"language": "de"},
        valid_by=frozenset({"employee", "top", "quality", "auditor"}),
    ),
    # An empty POST is a code missing: the form comes back.
    Route(
        "second_factor_setup", get=LOGGED_IN, post=LOGGED_IN, valid_post=lambda users, kwargs: {"start": "1"}
    ),
    # With no code owed, the page sends the person on.
    Route(
        "second_factor_verify",
        get=expect(employee=302, top=302, quality=302, auditor=302),
        post=expect(employee=302, top=302, quality=302, auditor=302),
    ),
    *(
        Route(name, get=LOGGED_IN_POST_405, post=expect(employee=302, top=302, quality=302, auditor=302))
        for name in ("second_factor_off", "recovery_codes")
    ),
]
