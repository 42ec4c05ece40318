"""The inputs a management review must consider (clause 9.3.2): data of the edition in force.

Each edition carries its own list (commitments/editions_data.py, or a file loaded with
`manage.py load_edition`). A review copies the list of the edition it is planned under into its
own input rows, so it keeps that list even after the organisation moves to another edition.
Preparing a review fills the rows whose `section` names a data-package builder (reviews/package.py).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from commitments.models import Edition, ListKey, Requirement


def review_inputs(edition: Edition) -> list[tuple[str, str, str, str]]:
    """(code, title, guidance, section) of every review input of the edition, in order."""
    rows = list(
        Requirement.objects.filter(edition=edition, list=ListKey.REVIEW_INPUTS)
        .order_by("sort_order", "code")
        .values_list("code", "title", "guidance", "section")
    )
    if not rows:
        raise ValidationError(
            _("%(edition)s has no list of review inputs; load it with manage.py load_edition.")
            % {"edition": edition}
        )
    return rows
