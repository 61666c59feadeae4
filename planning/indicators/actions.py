"""The one write of the indicators: recomputing the participation figures
(``ParticipationPeriod`` and its ``ParticipationCell`` rows) from the registered
participation sources (``planning.indicators.registry``).

Called by ``manage.py refresh_indicators`` (a cron entry, hourly: docs/indicators.md), by
the admin action on the periods, and by ``make run`` after the demo is seeded. A page
never calls it: a GET never writes.

A year is counted in America/Santiago's calendar. Once a year has ended, the first refresh
after it computes its figures with their breakdowns by comuna, gender and age range and
marks them ``final``: later refreshes never touch them again, so each table of people is
published once (common/disclosure.py). The year still running gets totals only (year and
months), replaced at each refresh.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from accounts.territory import region_comuna_cuts
from planning.indicators.models import ParticipationCell, ParticipationPeriod
from planning.indicators.registry import participation_sources

Dimension = ParticipationCell.Dimension
# Ids per query when reading people's attributes (well under SQLite's variable limit).
PEOPLE_CHUNK = 5000


@dataclass
class Tally:
    """What one group of people did in one period: per person, [contributions, answered]."""

    people: dict[int, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))

    def add(self, person: int, contribution: bool, answered: bool) -> None:
        counts = self.people[person]
        if contribution:
            counts[0] += 1
            if answered:
                counts[1] += 1

    def totals(self) -> tuple[int, int, int]:
        contributions = answered = 0
        for person_contributions, person_answered in self.people.values():
            contributions += person_contributions
            answered += person_answered
        return len(self.people), contributions, answered


@dataclass
class YearTally:
    year: Tally = field(default_factory=Tally)
    months: dict[int, Tally] = field(default_factory=lambda: defaultdict(Tally))


@dataclass(frozen=True)
class RefreshSummary:
    """What a refresh did: the years it closed (computed once, with breakdowns) and the
    open year it recomputed."""

    closed: list[int]
    open_year: int


def _tally(since: datetime | None, first_year: int | None, last_year: int) -> dict[int, YearTally]:
    """Every registered act from ``since`` on, by local year and month."""
    zone = timezone.get_default_timezone()
    years: dict[int, YearTally] = defaultdict(YearTally)
    for source in participation_sources().values():
        contribution = source.contribution
        for person, at, answered in source.acts(since):
            local = at.astimezone(zone)
            if local.year > last_year or (first_year is not None and local.year < first_year):
                continue
            tally = years[local.year]
            tally.year.add(person, contribution, answered)
            tally.months[local.month].add(person, contribution, answered)
    return years


def _attributes(people: Iterable[int]) -> dict[int, tuple[str, str, str]]:
    """(comuna CUT or "" outside the region, gender, age range) per person, as now."""
    region = region_comuna_cuts(settings.CABILDO_REGION_CODE)
    ids = sorted(people)
    found: dict[int, tuple[str, str, str]] = {}
    for start in range(0, len(ids), PEOPLE_CHUNK):
        rows = User.objects.filter(pk__in=ids[start : start + PEOPLE_CHUNK]).values_list(
            "pk", "comuna_id", "gender", "age_range"
        )
        for pk, comuna, gender, age_range in rows:
            found[pk] = (comuna if comuna in region else "", gender, age_range)
    return found


def _cells(period: ParticipationPeriod, tally: YearTally, *, breakdowns: bool) -> list:
    def cell(month: int, dimension: str, key: str, counts: tuple[int, int, int]):
        participants, contributions, answered = counts
        return ParticipationCell(
            period=period,
            month=month,
            dimension=dimension,
            key=key,
            participants=participants,
            contributions=contributions,
            answered=answered,
        )

    cells = [cell(0, Dimension.TOTAL, "", tally.year.totals())]
    cells += [
        cell(month, Dimension.TOTAL, "", months.totals())
        for month, months in sorted(tally.months.items())
    ]
    if not breakdowns:
        return cells
    attributes = _attributes(tally.year.people)
    groups: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    for person, (contributions, answered) in tally.year.people.items():
        comuna, gender, age_range = attributes.get(person, ("", "", ""))
        for dimension, key in (
            (Dimension.COMUNA, comuna),
            (Dimension.GENDER, gender),
            (Dimension.AGE_RANGE, age_range),
        ):
            group = groups[(dimension, key)]
            group[0] += 1
            group[1] += contributions
            group[2] += answered
    cells += [
        cell(0, dimension, key, tuple(counts))
        for (dimension, key), counts in sorted(groups.items())
    ]
    return cells


def _store(year: int, tally: YearTally, *, final: bool, now: datetime) -> bool:
    """Write one year's rows (replacing an open year's); False when another refresh had
    closed it meanwhile. Locks the period row."""
    with transaction.atomic():
        period = ParticipationPeriod.objects.select_for_update().filter(year=year).first()
        if period is not None and period.final:
            return False
        if period is None:
            try:
                with transaction.atomic():
                    period = ParticipationPeriod.objects.create(
                        year=year, final=final, computed_at=now
                    )
            except IntegrityError:  # another refresh created the year meanwhile
                return False
        else:
            period.final = final
            period.computed_at = now
            period.save(update_fields=["final", "computed_at"])
            period.cells.all().delete()
        ParticipationCell.objects.bulk_create(_cells(period, tally, breakdowns=final))
    return True


def do_refresh_indicators(*, now: datetime | None = None) -> RefreshSummary:
    """Recompute the participation figures: close (once) every ended year not yet closed,
    and replace the running year's totals.

    Anyone's code may call it (it takes no actor: it publishes only what the rules in the
    module doc allow, whoever asks); the command, the admin action and ``make run`` do.
    Reads every act since the end of the last closed year (all of them the first time);
    each year is written in its own transaction, its period row locked, so two refreshes
    at once close a year once. Broadcasts nothing; the page cache sees the writes.
    """
    now = now or timezone.now()
    current = timezone.localdate(now).year
    closed_years = set(
        ParticipationPeriod.objects.filter(final=True).values_list("year", flat=True)
    )
    first_year = max(closed_years) + 1 if closed_years else None
    since = None
    if first_year is not None:
        since = datetime(first_year, 1, 1, tzinfo=timezone.get_default_timezone())
    tallies = _tally(since, first_year, current)
    start = first_year if first_year is not None else min(tallies, default=current)
    closed = []
    for year in range(start, current + 1):
        final = year < current
        if _store(year, tallies.get(year) or YearTally(), final=final, now=now) and final:
            closed.append(year)
    return RefreshSummary(closed=closed, open_year=current)
