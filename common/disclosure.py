"""Disclosure control for published counts of people: the one method every page, file and
API answer applies when it counts people by a personal attribute (comuna, gender, age
range). Domain-free; *when* a table may be published is the caller's rule.

The method, and the attack each part answers:

- **Threshold.** A count under ``MIN_COUNT`` (5) is never published (``SMALL``).
- **Deterministic rounding.** Every published count, totals included, is the nearest
  multiple of ``BASE`` (5). Padding: someone who puts k made-up accounts in a cell and
  subtracts them from the published figure learns a band of at least three possible true
  counts, never the count (tests/consultations/test_disclosure_attacks.py). Rounding is
  deterministic on purpose: a random rounding, asked for again and again, averages out to
  the exact count.
- **Totals rounded on their own.** A table's total is the rounded true total, never the
  sum of rounded cells, and no cell is exact, so the published cells subtracted from the
  published total leave a band, not a count.
- **Complementary suppression.** When exactly one cell of a table is withheld, the next
  smallest is withheld too (``RESERVED``): otherwise, with the total known, subtraction
  could still pin a lone small cell at the edge of its band.

What rounding cannot do alone: a count published twice, before and after one known
change, leaks when the figure moves (10 becomes 15 exactly when the count goes from 12 to
13). Callers therefore publish a table once and keep it: consultations publish their
breakdowns only when participation has closed, frozen (``consultations.results``).
"""

from collections.abc import Sequence
from dataclasses import dataclass

MIN_COUNT = 5
BASE = 5

SMALL = "small"  # fewer than MIN_COUNT people
RESERVED = "reserved"  # withheld so that a small cell cannot be deduced from the total


@dataclass(frozen=True)
class Figure:
    """A count as published: ``count`` is None when withheld, and ``withheld`` says why."""

    count: int | None
    withheld: str = ""


def round_count(count: int) -> int | None:
    """``count`` people as published: None under MIN_COUNT, else the nearest multiple of
    BASE (5, 6, 7 → 5; 8 to 12 → 10)."""
    if count < MIN_COUNT:
        return None
    return (count + BASE // 2) // BASE * BASE


def publish_count(count: int) -> Figure:
    """One figure on its own (a total): rounded, or withheld as small."""
    rounded = round_count(count)
    return Figure(rounded, "" if rounded is not None else SMALL)


def publish_table(counts: Sequence[int]) -> list[Figure]:
    """The cells of one table (they add up to a total published elsewhere), in order:
    rounded, small ones withheld, and one more withheld when a small one would be alone."""
    small = {index for index, count in enumerate(counts) if count < MIN_COUNT}
    reserved: set[int] = set()
    if len(small) == 1:
        others = sorted((count, index) for index, count in enumerate(counts) if index not in small)
        if others:
            reserved.add(others[0][1])
    return [
        Figure(None, SMALL)
        if index in small
        else Figure(None, RESERVED)
        if index in reserved
        else Figure(round_count(count))
        for index, count in enumerate(counts)
    ]
