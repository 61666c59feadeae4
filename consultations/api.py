"""The read-only JSON API under /api/v1/ (described by ``api_openapi.SPEC``).

Everything here is public and the same for everyone: the API ignores who is signed in
(an official's session sees no drafts here), so responses can be cached and shared, and
any site may read them (CORS ``*``). Rows come from ``opendata``, the same serialisers the
downloads use. Lists use cursor pagination: items in ascending id, ``next`` is the full
URL of the following page (or null), and the cursor inside it is opaque.
"""

import base64
import binascii
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from consultations.models import Consultation, Proposal
from consultations.opendata import (
    attach_topic_names,
    attach_totals,
    consultation_item,
    iso,
    participation_item,
    proposal_item,
    public_consultations,
    public_proposals,
    survey_item,
)
from consultations.results import participation
from consultations.survey_queries import tally_survey

DEFAULT_LIMIT = 50
MAX_LIMIT = 100
CURSOR_PREFIX = "v1:"


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def error_response(status: int, code: str, message: str) -> JsonResponse:
    return JsonResponse(
        {"error": code, "message": message},
        status=status,
        json_dumps_params={"ensure_ascii": False},
    )


def api_endpoint(view: Callable[..., dict[str, Any]]) -> Callable[..., JsonResponse]:
    """GET/HEAD only (405 otherwise); a JSON body for errors; public CORS and caching."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
        if request.method not in {"GET", "HEAD"}:
            response = error_response(
                405, "method_not_allowed", _("Esta API es de solo lectura: usa GET.")
            )
            response["Allow"] = "GET, HEAD"
        else:
            try:
                response = JsonResponse(
                    view(request, *args, **kwargs), json_dumps_params={"ensure_ascii": False}
                )
                response["Cache-Control"] = "public, max-age=60"
            except Http404:
                response = error_response(
                    404, "not_found", _("No existe, o no es pública, la página que pediste.")
                )
            except ApiError as error:
                response = error_response(error.status, error.code, error.message)
        response["Access-Control-Allow-Origin"] = "*"
        return response

    return wrapper


# --- Cursor pagination ------------------------------------------------------------------------


def encode_cursor(last_id: int) -> str:
    raw = f"{CURSOR_PREFIX}{last_id}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    invalid = ApiError(
        400,
        "invalid_cursor",
        _("El cursor no es válido: usa el enlace «next» de la respuesta anterior."),
    )
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise invalid from None
    if not raw.startswith(CURSOR_PREFIX) or not raw[len(CURSOR_PREFIX) :].isdigit():
        raise invalid
    return int(raw[len(CURSOR_PREFIX) :])


def parse_limit(value: str | None) -> int:
    if value is None:
        return DEFAULT_LIMIT
    if value.isdigit() and 1 <= int(value) <= MAX_LIMIT:
        return int(value)
    raise ApiError(
        400,
        "invalid_limit",
        _("«limit» debe ser un número entero entre 1 y %(max)d.") % {"max": MAX_LIMIT},
    )


def paginate(
    request: HttpRequest, queryset: QuerySet, serialize: Callable[[Model], dict[str, Any]]
) -> dict[str, Any]:
    """One page in ascending id after the cursor: one query for the rows (plus the
    queryset's prefetches), fetching one extra row to know whether a next page exists."""
    limit = parse_limit(request.GET.get("limit"))
    cursor = request.GET.get("cursor")
    if cursor:
        queryset = queryset.filter(pk__gt=decode_cursor(cursor))
    rows = attach_topic_names(list(queryset.order_by("pk")[: limit + 1]))
    next_url = None
    if len(rows) > limit:
        rows = rows[:limit]
        params = request.GET.copy()
        params["cursor"] = encode_cursor(rows[-1].pk)
        next_url = request.build_absolute_uri(f"{request.path}?{params.urlencode()}")
    return {"items": [serialize(row) for row in rows], "next": next_url}


# --- Fetches -------------------------------------------------------------------------------------


def public_consultation(slug: str) -> Consultation:
    """A published consultation (404 otherwise), with what its row shows."""
    try:
        return public_consultations().get(slug=slug)
    except Consultation.DoesNotExist:
        raise Http404 from None


PROPOSAL_STATES = {value for value, _label in Proposal.State.choices}


# --- Endpoints -------------------------------------------------------------------------------


@api_endpoint
def api_root(request: HttpRequest) -> dict[str, Any]:
    return {
        "consultations": request.build_absolute_uri(reverse("data:api_consultations")),
        "openapi": request.build_absolute_uri(reverse("data:api_openapi")),
        "datasets": request.build_absolute_uri(reverse("data:index")),
    }


@api_endpoint
def api_consultations(request: HttpRequest) -> dict[str, Any]:
    page = paginate(request, public_consultations(), lambda row: row)
    page["items"] = [consultation_item(request, row) for row in attach_totals(page["items"])]
    return page


@api_endpoint
def api_consultation(request: HttpRequest, slug: str) -> dict[str, Any]:
    consultation = attach_totals(attach_topic_names([public_consultation(slug)]))[0]
    return consultation_item(request, consultation)


@api_endpoint
def api_proposals(request: HttpRequest, slug: str) -> dict[str, Any]:
    consultation = public_consultation(slug)
    proposals = public_proposals(consultation)
    state = request.GET.get("state")
    if state is not None:
        if state not in PROPOSAL_STATES:
            raise ApiError(
                400,
                "invalid_state",
                _("«state» debe ser uno de: %(states)s.")
                % {"states": ", ".join(sorted(PROPOSAL_STATES))},
            )
        proposals = proposals.filter(state=state)
    answered = request.GET.get("answered")
    if answered is not None:
        if answered not in {"true", "false"}:
            raise ApiError(400, "invalid_answered", _("«answered» debe ser «true» o «false»."))
        proposals = (
            proposals.filter(answer__is_published=True)
            if answered == "true"
            else proposals.exclude(answer__is_published=True)
        )
    return paginate(request, proposals, lambda row: proposal_item(request, row))


@api_endpoint
def api_proposal(request: HttpRequest, slug: str, pk: int) -> dict[str, Any]:
    consultation = public_consultation(slug)
    try:
        proposal = public_proposals(consultation).get(pk=pk)
    except Proposal.DoesNotExist:
        raise Http404 from None
    return proposal_item(request, attach_topic_names([proposal])[0])


@api_endpoint
def api_results(request: HttpRequest, slug: str) -> dict[str, Any]:
    # Only the consultation row and its survey: the figures come from ``participation``.
    try:
        consultation = (
            Consultation.objects.filter(status=Consultation.Status.PUBLISHED)
            .select_related("survey")
            .get(slug=slug)
        )
    except Consultation.DoesNotExist:
        raise Http404 from None
    survey = getattr(consultation, "survey", None)
    public_survey = survey is not None and survey.results_are_public()
    answered = reverse("data:api_proposals", args=[slug]) + "?answered=true"
    figures = participation(consultation)
    return {
        "consultation": consultation.slug,
        "generated_at": iso(figures.computed_at),
        "participation": participation_item(figures),
        "answered_proposals": request.build_absolute_uri(answered),
        "survey": survey_item(consultation, tally_survey(survey)) if public_survey else None,
        "survey_results_public_at": None
        if survey is None or public_survey
        else iso(survey.closes_at),
    }


@api_endpoint
def api_openapi(request: HttpRequest) -> dict[str, Any]:
    from consultations.api_openapi import SPEC

    return SPEC
