"""Export registers of the commitments app: responsibilities, evidence, actions, policy versions and
communications, processes, risks, management roles."""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.utils.translation import gettext_lazy as _

from commitments import selectors as commitment_selectors
from commitments.filters import (
    EvidenceFilter,
    LeadershipActionFilter,
    ManagementRoleFilter,
    ProcessFilter,
    RiskFilter,
)
from commitments.models import (
    Attachment,
    Edition,
    Evidence,
    LeadershipAction,
    ManagementRole,
    PolicyCommunication,
    PolicyVersion,
    Process,
    Responsibility,
    Risk,
)
from commitments.models.risks import level_for
from core import pointintime
from core.reporting import Computed, Extra, Register, display, joined, joined_sql, register

ARCHIVED = [(_("Archived at"), "archived_at"), (_("Archive reason"), "archive_reason")]

RESPONSIBILITY_COLUMNS = [
    (_("Edition"), "edition.name"),
    (_("Clause"), "clause"),
    (_("Item"), "code"),
    (_("Title"), "title"),
    (_("Owner"), "owner"),
    (_("Evidence cadence (days)"), "evidence_cadence_days"),
    (_("Owner set or confirmed by"), "owner_confirmed_by"),
    (_("Owner confirmed at"), "owner_confirmed_at"),
]

register(
    Register(
        name="responsibilities",
        label=_("Responsibilities"),
        description=_("Leadership responsibilities of the active edition, with owner, status and figures."),
        permission="commitments.view_responsibility",
        rows=lambda: commitment_selectors.responsibility_register().select_related("owner_confirmed_by"),
        columns=[
            *RESPONSIBILITY_COLUMNS,
            (_("Status"), display("status")),
            (_("Last evidence"), "last_evidence_on"),
            (_("Fresh evidence"), "fresh_evidence_count"),
            (_("Open actions"), "open_action_count"),
            (_("Overdue actions"), "overdue_action_count"),
        ],
        columns_as_of=RESPONSIBILITY_COLUMNS,
        rows_as_of=lambda when: pointintime.past_rows(
            Responsibility,
            when,
            related=("edition", "owner", "owner_confirmed_by"),
            order_by=("sort_order", "code"),
            edition_id__in=[e.pk for e in pointintime.source(Edition, when).filter(is_active=True)],
        ),
    )
)


def _evidence_chunk(ids: list[int]) -> dict[str, dict]:
    """The item codes and files (name, SHA-256) of a chunk of evidence, in two queries."""
    codes, files = defaultdict(list), defaultdict(list)
    links = Evidence.responsibilities.through.objects.filter(evidence_id__in=ids).order_by(
        "responsibility__sort_order", "responsibility__code"
    )
    for evidence_id, code in links.values_list("evidence_id", "responsibility__code"):
        codes[evidence_id].append(code)
    attachments = Attachment.objects.filter(evidence_id__in=ids).order_by("original_name", "pk")
    for evidence_id, name, sha256 in attachments.values_list("evidence_id", "original_name", "sha256"):
        files[evidence_id].append((name, sha256))
    return {"responsibility_codes": codes, "files": files}


def _codes_sql():
    """The evidence's item codes as _evidence_chunk orders them, in SQL."""
    through = Evidence.responsibilities.through
    return joined_sql(
        through, "evidence_id", "responsibility__code", "responsibility__sort_order", "responsibility__code"
    )


def _file_names(files) -> str:
    return joined(name for name, _ in files)


def _file_hashes(files) -> str:
    return joined(sha256 for _, sha256 in files)


def _files_sql(value: str):
    """One column of the evidence's files as _evidence_chunk orders them, in SQL."""
    return lambda: joined_sql(Attachment, "evidence_id", value, "original_name", "pk")


def _evidence_links_as_of(rows: list[Evidence], when: datetime.datetime) -> None:
    """The responsibilities and files a page of past evidence had at `when`, in a few queries."""
    pointintime.m2m_as_of(rows, "responsibilities", when)
    files = pointintime.group_by(
        pointintime.snapshot(
            Attachment, when, order_by=("original_name", "id"), evidence_id__in=[e.pk for e in rows]
        ),
        "evidence_id",
    )
    for e in rows:
        e.responsibility_codes = [r.code for r in e.responsibilities.all()]
        e.files = [(a.original_name, a.sha256) for a in files.get(e.pk, [])]


def _evidence_as_of(when: datetime.datetime) -> pointintime.PastRows:
    """Evidence as recorded at `when`, with its responsibilities and files as they stood then."""
    return pointintime.past_rows(
        Evidence,
        when,
        related=("recorded_by", "action"),
        order_by=("-fact_date", "-id"),
        finish=_evidence_links_as_of,
    )


register(
    Register(
        name="evidence",
        label=_("Evidence"),
        description=_("Evidence of leadership with its responsibilities, file names and their SHA-256."),
        permission="commitments.view_evidence",
        rows=lambda: Evidence.objects.select_related("recorded_by", "action").order_by("-fact_date", "-pk"),
        per_chunk=_evidence_chunk,
        filterset_class=EvidenceFilter,
        strict=False,
        columns=[
            (_("Date of fact"), "fact_date"),
            (_("Title"), "title"),
            (_("Kind"), display("kind")),
            (_("Responsibilities"), Extra("responsibility_codes", joined, sql=_codes_sql)),
            (_("Action"), "action.title"),
            (_("Valid until"), "valid_until"),
            (_("Recorded by"), "recorded_by"),
            (_("Recorded at"), "recorded_at"),
            (_("Link"), "external_url"),
            (
                _("Files"),
                Extra("files", lambda files: joined(n for n, _ in files), sql=_files_sql("original_name")),
            ),
            (
                _("SHA-256"),
                Extra("files", lambda files: joined(h for _, h in files), sql=_files_sql("sha256")),
            ),
            *ARCHIVED,
        ],
        rows_as_of=_evidence_as_of,
    )
)

register(
    Register(
        name="leadership_actions",
        label=_("Leadership actions"),
        description=_("What top management committed to do for each responsibility, and what became of it."),
        permission="commitments.view_leadershipaction",
        rows=lambda: commitment_selectors.action_list().order_by("due_date", "pk"),
        filterset_class=LeadershipActionFilter,
        strict=False,
        columns=[
            (_("Item"), "responsibility.code"),
            (_("Responsibility"), "responsibility.title"),
            (_("Action"), "title"),
            (_("Owner"), "owner"),
            (_("Due"), "due_date"),
            (_("Status"), display("status")),
            (_("Completed on"), "completed_on"),
            (_("Completion note"), "completion_note"),
            *ARCHIVED,
        ],
        rows_as_of=lambda when: pointintime.past_rows(
            LeadershipAction, when, related=("responsibility", "owner"), order_by=("due_date", "id")
        ),
    )
)

register(
    Register(
        name="policy_versions",
        label=_("Policy versions"),
        description=_("Every version of the quality policy, with its approval and supersession dates."),
        permission="commitments.view_policyversion",
        rows=lambda: PolicyVersion.objects.select_related("approved_by", "created_by").order_by("-number"),
        columns=[
            (_("Version"), "number"),
            (_("Title"), "title"),
            (_("Status"), display("status")),
            (_("Approved by"), "approved_by"),
            (_("Approved on"), "approved_on"),
            (_("Superseded on"), "superseded_on"),
            (_("Created by"), "created_by"),
            (_("Drafted at"), "created_at"),
            (_("Acknowledged by"), "acknowledgement_count"),
        ],
        columns_as_of=[
            (_("Version"), "number"),
            (_("Title"), "title"),
            (_("Status"), display("status")),
            (_("Approved by"), "approved_by"),
            (_("Approved on"), "approved_on"),
            (_("Superseded on"), "superseded_on"),
            (_("Created by"), "created_by"),
        ],
        rows_as_of=lambda when: pointintime.past_rows(
            PolicyVersion, when, related=("approved_by", "created_by"), order_by=("-number",)
        ),
    )
)

register(
    Register(
        name="policy_communications",
        label=_("Policy communications"),
        description=_("How, when and to whom each policy version was communicated."),
        permission="commitments.view_policycommunication",
        rows=lambda: PolicyCommunication.objects.select_related("version", "recorded_by").order_by(
            "communicated_on", "pk"
        ),
        columns=[
            (_("Version"), "version.number"),
            (_("Communicated on"), "communicated_on"),
            (_("Channel"), display("channel")),
            (_("Audience"), "audience"),
            (_("Notes"), "notes"),
            (_("Recorded by"), "recorded_by"),
        ],
    )
)

register(
    Register(
        name="processes",
        label=_("Processes"),
        description=_("The process register, as its list filters it (add archived=only for the archive)."),
        permission="commitments.view_process",
        rows=lambda: Process.objects.select_related("owner").order_by("name", "pk"),
        filterset_class=ProcessFilter,
        strict=False,
        columns=[
            (_("Process"), "name"),
            (_("Owner"), "owner"),
            (_("Status"), display("status")),
            (_("Purpose"), "purpose"),
            (_("Inputs"), "inputs"),
            (_("Outputs"), "outputs"),
            (_("Performance indicators"), "performance_indicators"),
            (_("How QMS requirements are built in"), "qms_integration"),
            *ARCHIVED,
        ],
        rows_as_of=lambda when: pointintime.past_rows(Process, when, related=("owner",), order_by=("name",)),
    )
)

register(
    Register(
        name="risks",
        label=_("Risks and opportunities"),
        description=_("Risks and opportunities of each process, scored, with their treatment."),
        permission="commitments.view_risk",
        rows=lambda: Risk.objects.select_related("process", "owner").order_by("-score", "title", "pk"),
        filterset_class=RiskFilter,
        strict=False,
        columns=[
            (_("Kind"), display("kind")),
            (_("Title"), "title"),
            (_("Process"), "process.name"),
            (_("Likelihood"), "likelihood"),
            (_("Impact"), "impact"),
            (_("Score"), "score"),
            (_("Level"), Computed(("score",), lambda score: level_for(score).label)),
            (_("Owner"), "owner"),
            (_("Review date"), "review_date"),
            (_("Status"), display("status")),
            (_("Planned treatment"), "treatment"),
            (_("Treatment effectiveness"), "treatment_effectiveness"),
            *ARCHIVED,
        ],
        rows_as_of=lambda when: pointintime.past_rows(
            Risk, when, related=("process", "owner"), order_by=("-score", "title")
        ),
    )
)

register(
    Register(
        name="management_roles",
        label=_("Management roles"),
        description=_("Who holds each management role, what they answer for and may decide."),
        permission="commitments.view_managementrole",
        rows=lambda: ManagementRole.objects.select_related("holder").order_by("title", "pk"),
        filterset_class=ManagementRoleFilter,
        strict=False,
        columns=[
            (_("Role"), "title"),
            (_("Holder"), "holder"),
            (_("Area"), "area"),
            (_("Responsibilities"), "responsibilities"),
            (_("Authorities"), "authorities"),
            (_("How top management supports the holder"), "top_management_support"),
            *ARCHIVED,
        ],
        rows_as_of=lambda when: pointintime.past_rows(
            ManagementRole, when, related=("holder",), order_by=("title",)
        ),
    )
)
