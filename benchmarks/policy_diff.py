"""Benchmark: the policy comparison of two 20,000-line versions (goal: under a second).

The line diff alone, on the worst shapes seen (every third line changed; all lines changed;
a block moved), then the rows the page would build under the default cap. Exits non-zero on a miss.

    .venv/bin/python benchmarks/policy_diff.py
"""

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qms_leadership.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only-secret-key-not-for-production-0123456789")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

from commitments.selectors_policy import _side_by_side  # noqa: E402

LINES = 20_000
GOAL_SECONDS = 1.0


def shapes() -> dict[str, tuple[list[str], list[str]]]:
    old = [f"Old line {n}" for n in range(LINES)]
    return {
        "every third line changed": (old, [f"New line {n}" if n % 3 else old[n] for n in range(LINES)]),
        "every line changed": (old, [f"New line {n}" for n in range(LINES)]),
        "a block moved": (old, old[LINES // 2 :] + old[: LINES // 2]),
        "repeated lines": (["same"] * LINES, ["same", "other"] * (LINES // 2)),
    }


def main() -> int:
    worst = 0.0
    for name, (old, new) in shapes().items():
        began = time.perf_counter()
        section = _side_by_side(old, new, settings.QMS_DIFF_MAX_ROWS)
        elapsed = time.perf_counter() - began
        worst = max(worst, elapsed)
        print(
            f"{name:26s} {elapsed * 1000:8.1f} ms  {len(section.rows):,} rows shown, {section.omitted:,} omitted"
        )
    verdict = "ok" if worst < GOAL_SECONDS else "MISSED"
    print(f"Slowest {worst * 1000:.1f} ms (goal {GOAL_SECONDS * 1000:.0f} ms): {verdict}")
    return 0 if worst < GOAL_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
