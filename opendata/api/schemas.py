"""The API's own shapes: errors, the root, pages of rows and the results of a
consultation. Rows themselves are described where they are built
(``consultations.schemas``)."""

from pydantic import Field

from common.datasets import DateTime, ItemSchema, Slug, Url
from consultations import schemas as rows


class Error(ItemSchema):
    error: str = Field(
        description="Código estable del error, p. ej. `not_found`, `invalid_cursor`, "
        "`invalid_limit`, `method_not_allowed`."
    )
    message: str = Field(description="Explicación en español.")


class ApiRoot(ItemSchema):
    consultations: Url
    openapi: Url
    datasets: Url


NEXT = "Dirección completa de la página siguiente (null en la última)."


class ConsultationPage(ItemSchema):
    items: list[rows.Consultation]
    next: Url | None = Field(description=NEXT)


class ProposalPage(ItemSchema):
    items: list[rows.Proposal]
    next: Url | None = Field(description=NEXT)


class Results(ItemSchema):
    consultation: Slug
    generated_at: DateTime = Field(
        description="Cuándo se calcularon las cifras de participación (se recalculan cada "
        "pocos minutos)."
    )
    participation: rows.Participation
    answered_proposals: Url = Field(description="Las propuestas con respuesta oficial publicada.")
    survey: rows.SurveyResults | None = Field(
        description="null si no hay encuesta o sus resultados aún no son públicos."
    )
    survey_results_public_at: DateTime | None = Field(
        description="Cuándo se publicarán los resultados de la encuesta, si aún no son públicos."
    )
