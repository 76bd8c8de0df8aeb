"""Small-count suppression of public figures, case by case."""

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sro.rules.suppression import (
    Suppressed,
    SuppressedTable,
    Table,
    suppress,
    suppress_table,
    suppress_tables,
)

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


@settings(deadline=None)  # the exact check takes longer on a busy machine: no timing here
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


# --- No withheld count can be worked out (issue 23, finding 3) -----------------------------------
#
# An independent solver: from what the tables publish, the grid's equations (cells add up to
# their totals; tables sharing a total share it) are solved for every figure not published, by
# Gauss-Jordan elimination over fractions. A withheld count must not be determined. For small
# systems the range of each one is also worked out by Fourier-Motzkin elimination, knowing what
# every reader knows (a withheld count is at least 1, since zero is published; a figure never
# shown is at least 0): it must not be a single value either.

Name = tuple[object, ...]


@dataclass
class Published:
    truth: dict[Name, int]
    known: dict[Name, int]  # published somewhere on the page
    protected: set[Name]  # withheld, or never shown and small
    lower: dict[Name, int]
    equations: list[dict[Name, int]]


def _published(tables: list[Table], out: tuple[SuppressedTable, ...], threshold: int) -> Published:
    truth: dict[Name, int] = {}
    shown: dict[Name, list[int | None]] = {}
    equations: list[dict[Name, int]] = []
    for t, (table, result) in enumerate(zip(tables, out, strict=True)):
        keys = table.column_keys
        columns = table.show_column_totals or (True,) * table.width

        def col(j: int, t: int = t, keys: Any = keys) -> Name:
            return ("column", keys[j]) if keys is not None else ("column", t, j)

        total: Name = ("total", t) if table.total_key is None else ("total", table.total_key)
        figures: list[tuple[Name, int, bool, int | None]] = []
        for i, row in enumerate(table.cells):
            for j, n in enumerate(row):
                figures.append((("cell", t, i, j), n, table.show_cells, result.cells[i][j]))
            figures.append((("row", t, i), sum(row), table.show_row_totals, result.row_totals[i]))
        for j in range(table.width):
            n = sum(r[j] for r in table.cells)
            figures.append((col(j), n, columns[j], result.column_totals[j]))
        figures.append((total, sum(map(sum, table.cells)), table.show_total, result.total))
        for name, n, show, value in figures:
            assert truth.setdefault(name, n) == n
            if show:
                shown.setdefault(name, []).append(value)
            else:
                assert value is None, "a figure a table does not show is not in it"
        rows = range(len(table.cells))
        for i in rows:
            equations.append(
                {**{("cell", t, i, j): 1 for j in range(table.width)}, ("row", t, i): -1}
            )
        for j in range(table.width):
            equations.append({**{("cell", t, i, j): 1 for i in rows}, col(j): -1})
        equations.append({**{("row", t, i): 1 for i in rows}, total: -1})
        equations.append({**{col(j): 1 for j in range(table.width)}, total: -1})
    known: dict[Name, int] = {}
    for name, values in shown.items():
        assert len(set(values)) == 1, f"{name} is published in one table and withheld in another"
        if values[0] is not None:
            assert values[0] == truth[name], "a published figure is the true one"
            known[name] = values[0]
        else:
            assert truth[name] > 0, "zero is published"
    withheld = {name for name in shown if name not in known}
    small_unshown = {n for n in truth if n not in shown and 0 < truth[n] < threshold}
    for name in shown:
        assert not (0 < truth[name] < threshold and name in known), "every small count is withheld"
    lower = {n: 1 if n in withheld else 0 for n in truth if n not in known}
    return Published(truth, known, withheld | small_unshown, lower, equations)


def _solve(p: Published) -> tuple[list[Name], list[list[Fraction]], list[Fraction], list[int]]:
    """Gauss-Jordan over the unknowns: the reduced rows, their right-hand sides and pivots."""
    unknown = sorted((n for n in p.truth if n not in p.known), key=repr)
    column = {n: k for k, n in enumerate(unknown)}
    matrix: list[list[Fraction]] = []
    rhs: list[Fraction] = []
    for equation in p.equations:
        line = [Fraction(0)] * len(unknown)
        value = Fraction(0)
        for name, c in equation.items():
            if name in p.known:
                value -= c * p.known[name]
            else:
                line[column[name]] += c
        matrix.append(line)
        rhs.append(value)
    pivots: list[int] = []
    r = 0
    for k in range(len(unknown)):
        found = next((i for i in range(r, len(matrix)) if matrix[i][k] != 0), None)
        if found is None:
            continue
        matrix[r], matrix[found] = matrix[found], matrix[r]
        rhs[r], rhs[found] = rhs[found], rhs[r]
        scale = matrix[r][k]
        matrix[r] = [c / scale for c in matrix[r]]
        rhs[r] /= scale
        for i in range(len(matrix)):
            if i != r and matrix[i][k] != 0:
                f = matrix[i][k]
                matrix[i] = [a - f * b for a, b in zip(matrix[i], matrix[r], strict=True)]
                rhs[i] -= f * rhs[r]
        pivots.append(k)
        r += 1
    assert all(v == 0 for v in rhs[r:]), "the published figures are consistent"
    return unknown, matrix[:r], rhs[:r], pivots


def _range(
    p: Published,
    unknown: list[Name],
    matrix: list[list[Fraction]],
    rhs: list[Fraction],
    pivots: list[int],
    target: Name,
) -> tuple[Fraction | None, Fraction | None] | None:
    """The least and greatest value of ``target`` given the equations and the lower bounds, by
    Fourier-Motzkin elimination of the free unknowns (None: too large to work out here)."""
    free = [k for k in range(len(unknown)) if k not in pivots]
    t = -1  # the target's own variable
    inequalities: list[tuple[dict[int, Fraction], Fraction]] = []  # sum c*x <= bound
    for k in free:
        inequalities.append(({k: Fraction(-1)}, Fraction(-p.lower[unknown[k]])))
    for row, value, k in zip(matrix, rhs, pivots, strict=True):
        # x_k = value - sum over free f of row[f] * x_f >= lower
        inequalities.append(({f: row[f] for f in free if row[f]}, value - p.lower[unknown[k]]))
    k = unknown.index(target)
    if k in free:
        expression, constant = {k: Fraction(1)}, Fraction(0)
    else:
        i = pivots.index(k)
        expression = {f: -matrix[i][f] for f in free if matrix[i][f]}
        constant = rhs[i]
    # t - expression = constant, as two inequalities.
    inequalities.append(({t: Fraction(1), **{f: -c for f, c in expression.items()}}, constant))
    inequalities.append(({t: Fraction(-1), **expression}, -constant))
    for f in free:
        positive = [(c, b) for c, b in inequalities if c.get(f, 0) > 0]
        negative = [(c, b) for c, b in inequalities if c.get(f, 0) < 0]
        rest = [(c, b) for c, b in inequalities if not c.get(f)]
        for cp, bp in positive:
            for cn, bn in negative:
                sp, sn = cp[f], -cn[f]
                combined = {
                    v: cp.get(v, 0) / sp + cn.get(v, 0) / sn for v in set(cp) | set(cn) if v != f
                }
                rest.append(({v: c for v, c in combined.items() if c}, bp / sp + bn / sn))
        unique = {(tuple(sorted(c.items())), b) for c, b in rest}
        if len(unique) > 3000:
            return None
        inequalities = [(dict(c), b) for c, b in unique]
    lowest = max((-b / -c[t] for c, b in inequalities if c.get(t, 0) < 0), default=None)
    highest = min((b / c[t] for c, b in inequalities if c.get(t, 0) > 0), default=None)
    return lowest, highest


def _assert_nothing_withheld_can_be_worked_out(tables: list[Table], threshold: int) -> None:
    assert_nothing_withheld_can_be_worked_out(
        tables, suppress_tables(tables, threshold=threshold), threshold
    )


def assert_nothing_withheld_can_be_worked_out(
    tables: list[Table], out: tuple[SuppressedTable, ...], threshold: int
) -> None:
    """``out`` is what a page publishes of ``tables`` (the true counts)."""
    p = _published(tables, out, threshold)
    unknown, matrix, rhs, pivots = _solve(p)
    for row, value, k in zip(matrix, rhs, pivots, strict=True):
        if sum(1 for c in row if c) == 1:
            assert value == p.truth[unknown[k]]
            assert unknown[k] not in p.protected, f"{unknown[k]} = {value} can be worked out"
    if len(unknown) - len(pivots) > 6:
        return
    for name in sorted(p.protected, key=repr):
        bounds = _range(p, unknown, matrix, rhs, pivots, name)
        if bounds is not None:
            lowest, highest = bounds
            assert lowest is None or lowest <= p.truth[name]
            assert highest is None or p.truth[name] <= highest
            assert lowest != highest, f"{name} = {lowest}: the only value it can have"


COUNTS = st.sampled_from([0, 0, 0, 1, 1, 2, 3, 4, 5, 9, 10, 11, 12, 20, 35, 73])


@settings(max_examples=300, deadline=None)
@given(
    st.integers(1, 4).flatmap(
        lambda w: st.lists(st.lists(COUNTS, min_size=w, max_size=w), max_size=5).map(
            lambda rows: (w, rows)
        )
    ),
    st.sampled_from([2, 3, 10]),
)
def test_no_withheld_count_of_a_table_can_be_worked_out(
    table: tuple[int, list[list[int]]], threshold: int
) -> None:
    width, rows = table
    _assert_nothing_withheld_can_be_worked_out([Table(tuple(map(tuple, rows)), width)], threshold)


@st.composite
def _page(draw: st.DrawFn) -> list[Table]:
    """Students by outcome, tabulated by two to four attributes: tables that share the total
    by outcome and the grand total; and sometimes a table whose cells are not shown and whose
    second column total is not either, as the force table of /public/ (reports by school and
    by prone restraint: the school totals, the reports with a prone restraint and the total)."""
    outcomes = draw(st.integers(1, 3))
    sizes = draw(st.lists(st.integers(1, 3), min_size=2, max_size=4))
    people = draw(
        st.lists(
            st.tuples(st.integers(0, outcomes - 1), *(st.integers(0, s - 1) for s in sizes)),
            max_size=60,
        )
    )
    tables = []
    for a, size in enumerate(sizes):
        matrix = [[0] * outcomes for _ in range(size)]
        for person in people:
            matrix[person[a + 1]][person[0]] += 1
        tables.append(
            Table(
                tuple(map(tuple, matrix)),
                outcomes,
                column_keys=tuple(range(outcomes)),
                total_key="students",
            )
        )
    if draw(st.booleans()):
        schools = draw(st.lists(st.tuples(COUNTS, COUNTS), min_size=1, max_size=4))
        tables.append(Table(tuple(schools), 2, show_cells=False, show_column_totals=(True, False)))
    return tables


@settings(max_examples=300, deadline=None)
@given(_page(), st.sampled_from([2, 3, 10]))
def test_no_withheld_count_of_a_page_can_be_worked_out(tables: list[Table], threshold: int) -> None:
    _assert_nothing_withheld_can_be_worked_out(tables, threshold)


# Disclosures the single-line check let through, each closed now.
LEAKED_BY_A_COMBINATION = [[3, 2, 35, 73], [1, 52, 2, 52], [12, 73, 5, 2], [5, 15, 52, 73]]


def test_a_count_given_away_by_rows_and_columns_together_is_protected() -> None:
    # Withheld by the single-line check as shown below, every line held two withheld values,
    # yet the 1 could be worked out by combining rows and columns with the totals.
    before = SuppressedTable(
        cells=((N, N, 35, 73), (N, 52, N, N), (12, 73, N, N), (N, N, 52, 73)),
        row_totals=(113, 107, 92, 145),
        column_totals=(21, 142, 94, 200),
        total=457,
    )
    after = suppress_table(LEAKED_BY_A_COMBINATION, threshold=T)
    assert after != before
    _assert_nothing_withheld_can_be_worked_out(
        [Table(tuple(map(tuple, LEAKED_BY_A_COMBINATION)), 4)], T
    )


def test_two_withheld_counts_that_add_up_to_two_are_protected() -> None:
    # 40 - 38 = 2 withheld in two cells: as zero is published, both would be 1.
    assert suppress([1, 1, 38], threshold=T) == Suppressed((N, N, N), 40)


def test_the_reports_without_a_prone_restraint_are_protected() -> None:
    """/public/: 15 force reports in all, 12 with a prone restraint gave the 3 without."""
    force = Table(((12, 3), (0, 0)), 2, show_cells=False, show_column_totals=(True, False))
    (published,) = suppress_tables([force], threshold=T)
    assert published.row_totals == (15, 0)
    assert published.total == 15
    assert published.column_totals == (N, N)  # the prone count is withheld
    (published,) = suppress_tables(
        [Table(((12, 30), (20, 0)), 2, show_cells=False, show_column_totals=(True, False))],
        threshold=T,
    )
    assert published.column_totals == (32, N)  # 30 without: nothing small to protect


def test_a_total_shared_by_two_tables_is_published_in_both_or_neither() -> None:
    by_school = Table(((12, 3), (20, 20)), 2, column_keys=("a", "b"), total_key="all")
    by_sex = Table(((16, 11), (16, 12)), 2, column_keys=("a", "b"), total_key="all")
    first, second = suppress_tables([by_school, by_sex], threshold=T)
    assert first.column_totals == second.column_totals
    assert first.total == second.total
    _assert_nothing_withheld_can_be_worked_out([by_school, by_sex], T)


@pytest.mark.parametrize(
    ("tables", "message"),
    [
        (
            [
                Table(((1, 2),), 2, column_keys=("a", "b")),
                Table(((5, 2),), 2, column_keys=("a", "b")),
            ],
            "must agree",
        ),
        ([Table(((1, 2),), 2, column_keys=("a",))], "one key"),
        ([Table(((1, 2),), 2, show_column_totals=(True,))], "whether its total is shown"),
    ],
    ids=["shared totals that differ", "a key missing", "a column without its flag"],
)
def test_bad_groups_are_refused(tables: list[Table], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        suppress_tables(tables, threshold=T)


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        pytest.param(
            [[1]],
            SuppressedTable(((N,),), (N,), (N,), N),
            id="a lone 1: every total holding it is withheld too",
        ),
        pytest.param(
            [[1, 0, 1], [0, 1, 5]],
            SuppressedTable(((N, 0, N), (0, N, N)), (N, N), (N, N, N), 8),
            id="ones that only a combination of lines would fix at 1 are protected",
        ),
    ],
)
def test_suppress_table_with_a_threshold_of_two(
    counts: list[list[int]], expected: SuppressedTable
) -> None:
    assert suppress_table(counts, threshold=2) == expected
    _assert_nothing_withheld_can_be_worked_out(
        [Table(tuple(map(tuple, counts)), len(counts[0]))], 2
    )
