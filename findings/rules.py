"""The registry of check rules. Each app declares its rules in its own checks.py.

A rule is a plain function of `today` that returns a queryset of the subjects in breach,
reduced by `subject_rows()` to three columns: subject id, the user who should act (or NULL),
and a short label of the subject. The engine turns that set into findings with a few SQL
statements, so a rule never loops over objects.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db import models
from django.db.models import F, Value
from django.db.models.functions import Cast
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

SubjectQuery = Callable[[datetime.date], models.QuerySet]
# Given subject ids, what exactly each one lacks, in words ("no method, no resource request").
Explainer = Callable[[list[int]], dict[int, list[str]]]


class Severity(models.TextChoices):
    INFO = "info", _("Info")
    WARNING = "warning", _("Warning")
    CRITICAL = "critical", _("Critical")


@dataclass(frozen=True)
class Rule:
    """A stable code, how serious it is, what it is about and what the user should do."""

    code: str
    severity: str
    subject_model: type[models.Model]
    title: str
    advice: str
    query: SubjectQuery
    notify_immediately: bool = False
    explain: Explainer | None = None
    # Values of the title's placeholders ("within %(days)s days"): the title stays one msgid to translate.
    title_values: tuple[tuple[str, object], ...] = ()
    # The named event a finding of this rule is, besides "finding opened" (e.g. "review.overdue");
    # integrations offer it to webhook subscribers.
    event: str = ""

    @property
    def stored_title(self) -> str:
        """The title in English, as the scan stores it on each finding."""
        return self.title % dict(self.title_values) if self.title_values else self.title

    def shown_title(self) -> str:
        """The title in the reader's language."""
        title = gettext(self.title)
        return title % dict(self.title_values) if self.title_values else title


RULES: dict[str, Rule] = {}


def rule(
    *,
    code: str,
    severity: str,
    subject: type[models.Model],
    title: str,
    advice: str,
    notify_immediately: bool = False,
    explain: Explainer | None = None,
    title_values: dict[str, object] | None = None,
    event: str = "",
):
    """Register a rule function under a stable code (never reuse or rename a code); `explain`, when
    given, says for each subject exactly what is missing (one query for a page of findings); `event`
    names what an opened finding of this rule means to an integration ("review.overdue")."""

    def register(func: SubjectQuery) -> SubjectQuery:
        if code in RULES and RULES[code].query is not func:
            raise ValueError(f"Rule code {code} is registered twice")
        values = tuple((title_values or {}).items())
        RULES[code] = Rule(
            code, severity, subject, title, advice, func, notify_immediately, explain, values, event
        )
        return func

    return register


def subject_rows(queryset: models.QuerySet, *, owner: str | None, label) -> models.QuerySet:
    """Reduce a queryset to (subject_id, owner_id, label) for the engine."""
    # A typed NULL: PostgreSQL reads a bare NULL in a sub-select as text.
    owner_expr = F(owner) if owner else Cast(Value(None), models.IntegerField())
    label_expr = label if not isinstance(label, str) else Cast(F(label), models.CharField())
    return queryset.annotate(_subject=F("pk"), _owner=owner_expr, _label=label_expr).values_list(
        "_subject", "_owner", "_label"
    )


class AddDays(models.Func):
    """date + a number of days held in another column, in SQL on PostgreSQL and SQLite."""

    output_field = models.DateField()
    arity = 2

    def as_sql(self, compiler, connection, **extra_context):
        date_sql, date_params = compiler.compile(self.source_expressions[0])
        days_sql, days_params = compiler.compile(self.source_expressions[1])
        if connection.vendor == "postgresql":
            return f"({date_sql} + {days_sql})", (*date_params, *days_params)
        if connection.vendor == "sqlite":
            return f"date({date_sql}, '+' || {days_sql} || ' days')", (*date_params, *days_params)
        raise NotImplementedError(f"AddDays is not written for {connection.vendor}")


# Stored figures the rules read, refreshed before every scan so a scan never judges yesterday's
# numbers. Apps register their refresh functions (called with today=...) from their checks.py,
# which the findings app imports in INSTALLED_APPS order; that order is the order they run in.
REFRESH_BEFORE_SCAN: dict[str, Callable[..., object]] = {}


def refresh_before_scan(func: Callable[..., object]) -> Callable[..., object]:
    """Register a function of `today` that brings stored figures up to date before a scan."""
    REFRESH_BEFORE_SCAN[f"{func.__module__}.{func.__qualname__}"] = func
    return func
