"""The benchmark data set that benchmarks/dashboard.py and benchmarks/pages.py share.

`build(size)` fills the database Django points at with set-based SQL (INSERT ... SELECT
generate_series), then brings the stored figures up to date through the application's own
refresh paths (objectives refresh, tally rebuild, responsibility recompute, the findings scan),
exactly as the daily tasks do. Per 1,000 objectives it holds:

    10,000 measurements, 500 evidence records, 100 leadership actions, 50 risks and
    opportunities, 20 resource requests; plus 100 processes (whatever the size)

so at 100,000 objectives: 1,000,000 measurements, 50,000 evidence records, 10,000 actions,
5,000 risks and 2,000 resource requests. The users are `bench-ceo` (top management) and
`bench-quality` (quality manager), password "x".
"""

from __future__ import annotations

import datetime
import time

MEASUREMENTS_PER_OBJECTIVE = 10
EVIDENCE_PER_OBJECTIVE = 0.5
ACTIONS_PER_OBJECTIVE = 0.1
RISKS_PER_OBJECTIVE = 0.05
REQUESTS_PER_OBJECTIVE = 0.02
PROCESSES = 100


def sql(statement: str, params=None) -> None:
    """Run one statement; with params, a literal % is written %%."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def _people():
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.utils import timezone

    from reviews import services as review_services

    User = get_user_model()
    ceo = User.objects.create_user("bench-ceo", first_name="Helen", last_name="Marsh", password="x")
    ceo.groups.add(Group.objects.get(name="Top management"))
    quality = User.objects.create_user("bench-quality", password="x")
    quality.groups.add(Group.objects.get(name="Quality manager"))
    today = timezone.localdate()
    schedule = review_services.schedule_get()
    schedule.qms_started_on = today - datetime.timedelta(days=330)
    schedule.save()
    review_services.review_plan(
        title="Annual management review",
        planned_date=today + datetime.timedelta(days=20),
        chair=ceo,
        by=quality,
    )
    # A system that has been running for a year has its monthly snapshots (the backfill is a no-op).
    from objectives.models import ProgressSnapshot
    from objectives.services import month_starts

    ProgressSnapshot.objects.bulk_create(
        ProgressSnapshot(month=month, progress=progress, count=100 + i)
        for i, month in enumerate(month_starts(today, 12)[:-1])
        for progress in ("on_track", "at_risk", "off_track", "not_measured")
    )
    return ceo, quality


def _grow(size: int, *, owner_id: int, recorder_id: int) -> None:
    """Objectives 1..size with their measurements, evidence, actions, risks and requests, set-based."""
    from commitments.models import Evidence, LeadershipAction, Process, Risk
    from objectives.models import Measurement, Objective, ResourceRequest

    processes = Process._meta.db_table
    sql(
        f"""INSERT INTO {processes} (name, owner_id, purpose, inputs, outputs, performance_indicators,
                qms_integration, status, archive_reason)
            SELECT 'Benchmark process ' || lpad(g::text, 3, '0'), %s, '', '', '', '', '', 'active', ''
            FROM generate_series(1, {PROCESSES}) AS g""",
        [owner_id],
    )
    objectives = Objective._meta.db_table
    sql(
        f"""INSERT INTO {objectives} (ref, title, description, level, owner_id, process_id, baseline, target,
                unit, direction, method, frequency_days, start_date, due_date, plan, evaluation,
                customer_related, status, progress, tallied_as, archive_reason)
            SELECT 'B-' || lpad(g::text, 7, '0'), 'Benchmark objective ' || g, '', 'Machining',
                CASE WHEN g %% 50 = 0 THEN %s END,
                CASE WHEN g %% 10 = 0 THEN (SELECT min(id) FROM {processes}) + g %% {PROCESSES} END,
                80, 90, '%%', 'increase', 'Monthly report',
                14 + (g %% 4) * 15, CURRENT_DATE - 200, CURRENT_DATE + 165 - g %% 300, '', '', g %% 3 = 0,
                'active', 'not_measured', '', ''
            FROM generate_series(1, %s) AS g""",
        [owner_id, size],
    )
    sql(
        f"""INSERT INTO {Measurement._meta.db_table} (objective_id, measured_on, value, comment,
                recorded_by_id, recorded_at, is_current)
            SELECT o.id, o.start_date + k * 20, 78 + ((o.id * 7 + k * 13) %% 150) / 10.0, '', %s, now(), true
            FROM {objectives} o CROSS JOIN generate_series(0, {MEASUREMENTS_PER_OBJECTIVE - 1}) AS k""",
        [recorder_id],
    )
    evidence = Evidence._meta.db_table
    links = Evidence.responsibilities.through._meta.db_table
    sql(
        f"""INSERT INTO {evidence} (title, description, kind, fact_date, recorded_by_id, recorded_at,
                external_url, archive_reason)
            SELECT 'Benchmark evidence ' || g, '', 'minutes', CURRENT_DATE - (g %% 400), %s,
                now() - (g %% 700) * interval '1 hour', '', ''
            FROM generate_series(1, %s) AS g""",
        [recorder_id, int(size * EVIDENCE_PER_OBJECTIVE)],
    )
    active = """SELECT r.id, row_number() OVER (ORDER BY r.id) - 1 AS n FROM commitments_responsibility r
                JOIN commitments_edition ed ON ed.id = r.edition_id WHERE ed.is_active"""
    sql(
        f"""INSERT INTO {links} (evidence_id, responsibility_id)
            SELECT e.id, r.id FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM {evidence}) e
            JOIN ({active}) r ON r.n = e.n % (SELECT count(*) FROM ({active}) a)"""
    )
    sql(
        f"""INSERT INTO {LeadershipAction._meta.db_table} (responsibility_id, title, description, owner_id,
                due_date, status, completion_note, completed_on, archive_reason)
            SELECT r.id, 'Benchmark action ' || g, '', %s, CURRENT_DATE - 200 + g %% 400,
                CASE WHEN g %% 4 = 0 THEN 'done' WHEN g %% 4 = 1 THEN 'in_progress' ELSE 'planned' END,
                CASE WHEN g %% 4 = 0 THEN 'Done as planned' ELSE '' END,
                CASE WHEN g %% 4 = 0 THEN CURRENT_DATE - 200 + g %% 400 END, ''
            FROM generate_series(1, %s) AS g
            JOIN ({active}) r ON r.n = g %% (SELECT count(*) FROM ({active}) a)""",
        [owner_id, int(size * ACTIONS_PER_OBJECTIVE)],
    )
    sql(
        f"""INSERT INTO {Risk._meta.db_table} (kind, process_id, title, description, likelihood, impact, score,
                treatment, owner_id, review_date, status, treatment_effectiveness, archive_reason)
            SELECT CASE WHEN g %% 5 = 0 THEN 'opportunity' ELSE 'risk' END,
                (SELECT min(id) FROM {processes}) + g %% {PROCESSES}, 'Benchmark risk ' || g, '',
                1 + g %% 5, 1 + (g / 5) %% 5, (1 + g %% 5) * (1 + (g / 5) %% 5), '', %s,
                CURRENT_DATE + g %% 365, CASE WHEN g %% 3 = 0 THEN 'treated' ELSE 'open' END, '', ''
            FROM generate_series(1, %s) AS g""",
        [owner_id, int(size * RISKS_PER_OBJECTIVE)],
    )
    sql(
        f"""INSERT INTO {ResourceRequest._meta.db_table} (category, description, objective_id, quantity,
                status, requested_by_id, requested_at, decision_reason)
            SELECT 'people', 'Benchmark request ' || o.id, o.id, 1,
                CASE WHEN o.id %% 3 = 0 THEN 'requested' ELSE 'rejected' END, %s,
                now() - (o.id %% 900) * interval '1 hour',
                CASE WHEN o.id %% 3 = 0 THEN '' ELSE 'Not this year' END
            FROM {objectives} o WHERE o.id %% %s = 0""",
        [recorder_id, round(1 / REQUESTS_PER_OBJECTIVE)],
    )


def _refresh() -> dict[str, float]:
    """The application's own refresh paths, as the daily tasks run them; seconds each."""
    from commitments.services.status import responsibility_recompute
    from findings import services as finding_services
    from objectives import services as objective_services

    sql("ANALYZE")  # fresh bulk-loaded tables: give the planner statistics, as autovacuum would
    timings = {}
    for name, call in [
        ("objectives refresh", objective_services.recompute_progress),
        ("tally rebuild", objective_services.progress_tally_rebuild),
        ("responsibilities", responsibility_recompute),
        ("checks scan + findings tally", finding_services.scan),
    ]:
        started = time.perf_counter()
        call()
        timings[name] = time.perf_counter() - started
    sql("VACUUM ANALYZE")  # and the visibility map, as autovacuum would after a bulk load
    return timings


def build(size: int) -> str:
    """Fill the (migrated, empty) database Django points at; returns a line saying what was built."""
    from commitments.models import Evidence
    from objectives.models import Measurement, Objective

    built = time.perf_counter()
    ceo, quality = _people()
    _grow(size, owner_id=ceo.pk, recorder_id=quality.pk)
    timings = _refresh()
    return (
        f"{Objective.objects.count():,} objectives, {Measurement.objects.count():,} measurements, "
        f"{Evidence.objects.count():,} evidence records: built and refreshed in "
        f"{time.perf_counter() - built:.1f} s ("
        + ", ".join(f"{name} {seconds:.1f} s" for name, seconds in timings.items())
        + ")"
    )


def on_server(url: str, statement: str, params=None, *, own: set[str]):
    """Run one statement on the maintenance database of the server of `url` (autocommit).

    CREATE and DROP DATABASE are allowed only for the benchmark's `own` databases; returns the
    rows of a query, else None.
    """
    import re
    from urllib.parse import urlsplit

    import psycopg2

    if re.match(r"\s*(CREATE|DROP)\b", statement, re.IGNORECASE):
        names = set(re.findall(r'"([^"]+)"', statement))
        if not names or not names <= own:
            raise SystemExit(f"refusing to run {statement!r}: only {sorted(own)} are the benchmark's")
    parts = urlsplit(url)
    conn = psycopg2.connect(
        host=parts.hostname, port=parts.port or 5432, user=parts.username, password=parts.password,
        dbname="postgres",
    )  # fmt: skip
    conn.autocommit = True
    try:
        with conn.cursor() as cursor:
            cursor.execute(statement, params)
            return cursor.fetchall() if cursor.description else None
    finally:
        conn.close()
