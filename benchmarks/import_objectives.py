"""Benchmark: import 10,000 objectives and 100,000 measurements from CSV, then re-import them.

Runs against DATABASE_URL (SQLite when unset) but never touches that database itself: Django's
test-database machinery creates a throw-away `test_<name>` database, and drops it at the end.
Prints the figures and exits non-zero when the import takes a minute or more.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/qms_x .venv/bin/python benchmarks/import_objectives.py
"""

import csv
import datetime
import os
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
from django.test.utils import CaptureQueriesContext, setup_databases, teardown_databases  # noqa: E402
from django.utils import timezone  # noqa: E402

from commitments.models import PolicyCommitment, PolicyVersion, Process  # noqa: E402
from objectives import imports  # noqa: E402
from objectives.models import Measurement, Objective  # noqa: E402

OBJECTIVES = int(os.environ.get("BENCH_OBJECTIVES", 10_000))
PER_OBJECTIVE = int(os.environ.get("BENCH_MEASUREMENTS_PER_OBJECTIVE", 10))
LIMIT_SECONDS = 60.0
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


def timed_import(kind: str, path: Path, by) -> tuple[float, int, imports.ImportPlan]:
    with CaptureQueriesContext(connection) as queries:
        began = time.perf_counter()
        plan = imports.import_file(kind=kind, content=path.read_bytes(), filename=path.name, by=by)
        elapsed = time.perf_counter() - began
    if not plan.ok:
        raise SystemExit(f"{path.name} has bad rows: {plan.errors[:5]}")
    return elapsed, len(queries), plan


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
            t1, q1, p1 = timed_import("objectives", objectives_file, user)
            t2, q2, p2 = timed_import("measurements", measurements_file, user)
            print(f"Import objectives:    {t1:6.1f} s, {q1:4d} queries ({len(p1.creates):,} created)")
            print(f"Import measurements:  {t2:6.1f} s, {q2:4d} queries ({len(p2.creates):,} created)")
            print(f"First import total:   {t1 + t2:6.1f} s (limit {LIMIT_SECONDS:.0f} s)")
            t3, q3, p3 = timed_import("objectives", objectives_file, user)
            t4, q4, p4 = timed_import("measurements", measurements_file, user)
            print(f"Re-import (no change): {t3 + t4:5.1f} s, {q3 + q4:4d} queries "
                  f"({p3.unchanged:,} + {p4.unchanged:,} unchanged)")  # fmt: skip
        assert Objective.objects.count() == OBJECTIVES
        assert Measurement.objects.count() == OBJECTIVES * PER_OBJECTIVE
        assert not (p3.creates or p3.updates or p4.creates or p4.updates), "re-import changed something"
        progress = dict(Objective.objects.values_list("progress").annotate(n=django.db.models.Count("pk")))
        print(f"Progress after import: {progress}")
    finally:
        teardown_databases(old_config, verbosity=0)
    return 0 if t1 + t2 < LIMIT_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
