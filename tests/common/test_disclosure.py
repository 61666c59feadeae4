"""common.disclosure: the arithmetic of publishing counts of people (threshold, rounding,
complementary suppression). The attacks, through the pages and files:
tests/consultations/test_disclosure_attacks.py."""

import pytest

from common.disclosure import (
    BASE,
    MIN_COUNT,
    RESERVED,
    SMALL,
    Figure,
    publish_count,
    publish_table,
    round_count,
)


@pytest.mark.parametrize(
    ("count", "published"),
    [(0, None), (1, None), (4, None), (5, 5), (7, 5), (8, 10), (12, 10), (13, 15), (102, 100)],
)
def test_counts_under_five_are_withheld_and_the_rest_round_to_the_nearest_five(count, published):
    assert round_count(count) == published


def test_rounding_is_deterministic():
    # Asking again never gives another answer that could be averaged.
    assert {round_count(13) for _ in range(100)} == {15}


def test_every_published_count_is_a_multiple_of_five_at_least_five():
    for count in range(500):
        rounded = round_count(count)
        assert rounded is None or (rounded >= MIN_COUNT and rounded % BASE == 0)
        assert rounded is None or abs(rounded - count) <= BASE // 2


def test_a_total_on_its_own_is_rounded_or_withheld():
    assert publish_count(3) == Figure(None, SMALL)
    assert publish_count(14) == Figure(15)


def test_cells_under_five_are_withheld():
    result = publish_table([10, 4, 0, 5, 2])
    assert result == [
        Figure(10),
        Figure(None, SMALL),
        Figure(None, SMALL),
        Figure(5),
        Figure(None, SMALL),
    ]


def test_a_lone_small_cell_also_withholds_the_smallest_other():
    assert publish_table([10, 3, 7]) == [Figure(10), Figure(None, SMALL), Figure(None, RESERVED)]


@pytest.mark.parametrize("counts", [[0, 1, 2, 3, 4], [4], [5, 9, 4], [MIN_COUNT - 1, 100, 200]])
def test_no_published_cell_is_small_and_no_single_hidden_cell_is_alone(counts):
    result = publish_table(counts)
    assert all(cell.count is None or cell.count >= MIN_COUNT for cell in result)
    hidden = [cell for cell in result if cell.count is None]
    assert len(hidden) != 1 or len(result) == 1
