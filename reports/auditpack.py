"""The clause 5.1.1 audit pack: a registry of sections, each built for a period and, optionally, as of a date.

A section is a function (period, as_of) -> dict that its own template renders, registered with
`@section(...)`. `as_of` is None for live data, or the moment whose state the pack shows (read
from the history tables through reports.pointintime). A section may list files for the ZIP in
its dict under "files" as PackFile rows; that is how evidence attachments join the archive.

The sections built on the other apps' records (evidence and its files, leadership actions,
objectives with their measurements, findings) live in reports/auditpack_sections.py and are
placed with `@section(..., after="<key>")`.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from django.apps import apps
from django.db.models import Q
from django.utils import timezone

from commitments.models import (
    Edition,
    PolicyAcknowledgement,
    PolicyCommitment,
    PolicyVersion,
    Responsibility,
)
from commitments.selectors_policy import AcknowledgementSummary, acknowledging_population
from core.formatting import HISTORY_ACTIONS, date_text, describe_against_previous
from qms_leadership.roles import DOMAIN_APPS
from reports.pointintime import end_of_day, group_by, has_history, snapshot, source
from reviews.models import ManagementReview, ReviewAction, ReviewDecision, add_months

HISTORY_CAP = 200


@dataclass(frozen=True)
class Period:
    """The dates an audit pack covers, both days included."""

    start: datetime.date
    end: datetime.date

    @classmethod
    def last_twelve_months(cls, today: datetime.date) -> Period:
        return cls(start=add_months(today, -12) + datetime.timedelta(days=1), end=today)

    @property
    def start_at(self) -> datetime.datetime:
        return end_of_day(self.start - datetime.timedelta(days=1))

    @property
    def end_at(self) -> datetime.datetime:
        return end_of_day(self.end)

    def __str__(self) -> str:
        return f"{date_text(self.start)} to {date_text(self.end)}"


@dataclass(frozen=True)
class PackFile:
    """A file the ZIP carries: where it goes, the stored file, and the record it belongs to."""

    path_in_zip: str
    storage_file: object
    record_label: str
    # The SHA-256 recorded at upload and the attachment's id, so packing verifies the bytes it copies.
    sha256: str = ""
    attachment_id: int | None = None


@dataclass(frozen=True)
class Section:
    """One part of the audit pack."""

    key: str
    title: str
    build: Callable[[Period, datetime.datetime | None], dict]
    template: str
    permission: str


SECTIONS: list[Section] = []


def section(key: str, title: str, *, permission: str, after: str | None = None):
    """Register a section builder; its template is reports/pack/_<key>.html."""

    def decorator(build):
        entry = Section(key, title, build, f"reports/pack/_{key}.html", permission)
        keys = [s.key for s in SECTIONS]
        SECTIONS.insert(keys.index(after) + 1 if after in keys else len(SECTIONS), entry)
        return build

    return decorator


@dataclass
class AuditPack:
    """A built pack: the period, the moment it shows, and each section's data."""

    period: Period
    as_of: datetime.date | None
    generated_at: datetime.datetime
    parts: list[tuple[Section, dict]] = field(default_factory=list)

    @property
    def files(self) -> list[PackFile]:
        return [f for _, data in self.parts for f in data.get("files", [])]

    @property
    def title(self) -> str:
        return f"Leadership commitment audit pack, {self.period}"


def permissions() -> tuple[str, ...]:
    """What a user needs to read the whole pack: every section's permission."""
    return tuple(sorted({s.permission for s in SECTIONS}))


def build(period: Period, as_of: datetime.date | None = None) -> AuditPack:
    """Build every section for the period, from live data or as the system stood at the end of `as_of`."""
    moment = end_of_day(as_of) if as_of else None
    pack = AuditPack(period=period, as_of=as_of, generated_at=timezone.now())
    pack.parts = [(s, s.build(period, moment)) for s in SECTIONS]
    return pack


@section("responsibilities", "Leadership responsibilities", permission="commitments.view_responsibility")
def responsibilities(period: Period, as_of: datetime.datetime | None) -> dict:
    """Each responsibility of the edition in force, with its owner and evidence cadence."""
    editions = list(source(Edition, as_of).filter(is_active=True))
    rows = snapshot(
        Responsibility,
        as_of,
        related=("owner",),
        order_by=("sort_order", "code"),
        edition_id__in=[e.pk for e in editions],
    )
    return {
        "edition": editions[0] if editions else None,
        "responsibilities": rows,
        "editions_in_period": editions_in_period(period, as_of),
    }


def editions_in_period(period: Period, as_of: datetime.datetime | None) -> list[dict]:
    """Which edition was in force when, within the period, read from the editions' history (a pack
    that spans a switch says so): [{"name", "start", "end"}], dates clipped to the period."""
    until = min(period.end_at, as_of) if as_of else period.end_at
    records = Edition.history.filter(history_date__lte=until).order_by("history_date", "history_id")
    spans: list[dict] = []
    active = None
    for record in records.values("id", "name", "is_active", "history_date"):
        day = timezone.localtime(record["history_date"]).date()
        if record["is_active"] and active != record["id"]:
            if spans and spans[-1]["end"] is None:
                spans[-1]["end"] = day
            spans.append({"name": record["name"], "start": day, "end": None})
            active = record["id"]
        elif not record["is_active"] and active == record["id"]:
            spans[-1]["end"] = day
            active = None
    in_period = [
        s for s in spans if (s["end"] is None or s["end"] >= period.start) and s["start"] <= period.end
    ]
    for span in in_period:
        span["start"] = max(span["start"], period.start)
        span["end"] = min(span["end"], period.end) if span["end"] else None
    return in_period


@section("policy", "Quality policy in force", permission="commitments.view_policyversion")
def policy(period: Period, as_of: datetime.datetime | None) -> dict:
    """Policy versions in force at any time in the period, with approval dates and commitments."""
    versions = snapshot(
        PolicyVersion,
        as_of,
        related=("approved_by",),
        order_by=("number",),
        status__in=[PolicyVersion.Status.APPROVED, PolicyVersion.Status.SUPERSEDED],
        approved_on__lte=period.end,
    )
    versions = [v for v in versions if v.superseded_on is None or v.superseded_on >= period.start]
    ids = [v.pk for v in versions]
    commitments = group_by(
        snapshot(PolicyCommitment, as_of, order_by=("sort_order", "key"), version_id__in=ids), "version_id"
    )
    # The stored count today; as of a past date, the acknowledgements recorded by then.
    if as_of is None:
        acknowledged = {v.pk: v.acknowledgement_count for v in versions}
    else:
        recorded = snapshot(PolicyAcknowledgement, as_of, version_id__in=ids)
        acknowledged = Counter(a.version_id for a in recorded)
    population = acknowledging_population().count() if versions else 0
    return {
        "versions": [
            {
                "version": v,
                "commitments": commitments.get(v.pk, []),
                "acknowledgement": AcknowledgementSummary(acknowledged.get(v.pk, 0), population),
            }
            for v in versions
        ],
        "population": population,
    }


@section("reviews", "Management reviews held", permission="reviews.view_managementreview")
def reviews(period: Period, as_of: datetime.datetime | None) -> dict:
    """Reviews held in the period, with their decisions and the actions each decision started."""
    held = snapshot(
        ManagementReview,
        as_of,
        related=("chair", "signed_off_by"),
        order_by=("held_on", "id"),
        status__in=[ManagementReview.Status.HELD, ManagementReview.Status.SIGNED_OFF],
        held_on__gte=period.start,
        held_on__lte=period.end,
    )
    decisions = snapshot(ReviewDecision, as_of, order_by=("id",), review_id__in=[r.pk for r in held])
    actions = group_by(
        snapshot(
            ReviewAction,
            as_of,
            related=("owner",),
            order_by=("due_date", "id"),
            decision_id__in=[d.pk for d in decisions],
        ),
        "decision_id",
    )
    by_review = group_by(decisions, "review_id")
    return {
        "reviews": [
            {
                "review": r,
                "decisions": [
                    {"decision": d, "actions": actions.get(d.pk, [])} for d in by_review.get(r.pk, [])
                ],
            }
            for r in held
        ]
    }


def tracked_models() -> list:
    """Every model of the domain apps that keeps a change history."""
    return [m for label in DOMAIN_APPS for m in apps.get_app_config(label).get_models() if has_history(m)]


@section("history", "Change history extract", permission="commitments.view_responsibility")
def history(period: Period, as_of: datetime.datetime | None) -> dict:
    """Changes to the domain registers in the period, newest first, capped, with who and why."""
    until = min(period.end_at, as_of) if as_of else period.end_at
    window = Q(history_date__gt=period.start_at, history_date__lte=until)
    records = []
    changes: dict[tuple[type, int], list] = {}
    for model in tracked_models():
        newest = model.history.filter(window).select_related("history_user").order_by("-history_date")
        found = list(newest[: HISTORY_CAP + 1])
        records += [(model, r) for r in found]
        changes.update({(model, pk): described for pk, described in describe_against_previous(found).items()})
    records.sort(key=lambda pair: pair[1].history_date, reverse=True)
    rows = [
        {
            "when": record.history_date,
            "register": str(model._meta.verbose_name).capitalize(),
            "record": str(record.instance),
            "action": HISTORY_ACTIONS.get(record.history_type, record.history_type),
            "user": record.history_user,
            "reason": record.history_change_reason or "",
            "changes": changes.get((model, record.history_id), []),
        }
        for model, record in records[:HISTORY_CAP]
    ]
    return {"changes": rows, "truncated": len(records) > HISTORY_CAP, "cap": HISTORY_CAP}
