"""Benchmark: the top-management dashboard at 1,000 and at 100,000 objectives, on the same server.

Creates its own throw-away PostgreSQL database (qms_bench_dash) on the server of DATABASE_URL,
migrates it, fills it with set-based SQL (INSERT ... SELECT generate_series), and drops it at the
end. It refuses any other database name. Sizes:

    small: 1,000 objectives, 10,000 measurements, 500 evidence records
    large: 100,000 objectives, 1,000,000 measurements, 50,000 evidence records

The stored figures are then brought up to date by the application's own refresh paths
(objectives refresh_derived, responsibility recompute, the findings scan and tally), exactly
as the daily tasks do. The dashboard is served through Django's test Client as a member of top
management; medians of BENCH_REQUESTS requests (after a warm-up) are printed with the query
counts, and compared with Django's password-change page (a trivial logged-in page).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python benchmarks/dashboard.py
"""

import datetime
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

BENCH_DB = "qms_bench_dash"
SOURCE_URL = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
REQUESTS = int(os.environ.get("BENCH_REQUESTS", 30))
WARM_UP = 5
SMALL, LARGE = 1_000, 100_000
MEASUREMENTS_PER_OBJECTIVE = 10
EVIDENCE_PER_OBJECTIVE = 0.5
TARGET_GROWTH, TARGET_TRIVIAL = 1.25, 5.0


def _bench_url() -> str:
    parts = urlsplit(SOURCE_URL)
    if parts.scheme not in ("postgres", "postgresql", "pgsql"):
        sys.exit("benchmarks/dashboard.py needs a PostgreSQL DATABASE_URL (only its server is used).")
    return urlunsplit((parts.scheme, parts.netloc, f"/{BENCH_DB}", "", ""))


def _admin(sql: str) -> None:
    """Run CREATE/DROP DATABASE for the benchmark's own database, and nothing else."""
    import psycopg2

    if f'"{BENCH_DB}"' not in sql:
        raise SystemExit(f"refusing to run {sql!r}: only {BENCH_DB} may be created or dropped")
    parts = urlsplit(_bench_url())
    conn = psycopg2.connect(
        host=parts.hostname, port=parts.port or 5432, user=parts.username, password=parts.password,
        dbname="postgres",
    )  # fmt: skip
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute(sql)
    conn.close()


os.environ.update(
    {
        "DJANGO_SETTINGS_MODULE": "qms_leadership.settings",
        "DJANGO_SECRET_KEY": "benchmark-only-secret-key-0123456789-abcdefghijklmnop",
        "DJANGO_DEBUG": "0",
        "DJANGO_HTTPS": "0",
        "DJANGO_STATIC_MANIFEST": "0",
        "DJANGO_ALLOWED_HOSTS": "testserver",
        "QMS_VAR_DIR": tempfile.mkdtemp(prefix="qms-bench-dash-"),
        "DATABASE_URL": _bench_url(),
        "LOG_LEVEL": "WARNING",
    }
)

import django  # noqa: E402


def _setup() -> None:
    _admin(f'DROP DATABASE IF EXISTS "{BENCH_DB}"')
    _admin(f'CREATE DATABASE "{BENCH_DB}"')
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _sql(statement: str, params=None) -> None:
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
    return ceo, quality


def _grow(first: int, last: int, *, owner_id: int, recorder_id: int) -> None:
    """Objectives first..last, ten measurements each, and half as many evidence records, set-based."""
    from objectives.models import Measurement, Objective

    objectives = Objective._meta.db_table
    _sql(
        f"""INSERT INTO {objectives} (ref, title, description, level, owner_id, baseline, target, unit,
                direction, method, frequency_days, start_date, due_date, plan, evaluation, customer_related,
                status, progress, tallied_as, archive_reason)
            SELECT 'B-' || lpad(g::text, 7, '0'), 'Benchmark objective ' || g, '', 'Machining',
                CASE WHEN g %% 50 = 0 THEN %s END, 80, 90, '%%', 'increase', 'Monthly report',
                14 + (g %% 4) * 15, CURRENT_DATE - 200, CURRENT_DATE + 165, '', '', g %% 3 = 0,
                'active', 'not_measured', '', ''
            FROM generate_series(%s, %s) AS g""",
        [owner_id, first, last],
    )
    _sql(
        f"""INSERT INTO {Measurement._meta.db_table} (objective_id, measured_on, value, comment,
                recorded_by_id, recorded_at, is_current)
            SELECT o.id, o.start_date + k * 20, 78 + ((o.id * 7 + k * 13) %% 150) / 10.0, '', %s, now(), true
            FROM {objectives} o CROSS JOIN generate_series(0, {MEASUREMENTS_PER_OBJECTIVE - 1}) AS k
            WHERE o.ref BETWEEN %s AND %s""",
        [recorder_id, f"B-{first:07d}", f"B-{last:07d}"],
    )
    from commitments.models import Evidence

    evidence = Evidence._meta.db_table
    links = Evidence.responsibilities.through._meta.db_table
    count = int((last - first + 1) * EVIDENCE_PER_OBJECTIVE)
    _sql(
        f"""INSERT INTO {evidence} (title, description, kind, fact_date, recorded_by_id, recorded_at,
                external_url, archive_reason)
            SELECT 'Benchmark evidence ' || g, '', 'minutes', CURRENT_DATE - (g %% 400), %s, now(), '', ''
            FROM generate_series(1, %s) AS g""",
        [recorder_id, count],
    )
    _sql(
        f"""INSERT INTO {links} (evidence_id, responsibility_id)
            SELECT e.id, r.id FROM (
                SELECT id, row_number() OVER (ORDER BY id) AS n FROM {evidence}
                WHERE id NOT IN (SELECT evidence_id FROM {links})) e
            JOIN (SELECT r.id, row_number() OVER (ORDER BY r.id) - 1 AS n
                  FROM commitments_responsibility r JOIN commitments_edition ed ON ed.id = r.edition_id
                  WHERE ed.is_active) r
              ON r.n = e.n % (SELECT count(*) FROM commitments_responsibility r2
                              JOIN commitments_edition ed2 ON ed2.id = r2.edition_id WHERE ed2.is_active)"""
    )


def _refresh() -> dict[str, float]:
    """The application's own refresh paths, as the daily tasks run them; seconds each."""
    from commitments.services.status import responsibility_recompute
    from findings import services as finding_services
    from objectives import services as objective_services

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
    _sql("ANALYZE")
    return timings


def _medians_ms(client, urls: list[str]) -> list[float]:
    """Median time of each page; requests alternate between the pages so both meet the same noise."""
    samples: list[list[float]] = [[] for _ in urls]
    for turn in range(WARM_UP + REQUESTS):
        for i, url in enumerate(urls):
            started = time.perf_counter()
            response = client.get(url)
            elapsed = (time.perf_counter() - started) * 1000
            assert response.status_code == 200, response.status_code
            if turn >= WARM_UP:
                samples[i].append(elapsed)
    return [statistics.median(times) for times in samples]


def _queries(client, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return len(captured.captured_queries)


def _slowest_queries(client, url: str) -> None:
    """BENCH_PROFILE=1: the time of each query of one request, slowest first."""
    from django.db import connection

    timings = []

    def timed(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            timings.append(((time.perf_counter() - started) * 1000, sql))

    client.get(url)
    with connection.execute_wrapper(timed):
        client.get(url)
    for ms, sql in sorted(timings, reverse=True)[:8]:
        print(f"   {ms:7.2f} ms  {sql[:160]}")
    print(f"   SQL total {sum(ms for ms, _ in timings):.2f} ms")


def _measure(client, label: str) -> dict:
    from django.urls import reverse

    home, trivial = reverse("home"), reverse("password_change")
    page = client.get(home).content.decode()
    assert 'data-testid="heat-map"' in page and 'id="progress-chart"' in page, "not the leadership dashboard"
    dashboard_ms, trivial_ms = _medians_ms(client, [home, trivial])
    figures = {
        "dashboard": dashboard_ms,
        "trivial": trivial_ms,
        "queries": _queries(client, home),
        "trivial_queries": _queries(client, trivial),
    }
    if os.environ.get("BENCH_PROFILE"):
        _slowest_queries(client, home)
    print(
        f"{label}: dashboard median {figures['dashboard']:.2f} ms ({figures['queries']} queries), "
        f"password-change page {figures['trivial']:.2f} ms ({figures['trivial_queries']} queries)"
    )
    return figures


def main() -> int:
    started = time.perf_counter()
    _setup()
    from django.test import Client

    from objectives.models import Measurement, Objective

    ceo, quality = _people()
    client = Client()
    client.force_login(ceo)

    results = {}
    for size, first in ((SMALL, 1), (LARGE, SMALL + 1)):
        built = time.perf_counter()
        _grow(first, size, owner_id=ceo.pk, recorder_id=quality.pk)
        timings = _refresh()
        from commitments.models import Evidence

        print(
            f"\n{Objective.objects.count():,} objectives, {Measurement.objects.count():,} measurements, "
            f"{Evidence.objects.count():,} evidence records (built and refreshed in "
            f"{time.perf_counter() - built:.1f} s: "
            + ", ".join(f"{name} {seconds:.1f} s" for name, seconds in timings.items())
            + ")"
        )
        results[size] = _measure(client, f"{size:,} objectives")

    small, large = results[SMALL], results[LARGE]
    growth = large["dashboard"] / small["dashboard"]
    versus_trivial = large["dashboard"] / large["trivial"]
    same_queries = small["queries"] == large["queries"]
    print(
        f"\ndashboard@100k / dashboard@1k = {growth:.2f} (target <= {TARGET_GROWTH})"
        f"\ndashboard@100k / password-change@100k = {versus_trivial:.2f} (target <= {TARGET_TRIVIAL})"
        f"\nqueries: {small['queries']} at 1k, {large['queries']} at 100k "
        f"({'same' if same_queries else 'DIFFERENT'})"
        f"\ntotal run {time.perf_counter() - started:.0f} s"
    )
    ok = growth <= TARGET_GROWTH and versus_trivial <= TARGET_TRIVIAL and same_queries
    return 0 if ok else 1


if __name__ == "__main__":
    code = 1
    try:
        code = main()
    finally:
        from django.db import connections

        connections.close_all()
        if not os.environ.get("BENCH_KEEP"):  # BENCH_KEEP=1 leaves it for a closer look
            _admin(f'DROP DATABASE IF EXISTS "{BENCH_DB}"')
    sys.exit(code)
