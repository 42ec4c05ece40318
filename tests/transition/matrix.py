from commitments.models import Responsibility
from tests.matrix import Route, expect

LEADERS = expect(top=200, quality=200)


def _new_edition(objects):
    return {"code": "iso-9001-2026"}


def _split_item(objects):
    return {"pk": Responsibility.objects.get(edition__code="iso-9001-2026", code="j").pk}


ROUTES = [
    Route("transition:cockpit", get=LEADERS, post=expect(top=405, quality=405)),
    Route("transition:gaps_pdf", get=LEADERS, post=expect(top=405, quality=405)),
    Route("transition:gaps_xlsx", get=LEADERS, post=expect(top=405, quality=405)),
    # Only top management may switch; an empty POST re-displays the form and changes nothing.
    Route("transition:switch", get=expect(top=200), post=expect(top=200), kwargs=_new_edition),
    Route("transition:undo", get=expect(top=405), post=expect(top=302)),
    Route("transition:split_confirm", get=expect(quality=405), post=expect(quality=302), kwargs=_split_item),
    Route("transition:deadline", get=expect(top=405, quality=405), post=expect(top=302, quality=302)),
]
