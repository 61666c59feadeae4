"""Where participation happens, as the indicators count it: a registry that the apps
above ``planning`` fill from their ``AppConfig.ready()``.

``planning`` sits below the apps where people take part (deliberation, surveys,
consultations; the public account and the councils later), so it cannot import them.
Each registers, once, the kinds of act that make a person a participant:

- a **contribution** (a proposal, a comment): something a person wrote that the
  government may answer (an official answer) or trace to a planning instrument (an
  outcome). Contributions are counted, and the response rate is the share of them that
  got either;
- an act that makes a **participant** without being a contribution (a support, a survey
  response): counted among the people, never in contributions or the response rate.

A source yields its acts as ``Act`` tuples (person, moment, answered), published and
visible ones only, and never those written on behalf of a division (officials answering
are not participants). ``since`` (an aware moment, or None for all) lets a refresh read
only the year that is still open.

And what a participatory process publishes: ``register_gender_publication`` tells,
for a model of process (``ParticipatoryInstance.process_type``, a content type), which
of them have published their participation by gender (the gender-focus criterion of the
strategic indicator: docs/indicators.md).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple

from django.db.models import Exists, Model, OuterRef


class Act(NamedTuple):
    """One act of participation: who (a user id), when, and whether it was answered
    (an official answer or an outcome; always False for acts that are not contributions)."""

    person: int
    at: datetime
    answered: bool


@dataclass(frozen=True)
class ParticipationSource:
    # What the acts are, in plural (lazy): "Propuestas", "Comentarios"…
    label: Any
    # True: the acts are contributions (counted, and in the response rate).
    contribution: bool
    # The acts from ``since`` on (all when None), in any order; read in one or a few
    # queries, streamed (``QuerySet.iterator``): a refresh reads every act of the year.
    acts: Callable[[datetime | None], Iterable[Act]]


_sources: dict[str, ParticipationSource] = {}
_gender_publications: dict[str, Callable[[list[int]], set[int]]] = {}


def register_participation_source(key: str, source: ParticipationSource) -> None:
    """Count ``source``'s acts in the indicators (call once, from the app's ``ready()``)."""
    _sources[key] = source


def unregister_participation_source(key: str) -> None:
    """Withdraw a source (tests that register their own)."""
    _sources.pop(key, None)


def participation_sources() -> dict[str, ParticipationSource]:
    return dict(_sources)


def register_gender_publication(
    model: type[Model], published: Callable[[list[int]], set[int]]
) -> None:
    """``published(ids)``: which of the processes of ``model`` with these ids have
    published their participation by gender (a few queries)."""
    _gender_publications[model._meta.label_lower] = published


def unregister_gender_publication(model: type[Model]) -> None:
    _gender_publications.pop(model._meta.label_lower, None)


def gender_published(label: str, ids: list[int]) -> set[int]:
    """The ids among ``ids`` of processes of the model ``label`` ("app_label.model", as a
    content type names it) whose participation by gender is published; none for a model
    that registered nothing."""
    published = _gender_publications.get(label)
    if published is None or not ids:
        return set()
    return published(ids)


def has_outcome(model: type[Model]) -> Exists:
    """An expression for a queryset of ``model``: the row is linked to an outcome
    (``planning.models.OutcomeLink``), so that sources need not know how links are kept."""
    from django.contrib.contenttypes.models import ContentType

    from planning.models import OutcomeLink

    return Exists(
        OutcomeLink.objects.filter(
            content_type=ContentType.objects.get_for_model(model), object_id=OuterRef("pk")
        )
    )
