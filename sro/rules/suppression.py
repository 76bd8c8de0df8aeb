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


@dataclass(frozen=True, slots=True)
class SuppressedTable:
    cells: tuple[tuple[int | None, ...], ...]
    row_totals: tuple[int | None, ...]
    column_totals: tuple[int | None, ...]
    total: int | None


def suppress_table(
    counts: Sequence[Sequence[int]], *, threshold: int, width: int | None = None
) -> SuppressedTable:
    """A table with row totals, column totals and a grand total as it may be published.

    The table is read with its totals as one grid: each row ends in its total, the last row
    holds the column totals and the grand total. Every line of that grid is an equation (the
    cells add up to the total), so a line with exactly one hidden value gives it away.
    Primary suppression hides every small value (cells and totals); complementary suppression
    then, until no line has exactly one hidden value, hides the smallest other non-zero value
    of such a line (a cell rather than a total). There is always one: a lone hidden non-zero
    value in an equation implies another non-zero value in it. Zeros are published."""
    if threshold < 1:
        raise ValueError("The threshold is at least 1.")
    rows = [list(r) for r in counts]
    if width is None:
        width = len(rows[0]) if rows else 0
    if any(len(r) != width for r in rows):
        raise ValueError("Every row has the same number of cells.")
    if any(n < 0 for r in rows for n in r):
        raise ValueError("Counts are never negative.")
    grid = [[*r, sum(r)] for r in rows]
    grid.append([sum(r[j] for r in grid) for j in range(width + 1)])
    height = len(grid)
    lines = [[(i, j) for j in range(width + 1)] for i in range(height)]
    lines += [[(i, j) for i in range(height)] for j in range(width + 1)]
    hidden = {
        (i, j) for i in range(height) for j in range(width + 1) if small(grid[i][j], threshold)
    }
    changed = True
    while changed:
        changed = False
        for line in lines:
            if sum(cell in hidden for cell in line) == 1:
                others = [c for c in line if c not in hidden and grid[c[0]][c[1]] > 0]
                is_total = height - 1, width  # the last row and the last column hold totals
                hidden.add(
                    min(
                        others,
                        key=lambda c: (
                            c[0] == is_total[0] or c[1] == is_total[1],
                            grid[c[0]][c[1]],
                        ),
                    )
                )
                changed = True

    def shown(i: int, j: int) -> int | None:
        return None if (i, j) in hidden else grid[i][j]

    last, end = height - 1, width
    return SuppressedTable(
        cells=tuple(tuple(shown(i, j) for j in range(width)) for i in range(last)),
        row_totals=tuple(shown(i, end) for i in range(last)),
        column_totals=tuple(shown(last, j) for j in range(width)),
        total=shown(last, end),
    )
