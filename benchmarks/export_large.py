"""Export 100,000 processes, and 100,000 evidence records (each with a responsibility and a file, the
heaviest register: three columns that join several rows each), as CSV and XLSX through the real
view; print rows/s and peak Python memory, and exit non-zero when an export misses its goal. The
processes, a plain register, must reach the writers' speeds (CSV 100,000 rows/s, XLSX 20,000 rows/s:
reports.exports.ROWS_PER_SECOND); the evidence at least the speed that its hand-off to a background
job counts on (reports.exports.rows_while_waiting), so an export made while the person waits is
never cut off.

With a PostgreSQL DATABASE_URL it runs in a throw-away `test_<name>` database on that server
(Django's test-database machinery creates and drops it); without one, in a throw-away SQLite file in
a temporary folder. Either way it never touches a real database. `BENCH_ROWS` changes the size.
On a shared machine the wall time also measures the neighbours, so the goal is judged on CPU time
(both are printed) unless `BENCH_WALL=1`: this process's, plus on PostgreSQL that of the server
process answering its queries (read from /proc; the database writes a CSV itself there).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/qms_x .venv/bin/python benchmarks/export_large.py
"""

import os
import shutil
import sys
import tempfile
import time
import tracemalloc
import warnings
from pathlib import Path

ROWS = int(os.environ.get("BENCH_ROWS", "100000"))
WORK = Path(tempfile.mkdtemp(prefix="qms-bench-export-"))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.update(
    {
        "DJANGO_SETTINGS_MODULE": "qms_leadership.settings",
        "DJANGO_SECRET_KEY": "benchmark-only-secret-key-0123456789-abcdefghijklmnop",
        "DJANGO_DEBUG": "0",
        "DJANGO_HTTPS": "0",
        "DJANGO_STATIC_MANIFEST": "0",
        "DJANGO_ALLOWED_HOSTS": "testserver",
        "QMS_VAR_DIR": str(WORK),
        "LOG_LEVEL": "WARNING",
    }
)
os.environ.setdefault("DATABASE_URL", f"sqlite:///{WORK / 'bench.sqlite3'}")

import django  # noqa: E402

warnings.filterwarnings("ignore", message="No directory at")

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_databases, teardown_databases  # noqa: E402

from commitments.models import Attachment, Evidence, Process, Responsibility  # noqa: E402


def prepare() -> Client:
    if connection.vendor == "sqlite":
        call_command("migrate", verbosity=0)
    Process.objects.bulk_create(
        (
            Process(name=f"Process {i:07d}", purpose="Machining of pump housings and flanges " * 2)
            for i in range(ROWS)
        ),
        batch_size=5000,
    )
    auditor = get_user_model().objects.create_user("bench-auditor", password="not-used-here")
    auditor.groups.add(Group.objects.get(name="Auditor"))
    Evidence.objects.bulk_create(
        (
            Evidence(title=f"Evidence {i:07d}", fact_date="2026-03-01", recorded_by=auditor)
            for i in range(ROWS)
        ),
        batch_size=5000,
    )
    item = Responsibility.objects.of_active_edition().first()
    ids = list(Evidence.objects.values_list("pk", flat=True))
    Evidence.responsibilities.through.objects.bulk_create(
        (Evidence.responsibilities.through(evidence_id=pk, responsibility_id=item.pk) for pk in ids),
        batch_size=5000,
    )
    Attachment.objects.bulk_create(
        (
            Attachment(
                evidence_id=pk,
                file=f"evidence/{pk:032x}",
                original_name=f"minutes-{pk}.pdf",
                size=1000,
                content_type="application/pdf",
                sha256="0" * 64,
                uploaded_by=auditor,
            )
            for pk in ids
        ),
        batch_size=5000,
    )
    if connection.vendor == "postgresql":  # as autovacuum would have by now
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    client = Client()
    client.force_login(auditor)
    # The first request imports the URL configuration and the views: not part of any export.
    client.get("/reports/")
    return client


def cpu_seconds() -> float:
    """CPU seconds spent so far by this process and, on PostgreSQL (on this machine), by the server
    process of its connection; SQLite's work is this process's own."""
    if connection.vendor != "postgresql":
        return time.process_time()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (pid,) = cursor.fetchone()
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return time.process_time() + (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def export(client: Client, register: str, fmt: str) -> tuple[int, int]:
    response = client.get(f"/reports/exports/{register}.{fmt}")
    assert response.status_code == 200 and response.streaming, response
    size = sum(len(chunk) for chunk in response.streaming_content)
    response.close()
    return size, response.status_code


def goals() -> dict[tuple[str, str], tuple[int, str]]:
    """What each export must reach: a plain register the writers' speeds (ROWS_PER_SECOND); the
    evidence register, whose three columns join several rows each, at least the speed its hand-off
    to a background job counts on, so that an export made while the person waits ends in time."""
    from reports import exports, registry

    evidence = registry.REGISTERS["evidence"]
    return {
        **{("processes", fmt): (rate, "the writer's speed") for fmt, rate in exports.ROWS_PER_SECOND.items()},
        **{
            ("evidence", fmt): (
                exports.rows_while_waiting(evidence, fmt) // exports.WAIT_SECONDS,
                "its hand-off",
            )
            for fmt in exports.ROWS_PER_SECOND
        },
    }


def main() -> int:
    from reports import exports

    goal = goals()
    # The writers' own speed is measured here, so the view writes every export while the client
    # waits instead of handing the big ones to a background job.
    exports.WAIT_SECONDS = 10**6

    started = time.perf_counter()
    client = prepare()
    where = connection.settings_dict["NAME"]
    print(
        f"rows: {ROWS:,} per register (set-up {time.perf_counter() - started:.1f} s, {connection.vendor}: {where})"
    )
    wall = os.environ.get("BENCH_WALL") == "1"
    misses = 0
    for register in ("processes", "evidence"):
        for fmt in ("csv", "xlsx"):
            started, cpu = time.perf_counter(), cpu_seconds()
            size, _ = export(client, register, fmt)
            elapsed, cpu = time.perf_counter() - started, cpu_seconds() - cpu
            tracemalloc.start()
            export(client, register, fmt)
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            rate = ROWS / (elapsed if wall else cpu)
            least, why = goal[register, fmt]
            miss = rate < least
            misses += miss
            print(
                f"{register:>9} {fmt:>4}: {elapsed:6.2f} s wall, {cpu:6.2f} s CPU, {rate:9,.0f} rows/s "
                f"(goal {least:,}: {why}), {size / 1e6:6.1f} MB file, peak Python memory "
                f"{peak / 1e6:5.1f} MB{'  MISSED' if miss else ''}"
            )
    return 1 if misses else 0


if __name__ == "__main__":
    # One connection for the whole run (a request would otherwise close it), so the server process
    # whose CPU time is read is the one that answers the exports.
    connection.settings_dict["CONN_MAX_AGE"] = None
    old_config = None if connection.vendor == "sqlite" else setup_databases(verbosity=0, interactive=False)
    try:
        code = main()
    finally:
        if old_config is not None:
            teardown_databases(old_config, verbosity=0)
        shutil.rmtree(WORK, ignore_errors=True)
    sys.exit(code)
