"""Write use cases of the editions themselves (the data an organisation may edit in the app)."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils.translation import gettext_noop

from commitments.models import Edition
from core.history import record_change


@transaction.atomic
def edition_deadline_update(*, edition: Edition, transition_ends_on: datetime.date, by) -> Edition:
    """Set the date by which the organisation must have moved to this edition."""
    edition = Edition.objects.select_for_update().get(pk=edition.pk)
    edition.transition_ends_on = transition_ends_on
    edition.full_clean()
    record_change(edition, by=by, reason=gettext_noop("Transition deadline changed"))
    edition.save()
    return edition
