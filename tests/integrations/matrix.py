"""Role matrix of the integrations: webhooks for top management and the quality manager (the
auditor reads their log), calendar links for everyone who works in the QMS, and the feed itself,
whose secret address is the only credential."""

from integrations import services
from integrations.forms import EndpointEditForm
from integrations.models import WebhookEndpoint
from tests.integrations.factories import delivery, endpoint
from tests.matrix import READ_ROLES, READ_ROLES_POST, Route, expect, form_data

MANAGE = expect(top=200, quality=200)
MANAGE_POST = expect(top=200, quality=200)
CALENDAR = expect(employee=200, top=200, quality=200)
CALENDAR_POST = expect(employee=302, top=302, quality=302)
NOT_GET = expect(employee=405, top=405, quality=405)


# A public address written as a number (no name to resolve); the matrix never sends to it.
PUBLIC_URL = "https://203.0.114.10/qms-hook"


def _endpoint(users):
    return endpoint(url=PUBLIC_URL, by=users["quality"])[0]


def _endpoint_pk(users):
    return {"pk": _endpoint(users).pk}


def _delivery_pk(users):
    return {"pk": delivery(_endpoint(users)).pk}


def _feeds(users):
    """Every role that may have one has a live personal link (so revoking it changes something)."""
    for role in ("employee", "top", "quality"):
        services.feed_create(by=users[role])
    return {}


def _feed_token(users):
    return {"token": services.feed_create(by=users["top"])}


def _new_endpoint(users, kwargs):
    return {"url": PUBLIC_URL, "events": ["finding.opened", "policy.approved"], "active": "on"}


def _edit_endpoint(users, kwargs):
    form = EndpointEditForm(instance=WebhookEndpoint.objects.get(pk=kwargs["pk"]))
    return form_data(form, description="The ticket system", events=["finding.resolved"])


ROUTES = [
    Route("integrations:webhook_list", get=READ_ROLES, post=READ_ROLES_POST),
    Route("integrations:webhook_create", get=MANAGE, post=MANAGE_POST, valid_post=_new_endpoint),
    Route("integrations:webhook_detail", get=READ_ROLES, post=READ_ROLES_POST, kwargs=_endpoint_pk),
    Route(
        "integrations:webhook_update",
        get=MANAGE,
        post=MANAGE_POST,
        kwargs=_endpoint_pk,
        valid_post=_edit_endpoint,
    ),
    Route(
        "integrations:delivery_redeliver",
        get=MANAGE,
        post=expect(top=302, quality=302),
        kwargs=_delivery_pk,
        post_changes=frozenset({"top", "quality"}),
        valid_post=lambda users, kwargs: {},
    ),
    Route("integrations:calendar", get=CALENDAR, post=expect(employee=405, top=405, quality=405)),
    Route(
        "integrations:calendar_create",
        get=NOT_GET,
        post=CALENDAR_POST,
        valid_post=lambda users, kwargs: {"scope": "personal"},
    ),
    Route(
        "integrations:calendar_revoke",
        get=NOT_GET,
        post=CALENDAR_POST,
        kwargs=_feeds,
        valid_post=lambda users, kwargs: {"scope": "personal"},
    ),
    Route(
        "integrations:feed",
        get=expect(anonymous=200, employee=200, top=200, quality=200, auditor=200),
        post=expect(anonymous=405, employee=405, top=405, quality=405, auditor=405),
        kwargs=_feed_token,
    ),
]
