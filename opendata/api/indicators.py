"""/api/v1/indicators/: the strategic indicator and the participation figures. Thin: the
items are ``planning.indicators.datasets``' (the same as the files')."""

from django.http import HttpRequest
from ninja import Router

from common.datasets import Item
from opendata.api.base import read
from planning.indicators.datasets import participation_items, strategic_items
from planning.indicators.schemas import ParticipationList, StrategicIndicatorList

router = Router()


@read(
    router,
    "/strategic/",
    name="api_indicators_strategic",
    operation_id="getStrategicIndicator",
    summary="Indicador estratégico por año",
    response=StrategicIndicatorList,
    described="El indicador de cada año con sus instrumentos y los criterios que cumplieron.",
)
def strategic_indicator(request: HttpRequest) -> Item:
    return {"items": strategic_items(request)}


@read(
    router,
    "/participation/",
    name="api_indicators_participation",
    operation_id="getParticipation",
    summary="Participación en el tiempo",
    response=ParticipationList,
    described="Personas (redondeadas), aportes y tasa de respuesta por año, mes y grupo.",
)
def participation(request: HttpRequest) -> Item:
    return {"items": list(participation_items(request))}
