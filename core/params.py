"""Reading ids and numbers from request parameters without trusting them."""

from __future__ import annotations

MAX_ID = 2**63 - 1  # the largest primary key the databases store


def id_or_none(value) -> int | None:
    """A positive database id from a query or form value, or None for anything else."""
    text = str(value or "").strip()
    if not (text.isascii() and text.isdigit()) or len(text) > 19:
        return None
    number = int(text)
    return number if 0 < number <= MAX_ID else None
