"""Small helpers over iterables."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")


def chunked(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """`items` as lists of `size` (the last one shorter), read lazily: one chunk in memory at a time."""
    items = iter(items)
    while chunk := list(itertools.islice(items, size)):
        yield chunk
