"""The public shape of planning's open data rows (``planning.datasets``): closed pydantic
models, so a field a row builder adds without describing it here fails instead of being
published."""

from typing import Literal

from pydantic import Field

from common.datasets import DateTime, ItemSchema, Slug, Url
from planning import models

Decision = Literal[tuple(models.Outcome.Decision.values)]  # type: ignore[valid-type]
InstrumentKind = Literal[tuple(models.PlanningInstrument.Kind.values)]  # type: ignore[valid-type]
InstrumentStatus = Literal[tuple(models.PlanningInstrument.Status.values)]  # type: ignore[valid-type]
InstanceKind = Literal[tuple(models.ParticipatoryInstance.Kind.values)]  # type: ignore[valid-type]


class Section(ItemSchema):
    position: int
    code: str
    title: str
    url: Url


class Instance(ItemSchema):
    title: str
    kind: InstanceKind
    starts_on: str = Field(description="Fecha ISO 8601.")
    ends_on: str = Field(description="Fecha ISO 8601.")
    open_to_all_residents: bool
    results_published_on: str | None
    devolution_sent_on: str | None
    participants: int | None = Field(description="Solo en instancias presenciales.")


class Instrument(ItemSchema):
    slug: Slug
    name: str
    kind: InstrumentKind
    status: InstrumentStatus
    period_start: int | None
    period_end: int | None
    elaboration_year: int | None
    url: Url
    sections: list[Section]
    instances: list[Instance]


class ContributionOutcome(ItemSchema):
    outcome: int = Field(description="Destino: los aportes agrupados comparten el número.")
    contribution_kind: str = Field(description="propuesta, comentario…")
    contribution_id: int
    contribution_url: Url
    decision: Decision
    justification: str
    progress: int = Field(ge=0, le=100)
    sections: list[str] = Field(description="instrumento:posición de cada sección.")
    decided_at: DateTime
    updated_at: DateTime
