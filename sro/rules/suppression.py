"""Small-count suppression for public figures, so that no student can be identified.

Department practice, not law (``PRACTICE``): a count from 1 to ``threshold - 1`` is not published
(primary suppression); zero is published, as it identifies no one. The threshold is the setting
``SRO_PUBLIC_MIN_COUNT``.

Withholding a small count is not enough: the published figures are equations (cells add up to
their row and column totals, and tables that share a total share it), and a withheld count could
be solved from them, for instance ``(73 - 52) - (35 - 20)`` across two rows and two columns, or
"15 in all, 12 with a prone restraint" for the 3 without. So every figure a page publishes is
suppressed as one system (``suppress_tables``), and further counts are withheld (complementary
suppression) until no withheld count can be worked out from what is published:

- **Exactly, by linear algebra.** A withheld value can be computed exactly when its unit vector
  lies in the row space of the published equations restricted to the unknowns (the withheld
  values, and any figure a page never shows, such as the reports *without* a prone restraint).
  This is checked by Gauss-Jordan elimination in exact rational arithmetic (``fractions``).
- **From what every reader knows about a withheld count.** Zero is always published, so a
  withheld value is at least 1, and a figure never shown is at least 0. If the published figures
  fix a sum of withheld values at its least possible value (two withheld counts that add up to
  2 are both 1), those values are known too. These are found with a small exact linear program
  (``_nonnegative_combination``, phase one of the simplex method in fractions), and then the
  linear check is run again with them known.

First the classic pass withholds a second count in any line (equation) with one withheld value,
which gives the usual patterns (a rectangle of four cells). Then each withheld value that could
still be worked out is protected by withholding one more published non-zero count from the
equations that give it away: the one that ends the disclosure, a cell before a total, the
smallest first. The loop ends: each round withholds one more count, and once
every non-zero count is withheld nothing can be worked out (every known value is then zero, and a
withheld value is not).

Not checked: a value fixed only because counts are whole numbers (when the real-valued bounds
above still leave it a range), and how narrow a range is (a withheld count may be bounded, say
to between 1 and 4, without being fixed).
"""

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from sro.rules.params import Parameter

PRACTICE = Parameter(
    name="public_small_count_suppression",
    value="no withheld count can be worked out from the published figures",
    citation="Department practice, not law (threshold: setting SRO_PUBLIC_MIN_COUNT)",
    effective_from=date(2026, 12, 7),
    note="Primary suppression of counts from 1 to the threshold less one, then complementary "
    "suppression across every table of a page until no withheld count is determined by the "
    "published figures (issue 23, finding 3). Before this date only a line with exactly one "
    "withheld value was protected.",
)


def small(n: int, threshold: int) -> bool:
    return 0 < n < threshold


# --- What the pages use ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Table:
    """One table of counts as a page would publish it: its cells, each row's total, each
    column's total and the grand total, with what the page shows of them.

    Tables of one page that give the same total (every group table's total by outcome, for
    instance) name it with the same key in ``column_keys`` or ``total_key``: it is one figure,
    published in all of them or withheld in all. Parts a page does not show (``show_*``) are
    still figures a reader could work out, so they are protected when small."""

    cells: tuple[tuple[int, ...], ...]
    width: int
    column_keys: tuple[Hashable, ...] | None = None
    total_key: Hashable | None = None
    show_cells: bool = True
    show_row_totals: bool = True
    show_column_totals: tuple[bool, ...] | None = None  # None: every one
    show_total: bool = True


@dataclass(frozen=True, slots=True)
class SuppressedTable:
    """A table as it may be published: None for a withheld value or one not shown."""

    cells: tuple[tuple[int | None, ...], ...]
    row_totals: tuple[int | None, ...]
    column_totals: tuple[int | None, ...]
    total: int | None


@dataclass(frozen=True, slots=True)
class Suppressed:
    cells: tuple[int | None, ...]  # None: not published
    total: int | None


def suppress(counts: Sequence[int], *, threshold: int) -> Suppressed:
    """One line of counts and its total as they may be published."""
    (table,) = suppress_tables(
        [
            Table(
                cells=(tuple(counts),),
                width=len(counts),
                show_row_totals=False,
                show_column_totals=(False,) * len(counts),
            )
        ],
        threshold=threshold,
    )
    return Suppressed(table.cells[0], table.total)


def suppress_table(
    counts: Sequence[Sequence[int]], *, threshold: int, width: int | None = None
) -> SuppressedTable:
    """One table with its row totals, column totals and grand total, all shown. ``width`` is
    the number of columns, so a table without rows still has its column totals (zero)."""
    rows = tuple(tuple(r) for r in counts)
    if width is None:
        width = len(rows[0]) if rows else 0
    (table,) = suppress_tables([Table(rows, width)], threshold=threshold)
    return table


def suppress_tables(tables: Sequence[Table], *, threshold: int) -> tuple[SuppressedTable, ...]:
    """Every table of a page, suppressed together so that no withheld value can be worked out
    from anything the page publishes (see the module docstring)."""
    if threshold < 1:
        raise ValueError("The threshold is at least 1.")
    system, layouts = _build(tables)
    hidden = _withhold(system, threshold)

    def shown(q: int, show: bool) -> int | None:
        return system.values[q] if show and q not in hidden else None

    result = []
    for table, layout in zip(tables, layouts, strict=True):
        columns = table.show_column_totals or (True,) * table.width
        result.append(
            SuppressedTable(
                cells=tuple(tuple(shown(q, table.show_cells) for q in row) for row in layout.cells),
                row_totals=tuple(shown(q, table.show_row_totals) for q in layout.row_totals),
                column_totals=tuple(
                    shown(q, show) for q, show in zip(layout.column_totals, columns, strict=True)
                ),
                total=shown(layout.total, table.show_total),
            )
        )
    return tuple(result)


# --- The system of equations ----------------------------------------------------------------------

CELL, ROW_TOTAL, COLUMN_TOTAL, GRAND_TOTAL = range(4)  # also the order complements are taken in
Number = int | Fraction  # exact either way


@dataclass(slots=True)
class _System:
    values: list[int]
    shown: list[bool]  # shown by some table (else a figure no page shows)
    kind: list[int]
    equations: list[dict[int, int]]  # each: the sum of coefficient times value is zero


@dataclass(frozen=True, slots=True)
class _Layout:
    cells: tuple[tuple[int, ...], ...]
    row_totals: tuple[int, ...]
    column_totals: tuple[int, ...]
    total: int


def _build(tables: Sequence[Table]) -> tuple[_System, list[_Layout]]:
    system = _System([], [], [], [])
    shared: dict[tuple[str, Hashable], int] = {}

    def add(value: int, kind: int, show: bool, key: tuple[str, Hashable] | None = None) -> int:
        if key is not None and key in shared:
            q = shared[key]
            if system.values[q] != value:
                raise ValueError(f"Tables that share the total {key[1]!r} must agree on it.")
            system.shown[q] = system.shown[q] or show
            return q
        system.values.append(value)
        system.shown.append(show)
        system.kind.append(kind)
        q = len(system.values) - 1
        if key is not None:
            shared[key] = q
        return q

    layouts = []
    for table in tables:
        rows = table.cells
        if any(len(r) != table.width for r in rows):
            raise ValueError("Every row has the same number of cells.")
        if any(n < 0 for r in rows for n in r):
            raise ValueError("Counts are never negative.")
        keys = table.column_keys
        if keys is not None and len(keys) != table.width:
            raise ValueError("Each column has one key.")
        columns = table.show_column_totals or (True,) * table.width
        if len(columns) != table.width:
            raise ValueError("Each column says whether its total is shown.")
        cells = tuple(tuple(add(n, CELL, table.show_cells) for n in r) for r in rows)
        row_totals = tuple(add(sum(r), ROW_TOTAL, table.show_row_totals) for r in rows)
        column_totals = tuple(
            add(
                sum(r[j] for r in rows),
                COLUMN_TOTAL,
                columns[j],
                None if keys is None else ("column", keys[j]),
            )
            for j in range(table.width)
        )
        total = add(
            sum(map(sum, rows)),
            GRAND_TOTAL,
            table.show_total,
            None if table.total_key is None else ("total", table.total_key),
        )
        # The lines of the grid with its totals: the rows, the row of column totals, the
        # columns, the column of row totals.
        for row, row_total in zip(cells, row_totals, strict=True):
            system.equations.append(_sum_is(row, row_total))
        system.equations.append(_sum_is(column_totals, total))
        for j, column_total in enumerate(column_totals):
            system.equations.append(_sum_is([row[j] for row in cells], column_total))
        system.equations.append(_sum_is(row_totals, total))
        layouts.append(_Layout(cells, row_totals, column_totals, total))
    return system, layouts


def _sum_is(parts: Iterable[int], total: int) -> dict[int, int]:
    equation: dict[int, int] = {}
    for q in parts:
        equation[q] = equation.get(q, 0) + 1
    equation[total] = equation.get(total, 0) - 1
    return {q: c for q, c in equation.items() if c}


# --- Withholding until nothing can be worked out --------------------------------------------------


def _order(system: _System, q: int) -> tuple[int, int, int]:
    """Which published count to withhold first: a cell before a total, the smallest first."""
    return system.kind[q], system.values[q], q


def _withhold(system: _System, threshold: int) -> set[int]:
    values = system.values
    hidden = {q for q, n in enumerate(values) if system.shown[q] and small(n, threshold)}
    # First the classic pass, which gives the usual patterns (a rectangle of four cells): an
    # equation with one unknown gives it away, so another count of it is withheld.
    changed = True
    while changed:
        changed = False
        for equation in system.equations:
            unknown = [q for q in equation if q in hidden or not system.shown[q]]
            if len(unknown) == 1 and (unknown[0] in hidden or small(values[unknown[0]], threshold)):
                others = [q for q in equation if q not in unknown and values[q]]
                hidden.add(min(others, key=lambda q: _order(system, q)))
                changed = True
    # Then the exact check, over every equation at once.
    while (found := _exposure(system, hidden, threshold)) is not None:
        disclosed, certificate = found
        published = [
            q for q in range(len(values)) if system.shown[q] and q not in hidden and values[q]
        ]
        involved = [q for q in published if certificate.get(q)] or published
        candidates = sorted(involved, key=lambda q: _order(system, q))
        hidden.add(
            next(
                (
                    q
                    for q in candidates
                    if _exposure(system, hidden | {q}, threshold, only=disclosed) is None
                ),
                candidates[0],
            )
        )
    return hidden


def _exposure(
    system: _System, hidden: set[int], threshold: int, only: int | None = None
) -> tuple[int, dict[int, Number]] | None:
    """A withheld value (or a small one never shown) that the published figures give away, with
    the combination of published figures that does (``only``: that value alone), or None."""
    values = system.values
    unknown = {q for q in range(len(values)) if q in hidden or not system.shown[q]}
    protect = {q for q in unknown if q in hidden or small(values[q], threshold)}
    if only is not None:
        protect &= {only}
    # Values at their least possible value: 1 for a withheld count (zero is published), 0 for a
    # figure never shown. Reduced last, so the rows that involve nothing else come out apart.
    at_least = {q for q in unknown if values[q] == (1 if q in hidden else 0)}
    certify = only is None  # the published figures a disclosure uses are needed
    rows = _reduce(system.equations, sorted(unknown - at_least) + sorted(at_least), keep=certify)
    # Values fixed at their least by a sum the published figures give.
    known: set[int] = set()
    tight_rows = [(p, row) for p, row in rows if p in at_least]
    while (combination := _nonnegative_combination(tight_rows, at_least, known)) is not None:
        support = {q for q, c in combination.items() if c > 0}
        exposed = sorted(support & protect)
        if exposed:
            return exposed[0], _published_part(rows, unknown, combination)
        known |= support
    # Then exact solutions, with those values known.
    if known:
        solving = unknown - known
        rows = _reduce(system.equations, sorted(solving), keep=certify)
    else:
        solving = unknown
    for pivot, row in rows:
        if pivot in protect and all(q == pivot or q not in solving for q in row):
            return pivot, {q: c for q, c in row.items() if q not in unknown}
    return None


def _reduce(
    equations: Sequence[dict[int, int]], columns: Sequence[int], *, keep: bool = True
) -> list[tuple[int, dict[int, Number]]]:
    """The equations in reduced row echelon form over ``columns`` (the unknowns, in that order:
    Gauss-Jordan, exact), each row with its pivot. With ``keep``, a row keeps its other terms
    too: the published figures it combines. Rows are sparse, with an index of the rows that
    hold each unknown; a coefficient stays an integer while it can (most pivots are 1 or -1)
    and is a ``Fraction`` otherwise."""
    wanted = set(columns)
    rows: dict[int, dict[int, Number]] = {}
    holding: dict[int, set[int]] = {q: set() for q in wanted}
    for k, equation in enumerate(equations):
        if wanted.intersection(equation):
            rows[k] = {q: c for q, c in equation.items() if keep or q in wanted}
            for q in equation:
                if q in wanted:
                    holding[q].add(k)
    unused = set(rows)
    reduced: list[tuple[int, int]] = []
    for column in columns:
        choices = holding[column] & unused
        if not choices:
            continue
        chosen = min(choices, key=lambda k: (len(rows[k]), k))  # the sparsest: short rows
        unused.remove(chosen)
        scale = rows[chosen][column]
        if scale != 1:
            rows[chosen] = {
                q: -c if scale == -1 else Fraction(c) / scale for q, c in rows[chosen].items()
            }
        pivot = rows[chosen]
        for k in sorted(holding[column] - {chosen}):
            row = rows[k]
            factor = row[column]
            for q, c in pivot.items():
                value = row.get(q, 0) - factor * c
                if value:
                    if q in wanted and q not in row:
                        holding[q].add(k)
                    row[q] = value
                else:
                    del row[q]
                    if q in wanted:
                        holding[q].discard(k)
        reduced.append((column, chosen))
    return [(column, rows[k]) for column, k in reduced]


def _published_part(
    rows: list[tuple[int, dict[int, Number]]], unknown: set[int], vector: dict[int, Number]
) -> dict[int, Number]:
    """How a vector of the row space combines the published figures: in reduced form, the
    vector is the sum of each row times the vector's value at the row's pivot."""
    part: dict[int, Number] = {}
    for pivot, row in rows:
        weight = vector.get(pivot)
        if weight:
            for q, c in row.items():
                if q not in unknown:
                    part[q] = part.get(q, Fraction(0)) + weight * c
    return part


def _nonnegative_combination(
    rows: list[tuple[int, dict[int, Number]]], at_least: set[int], known: set[int]
) -> dict[int, Number] | None:
    """A combination of ``rows`` that is non-negative on every unknown and weighs some value of
    ``at_least`` not yet ``known``, or None when there is none.

    ``rows`` are the reduced rows that involve values of ``at_least`` only (among the
    unknowns); they span every combination of the equations that does. Such a combination is
    a known sum of values at their least with non-negative weights, so the sum is at its least
    and fixes each value it weighs. A row's value at its pivot is its weight in a combination,
    so the weights are non-negative; the other values make the inequalities of a small linear
    program."""
    if not rows or not at_least - known:
        return None
    terms = [{q: c for q, c in row.items() if q in at_least} for _, row in rows]
    for term in terms:  # most often a row is one already, such as a sum of withheld counts
        if all(c > 0 for c in term.values()) and not known.issuperset(term):
            return term
    pivots = {p for p, _ in rows}
    others = sorted({q for term in terms for q in term} - pivots)
    # Variables: each row's weight, then one surplus per other value (its sum is >= 0).
    a: list[list[Number]] = []
    for q in others:
        line = [term.get(q, Fraction(0)) for term in terms]
        line += [Fraction(-1 if k == q else 0) for k in others]
        a.append(line)
    weights = [sum((c for k, c in term.items() if k not in known), Fraction(0)) for term in terms]
    a.append(weights + [Fraction(0)] * len(others))
    solution = _feasible(a, [Fraction(0)] * len(others) + [Fraction(1)])
    if solution is None:
        return None
    combination: dict[int, Number] = {}
    for weight, term in zip(solution, terms, strict=False):
        for q, c in term.items():
            combination[q] = combination.get(q, Fraction(0)) + weight * c
    return {q: c for q, c in combination.items() if c}


def _feasible(a: list[list[Number]], b: list[Fraction]) -> list[Fraction] | None:
    """A non-negative x with ``a x = b``, or None: phase one of the simplex method in exact
    arithmetic, with Bland's rule so that it cannot cycle. The rows are kept sparse, and an
    artificial variable that leaves the basis never comes back (it has to be zero anyway)."""
    n = len(a[0])
    rows: list[dict[int, Fraction]] = []
    rhs: list[Fraction] = []
    for line, value in zip(a, b, strict=True):
        sign = -1 if value < 0 else 1  # so that the artificial variables start feasible
        rows.append({j: Fraction(sign * c) for j, c in enumerate(line) if c})
        rhs.append(Fraction(sign * value))
    basis = [n + i for i in range(len(rows))]  # the artificial variable of each row
    # The cost row: the sum of the artificial variables, in terms of the others.
    cost: dict[int, Fraction] = {}
    for row in rows:
        for j, c in row.items():
            cost[j] = cost.get(j, Fraction(0)) - c
    infeasibility = sum(rhs, Fraction(0))
    while True:
        entering = min((j for j, c in cost.items() if c < 0), default=None)
        if entering is None:
            break
        # There is a row to leave: the infeasibility is bounded below by zero.
        _, _, i = min(
            (rhs[i] / row[entering], basis[i], i)
            for i, row in enumerate(rows)
            if row.get(entering, 0) > 0
        )
        scale = rows[i][entering]
        pivot = {j: c / scale for j, c in rows[i].items()}
        rows[i], rhs[i] = pivot, rhs[i] / scale
        for k, row in enumerate(rows):
            factor = row.get(entering)
            if k != i and factor:
                _subtract(row, factor, pivot)
                rhs[k] -= factor * rhs[i]
        factor = cost[entering]
        _subtract(cost, factor, pivot)
        infeasibility += factor * rhs[i]
        basis[i] = entering
    if infeasibility:
        return None  # the artificial variables cannot all be zero
    x = [Fraction(0)] * n
    for i, variable in enumerate(basis):
        if variable < n:
            x[variable] = rhs[i]
    return x


def _subtract(row: dict[int, Fraction], factor: Fraction, pivot: dict[int, Fraction]) -> None:
    """``row -= factor * pivot``, keeping ``row`` sparse."""
    for j, c in pivot.items():
        value = row.get(j, 0) - factor * c
        if value:
            row[j] = value
        else:
            del row[j]
