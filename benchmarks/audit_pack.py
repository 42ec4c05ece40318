"""Benchmark: the 12-month audit pack at the data size of benchmarks/dashboard.py (100,000 objectives,
1,000,000 measurements, 50,000 evidence records) and at 1,000 objectives, on the same server.

Builds its own throw-away PostgreSQL databases (qms_bench_pack and qms_bench_pack_1k) with the
dashboard benchmark's set-based builders, adds a held review with decisions and actions, then measures:

- the pack's web page: median of BENCH_REQUESTS requests and its query count at both sizes
  (goal: at most 1 s at 100k, the same query count at both sizes);
- the PDF and ZIP as the background job builds them (the PDF rendered once and carried in the ZIP),
  in a child process so its peak memory is the job's alone (goals at 100k: at most 30 s and 300 MB;
  at 1k: the PDF within 5 s).

Exits non-zero when a goal is missed. BENCH_KEEP=1 keeps the databases and BENCH_REUSE=1 reuses them.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python benchmarks/audit_pack.py
"""

import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import benchmarks.dashboard as dash  # noqa: E402 - sets the benchmark's environment

dash.BENCH_DB, dash.SMALL_DB = "qms_bench_pack", "qms_bench_pack_1k"
os.environ["DATABASE_URL"] = os.environ.get("BENCH_CHILD_URL") or dash._bench_url()
REQUESTS = int(os.environ.get("BENCH_REQUESTS", 10))
# The password benchmarks/dashboard.py gives its people (signatures ask for it again).
PASSWORD = "x"
GOAL_PAGE_S, GOAL_BUNDLE_S, GOAL_PEAK_MB, GOAL_SMALL_PDF_S = 1.0, 30.0, 300.0, 5.0

import django  # noqa: E402


def _review() -> None:
    """A review held two months ago with decisions and open actions, as an organisation has one."""
    import datetime

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from reviews import services
    from reviews.models import ManagementReview, ReviewInput

    ceo = get_user_model().objects.get(username="bench-ceo")
    review = ManagementReview.objects.get(title="Annual management review")
    services.review_prepare(review=review, by=ceo)
    review.inputs.update(status=ReviewInput.Status.COVERED, notes="Presented and discussed.")
    ManagementReview.objects.filter(pk=review.pk).update(minutes="Every input presented and discussed.")
    held_on = timezone.localdate()
    services.review_hold(review=review, held_on=held_on, by=ceo)
    for i in range(5):
        decision = services.decision_record(
            review=review, kind="improvement", description=f"Decision {i}", by=ceo
        )
        services.action_create(
            decision=decision, title=f"Action {i}", owner=ceo,
            due_date=held_on + datetime.timedelta(days=30 * (i + 1)), by=ceo,
        )  # fmt: skip
    services.review_conclude(
        review=review, suitable="yes", adequate="yes", effective="partly", aligned="yes",
        conclusion="Benchmark conclusion.", by=ceo, password=PASSWORD,
    )  # fmt: skip
    services.review_sign_off(review=review, by=ceo, password=PASSWORD)


def _build_all(databases) -> None:
    for size in (dash.LARGE, dash.SMALL):
        databases.use(size)
        dash._build(size)
        _review()


def _page(databases, size: int) -> tuple[float, int]:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    databases.use(size)
    client = Client()
    client.force_login(get_user_model().objects.get(username="bench-ceo"))
    url = reverse("reports:audit_pack")
    times = []
    for turn in range(2 + REQUESTS):
        started = time.perf_counter()
        response = client.get(url)
        assert response.status_code == 200, response.status_code
        if turn >= 2:
            times.append(time.perf_counter() - started)
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return statistics.median(times), len(captured.captured_queries)


def _bundle_in_child(database: str) -> dict:
    """Build the PDF and ZIP in a fresh process (the job's own memory), return its figures."""
    url = urlunsplit((*urlsplit(dash._bench_url())[:2], f"/{database}", "", ""))
    env = {**os.environ, "BENCH_CHILD_URL": url, "BENCH_CHILD": "1"}
    out = subprocess.run([sys.executable, __file__], env=env, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def child() -> None:
    """The background job's work: build and store the pack of the last twelve months."""
    django.setup()
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from core.reporting import Period
    from reports import store

    by = get_user_model().objects.get(username="bench-ceo")
    period = Period.last_twelve_months(timezone.localdate())
    started = time.perf_counter()
    pdf_done = {}

    def progress(done, total, message):
        if message == "PDF rendered":
            pdf_done["at"] = time.perf_counter() - started

    stored = store.get_or_build(period, None, by=by, progress=progress)
    elapsed = time.perf_counter() - started
    with stored.open_zip() as f:
        size = len(f.read())
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {"seconds": elapsed, "peak_mb": peak, "zip_mb": size / 1e6, "until_pdf": pdf_done.get("at")}
        )
    )


def main() -> int:
    reuse = os.environ.get("BENCH_REUSE")
    if not reuse:
        dash._setup()
    else:
        django.setup()
        from django.conf import settings

        settings.DATABASES["small"] = {**settings.DATABASES["default"], "NAME": dash.SMALL_DB}
    databases = dash._Databases()
    missed = []
    try:
        if not reuse:
            _build_all(databases)
        small_page, small_queries = _page(databases, dash.SMALL)
        large_page, large_queries = _page(databases, dash.LARGE)
        databases.close()
        large = _bundle_in_child(dash.BENCH_DB)
        small = _bundle_in_child(dash.SMALL_DB)
        print(
            f"pack web page: 1k {small_page * 1000:.0f} ms ({small_queries} queries), "
            f"100k {large_page * 1000:.0f} ms ({large_queries} queries)"
        )
        print(
            f"PDF + ZIP at 100k: {large['seconds']:.1f} s, peak {large['peak_mb']:.0f} MB, "
            f"ZIP {large['zip_mb']:.1f} MB (PDF rendered after {large['until_pdf']:.1f} s)"
        )
        print(f"PDF + ZIP at 1k: {small['seconds']:.1f} s, peak {small['peak_mb']:.0f} MB")
        if large_page > GOAL_PAGE_S:
            missed.append(f"web page {large_page:.2f} s > {GOAL_PAGE_S} s")
        if large_queries != small_queries:
            missed.append(f"query count grows: {small_queries} -> {large_queries}")
        if large["seconds"] > GOAL_BUNDLE_S:
            missed.append(f"PDF + ZIP {large['seconds']:.1f} s > {GOAL_BUNDLE_S} s")
        if large["peak_mb"] > GOAL_PEAK_MB:
            missed.append(f"peak {large['peak_mb']:.0f} MB > {GOAL_PEAK_MB} MB")
        if small["seconds"] > GOAL_SMALL_PDF_S:
            missed.append(f"1k pack {small['seconds']:.1f} s > {GOAL_SMALL_PDF_S} s")
    finally:
        databases.close()
        if not os.environ.get("BENCH_KEEP"):
            dash._drop()
    for line in missed:
        print(f"MISSED: {line}")
    return 1 if missed else 0


if __name__ == "__main__":
    if os.environ.get("BENCH_CHILD"):
        child()
    else:
        sys.exit(main())
