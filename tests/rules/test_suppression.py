"""Small-count suppression of public figures, case by case."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sro.rules.suppression import Suppressed, SuppressedTable, suppress, suppress_table

T = 10


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        pytest.param([], Suppressed((), 0), id="nothing to count: a published zero"),
        pytest.param([0, 0], Suppressed((0, 0), 0), id="zeros identify no one"),
        pytest.param([12, 30], Suppressed((12, 30), 42), id="large counts are published"),
        pytest.param([10, 10], Suppressed((10, 10), 20), id="exactly the threshold is published"),
        pytest.param([9, 30], Suppressed((None, None), 39), id="one small cell hides another"),
        pytest.param(
            [3, 40, 12],
            Suppressed((None, 40, None), 55),
            id="the smallest other cell is hidden, so subtraction finds neither",
        ),
        pytest.param(
            [3, 4, 30], Suppressed((None, None, 30), 37), id="two small cells protect each other"
        ),
        pytest.param(
            [5, 0, 0],
            Suppressed((None, 0, 0), None),
            id="a lone small cell: its total is small and hidden too",
        ),
        pytest.param([1, 2], Suppressed((None, None), None), id="a small total is hidden too"),
        pytest.param([7], Suppressed((None,), None), id="a single small count"),
    ],
)
def test_suppress(counts: list[int], expected: Suppressed) -> None:
    assert suppress(counts, threshold=T) == expected


def test_a_hidden_cell_cannot_be_recovered_from_the_total() -> None:
    published = suppress([3, 40, 12], threshold=T)
    assert published.total is not None
    shown = sum(n for n in published.cells if n is not None)
    # What is left (15) is the sum of two hidden cells, not one of them.
    assert [n for n in published.cells if n is None] == [None, None]
    assert published.total - shown == 15


@pytest.mark.parametrize(
    ("counts", "threshold", "message"),
    [([1], 0, "threshold"), ([-1, 3], 10, "negative")],
    ids=["no threshold", "a negative count"],
)
def test_bad_input_is_refused(counts: list[int], threshold: int, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        suppress(counts, threshold=threshold)


# Tables: cells, row totals, column totals and the grand total.

N = None


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        pytest.param(
            [[20, 30], [40, 50]],
            SuppressedTable(((20, 30), (40, 50)), (50, 90), (60, 80), 140),
            id="no small count: everything is published",
        ),
        pytest.param(
            [[3, 30], [40, 50]],
            SuppressedTable(((N, N), (N, N)), (33, 90), (43, 80), 123),
            id="one small cell: its row and column partners, then theirs, are hidden",
        ),
        pytest.param(
            [[3, 30, 20], [40, 50, 60], [25, 35, 45]],
            SuppressedTable(
                ((N, 30, N), (40, 50, 60), (N, 35, N)),
                (53, 150, 105),
                (68, 115, 125),
                308,
            ),
            id="the complement is the smallest other cell in the row and in the column",
        ),
        pytest.param(
            [[0, 30], [40, 0]],
            SuppressedTable(((0, 30), (40, 0)), (30, 40), (40, 30), 70),
            id="zeros are published",
        ),
        pytest.param(
            [[2, 0], [0, 0]],
            SuppressedTable(((N, 0), (0, 0)), (N, 0), (N, 0), N),
            id="a lone small count: every total holding it is small and hidden",
        ),
        pytest.param(
            [[2, 0], [30, 20]],
            SuppressedTable(((N, 0), (N, 20)), (N, N), (32, 20), 52),
            id="a hidden row total is protected among the row totals",
        ),
        pytest.param(
            [[0, 0, 10], [0, 1, 9]],
            SuppressedTable(((0, 0, 10), (0, N, N)), (10, 10), (0, N, N), 20),
            id="a hidden column total pairs with the other hidden total",
        ),
        pytest.param([], SuppressedTable((), (), (), 0), id="an empty table"),
    ],
)
def test_suppress_table(counts: list[list[int]], expected: SuppressedTable) -> None:
    assert suppress_table(counts, threshold=T) == expected


def _lines(table: SuppressedTable) -> list[tuple[list[int | None], int | None]]:
    """Every published equation: each row and column with its total, and both lines of totals."""
    rows = [(list(r), t) for r, t in zip(table.cells, table.row_totals, strict=True)]
    columns = [([r[j] for r in table.cells], t) for j, t in enumerate(table.column_totals)]
    return [
        *rows,
        *columns,
        (list(table.row_totals), table.total),
        (list(table.column_totals), table.total),
    ]


@given(
    st.integers(1, 5).flatmap(
        lambda w: st.lists(st.lists(st.integers(0, 40), min_size=w, max_size=w), max_size=6)
    )
)
def test_no_hidden_value_is_alone_beside_a_published_total(counts: list[list[int]]) -> None:
    table = suppress_table(counts, threshold=T)
    for values, total in _lines(table):
        # Each line is an equation: cells add up to the total; one unknown would be solvable.
        assert sum(v is None for v in [*values, total]) != 1, (values, total)
    for row, published in zip(counts, table.cells, strict=True):
        for n, shown in zip(row, published, strict=True):
            assert shown in (None, n)
            assert not (0 < n < T and shown is not None), "every small count is hidden"


@pytest.mark.parametrize(
    ("counts", "threshold", "message"),
    [([[1]], 0, "threshold"), ([[-1, 3]], 10, "negative"), ([[1, 2], [3]], 10, "same number")],
    ids=["no threshold", "a negative count", "ragged rows"],
)
def test_bad_tables_are_refused(counts: list[list[int]], threshold: int, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        suppress_table(counts, threshold=threshold)


def test_a_table_without_rows_has_its_column_totals() -> None:
    assert suppress_table([], threshold=T, width=3) == SuppressedTable((), (), (0, 0, 0), 0)
