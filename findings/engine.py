"""Runs the rules set-based: each rule reads its subjects once and costs three SQL statements.

For one rule, with S the set of subjects in breach (the rule's query, never loaded into Python):
1. open a finding for each subject of S that has no open one (INSERT ... SELECT, and the partial
   unique index with ON CONFLICT DO NOTHING keeps two concurrent runs from doubling a finding);
2. stamp last_seen_on on open findings still in S, at most once a day, so a rerun with nothing
   changed writes no row;
3. resolve open findings whose subject has left S. A condition that comes back opens a new one.
When an integration listens (core/events.py), the findings opened and resolved are copied into the
event outbox by one INSERT ... SELECT each, in the same transaction.
Each rule commits on its own, so a scan killed half-way leaves correct findings, and the next
run simply finishes the work.
"""

from __future__ import annotations

import datetime
import logging
import os
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import EmptyResultSet
from django.db import connection, transaction
from django.utils import timezone

from core import events
from findings.models import Finding, ScanLock, ScanRun
from findings.rules import RULES, Rule

logger = logging.getLogger(__name__)
LOCK_NAME = "checks-scan"
LOCK_TTL = datetime.timedelta(minutes=30)


@dataclass
class RuleOutcome:
    code: str
    opened: int = 0
    seen: int = 0
    resolved: int = 0


def _subject_sql(rule: Rule, today: datetime.date) -> tuple[str, tuple]:
    """The rule's query as SQL; its columns are named _subject, _owner and _label (see subject_rows).

    A query Django knows to be empty (`.none()`) becomes one that selects no row.
    """
    try:
        sql, params = rule.query(today).order_by().query.sql_with_params()
    except EmptyResultSet:
        return (
            'SELECT CAST(NULL AS BIGINT) AS "_subject", CAST(NULL AS INTEGER) AS "_owner", '
            'CAST(NULL AS VARCHAR(300)) AS "_label" WHERE 1 = 0',
            (),
        )
    return sql, tuple(params)


SUBJECTS = "scan_rule_subjects"


def _open_findings(
    cursor, rule: Rule, content_type_id: int, source: str, params: tuple, *, today, now, only_new: bool
) -> int:
    """Open a finding for each subject of `source` (a table or a parenthesised query), in subject
    order (the indexes grow at their right edge); `only_new` leaves out the subjects that already
    have an open finding. The number opened."""
    table = connection.ops.quote_name(Finding._meta.db_table)
    pk = '"_subject"'
    # Subjects that already have an open finding are left out (a speculative insert per
    # conflicting row costs ~20 us, which a rerun would pay for every open finding) by EXCEPT: a
    # set operation reads the open findings whole before the first row is inserted, where an
    # anti-join planned as a nested loop would scan the findings table again for every subject,
    # the rows just inserted included (quadratic: minutes at 100,000 subjects). The partial unique
    # index (one open finding per rule and subject) stays the arbiter between two concurrent runs,
    # through ON CONFLICT.
    new_only = (
        f"""q.{pk} IN (SELECT {pk} FROM {source} EXCEPT SELECT f.subject_id FROM {table} f
            WHERE f.rule_code = %s AND f.subject_type_id = %s AND f.resolved_at IS NULL)"""
        if only_new
        else "1 = 1"  # SQLite parses ON CONFLICT after INSERT ... SELECT only behind a WHERE
    )
    cursor.execute(
        f"""INSERT INTO {table} (rule_code, severity, subject_type_id, subject_id, subject_label, message,
                owner_id, first_seen_at, last_seen_on, acceptance_reason)
            SELECT %s, %s, %s, q.{pk}, SUBSTR(COALESCE(q."_label", ''), 1, 300), %s, q."_owner", %s, %s, ''
            FROM {source} q
            WHERE {new_only}
            ORDER BY q.{pk}
            ON CONFLICT DO NOTHING""",
        (
            rule.code,
            rule.severity,
            content_type_id,
            rule.stored_title,
            now,
            today,
            *params,
            *((rule.code, content_type_id) if only_new else ()),
        ),
    )
    # The true number of findings opened, however many (the mails list a few and say how many).
    return cursor.rowcount


def apply_rule(rule: Rule, *, today: datetime.date, now: datetime.datetime) -> RuleOutcome:
    """Bring the findings of one rule in line with the data, in one transaction.

    A rule with no open finding (its first scan, or every condition cleared) opens one per subject
    straight from its query. Otherwise the query runs once, into a temporary table (per
    connection, dropped at the end), which the three statements then join: a big table is read
    once per rule, not three times.
    """
    table = connection.ops.quote_name(Finding._meta.db_table)
    content_type = ContentType.objects.get_for_model(rule.subject_model, for_concrete_model=False)
    scope = (rule.code, content_type.pk)
    sql, params = _subject_sql(rule, today)
    pk = '"_subject"'
    outcome = RuleOutcome(rule.code)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"SELECT 1 FROM {table} WHERE rule_code = %s AND subject_type_id = %s AND resolved_at IS NULL "
            "LIMIT 1",
            scope,
        )
        if cursor.fetchone() is None:
            outcome.opened = _open_findings(
                cursor, rule, content_type.pk, f"({sql})", params, today=today, now=now, only_new=False
            )
        else:
            cursor.execute(f"DROP TABLE IF EXISTS {SUBJECTS}")
            cursor.execute(f"CREATE TEMPORARY TABLE {SUBJECTS} AS {sql}", params)
            if connection.vendor == "postgresql":
                # Temporary tables have no statistics until analysed; the joins below need them.
                # The index keeps the anti-join of the resolve step cheap even when the planner
                # misjudges the findings just inserted in this transaction (no statistics yet).
                cursor.execute(f'CREATE INDEX ON {SUBJECTS} ("_subject")')
                cursor.execute(f"ANALYZE {SUBJECTS}")
            outcome.opened = _open_findings(
                cursor, rule, content_type.pk, SUBJECTS, (), today=today, now=now, only_new=True
            )
            # EXISTS rather than IN: the planner may hash-join whatever the size of the set.
            cursor.execute(
                f"""UPDATE {table} SET last_seen_on = %s
                    WHERE rule_code = %s AND subject_type_id = %s AND resolved_at IS NULL
                    AND last_seen_on < %s
                    AND EXISTS (SELECT 1 FROM {SUBJECTS} q WHERE q.{pk} = {table}.subject_id)""",
                (today, *scope, today),
            )
            outcome.seen = cursor.rowcount
            cursor.execute(
                f"""UPDATE {table} SET resolved_at = %s
                    WHERE rule_code = %s AND subject_type_id = %s AND resolved_at IS NULL
                    AND NOT EXISTS (SELECT 1 FROM {SUBJECTS} q WHERE q.{pk} = {table}.subject_id)""",
                (now, *scope),
            )
            outcome.resolved = cursor.rowcount
            cursor.execute(f"DROP TABLE {SUBJECTS}")
        if outcome.opened:
            # One event per finding just opened (core/events.py), copied by the database.
            events.emit_from_sql(
                events.Kind.FINDING_OPENED,
                Finding,
                f"SELECT id FROM {table} WHERE rule_code = %s AND subject_type_id = %s "
                "AND resolved_at IS NULL AND first_seen_at = %s",
                (*scope, now),
                at=now,
            )
        if outcome.resolved:
            events.emit_from_sql(
                events.Kind.FINDING_RESOLVED,
                Finding,
                f"SELECT id FROM {table} WHERE rule_code = %s AND subject_type_id = %s AND resolved_at = %s",
                (*scope, now),
                at=now,
            )
    return outcome


@contextmanager
def scan_lock(holder: str, name: str = LOCK_NAME) -> Iterator[bool]:
    """True when this process may run the named job (the scan, the digests). PostgreSQL: an advisory
    lock that dies with the connection (a killed worker never leaves it behind); elsewhere: a lock
    row with an expiry."""
    if connection.vendor == "postgresql":
        key = zlib.crc32(name.encode())
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
            acquired = cursor.fetchone()[0]
        try:
            yield acquired
        finally:
            if acquired:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_unlock(%s)", [key])
        return
    now = timezone.now()
    ScanLock.objects.get_or_create(name=name, defaults={"expires_at": now})
    acquired = bool(
        ScanLock.objects.filter(name=name, expires_at__lte=now).update(
            holder=holder, expires_at=now + LOCK_TTL
        )
    )
    try:
        yield acquired
    finally:
        if acquired:
            ScanLock.objects.filter(name=name, holder=holder).update(expires_at=timezone.now())


def run_checks(
    *, trigger: str = "schedule", today: datetime.date | None = None, codes=None, run: ScanRun | None = None
) -> ScanRun | None:
    """Run every registered rule (or the given codes). None when another scan holds the lock.

    Every run is recorded as a ScanRun with its figures, quiet or not (`run`: the row of a
    requested scan), so anyone can tell that today's scan ran.
    """
    today = today or timezone.localdate()
    holder = f"{os.uname().nodename}:{os.getpid()}:{trigger}"
    with scan_lock(holder) as acquired:
        if not acquired:
            logger.info("Checks already running elsewhere; this run is skipped.")
            return None
        run = run or ScanRun(trigger=trigger)
        run.started_at, run.status = timezone.now(), ScanRun.Status.RUNNING
        for code in sorted(codes or RULES):
            outcome = apply_rule(RULES[code], today=today, now=timezone.now())
            run.opened += outcome.opened
            run.seen += outcome.seen
            run.resolved += outcome.resolved
        run.status, run.finished_at = ScanRun.Status.DONE, timezone.now()
        if connection.vendor == "postgresql" and run.opened + run.resolved > 1000:
            # Fresh statistics, so the next scan's plans fit the new size of the findings table.
            with connection.cursor() as cursor:
                cursor.execute(f"ANALYZE {connection.ops.quote_name(Finding._meta.db_table)}")
        run.save()
        return run
