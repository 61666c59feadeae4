"""The public shape of the indicators' rows (``planning.indicators.datasets``), closed:
the files, the OpenAPI document and the API validate against them."""

from typing import Annotated, Literal

from pydantic import Field

from common.datasets import Count, DateTime, ItemSchema, Slug, Url

Percent = Annotated[float, Field(ge=0, le=100)]


class InstrumentCriteria(ItemSchema):
    slug: Slug
    name: str
    url: Url = Field(description="Página pública del instrumento.")
    instances: Count = Field(description="Instancias participativas registradas.")
    open_to_all_residents: bool = Field(
        description="Alguna instancia fue abierta a toda persona residente del territorio."
    )
    results_published: bool = Field(description="Alguna instancia publicó sus resultados.")
    devolution_sent: bool = Field(description="Alguna instancia envió su devolución.")
    gender_published: bool = Field(
        description="Alguna instancia publicó su participación por género (enfoque de género)."
    )
    counts: bool = Field(
        description="Una misma instancia cumplió los cuatro criterios: entra en el numerador."
    )


class StrategicIndicatorYear(ItemSchema):
    year: Annotated[int, Field(ge=1900, le=2200)]
    denominator: Count = Field(description="Instrumentos elaborados en el año.")
    numerator: Count = Field(
        description="Instrumentos con al menos una instancia amplia y democrática."
    )
    percent: Percent | None = Field(description="numerator / denominator, en porcentaje.")
    instruments: list[InstrumentCriteria]


class ParticipationFigure(ItemSchema):
    year: Annotated[int, Field(ge=1900, le=2200)]
    month: Annotated[int, Field(ge=1, le=12)] | None = Field(description="Vacío: el año entero.")
    final: bool = Field(
        description="El año había terminado al calcularse: cifras definitivas, publicadas una vez."
    )
    computed_at: DateTime
    dimension: Literal["total", "comuna", "genero", "edad"]
    key: str = Field(
        description=(
            "Código CUT de la comuna, género o tramo de edad; vacío para el total o sin dato "
            "(en comuna: otra región o sin comuna)."
        )
    )
    label: str
    participants: Count | None = Field(
        description="Personas distintas, redondeadas a múltiplo de 5; vacío si se suprime."
    )
    participants_note: Literal["", "menos de 5", "reservado"]
    contributions: Count | None = Field(
        description=(
            "Propuestas y comentarios (exactos en los totales; redondeados en los desgloses)."
        )
    )
    answered: Count | None = Field(
        description="Aportes con respuesta oficial o destino (solo en los totales)."
    )
    response_rate: Percent | None = Field(
        description="Porcentaje de aportes con respuesta oficial publicada o destino."
    )


class StrategicIndicatorList(ItemSchema):
    items: list[StrategicIndicatorYear] = Field(description="Un elemento por año, del más antiguo.")


class ParticipationList(ItemSchema):
    items: list[ParticipationFigure] = Field(
        description="Por año: el total, los meses y, en los años terminados, los desgloses."
    )
