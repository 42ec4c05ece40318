"""Export 100,000 processes, and 100,000 evidence records (each with a responsibility and a file, the
heaviest register: two extra queries per chunk), as CSV and XLSX through the real view; print rows/s
and peak Python memory, and exit non-zero when a format misses its goal (CSV 100,000 rows/s, XLSX
20,000 rows/s: reports.exports.ROWS_PER_SECOND, the figures that decide when an export becomes a
background job).

Runs against a throw-away SQLite database in a temporary folder that it creates and migrates
itself, so it never touches a real database. `BENCH_ROWS` changes the size. SQLite runs inside
this process, so its CPU time is the whole cost of an export; on a shared machine the wall time
also measures the neighbours, so the goal is judged on CPU time (both are printed) unless
`BENCH_WALL=1`.
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
        "DATABASE_URL": f"sqlite:///{WORK / 'bench.sqlite3'}",
        "LOG_LEVEL": "WARNING",
    }
)

import django  # noqa: E402

warnings.filterwarnings("ignore", message="No directory at")

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

from commitments.models import Attachment, Evidence, Process, Responsibility  # noqa: E402


def prepare() -> Client:
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
    client = Client()
    client.force_login(auditor)
    return client


def export(client: Client, register: str, fmt: str) -> tuple[int, int]:
    response = client.get(f"/reports/exports/{register}.{fmt}")
    assert response.status_code == 200 and response.streaming, response
    size = sum(len(chunk) for chunk in response.streaming_content)
    response.close()
    return size, response.status_code


def main() -> int:
    from reports import exports
    from reports.exports import ROWS_PER_SECOND

    # The writers' own speed is measured here, so the view writes every export while the client
    # waits instead of handing the big ones to a background job.
    exports.WAIT_SECONDS = 10**6

    started = time.perf_counter()
    client = prepare()
    print(f"rows: {ROWS:,} per register (set-up {time.perf_counter() - started:.1f} s, SQLite in {WORK})")
    wall = os.environ.get("BENCH_WALL") == "1"
    misses = 0
    for register in ("processes", "evidence"):
        for fmt in ("csv", "xlsx"):
            started, cpu = time.perf_counter(), time.process_time()
            size, _ = export(client, register, fmt)
            elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
            tracemalloc.start()
            export(client, register, fmt)
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            rate = ROWS / (elapsed if wall else cpu)
            miss = rate < ROWS_PER_SECOND[fmt]
            misses += miss
            print(
                f"{register:>9} {fmt:>4}: {elapsed:6.2f} s wall, {cpu:6.2f} s CPU, {rate:9,.0f} rows/s "
                f"(goal {ROWS_PER_SECOND[fmt]:,}), {size / 1e6:6.1f} MB file, peak Python memory "
                f"{peak / 1e6:5.1f} MB{'  MISSED' if miss else ''}"
            )
    return 1 if misses else 0


if __name__ == "__main__":
    try:
        code = main()
    finally:
        shutil.rmtree(WORK, ignore_errors=True)
    sys.exit(code)
