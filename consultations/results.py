"""Reads for a consultation's results page: participation figures and answered proposals.

Participation counts people, never shows them: the breakdowns by comuna, gender and age
range publish a cell only when at least ``MIN_CELL`` people fall in it. When exactly one
cell of a breakdown is suppressed, the next smallest is reserved too, because the total
is published and a lone missing cell could be recovered by subtraction. Only marginal
breakdowns are published (never comuna by gender, etc.), and every category of the
territory is listed, so a "menos de 5" does not even reveal that someone from a small
comuna took part.

The three aggregates behind these figures scan every support and response of the
consultation (hundreds of milliseconds with a million supports), so their raw numbers are
cached for ``PARTICIPATION_SECONDS``; pages say when the figures are from.

Who is a participant: the author of a visible proposal (published or withdrawn), a person
who supported a proposal of the consultation, or a survey respondent. When comments on
consultations arrive (deliberation), their authors join this union here.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models import Count, Sum
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from common.cache import cached_aggregate
from consultations.models import Consultation, Proposal, ProposalAnswer, Support
from consultations.queries import region_comunas
from surveys.models import Response

MIN_CELL = 5
ANSWERS_PER_PAGE = 20
PARTICIPATION_SECONDS = 5 * 60

NOT_STATED = _("Sin dato")
OTHER_COMUNAS = _("Otras comunas o sin comuna")


@dataclass
class Cell:
    """One published figure: ``count`` is None when it is suppressed."""

    key: str
    label: str
    count: int | None
    # "small": fewer than MIN_CELL people; "reserved": hidden so a small one cannot be
    # deduced from the total.
    suppressed: str = ""


@dataclass
class Participation:
    participants: int
    proposals: int
    supports: int
    responses: int
    proposals_by_state: list[tuple[str, str, int]] = field(default_factory=list)
    by_comuna: list[Cell] = field(default_factory=list)
    by_gender: list[Cell] = field(default_factory=list)
    by_age_range: list[Cell] = field(default_factory=list)
    computed_at: datetime | None = None

    @property
    def breakdowns(self) -> list[tuple[str, str, list[Cell]]]:
        return [
            ("comuna", _("Por comuna"), self.by_comuna),
            ("genero", _("Por género"), self.by_gender),
            ("edad", _("Por tramo de edad"), self.by_age_range),
        ]


def suppress(cells: list[tuple[str, str, int]]) -> list[Cell]:
    """Publish each (key, label, count) unless it is under MIN_CELL; see the module doc."""
    small = {index for index, (_k, _l, count) in enumerate(cells) if count < MIN_CELL}
    reserved: set[int] = set()
    if len(small) == 1:
        others = sorted(
            (count, index) for index, (_k, _l, count) in enumerate(cells) if index not in small
        )
        if others:
            reserved.add(others[0][1])
    result = []
    for index, (key, label, count) in enumerate(cells):
        if index in small:
            result.append(Cell(key, str(label), None, "small"))
        elif index in reserved:
            result.append(Cell(key, str(label), None, "reserved"))
        else:
            result.append(Cell(key, str(label), count))
    return result


def participants_of(consultation: Consultation):
    """The ids of everyone who took part (a UNION subquery, so each person counts once)."""
    authors = Proposal.objects.visible().filter(consultation=consultation).values("author_id")
    supporters = Support.objects.filter(consultation=consultation).values("user_id")
    respondents = Response.objects.filter(survey__consultation=consultation).values("respondent_id")
    return authors.union(supporters, respondents)


def _comuna_categories(consultation: Consultation) -> list[tuple[str, str]]:
    """The comunas a consultation is about: its own list, or the region's (from the file)."""
    if consultation.whole_region:
        return region_comunas()
    return sorted(consultation.comunas.values_list("cut", "name"), key=lambda comuna: comuna[1])


def proposal_states(consultation_ids: list[int]) -> dict[int, list[dict]]:
    """Visible proposals and their supports by state, per consultation: from the cache,
    with one grouped query for the consultations missing from it."""
    keys = {pk: f"consultations.proposal_states.{pk}" for pk in consultation_ids}
    cached = cache.get_many(keys.values())
    found = {pk: cached[key] for pk, key in keys.items() if key in cached}
    missing = [pk for pk in consultation_ids if pk not in found]
    if missing:
        computed: dict[int, list[dict]] = {pk: [] for pk in missing}
        for row in (
            Proposal.objects.visible()
            .filter(consultation_id__in=missing)
            .values("consultation_id", "state")
            .annotate(count=Count("id"), supports=Sum("support_count"))
            .order_by()
        ):
            computed[row.pop("consultation_id")].append(row)
        cache.set_many({keys[pk]: rows for pk, rows in computed.items()}, PARTICIPATION_SECONDS)
        found |= computed
    return found


def proposal_totals(consultation_ids: list[int]) -> dict[int, tuple[int, int]]:
    """(visible proposals, their supports) per consultation, from ``proposal_states``."""
    return {
        pk: (sum(row["count"] for row in rows), sum(row["supports"] or 0 for row in rows))
        for pk, rows in proposal_states(consultation_ids).items()
    }


def participation_counts(consultation: Consultation) -> dict:
    """The raw aggregates: proposals by state, responses, participants grouped by comuna,
    gender and age range. Three queries, or none when cached (``common.cache``)."""

    def compute() -> dict:
        return {
            "responses": Response.objects.filter(survey__consultation=consultation).count(),
            "groups": list(
                User.objects.filter(pk__in=participants_of(consultation))
                .values("comuna_id", "gender", "age_range")
                .annotate(count=Count("id"))
                .order_by()
            ),
        }

    entry = cached_aggregate(
        f"consultations.participation.{consultation.pk}", PARTICIPATION_SECONDS, compute
    )
    return {
        **entry.value,
        "computed_at": entry.computed_at,
        "states": proposal_states([consultation.pk])[consultation.pk],
    }


def participation(consultation: Consultation) -> Participation:
    """Participation figures with suppressed breakdowns: the cached aggregates, plus one
    query for a consultation on chosen comunas (their names)."""
    counts = participation_counts(consultation)
    states = {row["state"]: row for row in counts["states"]}
    responses = counts["responses"]
    groups = counts["groups"]
    comunas = _comuna_categories(consultation)
    known = {cut for cut, _name in comunas}

    by_comuna: dict[str, int] = {}
    by_gender: dict[str, int] = {}
    by_age: dict[str, int] = {}
    for group in groups:
        comuna = group["comuna_id"] if group["comuna_id"] in known else ""
        by_comuna[comuna] = by_comuna.get(comuna, 0) + group["count"]
        by_gender[group["gender"]] = by_gender.get(group["gender"], 0) + group["count"]
        by_age[group["age_range"]] = by_age.get(group["age_range"], 0) + group["count"]

    comuna_cells = [(cut, name, by_comuna.get(cut, 0)) for cut, name in comunas]
    comuna_cells.append(("", OTHER_COMUNAS, by_comuna.get("", 0)))
    gender_cells = [(value, label, by_gender.get(value, 0)) for value, label in User.Gender.choices]
    gender_cells.append(("", NOT_STATED, by_gender.get("", 0)))
    age_cells = [(value, label, by_age.get(value, 0)) for value, label in User.AgeRange.choices]
    age_cells.append(("", NOT_STATED, by_age.get("", 0)))

    return Participation(
        participants=sum(group["count"] for group in groups),
        proposals=sum(row["count"] for row in states.values()),
        supports=sum(row["supports"] or 0 for row in states.values()),
        responses=responses,
        proposals_by_state=[
            (value, str(label), states[value]["count"] if value in states else 0)
            for value, label in Proposal.State.choices
        ],
        by_comuna=suppress(comuna_cells),
        by_gender=suppress(gender_cells),
        by_age_range=suppress(age_cells),
        computed_at=counts["computed_at"],
    )


def answered_proposals(consultation: Consultation):
    """Visible proposals' published official answers, newest first."""
    return (
        ProposalAnswer.objects.filter(
            is_published=True,
            proposal__consultation=consultation,
            proposal__moderation_status__in=Proposal.VISIBLE_STATUSES,
        )
        .select_related("proposal", "division")
        .order_by("-published_at", "-id")
    )


def answered_proposals_page(consultation: Consultation, number: str | int | None) -> Page:
    """One page of answered proposals (two queries: count and page)."""
    return Paginator(answered_proposals(consultation), ANSWERS_PER_PAGE).get_page(number)
