import datetime

from django.utils import timezone

from commitments.models import Edition, Responsibility
from tests.commitments.factories import EvidenceFactory
from tests.matrix import Route, expect, no_body
from transition import services

LEADERS = expect(top=200, quality=200)
NEW_EDITION = "iso-9001-2026"


def _new_edition(objects):
    return {"code": NEW_EDITION}


def _switched(objects):
    """The organisation has switched to the new edition, carrying evidence on every item."""
    EvidenceFactory(responsibilities=list(Responsibility.objects.of_active_edition()))
    services.edition_switch(
        to_edition=Edition.objects.get(code=NEW_EDITION),
        expected_from=Edition.objects.active().get(),
        reason="The certification body audits to the new edition",
        by=objects["top"],
    )
    return {}


def _split_item(objects):
    """After the switch, an item whose records came from a split, waiting for confirmation."""
    _switched(objects)
    return {"pk": Responsibility.objects.get(edition__code=NEW_EDITION, code="j").pk}


def _switch(users, kwargs):
    return {
        "expected_from": Edition.objects.active().get().pk,
        "reason": "The certification body audits to the new edition",
        "confirm": "on",
    }


ROUTES = [
    Route("transition:cockpit", get=LEADERS, post=expect(top=405, quality=405)),
    Route("transition:gaps_pdf", get=LEADERS, post=expect(top=405, quality=405)),
    Route("transition:gaps_xlsx", get=LEADERS, post=expect(top=405, quality=405)),
    # Only top management may switch; an empty POST re-displays the form and changes nothing.
    Route(
        "transition:switch",
        get=expect(top=200),
        post=expect(top=200),
        kwargs=_new_edition,
        valid_post=_switch,
    ),
    Route(
        "transition:undo",
        get=expect(top=405),
        post=expect(top=302),
        kwargs=_switched,
        valid_post=lambda users, kwargs: {"reason": "The audit was moved to next year"},
    ),
    # The button is the whole form: the quality manager confirms what the split brought.
    Route(
        "transition:split_confirm",
        get=expect(quality=405),
        post=expect(quality=302),
        kwargs=_split_item,
        post_changes=frozenset({"quality"}),
        valid_post=no_body,
    ),
    Route(
        "transition:deadline",
        get=expect(top=405, quality=405),
        post=expect(top=302, quality=302),
        valid_post=lambda users, kwargs: {
            "transition_ends_on": timezone.localdate() + datetime.timedelta(days=200)
        },
    ),
]
