"""The public shape of consultations' rows: one pydantic model per row that
``consultations.datasets`` builds, named as in the OpenAPI document.

The JSON API validates every response against these models and the document describes the
API and the JSON files with them, so a field a row builder adds without describing it here
(a person's name, say) fails instead of being published. Descriptions are part of the
document (Spanish, like the rest of it).
"""

from typing import Annotated, Literal

from pydantic import Field, create_model

from common.datasets import Count, DateTime, ItemSchema, Slug, Url
from consultations import models
from surveys import schemas as survey_schemas

PROPOSAL_STATES = tuple(value for value, _label in models.Proposal.State.choices)
ProposalState = Literal[PROPOSAL_STATES]  # type: ignore[valid-type]
AnswerState = Literal[tuple(state for state in PROPOSAL_STATES if state != "received")]  # type: ignore[valid-type]
PhaseKind = Literal[tuple(value for value, _label in models.Phase.Kind.choices)]  # type: ignore[valid-type]
ResidencyRule = Literal[tuple(value for value, _label in models.Consultation.Residency.choices)]  # type: ignore[valid-type]


class Comuna(ItemSchema):
    cut: Annotated[str, Field(pattern=r"^[0-9]{5}$", description="Código CUT.")]
    name: str


class Phase(ItemSchema):
    kind: PhaseKind
    starts_at: DateTime
    ends_at: DateTime | None
    closed_at: DateTime | None = Field(description="Si la fase se cerró antes de su término.")


class SurveySummary(ItemSchema):
    title: str
    opens_at: DateTime
    closes_at: DateTime
    results_public: bool


class ConsultationLinks(ItemSchema):
    proposals: Url
    results: Url


class Consultation(ItemSchema):
    id: int
    slug: Slug
    title: str
    summary: str
    url: Url = Field(description="Página pública de la consulta.")
    created_at: DateTime
    whole_region: bool
    comunas: list[Comuna] = Field(description="Vacía cuando la consulta abarca toda la región.")
    topics: list[str]
    residency_rule: ResidencyRule = Field(
        description=(
            "Quién puede participar: anyone (cualquier persona con cuenta), declared "
            "(quienes declaran en su perfil una comuna del territorio) o verified "
            "(residentes verificados con comuna en el territorio). El territorio son sus "
            "comunas, o la región cuando whole_region."
        )
    )
    requires_verified_resident: bool = Field(description="residency_rule es verified.")
    division: str | None
    phases: list[Phase]
    proposal_count: Count = Field(description="Propuestas visibles.")
    support_count: Count = Field(description="Apoyos a propuestas visibles.")
    survey: SurveySummary | None
    links: ConsultationLinks


class ProposalAnswer(ItemSchema):
    state: AnswerState
    text: str
    division: str
    estimated_cost_clp: Annotated[int, Field(ge=0)] | None
    execution_period: str
    published_at: DateTime | None


class Proposal(ItemSchema):
    id: int
    consultation: Slug = Field(description="`slug` de la consulta.")
    title: str
    text: str = Field(description="Texto de la propuesta, sin HTML.")
    state: ProposalState
    withdrawn: bool = Field(description="Retirada por quien la propuso.")
    support_count: Count
    comment_count: Count
    comuna: Comuna | None
    latitude: Annotated[float, Field(ge=-90, le=90)] | None
    longitude: Annotated[float, Field(ge=-180, le=180)] | None
    topics: list[str]
    created_at: DateTime
    url: Url
    answer: ProposalAnswer | None = Field(
        description="La respuesta oficial, solo cuando está publicada."
    )


# People as published (common.disclosure): a multiple of 5, never under 5. The schema
# says so, and the API validates every answer against it, so an exact count fails instead
# of being published.
RoundedPeople = Annotated[int, Field(ge=5, multiple_of=5)]


class Cell(ItemSchema):
    key: str = Field(description="Código (CUT, género, tramo); vacío: sin dato u otras.")
    label: str
    count: RoundedPeople | None = Field(
        description="Personas, redondeado al múltiplo de 5 más cercano; null cuando la cifra "
        "está suprimida."
    )
    suppressed: Literal["small", "reserved"] | None = Field(
        description="`small`: menos de 5 personas. `reserved`: oculta para que otra cifra "
        "pequeña no pueda deducirse restando del total."
    )


# One count per proposal state, every state present.
ProposalsByState = create_model(
    "ProposalsByState",
    __base__=ItemSchema,
    **dict.fromkeys(PROPOSAL_STATES, (Count, ...)),  # type: ignore[call-overload]
)


BREAKDOWN = (
    "Personas participantes por categoría; null hasta que cierra la participación (ver "
    "`final`): mientras se puede participar, dos lecturas antes y después de que alguien "
    "participe revelarían sus datos."
)


class Participation(ItemSchema):
    participants: RoundedPeople | None = Field(
        description="Personas distintas que propusieron, apoyaron o respondieron la encuesta, "
        "redondeado al múltiplo de 5 más cercano (por separado, no es la suma de un desglose); "
        "null si son menos de 5."
    )
    proposals: Count = Field(description="Propuestas visibles (exacto: cada una es pública).")
    supports: Count = Field(description="Apoyos a propuestas visibles (exacto).")
    survey_responses: Count = Field(description="Respuestas a la encuesta (exacto).")
    proposals_by_state: ProposalsByState  # type: ignore[valid-type]
    final: bool = Field(
        description="La participación cerró: los desgloses están publicados, calculados una "
        "vez, y ya no cambian."
    )
    participation_closes_at: DateTime | None = Field(
        description="Cuándo cierra (o cerró) la participación: el fin de las fases de "
        "propuestas y apoyos y de la encuesta. null si alguna no tiene fecha de término."
    )
    by_comuna: list[Cell] | None = Field(description=BREAKDOWN)
    by_gender: list[Cell] | None = Field(description=BREAKDOWN)
    by_age_range: list[Cell] | None = Field(description=BREAKDOWN)


class SurveyResults(ItemSchema):
    consultation: Slug
    title: str
    opens_at: DateTime
    closes_at: DateTime
    closed: bool
    computed_at: DateTime = Field(
        description="Cuándo se calcularon las cifras (cada minuto mientras está abierta)."
    )
    response_count: Count
    questions: list[survey_schemas.QuestionResult]
