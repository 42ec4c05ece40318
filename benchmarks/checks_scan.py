"""Benchmark: the background checks over 100,000 objectives and 1,000,000 measurements.

Needs PostgreSQL (DATABASE_URL=postgres://...). Never touches that database: Django's test
machinery creates a throw-away `test_<name>` database and drops it at the end.

Prints, for a small and a large data set:
- one full read of the objectives table (model instances, streamed), the yardstick;
- the first scan (findings opened), and a rerun over unchanged data, with rows written (from
  PostgreSQL's own counters) and the ratio of scan time to the full read;
- the peak memory (max RSS) of a separate process that runs only the scan.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/qms .venv/bin/python benchmarks/checks_scan.py
"""

import datetime
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qms_leadership.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only-secret-key-not-for-production-0123456789")
os.environ.setdefault("QMS_VAR_DIR", tempfile.mkdtemp(prefix="qms-bench-var-"))

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import setup_databases, teardown_databases  # noqa: E402
from django.utils import timezone  # noqa: E402

from commitments.models import PolicyCommitment, PolicyVersion  # noqa: E402
from findings.engine import run_checks  # noqa: E402
from findings.models import Finding  # noqa: E402
from objectives.models import Objective  # noqa: E402

SIZES = [int(n) for n in os.environ.get("BENCH_SIZES", "10000,100000").split(",")]
PER_OBJECTIVE = 10
KEYS = ["customer-satisfaction", "on-time-delivery", "product-conformity", "meet-requirements",
        "continual-improvement", "people-competence"]  # fmt: skip
FIRST_SCAN_LIMIT_SECONDS = 5.0
RERUN_LIMIT_SECONDS = 2.0
MEMORY_LIMIT_MIB = 100

# The child reads its peak from VmHWM: ru_maxrss would carry the parent's peak over the exec.
SCAN_CHILD = """
import sys, time
sys.path.insert(0, {root!r})
import django
django.setup()
from findings.engine import run_checks
started = time.perf_counter()
run = run_checks(trigger="benchmark-child")
elapsed = time.perf_counter() - started
peak_kib = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM"))
print(elapsed, peak_kib)
"""


def build(size: int) -> None:
    """Objectives with realistic drift, their commitment links and 10 measurements each (set-based)."""
    owner = get_user_model().objects.get_or_create(username="bench-owner")[0]
    today = timezone.localdate()
    start = today - datetime.timedelta(days=330)
    Objective.objects.bulk_create(
        (
            Objective(
                ref=f"B-{n:06d}", title=f"Benchmark objective {n}", owner=owner if n % 17 else None,
                baseline=80, target=95, unit="" if n % 20 == 0 else "%", direction="increase",
                method="Monthly report", frequency_days=30, start_date=start, due_date=start + datetime.timedelta(days=365),
                plan="" if n % 10 == 0 else "Weekly review", evaluation="Against trajectory",
                customer_related=n % 2 == 0, status="active",
            )
            for n in range(size)
        ),
        batch_size=5000,
    )  # fmt: skip
    with connection.cursor() as cursor:
        # 10% link to nothing (orphans), 5% only to a retired key, the rest to one or two current keys.
        cursor.execute(
            """INSERT INTO objectives_objectivecommitment (objective_id, key)
               SELECT id, CASE WHEN id %% 20 = 1 THEN 'lean-waste' ELSE (%s::text[])[1 + id %% 6] END
               FROM objectives_objective WHERE id %% 10 <> 0""",
            [KEYS],
        )
        cursor.execute(
            f"""INSERT INTO objectives_measurement (objective_id, measured_on, value, comment, recorded_at, is_current)
                SELECT o.id, o.start_date + g * 30, 80 + g * (1 + (o.id % 3) * 0.3), '', now(), true
                FROM objectives_objective o CROSS JOIN generate_series(0, {PER_OBJECTIVE - 1}) g"""
        )
        # Stored figures as the services keep them: a fifth is stale, some off track or at risk.
        cursor.execute(
            """UPDATE objectives_objective SET
                 latest_measured_on = CASE WHEN id % 5 = 0 THEN start_date + 200 ELSE start_date + 270 END,
                 latest_value = 89,
                 progress = CASE WHEN id % 7 = 0 THEN 'off_track' WHEN id % 7 = 1 THEN 'at_risk' ELSE 'on_track' END"""
        )
    version = PolicyVersion.objects.create(
        number=1, text="Benchmark policy", status="approved", approved_on=today
    )
    for key in [*KEYS, "supplier-partnership"]:
        PolicyCommitment.objects.create(version=version, key=key, statement=key)


def full_read() -> float:
    started = time.perf_counter()
    for _ in Objective.objects.all().iterator(chunk_size=2000):
        pass
    return time.perf_counter() - started


def rows_written() -> int:
    """Rows inserted, updated or deleted so far in every table but the scan's own bookkeeping (the
    run record every scan leaves, and its lock), from PostgreSQL's statistics."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_force_next_flush()")
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT COALESCE(SUM(n_tup_ins + n_tup_upd + n_tup_del), 0) FROM pg_stat_user_tables"
            " WHERE relname NOT IN ('findings_scanrun', 'findings_scanlock')"
        )
        return int(cursor.fetchone()[0])


def child_scan() -> tuple[float, float]:
    """Run a scan in a fresh process; its time and peak memory (MiB)."""
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
    }  # fmt: skip
    out = subprocess.run([sys.executable, "-c", SCAN_CHILD.format(root=str(ROOT))], env=env, capture_output=True,
                         text=True, check=True).stdout.split()  # fmt: skip
    return float(out[-2]), int(out[-1]) / 1024


def measure(size: int) -> dict:
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE objectives_measurement, objectives_objectivecommitment, findings_finding, "
                       "objectives_resourcerequest, objectives_objective, commitments_policycommitment, "
                       "commitments_policyversion RESTART IDENTITY CASCADE")  # fmt: skip
    built = time.perf_counter()
    build(size)
    built = time.perf_counter() - built
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    read = min(full_read() for _ in range(3))
    started = time.perf_counter()
    first = run_checks(trigger="benchmark")
    first_time = time.perf_counter() - started
    before = rows_written()
    started = time.perf_counter()
    again = run_checks(trigger="benchmark")
    rerun_time = time.perf_counter() - started
    written = rows_written() - before
    child_time, child_mib = child_scan()
    return {
        "size": size, "build": built, "read": read, "first": first_time, "opened": first.opened,
        "open_findings": Finding.objects.open().count(), "rerun": rerun_time, "rerun_changes": again.opened + again.resolved + again.seen,
        "written": written, "child_time": child_time, "child_mib": child_mib,
    }  # fmt: skip


def main() -> int:
    if connection.vendor != "postgresql":
        print("This benchmark needs PostgreSQL: set DATABASE_URL=postgres://...")
        return 2
    old_config = setup_databases(verbosity=0, interactive=False)
    failures = 0
    try:
        print(
            f"Checks benchmark on {connection.settings_dict['NAME']} ({PER_OBJECTIVE} measurements per objective)"
        )
        for size in SIZES:
            r = measure(size)
            print(
                f"\n{r['size']:>7,} objectives, {r['size'] * PER_OBJECTIVE:,} measurements (built in {r['build']:.1f} s)\n"
                f"  full read of the objectives table: {r['read']:.2f} s\n"
                f"  first scan:  {r['first']:.2f} s, {r['opened']:,} opened, {r['open_findings']:,} open findings "
                f"(ratio to the full read {r['first'] / r['read']:.2f})\n"
                f"  rerun:       {r['rerun']:.2f} s, changes {r['rerun_changes']}, rows written {r['written']} "
                f"(ratio {r['rerun'] / r['read']:.2f})\n"
                f"  separate scan process: {r['child_time']:.2f} s, peak memory {r['child_mib']:.0f} MiB"
            )  # fmt: skip
            if r["first"] > FIRST_SCAN_LIMIT_SECONDS:
                print(f"  FAIL: the first scan took longer than {FIRST_SCAN_LIMIT_SECONDS:.0f} s")
                failures += 1
            if r["rerun"] > RERUN_LIMIT_SECONDS:
                print(f"  FAIL: the rerun took longer than {RERUN_LIMIT_SECONDS:.0f} s")
                failures += 1
            if r["opened"] != r["open_findings"]:
                print(f"  FAIL: the scan reported {r['opened']:,} opened, {r['open_findings']:,} are open")
                failures += 1
            if r["written"]:
                print("  FAIL: the rerun wrote rows")
                failures += 1
            if r["child_mib"] > MEMORY_LIMIT_MIB:
                print(f"  FAIL: the scanning process used more than {MEMORY_LIMIT_MIB} MiB")
                failures += 1
    finally:
        teardown_databases(old_config, verbosity=0)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
