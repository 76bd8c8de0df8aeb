"""Small-count suppression of public figures, case by case."""

import pytest

from sro.rules.suppression import Suppressed, suppress

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
