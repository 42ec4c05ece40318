"""The registers the report centre can export and show "as of" a past date: one place to extend.

Each register names its rows (a selector), the FilterSet of its list page (so an export keeps
the list's filters), its columns as (header, accessor) pairs, and the view permission that
guards it. An accessor is a dotted attribute path ("owner", "edition.name") or a callable
taking the row. Other apps' registers (evidence, risks, objectives, findings...) are added
with `register()` below when their models land.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.db.models import Model, QuerySet

from commitments import selectors as commitment_selectors
from commitments.models import Edition, PolicyVersion, Process, Responsibility
from reports import pointintime
from reviews import selectors as review_selectors
from reviews.views import ActionFilter

Accessor = str | Callable[[Model], object]


@dataclass(frozen=True)
class Register:
    """One exportable register."""

    name: str
    label: str
    permission: str
    rows: Callable[[], QuerySet]
    columns: Sequence[tuple[str, Accessor]]
    filterset_class: type | None = None
    # Rows as they stood at a moment, for the point-in-time view; None: not offered.
    rows_as_of: Callable[[datetime.datetime], Sequence[Model]] | None = None
    description: str = ""


REGISTERS: dict[str, Register] = {}


def register(entry: Register) -> Register:
    """Add a register to the report centre (its exports and, if it has rows_as_of, its past views)."""
    REGISTERS[entry.name] = entry
    return entry


def get(name: str) -> Register | None:
    return REGISTERS.get(name)


def visible_to(user) -> list[Register]:
    """The registers a user may read, in registration order."""
    return [entry for entry in REGISTERS.values() if user.has_perm(entry.permission)]


def display(attribute: str) -> Callable[[Model], str]:
    """An accessor for a choices field's label (get_<field>_display)."""
    return lambda obj: getattr(obj, f"get_{attribute}_display")()


register(
    Register(
        name="responsibilities",
        label="Responsibilities",
        description="Leadership responsibilities of the active edition, with owner and evidence cadence.",
        permission="commitments.view_responsibility",
        rows=commitment_selectors.responsibility_register,
        columns=[
            ("Edition", "edition.name"),
            ("Clause", "clause"),
            ("Item", "code"),
            ("Title", "title"),
            ("Owner", "owner"),
            ("Evidence cadence (days)", "evidence_cadence_days"),
        ],
        rows_as_of=lambda when: pointintime.snapshot(
            Responsibility,
            when,
            related=("edition", "owner"),
            order_by=("sort_order", "code"),
            edition_id__in=[e.pk for e in pointintime.source(Edition, when).filter(is_active=True)],
        ),
    )
)

register(
    Register(
        name="policy_versions",
        label="Policy versions",
        description="Every version of the quality policy, with its approval and supersession dates.",
        permission="commitments.view_policyversion",
        rows=lambda: PolicyVersion.objects.select_related("approved_by", "created_by").order_by("-number"),
        columns=[
            ("Version", "number"),
            ("Title", "title"),
            ("Status", display("status")),
            ("Approved by", "approved_by"),
            ("Approved on", "approved_on"),
            ("Superseded on", "superseded_on"),
            ("Created by", "created_by"),
        ],
        rows_as_of=lambda when: pointintime.snapshot(
            PolicyVersion, when, related=("approved_by", "created_by"), order_by=("-number",)
        ),
    )
)

register(
    Register(
        name="processes",
        label="Processes",
        description="The process register, archived processes included, with owner and status.",
        permission="commitments.view_process",
        rows=lambda: Process.objects.select_related("owner").order_by("name", "pk"),
        columns=[
            ("Process", "name"),
            ("Owner", "owner"),
            ("Status", display("status")),
            ("Purpose", "purpose"),
            ("How QMS requirements are built in", "qms_integration"),
            ("Archived at", "archived_at"),
            ("Archive reason", "archive_reason"),
        ],
        rows_as_of=lambda when: pointintime.snapshot(Process, when, related=("owner",), order_by=("name",)),
    )
)

register(
    Register(
        name="reviews",
        label="Management reviews",
        description="Every management review, planned or held, with its chair and sign-off.",
        permission="reviews.view_managementreview",
        rows=lambda: review_selectors.review_list().select_related("signed_off_by"),
        columns=[
            ("Review", "title"),
            ("Planned", "planned_date"),
            ("Held", "held_on"),
            ("Status", display("status")),
            ("Chair", "chair"),
            ("Signed off by", "signed_off_by"),
            ("Signed off at", "signed_off_at"),
            ("Inputs missing", "missing_inputs"),
            ("Decisions", "decision_count"),
        ],
    )
)

register(
    Register(
        name="review_actions",
        label="Review actions",
        description="Actions decided at management reviews, as the review actions list filters them.",
        permission="reviews.view_reviewaction",
        rows=lambda: review_selectors.action_list().active().order_by("due_date", "pk"),
        filterset_class=ActionFilter,
        columns=[
            ("Review", "decision.review.title"),
            ("Action", "title"),
            ("Owner", "owner"),
            ("Due", "due_date"),
            ("Status", display("status")),
            ("Completed on", "completed_on"),
            ("Completion note", "completion_note"),
        ],
    )
)
