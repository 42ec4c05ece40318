"""Benchmark: the top-management dashboard at 1,000 and at 100,000 objectives, on the same server.

Creates its own two throw-away PostgreSQL databases (qms_bench_dash for the large data set, and
qms_bench_dash_1k, a copy of the freshly migrated one, for the small) on the server of
DATABASE_URL, fills them with the data set of benchmarks/data.py (1,000 and 100,000 objectives,
ten measurements each, half as many evidence records; actions, risks and requests beside them),
and drops both at the end. It refuses any other database name. The dashboard is served through Django's test Client as a member of top
management; medians of BENCH_REQUESTS requests (after a warm-up) are printed with the query
counts, and compared with Django's password-change page (a trivial logged-in page). The requests
alternate between the two data sets and the two pages (the process switches its database
connection between requests), so a busy machine slows every figure alike and the ratios hold.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python benchmarks/dashboard.py
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks import data  # noqa: E402

BENCH_DB = "qms_bench_dash"
SMALL_DB = "qms_bench_dash_1k"
SOURCE_URL = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
REQUESTS = int(os.environ.get("BENCH_REQUESTS", 30))
WARM_UP = 5
SMALL, LARGE = 1_000, 100_000
TARGET_GROWTH, TARGET_TRIVIAL = 1.25, 5.0


def _bench_url() -> str:
    parts = urlsplit(SOURCE_URL)
    if parts.scheme not in ("postgres", "postgresql", "pgsql"):
        sys.exit("benchmarks/dashboard.py needs a PostgreSQL DATABASE_URL (only its server is used).")
    return urlunsplit((parts.scheme, parts.netloc, f"/{BENCH_DB}", "", ""))


def _admin(sql: str) -> None:
    """Run CREATE/DROP DATABASE for the benchmark's own databases, and nothing else."""
    data.on_server(_bench_url(), sql, own={BENCH_DB, SMALL_DB})


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
        "DJANGO_CONN_MAX_AGE": "3600",
    }
)

import django  # noqa: E402


def _drop() -> None:
    for name in (BENCH_DB, SMALL_DB):
        _admin(f'DROP DATABASE IF EXISTS "{name}"')


def _setup() -> None:
    """Migrate the large database, copy it (still empty) as the small one; "small" is its alias."""
    _drop()
    _admin(f'CREATE DATABASE "{BENCH_DB}"')
    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connections

    settings.DATABASES["small"] = {**settings.DATABASES["default"], "NAME": SMALL_DB}
    call_command("migrate", verbosity=0)
    connections.close_all()
    _admin(f'CREATE DATABASE "{SMALL_DB}" TEMPLATE "{BENCH_DB}"')


class _Databases:
    """Points Django's default alias at the small or the large data set (one open connection each)."""

    def __init__(self) -> None:
        from django.db import connections

        self.by_size = {LARGE: connections["default"], SMALL: connections["small"]}

    def use(self, size: int) -> None:
        from django.db import connections

        connections["default"] = self.by_size[size]

    def close(self) -> None:
        for connection in self.by_size.values():
            connection.close()


def _medians_ms(databases: _Databases, cases: list[tuple[int, object, str]]) -> list[float]:
    """Median time of each (size, client, url); the cases take turns, request by request."""
    samples: list[list[float]] = [[] for _ in cases]
    for turn in range(WARM_UP + REQUESTS):
        for i, (size, client, url) in enumerate(cases):
            databases.use(size)
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
    """BENCH_PROFILE=1: the median time of each query of the page over many requests, slowest first."""
    from django.db import connection

    runs: list[list[tuple[float, str]]] = []

    def timed(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            runs[-1].append(((time.perf_counter() - started) * 1000, sql))

    for _ in range(REQUESTS):
        runs.append([])
        with connection.execute_wrapper(timed):
            client.get(url)
    per_query = [(statistics.median(run[i][0] for run in runs), runs[0][i][1]) for i in range(len(runs[0]))]
    for ms, sql in sorted(per_query, reverse=True)[:8]:
        print(f"   {ms:6.2f} ms  {sql[:150]}")
    print(f"   SQL total (sum of medians) {sum(ms for ms, _ in per_query):.2f} ms")


def _build(size: int) -> None:
    """One data set in the database Django currently points at (benchmarks/data.py)."""
    print(data.build(size))


def _client(databases: _Databases, size: int):
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse

    databases.use(size)
    client = Client()
    client.force_login(get_user_model().objects.get(username="bench-ceo"))
    page = client.get(reverse("home")).content.decode()
    assert 'data-testid="heat-map"' in page and 'id="progress-chart"' in page, "not the leadership dashboard"
    return client


def main() -> int:
    from django.urls import reverse

    started = time.perf_counter()
    _setup()
    databases = _Databases()
    for size in (SMALL, LARGE):
        databases.use(size)
        _build(size)
    clients = {size: _client(databases, size) for size in (SMALL, LARGE)}
    home, trivial = reverse("home"), reverse("password_change")
    cases = [(size, clients[size], url) for size in (SMALL, LARGE) for url in (home, trivial)]
    medians = dict(zip([(size, url) for size, _, url in cases], _medians_ms(databases, cases), strict=True))
    queries = {}
    for size, client, url in cases:
        databases.use(size)
        queries[size, url] = _queries(client, url)
        if os.environ.get("BENCH_PROFILE") and url == home:
            print(f"{size:,} objectives, slowest queries of the dashboard:")
            _slowest_queries(client, url)
    print(f"\nmedians of {REQUESTS} requests each, after {WARM_UP} warm-up rounds, requests interleaved:")
    for size in (SMALL, LARGE):
        print(
            f"{size:>7,} objectives: dashboard {medians[size, home]:6.2f} ms "
            f"({queries[size, home]} queries), "
            f"password-change page {medians[size, trivial]:6.2f} ms ({queries[size, trivial]} queries)"
        )
    growth = medians[LARGE, home] / medians[SMALL, home]
    versus_trivial = medians[LARGE, home] / medians[LARGE, trivial]
    same_queries = queries[SMALL, home] == queries[LARGE, home]
    print(
        f"\ndashboard@100k / dashboard@1k = {growth:.2f} (target <= {TARGET_GROWTH})"
        f"\ndashboard@100k / password-change@100k = {versus_trivial:.2f} (target <= {TARGET_TRIVIAL})"
        f"\nqueries: {queries[SMALL, home]} at 1k, {queries[LARGE, home]} at 100k "
        f"({'same' if same_queries else 'DIFFERENT'})"
        f"\ntotal run {time.perf_counter() - started:.0f} s"
    )
    databases.close()
    ok = growth <= TARGET_GROWTH and versus_trivial <= TARGET_TRIVIAL and same_queries
    return 0 if ok else 1


if __name__ == "__main__":
    code = 1
    try:
        code = main()
    finally:
        from django.db import connections

        connections.close_all()
        if not os.environ.get("BENCH_KEEP"):  # BENCH_KEEP=1 leaves them for a closer look
            _drop()
    sys.exit(code)
