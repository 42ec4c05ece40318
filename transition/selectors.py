"""The transition cockpit: for every item of the new edition, where it stands and what is missing.

Before the switch the new edition's items are judged by the records of the items they come from
(through the crosswalk); after it, by their own records. A fixed number of queries whatever the
number of records: the figures come from the counters stored on each responsibility.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from commitments.models import CrosswalkLink, Edition, ListKey, Requirement, Responsibility, RoleAssignment
from reviews.models import ReviewInput
from transition.crosswalk import list_map
from transition.models import EditionSwitch, SwitchMove
from transition.services import undo_blocker


class State(models.TextChoices):
    FRESH = "fresh", _("Carried over, fresh evidence")
    STALE = "stale", _("Carried over, evidence stale")
    SPLIT = "split", _("Split: needs a decision")
    NEW = "new", _("New: nothing yet")
    READY = "ready", _("In place")


@dataclass
class Row:
    """One item or requirement of the new edition in the cockpit."""

    list_key: str
    list_title: str
    item: Responsibility | Requirement
    kind: str
    sources: list = field(default_factory=list)
    state: str = State.READY
    owner: object = None
    gaps: list[str] = field(default_factory=list)

    @property
    def state_label(self) -> str:
        return str(State(self.state).label)

    @property
    def kind_label(self) -> str:
        return str(CrosswalkLink.Kind(self.kind).label)

    @property
    def is_new(self) -> bool:
        return self.kind == CrosswalkLink.Kind.NEW

    @property
    def source_codes(self) -> str:
        return ", ".join(f"{s.code})" for s in self.sources)


@dataclass
class Cockpit:
    from_edition: Edition | None
    to_edition: Edition | None
    switch: EditionSwitch | None
    today: datetime.date
    rows: list[Row] = field(default_factory=list)
    undo_blocker: str | None = None

    @property
    def switched(self) -> bool:
        return self.switch is not None

    @property
    def days_left(self) -> int | None:
        deadline = self.to_edition.transition_ends_on if self.to_edition else None
        return (deadline - self.today).days if deadline else None

    @property
    def leadership_rows(self) -> list[Row]:
        return [r for r in self.rows if r.list_key == ListKey.LEADERSHIP]

    @property
    def requirement_rows(self) -> list[Row]:
        return [r for r in self.rows if r.list_key != ListKey.LEADERSHIP]

    @property
    def gap_rows(self) -> list[Row]:
        return [r for r in self.rows if r.gaps]

    @property
    def new_rows(self) -> list[Row]:
        return [r for r in self.rows if r.is_new or r.kind == CrosswalkLink.Kind.SPLIT]

    @property
    def counts(self) -> dict[str, int]:
        rows = self.leadership_rows
        return {state: sum(1 for r in rows if r.state == state) for state in State.values}


def cockpit_editions() -> tuple[Edition | None, Edition | None, EditionSwitch | None]:
    """(from, to, switch): after a switch, the switch in force; before, the newest edition that the
    active one has a crosswalk to."""
    active = Edition.objects.active().first()
    if active is None:
        return None, None, None
    switch = (
        EditionSwitch.objects.in_force()
        .filter(to_edition=active)
        .select_related("from_edition", "to_edition", "switched_by")
        .first()
    )
    if switch is not None:
        return switch.from_edition, active, switch
    target = Edition.objects.filter(crosswalk_in__from_edition=active).distinct().order_by("-year").first()
    return active, target, None


def _leadership_rows(cockpit: Cockpit, old: Edition, new: Edition) -> list[Row]:
    mapping = list_map(old, new, ListKey.LEADERSHIP)
    items = list(Responsibility.objects.filter(edition=new).select_related("owner").order_by("sort_order"))
    sources = Responsibility.objects.select_related("owner").in_bulk(
        [pk for pks in mapping.sources.values() for pk in pks]
    )
    unconfirmed = set()
    if cockpit.switch is not None:
        unconfirmed = set(
            cockpit.switch.moves.filter(split=True, confirmed_at__isnull=True)
            .exclude(kind=SwitchMove.Kind.ASSIGNMENT)
            .values_list("to_id", flat=True)
        )
    title = new.list_title(ListKey.LEADERSHIP)
    rows = []
    for item in items:
        row = Row(ListKey.LEADERSHIP, title, item, mapping.kinds.get(item.pk, CrosswalkLink.Kind.SAME))
        row.sources = [sources[pk] for pk in mapping.sources.get(item.pk, []) if pk in sources]
        judged = [item] if cockpit.switched else row.sources
        row.owner = item.owner if cockpit.switched else (row.sources[0].owner if row.sources else None)
        fresh = any(r.status != Responsibility.Status.RED for r in judged)
        overdue = sum(r.overdue_action_count for r in judged)
        if row.is_new and not (cockpit.switched and fresh):
            row.state = State.NEW
            row.gaps.append(
                gettext("New requirement: nothing recorded for it yet. Plan an action and record evidence.")
            )
        elif row.kind == CrosswalkLink.Kind.SPLIT and (not cockpit.switched or item.pk in unconfirmed):
            row.state = State.SPLIT
            row.gaps.append(
                (
                    gettext("Split from %(codes)s: the quality manager confirms which records belong here.")
                    if cockpit.switched
                    else gettext(
                        "Split from %(codes)s: the quality manager confirms which records belong here after "
                        "the switch."
                    )
                )
                % {"codes": row.source_codes}
            )
        else:
            row.state = State.FRESH if fresh else State.STALE
        if not fresh and row.state != State.NEW:
            row.gaps.append(gettext("No fresh evidence."))
        if row.owner is None:
            row.gaps.append(gettext("No accountable owner."))
        if overdue:
            row.gaps.append(
                ngettext("%(count)s overdue action.", "%(count)s overdue actions.", overdue)
                % {"count": overdue}
            )
        rows.append(row)
    return rows


def _requirement_rows(cockpit: Cockpit, old: Edition, new: Edition) -> list[Row]:
    requirements = list(Requirement.objects.filter(edition=new).order_by("list", "sort_order"))
    maps = {key: list_map(old, new, key) for key in ListKey.values if key != ListKey.LEADERSHIP}
    source_ids = [pk for m in maps.values() for pks in m.sources.values() for pk in pks]
    sources = Requirement.objects.in_bulk(source_ids)
    judged_ids = [r.pk for r in requirements] if cockpit.switched else source_ids
    assignments: dict[int, list[RoleAssignment]] = {}
    for a in (
        RoleAssignment.objects.current()
        .filter(requirement_id__in=judged_ids)
        .select_related("holder", "role")
    ):
        assignments.setdefault(a.requirement_id, []).append(a)
    covered = set(
        ReviewInput.objects.filter(review__edition=new, status=ReviewInput.Status.COVERED).values_list(
            "code", flat=True
        )
    )
    order = {key: i for i, key in enumerate(ListKey.values)}
    rows = []
    for item in sorted(requirements, key=lambda r: (order[r.list], r.sort_order)):
        mapping = maps[item.list]
        row = Row(
            item.list, new.list_title(item.list), item, mapping.kinds.get(item.pk, CrosswalkLink.Kind.SAME)
        )
        row.sources = [sources[pk] for pk in mapping.sources.get(item.pk, []) if pk in sources]
        if row.is_new:
            row.state = State.NEW
        elif row.kind == CrosswalkLink.Kind.SPLIT:
            row.state = State.SPLIT
        if item.list == ListKey.ROLE_ASSIGNMENTS:
            held = (
                assignments.get(item.pk, [])
                if cockpit.switched
                else [a for s in row.sources for a in assignments.get(s.pk, [])]
            )
            row.owner = held[0].holder if held else None
            if not held:
                row.gaps.append(gettext("Not assigned to a management role."))
            elif not all(a.is_confirmed for a in held):
                row.gaps.append(gettext("Assigned, not yet confirmed by the holder."))
            if row.kind == CrosswalkLink.Kind.SPLIT and not cockpit.switched:
                row.gaps.append(
                    gettext(
                        "Split: each part becomes an assignment of its own, to be confirmed by its holder."
                    )
                )
        elif item.list == ListKey.REVIEW_INPUTS and row.is_new and item.code not in covered:
            row.gaps.append(gettext("No management review has covered this input yet."))
        elif item.list == ListKey.AWARENESS and row.is_new:
            row.gaps.append(
                gettext("New awareness point: plan how people learn about it (briefing, induction).")
            )
        elif item.list == ListKey.REVIEW_INPUTS and row.kind == CrosswalkLink.Kind.SPLIT:
            row.gaps.append(gettext("Now two inputs: the next review reports on each separately."))
        if not row.gaps and row.state in (State.NEW, State.SPLIT):
            row.state = State.READY
        rows.append(row)
    return rows


def cockpit(today: datetime.date) -> Cockpit:
    """Everything the transition cockpit shows."""
    old, new, switch = cockpit_editions()
    board = Cockpit(old, new, switch, today)
    if old is None or new is None:
        return board
    board.rows = _leadership_rows(board, old, new) + _requirement_rows(board, old, new)
    if switch is not None:
        board.undo_blocker = undo_blocker(switch)
    return board
