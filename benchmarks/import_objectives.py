"""Benchmark: import 10,000 objectives and 100,000 measurements from CSV, then re-import them;
then a 1,000,000-measurement file, which the row cap refuses while it is still being read.

Runs against DATABASE_URL (SQLite when unset) but never touches that database itself: Django's
test-database machinery creates a throw-away `test_<name>` database, and drops it at the end.
Goals (PostgreSQL): the first import within 20 s with a process peak under 200 MB (measured in a
process of its own that only imports, as a worker would); the 1M-row
file refused with a traced peak under 10 MB. Prints the figures; exits non-zero on a miss.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/qms_x .venv/bin/python benchmarks/import_objectives.py
"""

import csv
import datetime
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
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

from commitments.models import PolicyCommitment, PolicyVersion, Process  # noqa: E402
from objectives import imports  # noqa: E402
from objectives.models import Measurement, Objective  # noqa: E402

OBJECTIVES = int(os.environ.get("BENCH_OBJECTIVES", 10_000))
PER_OBJECTIVE = int(os.environ.get("BENCH_MEASUREMENTS_PER_OBJECTIVE", 10))
LIMIT_SECONDS = 20.0
LIMIT_PEAK_MB = 200.0
LIMIT_REFUSAL_PEAK_MB = 10.0
MILLION = 1_000_000
KEYS = ["customer-satisfaction", "on-time-delivery", "product-conformity", "continual-improvement"]


def write_files(folder: Path) -> tuple[Path, Path]:
    """An objectives file and a measurements file of the benchmark's size."""
    start = timezone.localdate() - datetime.timedelta(days=PER_OBJECTIVE * 7 + 7)
    due = start + datetime.timedelta(days=365)
    objectives, measurements = folder / "objectives.csv", folder / "measurements.csv"
    with objectives.open("w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(imports.OBJECTIVE_COLUMNS)
        for n in range(OBJECTIVES):
            writer.writerow([
                f"B-{n:05d}", f"Benchmark objective {n}", ";".join(KEYS[n % 4 : n % 4 + 2]), "Machining",
                "bench", "80", "95", "%", "increase", "", "", "Monthly report", "30", start.isoformat(),
                due.isoformat(), "Weekly review", "Against trajectory", "yes" if n % 2 else "no", "active",
            ])  # fmt: skip
    with measurements.open("w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(imports.MEASUREMENT_COLUMNS)
        for n in range(OBJECTIVES):
            for k in range(PER_OBJECTIVE):
                day = start + datetime.timedelta(days=7 * (k + 1))
                writer.writerow([f"B-{n:05d}", day.isoformat(), f"{80 + k * 0.5 + (n % 7) * 0.1:.1f}", ""])
    return objectives, measurements


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def timed_import(kind: str, path: Path, by) -> tuple[float, int, imports.ImportPlan]:
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(None)  # counted, not kept: the SQL of a bulk insert would weigh in the peak
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        began = time.perf_counter()
        with path.open("rb") as content:
            plan = imports.import_file(kind=kind, content=content, filename=path.name, by=by)
        elapsed = time.perf_counter() - began
    if not plan.ok:
        raise SystemExit(f"{path.name} has bad rows: {plan.errors[:5]}")
    return elapsed, len(queries), plan


def peak_rss_mb() -> float:
    """The process's peak resident memory so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def million_row_refusal(folder: Path, by) -> tuple[float, float, str]:
    """Write a 1M-measurement CSV, then plan it: seconds, traced peak MB, and the message."""
    path = folder / "million.csv"
    with path.open("w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(imports.MEASUREMENT_COLUMNS)
        for n in range(MILLION):
            writer.writerow([f"B-{n % OBJECTIVES:05d}", "2026-01-01", "1.5", ""])
    tracemalloc.start()
    began = time.perf_counter()
    with path.open("rb") as content:
        plan = imports.plan_file(kind="measurements", content=content, filename=path.name, by=by)
    elapsed = time.perf_counter() - began
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return elapsed, peak / 1024 / 1024, plan.errors[0].message if plan.errors else "accepted"


def _first_import(objectives_file: Path, measurements_file: Path, user) -> dict:
    cpu_before = cpu_seconds()
    t1, q1, p1 = timed_import("objectives", objectives_file, user)
    t2, q2, p2 = timed_import("measurements", measurements_file, user)
    return {"t1": t1, "q1": q1, "n1": len(p1.creates), "t2": t2, "q2": q2, "n2": len(p2.creates),
            "cpu": cpu_seconds() - cpu_before}  # fmt: skip


def first_import(objectives_file: Path, measurements_file: Path, user) -> dict:
    """Both files imported the first time; on PostgreSQL in a process of its own that does nothing
    else (this one created and migrated the database, which would count in its peak), whose peak
    resident memory (VmHWM) is the figure."""
    if connection.vendor != "postgresql":
        return {**_first_import(objectives_file, measurements_file, user), "peak": peak_rss_mb()}
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
    }  # fmt: skip
    out = subprocess.run(
        [sys.executable, __file__, "--child", str(objectives_file), str(measurements_file), str(user.pk)],
        env=env, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    return json.loads(out.splitlines()[-1])


def child(objectives_file: str, measurements_file: str, user_id: str) -> int:
    figures = _first_import(
        Path(objectives_file), Path(measurements_file), get_user_model().objects.get(pk=user_id)
    )
    status = Path("/proc/self/status").read_text().splitlines()
    peak_kib = next(int(line.split()[1]) for line in status if line.startswith("VmHWM"))
    print(json.dumps({**figures, "peak": peak_kib / 1024}))
    return 0


def main() -> int:
    engine = connection.vendor
    old_config = setup_databases(verbosity=0, interactive=False)
    try:
        print(f"Throw-away database: {connection.settings_dict['NAME']} ({engine})")
        user = get_user_model().objects.create(username="bench", is_superuser=True)
        Process.objects.create(name="Machining")
        policy = PolicyVersion.objects.create(number=1, text="Benchmark policy", status="approved")
        for key in KEYS:
            PolicyCommitment.objects.create(version=policy, key=key, statement=key)
        with tempfile.TemporaryDirectory() as folder:
            began = time.perf_counter()
            objectives_file, measurements_file = write_files(Path(folder))
            print(f"Generated {OBJECTIVES:,} objectives and {OBJECTIVES * PER_OBJECTIVE:,} measurements "
                  f"in {time.perf_counter() - began:.1f} s")  # fmt: skip
            first = first_import(objectives_file, measurements_file, user)
            t1, q1, n1, t2, q2, n2, cpu, peak = (
                first[k] for k in ("t1", "q1", "n1", "t2", "q2", "n2", "cpu", "peak")
            )
            print(f"Import objectives:    {t1:6.1f} s, {q1:4d} queries ({n1:,} created)")
            print(f"Import measurements:  {t2:6.1f} s, {q2:4d} queries ({n2:,} created)")
            print(f"First import total:   {t1 + t2:6.1f} s (goal {LIMIT_SECONDS:.0f} s; {cpu:.1f} s of it on this "
                  f"process's CPU), process peak {peak:.0f} MB (goal {LIMIT_PEAK_MB:.0f} MB)")  # fmt: skip
            t3, q3, p3 = timed_import("objectives", objectives_file, user)
            t4, q4, p4 = timed_import("measurements", measurements_file, user)
            print(f"Re-import (no change): {t3 + t4:5.1f} s, {q3 + q4:4d} queries "
                  f"({p3.unchanged:,} + {p4.unchanged:,} unchanged)")  # fmt: skip
            t5, refusal_peak, message = million_row_refusal(Path(folder), user)
            print(f"1,000,000-row file:   {t5:6.1f} s, traced peak {refusal_peak:.1f} MB "
                  f"(goal {LIMIT_REFUSAL_PEAK_MB:.0f} MB): {message}")  # fmt: skip
        assert Objective.objects.count() == OBJECTIVES
        assert Measurement.objects.count() == OBJECTIVES * PER_OBJECTIVE
        assert not (p3.creates or p3.updates or p4.creates or p4.updates), "re-import changed something"
        progress = dict(Objective.objects.values_list("progress").annotate(n=django.db.models.Count("pk")))
        print(f"Progress after import: {progress}")
    finally:
        teardown_databases(old_config, verbosity=0)
    missed = [
        name
        for name, ok in (
            ("import time", t1 + t2 <= LIMIT_SECONDS),
            ("import peak memory", peak <= LIMIT_PEAK_MB),
            ("1M-row refusal", message != "accepted" and refusal_peak <= LIMIT_REFUSAL_PEAK_MB),
        )
        if not ok
    ]
    print("Goals met." if not missed else f"MISSED: {', '.join(missed)}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(child(*sys.argv[2:5]) if sys.argv[1:2] == ["--child"] else main())
