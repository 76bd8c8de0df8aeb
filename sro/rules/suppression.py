"""Small-count suppression for public figures, so that no student can be identified.

A count from 1 to ``threshold - 1`` is not published (primary suppression). Zero is published:
it identifies no one. If a row would then have exactly one suppressed cell beside a published
total, the suppressed cell could be worked out by subtraction, so the smallest other non-zero
cell is suppressed too (complementary suppression). A total below the threshold is not published
either.
The threshold is a setting (``SRO_PUBLIC_MIN_COUNT``): department practice, not law.
"""

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Suppressed:
    cells: tuple[int | None, ...]  # None: not published
    total: int | None


def small(n: int, threshold: int) -> bool:
    return 0 < n < threshold


def suppress(counts: Sequence[int], *, threshold: int) -> Suppressed:
    """The counts of one row and their total as they may be published."""
    if threshold < 1:
        raise ValueError("The threshold is at least 1.")
    if any(n < 0 for n in counts):
        raise ValueError("Counts are never negative.")
    total = sum(counts)
    hidden = {i for i, n in enumerate(counts) if small(n, threshold)}
    show_total = not small(total, threshold)
    if len(hidden) == 1 and show_total:
        # There is always another non-zero cell: the total is larger than the hidden one.
        others = [(n, i) for i, n in enumerate(counts) if i not in hidden and n > 0]
        hidden.add(min(others)[1])
    cells = tuple(None if i in hidden else n for i, n in enumerate(counts))
    return Suppressed(cells, total if show_total else None)
