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

- **Grouping small cells.** A long table (a region's comunas) may fold its small cells
  into one row (``publish_grouped_table``), published by the same rules as any cell. Its
  members are known to hold fewer than 5 each, so the group holds at most 4 times its members:
  its rounded figure never goes above the largest multiple of 5 within that bound, which
  would narrow its band below three counts (two comunas with 4 each, 8, would round to
  10, and "at most 8" would then pin 8 exactly).

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


def round_count(count: int, *, at_most: int | None = None) -> int | None:
    """``count`` people as published: None under MIN_COUNT, else the nearest multiple of
    BASE (5, 6, 7 → 5; 8 to 12 → 10). ``at_most``: what the cell is publicly known to hold
    at most (a group of small cells); the figure then stays at or below the largest
    multiple of BASE within it, so the known bound cannot narrow the band."""
    if count < MIN_COUNT:
        return None
    rounded = (count + BASE // 2) // BASE * BASE
    if at_most is not None:
        rounded = min(rounded, max(at_most // BASE * BASE, MIN_COUNT))
    return rounded


def publish_count(count: int) -> Figure:
    """One figure on its own (a total): rounded, or withheld as small."""
    rounded = round_count(count)
    return Figure(rounded, "" if rounded is not None else SMALL)


def publish_table(
    counts: Sequence[int], *, at_most: Sequence[int | None] | None = None
) -> list[Figure]:
    """The cells of one table (they add up to a total published elsewhere), in order:
    rounded, small ones withheld, and one more withheld when a small one would be alone.
    ``at_most``: each cell's publicly known bound, if any (``round_count``)."""
    bounds = list(at_most) if at_most is not None else [None] * len(counts)
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
        else Figure(round_count(count, at_most=bounds[index]))
        for index, count in enumerate(counts)
    ]


@dataclass(frozen=True)
class GroupedTable:
    """A table whose small cells were folded into one group row.

    ``figures`` has one figure per row published on its own, in order (``kept`` gives
    each one's index in the input), then the group's figure last when there is a group;
    ``grouped`` are the indices folded into the group (empty: no group)."""

    figures: list[Figure]
    kept: list[int]
    grouped: list[int]

    @property
    def group(self) -> Figure | None:
        return self.figures[-1] if self.grouped else None


def publish_grouped_table(counts: Sequence[int], *, groupable: Sequence[bool]) -> GroupedTable:
    """Like ``publish_table``, with the small cells among the ``groupable`` ones folded into
    one row when there are at least two of them (one alone stays a row, withheld, with
    its complementary cell). The group row is one more cell of the table: rounded within
    its known bound (4 people per member at most), withheld under 5 people, and, if it is
    then the only withheld cell, the next smallest is reserved. Which cells are small was
    already public ("menos de 5" each); the group adds only its rounded sum."""
    grouped = [
        index for index, count in enumerate(counts) if groupable[index] and count < MIN_COUNT
    ]
    if len(grouped) < 2:
        return GroupedTable(publish_table(counts), list(range(len(counts))), [])
    folded = set(grouped)
    kept = [index for index in range(len(counts)) if index not in folded]
    rows = [counts[index] for index in kept] + [sum(counts[index] for index in grouped)]
    bounds: list[int | None] = [None] * len(kept) + [(MIN_COUNT - 1) * len(grouped)]
    return GroupedTable(publish_table(rows, at_most=bounds), kept, grouped)
