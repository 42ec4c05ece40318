"""A line diff whose cost grows linearly with the text, whatever the text.

difflib's matcher compares every line with every other in the worst case (a 20,000-line policy
took about a minute). Here the common head and tail are cut off, lines that occur once in each
side anchor the match (patience diff, O(n log n)), and only the gaps between anchors that are
small go through difflib; a large unanchored gap is reported as replaced.
"""

from __future__ import annotations

import bisect
import difflib
from collections import Counter
from collections.abc import Iterator

# difflib runs only on gaps with at most this many line pairs (bounded cost per gap).
SMALL_GAP = 40_000

Opcode = tuple[str, int, int, int, int]


def line_opcodes(old: list[str], new: list[str]) -> Iterator[Opcode]:
    """Opcodes like difflib's get_opcodes (equal, replace, delete, insert) in linear-ish time."""
    head = 0
    while head < len(old) and head < len(new) and old[head] == new[head]:
        head += 1
    tail = 0
    while tail < len(old) - head and tail < len(new) - head and old[-1 - tail] == new[-1 - tail]:
        tail += 1
    if head:
        yield ("equal", 0, head, 0, head)
    yield from _middle(old, new, head, len(old) - tail, head, len(new) - tail)
    if tail:
        yield ("equal", len(old) - tail, len(old), len(new) - tail, len(new))


def _middle(old, new, i1: int, i2: int, j1: int, j2: int) -> Iterator[Opcode]:
    anchors = _anchors(old, new, i1, i2, j1, j2)
    i, j = i1, j1
    for ai, aj in [*anchors, (i2, j2)]:
        yield from _gap(old, new, i, ai, j, aj)
        if ai < i2:
            yield ("equal", ai, ai + 1, aj, aj + 1)
        i, j = ai + 1, aj + 1


def _anchors(old, new, i1: int, i2: int, j1: int, j2: int) -> list[tuple[int, int]]:
    """Lines unique on both sides, kept in an order both sides agree on (longest increasing run)."""
    count_old = Counter(old[i1:i2])
    count_new = Counter(new[j1:j2])
    where_new = {line: j for j, line in enumerate(new[j1:j2], start=j1) if count_new[line] == 1}
    pairs = [
        (i, where_new[line])
        for i, line in enumerate(old[i1:i2], start=i1)
        if count_old[line] == 1 and line in where_new
    ]
    return _longest_increasing(pairs)


def _longest_increasing(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest subsequence of pairs whose second items increase (pairs come sorted by the first)."""
    tails: list[int] = []  # the smallest last j of a run of each length
    tail_index: list[int] = []
    previous = [-1] * len(pairs)
    for k, (_, j) in enumerate(pairs):
        length = bisect.bisect_left(tails, j)
        if length == len(tails):
            tails.append(j)
            tail_index.append(k)
        else:
            tails[length] = j
            tail_index[length] = k
        previous[k] = tail_index[length - 1] if length else -1
    run = []
    k = tail_index[-1] if tail_index else -1
    while k >= 0:
        run.append(pairs[k])
        k = previous[k]
    return run[::-1]


def _gap(old, new, i1: int, i2: int, j1: int, j2: int) -> Iterator[Opcode]:
    if i1 == i2 and j1 == j2:
        return
    if i1 == i2:
        yield ("insert", i1, i2, j1, j2)
    elif j1 == j2:
        yield ("delete", i1, i2, j1, j2)
    elif (i2 - i1) * (j2 - j1) <= SMALL_GAP:
        matcher = difflib.SequenceMatcher(a=old[i1:i2], b=new[j1:j2], autojunk=False)
        for tag, a1, a2, b1, b2 in matcher.get_opcodes():
            yield (tag, i1 + a1, i1 + a2, j1 + b1, j1 + b2)
    else:
        yield ("replace", i1, i2, j1, j2)
