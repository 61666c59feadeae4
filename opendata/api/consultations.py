"""/api/v1/consultations/: published consultations, their visible proposals and their
results. Thin: the reads and the rows are ``consultations.datasets``' (the same as the
files'), the figures ``consultations.results``'; the API ignores who is signed in (an
official's session sees no drafts here)."""

from typing import Annotated, Literal

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Path, Query, Router

from common.datasets import Item
from consultations.datasets import (
    consultation_rows,
    iso,
    participation_item,
    proposal_rows,
    public_consultations,
    public_proposals,
    published_consultations,
    survey_item,
)
from consultations.results import participation
from consultations.schemas import PROPOSAL_STATES, ProposalState
from consultations.schemas import Consultation as ConsultationRow
from consultations.schemas import Proposal as ProposalRow
from opendata.api.base import explain_parameter, read
from opendata.api.pagination import PageParameters, paginate
from opendata.api.schemas import ConsultationPage, ProposalPage, Results

router = Router()

SlugPath = Annotated[
    str,
    Path(
        description="Identificador de la consulta (como en su página: /consultas/{slug}/).",
        pattern=r"^[-a-zA-Z0-9_]+$",
    ),
]

explain_parameter(
    "state",
    "invalid_state",
    lambda: (
        _("«state» debe ser uno de: %(states)s.") % {"states": ", ".join(sorted(PROPOSAL_STATES))}
    ),
)
explain_parameter(
    "answered", "invalid_answered", lambda: _("«answered» debe ser «true» o «false».")
)


@read(
    router,
    "/",
    name="api_consultations",
    operation_id="listConsultations",
    summary="Consultas publicadas",
    response=ConsultationPage,
    described="Una página de consultas.",
    errors=(400, 404, 405),
)
def list_consultations(request: HttpRequest, page: Query[PageParameters]) -> Item:
    return paginate(
        request, public_consultations(), page, lambda objects: consultation_rows(request, objects)
    )


@read(
    router,
    "/{slug:slug}/",
    name="api_consultation",
    operation_id="getConsultation",
    summary="Una consulta publicada",
    response=ConsultationRow,
    described="La consulta.",
)
def get_consultation(request: HttpRequest, slug: SlugPath) -> Item:
    consultation = get_object_or_404(public_consultations(), slug=slug)
    return consultation_rows(request, [consultation])[0]


@read(
    router,
    "/{slug:slug}/proposals/",
    name="api_proposals",
    operation_id="listProposals",
    summary="Propuestas visibles de una consulta",
    response=ProposalPage,
    described="Una página de propuestas.",
    errors=(400, 404, 405),
)
def list_proposals(
    request: HttpRequest,
    slug: SlugPath,
    # The filters before the page: when both are wrong, the filter's error is the one told.
    state: Query[ProposalState | None] = None,
    answered: Annotated[
        Literal["true", "false"] | None,
        Query(description="`true`: solo propuestas con respuesta oficial publicada."),
    ] = None,
    *,
    page: Query[PageParameters],
) -> Item:
    proposals = public_proposals(get_object_or_404(published_consultations(), slug=slug))
    if state is not None:
        proposals = proposals.filter(state=state)
    if answered == "true":
        proposals = proposals.filter(answer__is_published=True)
    elif answered == "false":
        proposals = proposals.exclude(answer__is_published=True)
    return paginate(request, proposals, page, lambda objects: proposal_rows(request, objects))


@read(
    router,
    "/{slug:slug}/proposals/{int:id}/",
    name="api_proposal",
    operation_id="getProposal",
    summary="Una propuesta visible",
    response=ProposalRow,
    described="La propuesta.",
)
def get_proposal(request: HttpRequest, slug: SlugPath, id: int) -> Item:
    consultation = get_object_or_404(published_consultations(), slug=slug)
    proposal = get_object_or_404(public_proposals(consultation), pk=id)
    return proposal_rows(request, [proposal])[0]


@read(
    router,
    "/{slug:slug}/results/",
    name="api_results",
    operation_id="getResults",
    summary="Resultados de una consulta",
    response=Results,
    described="Participación y resultados de la encuesta.",
)
def get_results(request: HttpRequest, slug: SlugPath) -> Item:
    # The consultation and its survey only: the figures come from ``participation``.
    consultation = get_object_or_404(
        published_consultations().prefetch_related("surveys"), slug=slug
    )
    survey = consultation.survey
    public_survey = survey is not None and survey.results_are_public()
    figures = participation(consultation)
    answered = reverse("data:api_proposals", args=[slug]) + "?answered=true"
    return {
        "consultation": consultation.slug,
        "generated_at": iso(figures.computed_at),
        "participation": participation_item(figures),
        "answered_proposals": request.build_absolute_uri(answered),
        "survey": survey_item(consultation, survey) if public_survey else None,
        "survey_results_public_at": None
        if survey is None or public_survey
        else iso(survey.closes_at),
    }
