"""The indicators' open data: the strategic indicator per year (with the instruments
behind it and the criteria each met) and the participation figures as published (the
same rules as the page: ``planning.indicators.queries``). Registered in /datos/ from
``planning.indicators.register()``; the API (``/api/v1/indicators/``) serves the same
items."""

from collections.abc import Iterator, Sequence
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.datasets import Dataset, Item, register_dataset
from common.disclosure import RESERVED, SMALL
from planning.indicators import schemas
from planning.indicators.queries import (
    StrategicIndicator,
    YearFigures,
    breakdowns,
    participation_years,
    strategic_indicators,
)

STRATEGIC_COLUMNS = (
    "anio",
    "indicador_porcentaje",
    "numerador",
    "denominador",
    "instrumento",
    "instrumento_nombre",
    "url",
    "instancias",
    "abierta_a_toda_persona_residente",
    "resultados_publicados",
    "devolucion_enviada",
    "participacion_publicada_por_genero",
    "cuenta_en_el_indicador",
)
PARTICIPATION_COLUMNS = (
    "anio",
    "mes",
    "definitivo",
    "calculado_el",
    "dimension",
    "valor",
    "etiqueta",
    "personas",
    "nota_personas",
    "aportes",
    "aportes_con_respuesta",
    "tasa_de_respuesta",
)
NOTES = {SMALL: "menos de 5", RESERVED: "reservado", "": ""}


def strategic_item(request: HttpRequest, indicator: StrategicIndicator) -> Item:
    """A ``schemas.StrategicIndicatorYear``."""
    instruments = []
    for row in indicator.instruments:
        criteria = row.criteria
        instruments.append(
            {
                "slug": row.instrument.slug,
                "name": row.instrument.name,
                "url": request.build_absolute_uri(row.instrument.get_absolute_url()),
                "instances": len(row.instances),
                "open_to_all_residents": criteria.open_to_all,
                "results_published": criteria.results_published,
                "devolution_sent": criteria.devolution_sent,
                "gender_published": criteria.gender_published,
                "counts": row.qualifies,
            }
        )
    return {
        "year": indicator.year,
        "denominator": indicator.denominator,
        "numerator": indicator.numerator,
        "percent": indicator.percent,
        "instruments": instruments,
    }


def strategic_items(request: HttpRequest) -> list[Item]:
    return [strategic_item(request, item) for item in strategic_indicators().values()]


def strategic_csv_rows(item: Item) -> Iterator[Sequence[Any]]:
    head = [item["year"], item["percent"], item["numerator"], item["denominator"]]
    if not item["instruments"]:
        yield [*head, *[""] * (len(STRATEGIC_COLUMNS) - len(head))]
    for row in item["instruments"]:
        yield [
            *head,
            row["slug"],
            row["name"],
            row["url"],
            row["instances"],
            row["open_to_all_residents"],
            row["results_published"],
            row["devolution_sent"],
            row["gender_published"],
            row["counts"],
        ]


def _year_items(year: YearFigures) -> Iterator[Item]:
    base = {
        "year": year.year,
        "final": year.final,
        "computed_at": timezone.localtime(year.computed_at).isoformat(),
    }
    periods = [(None, year.totals)] + [(month.month, month.totals) for month in year.months]
    for month, totals in periods:
        yield {
            **base,
            "month": month,
            "dimension": "total",
            "key": "",
            "label": str(_("Total")),
            "participants": totals.participants.count,
            "participants_note": NOTES[totals.participants.withheld],
            "contributions": totals.contributions,
            "answered": totals.answered,
            "response_rate": totals.response_rate,
        }
    for breakdown in breakdowns(year, grouped=False):
        for row in breakdown.rows:
            yield {
                **base,
                "month": None,
                "dimension": breakdown.key,
                "key": row.key,
                "label": row.label,
                "participants": row.participants,
                "participants_note": NOTES[row.withheld],
                "contributions": row.contributions,
                "answered": None,
                "response_rate": row.response_rate,
            }


def participation_items(request: HttpRequest) -> Iterator[Item]:
    """Every computed year: its totals and months, then (closed years) its breakdowns,
    one row per category (comunas not grouped). One query, plus one per closed year."""
    for year in participation_years():
        yield from _year_items(year)


def participation_csv_rows(item: Item) -> Iterator[Sequence[Any]]:
    yield [
        item["year"],
        item["month"],
        item["final"],
        item["computed_at"],
        item["dimension"],
        item["key"],
        item["label"],
        item["participants"],
        item["participants_note"],
        item["contributions"],
        item["answered"],
        item["response_rate"],
    ]


def register() -> None:
    register_dataset(
        Dataset(
            slug="indicador-estrategico",
            name="strategic_indicator",
            title=gettext_lazy("Indicador estratégico de participación"),
            description=gettext_lazy(
                "Por año: porcentaje de los instrumentos de planificación elaborados en el "
                "año que tuvieron instancias participativas amplias y democráticas, con cada "
                "instrumento y los criterios que cumplió."
            ),
            columns=STRATEGIC_COLUMNS,
            items=strategic_items,
            csv_rows=strategic_csv_rows,
            item_schema=schemas.StrategicIndicatorYear,
        )
    )
    register_dataset(
        Dataset(
            slug="participacion",
            name="participation",
            title=gettext_lazy("Participación en el tiempo"),
            description=gettext_lazy(
                "Personas participantes, aportes y tasa de respuesta por año y mes, y para "
                "los años terminados por comuna, género y tramo de edad. Personas "
                "redondeadas a múltiplos de 5; bajo 5 se suprimen."
            ),
            columns=PARTICIPATION_COLUMNS,
            items=participation_items,
            csv_rows=participation_csv_rows,
            item_schema=schemas.ParticipationFigure,
        )
    )
