"""Open data of the planning app, registered in /datos/ (``common.datasets``) from
``PlanningConfig.ready()``: the instruments (with their sections and participatory
instances) and the outcomes of contributions.

Only what anyone can read on the site: outcomes of contributions anyone may see now
(``planning.queries.public_links``: hidden and pending ones never appear, and one hidden
after its outcome leaves the file), and never a person (not the author, nor who decided).
"""

from collections.abc import Iterator
from typing import Any

from django.db.models import Prefetch
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.datasets import Dataset, Item, register_dataset
from planning import schemas
from planning.models import InstrumentSection, PlanningInstrument
from planning.queries import public_links
from planning.registry import contribution_resolver

BATCH = 2000

INSTRUMENT_COLUMNS = [
    "slug",
    "nombre",
    "tipo",
    "estado",
    "desde",
    "hasta",
    "anio_elaboracion",
    "secciones",
    "instancias",
    "url",
]
OUTCOME_COLUMNS = [
    "destino",
    "tipo_aporte",
    "aporte",
    "url_aporte",
    "decision",
    "justificacion",
    "avance",
    "secciones",
    "decidido_el",
    "actualizado_el",
]


def _day(value: Any) -> str | None:
    return value.isoformat() if value else None


def instrument_items(request: HttpRequest) -> Iterator[Item]:
    instruments = PlanningInstrument.objects.prefetch_related("sections", "instances").order_by(
        "pk"
    )
    for instrument in instruments:
        yield {
            "slug": instrument.slug,
            "name": instrument.name,
            "kind": instrument.kind,
            "status": instrument.status,
            "period_start": instrument.period_start,
            "period_end": instrument.period_end,
            "elaboration_year": instrument.elaboration_year,
            "url": request.build_absolute_uri(instrument.get_absolute_url()),
            "sections": [
                {
                    "position": section.position,
                    "code": section.code,
                    "title": section.title,
                    "url": request.build_absolute_uri(
                        f"{instrument.get_absolute_url()}secciones/{section.position}/"
                    ),
                }
                for section in instrument.sections.all()
            ],
            "instances": [
                {
                    "title": instance.title,
                    "kind": instance.kind,
                    "starts_on": instance.starts_on.isoformat(),
                    "ends_on": instance.ends_on.isoformat(),
                    "open_to_all_residents": instance.open_to_all_residents,
                    "results_published_on": _day(instance.results_published_on),
                    "devolution_sent_on": _day(instance.devolution_sent_on),
                    "participants": instance.participants,
                }
                for instance in instrument.instances.all()
            ],
        }


def instrument_csv_rows(item: Item) -> list[list[Any]]:
    return [
        [
            item["slug"],
            item["name"],
            item["kind"],
            item["status"],
            item["period_start"] or "",
            item["period_end"] or "",
            item["elaboration_year"] or "",
            len(item["sections"]),
            len(item["instances"]),
            item["url"],
        ]
    ]


def outcome_items(request: HttpRequest) -> Iterator[Item]:
    """Public links in id order, a batch at a time (keyset), with their outcomes, sections
    and contributions' addresses (one query per kind per batch)."""
    slugs = {kind.content_type_id: kind.slug for kind in contribution_resolver().kinds()}
    links = (
        public_links()
        .select_related("outcome")
        .prefetch_related(
            Prefetch(
                "outcome__sections",
                queryset=InstrumentSection.objects.select_related("instrument"),
            )
        )
    )
    last = 0
    while True:
        batch = list(links.filter(pk__gt=last).order_by("pk")[:BATCH])
        if not batch:
            return
        last = batch[-1].pk
        loaded = contribution_resolver().load(
            [(link.content_type_id, link.object_id) for link in batch], public_only=False
        )
        for link in batch:
            contribution = loaded.get((link.content_type_id, link.object_id))
            if contribution is None:
                continue
            outcome = link.outcome
            yield {
                "outcome": outcome.pk,
                "contribution_kind": slugs.get(link.content_type_id, ""),
                "contribution_id": link.object_id,
                "contribution_url": request.build_absolute_uri(contribution.url),
                "decision": outcome.decision,
                "justification": outcome.justification,
                "progress": outcome.progress,
                "sections": [
                    f"{section.instrument.slug}:{section.position}"
                    for section in outcome.sections.all()
                ],
                "decided_at": timezone.localtime(outcome.decided_at).isoformat(),
                "updated_at": timezone.localtime(outcome.updated_at).isoformat(),
            }


def outcome_csv_rows(item: Item) -> list[list[Any]]:
    return [
        [
            item["outcome"],
            item["contribution_kind"],
            item["contribution_id"],
            item["contribution_url"],
            item["decision"],
            item["justification"],
            item["progress"],
            ";".join(item["sections"]),
            item["decided_at"],
            item["updated_at"],
        ]
    ]


def register() -> None:
    """Register planning's datasets (``PlanningConfig.ready``)."""
    register_dataset(
        Dataset(
            slug="instrumentos-de-planificacion",
            name="planning_instruments",
            title=_("Instrumentos de planificación"),
            description=_(
                "Cada instrumento de planificación regional: tipo, estado, período, año de "
                "elaboración, sus secciones u objetivos estratégicos y las instancias "
                "participativas que lo informaron, con sus fechas."
            ),
            columns=INSTRUMENT_COLUMNS,
            items=instrument_items,
            csv_rows=instrument_csv_rows,
            item_schema=schemas.Instrument,
        )
    )
    register_dataset(
        Dataset(
            slug="destinos-de-aportes",
            name="contribution_outcomes",
            title=_("Qué pasó con cada aporte"),
            description=_(
                "Cada aporte visible (propuesta o comentario) con una decisión en la "
                "planificación regional: la decisión, su justificación, el avance y las "
                "secciones de los instrumentos. Sin datos de las personas."
            ),
            columns=OUTCOME_COLUMNS,
            items=outcome_items,
            csv_rows=outcome_csv_rows,
            item_schema=schemas.ContributionOutcome,
        )
    )
