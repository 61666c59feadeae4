"""Consultation, proposal, support, answer and results pages (thin: access, form, action,
redirect). The survey pages under a consultation are the ``surveys`` app's."""

import secrets
from dataclasses import dataclass
from statistics import median
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.decorators import action_login_required
from accounts.geo import point_label
from accounts.roles import Role, can_act_as, role_required
from accounts.territory import comuna_name, territory_data
from common.csv import csv_response
from common.numbers import page_number, parse_decimal
from common.pagecache import cache_for_anonymous, fill_slots, render_slots, shared_fragment
from consultations import actions, queries, rules
from consultations.access import (
    access_consultation,
    access_consultation_as_official,
    access_consultation_for_editing,
    access_consultation_row,
    access_proposal,
    access_proposal_as_official,
)
from consultations.forms import (
    AnswerForm,
    ConsultationFilterForm,
    ConsultationForm,
    ProposalFilterForm,
    ProposalForm,
)
from consultations.models import Consultation, Phase, Proposal, ProposalAnswer
from consultations.results import answered_proposals_page, participation, summary_rows
from consultations.rules import can_create_consultations, can_edit_consultation, is_official_for
from deliberation.blocks import discussion_context
from deliberation.markup import preview_of, typed_text
from surveys.access import may_see_survey_results
from surveys.pages import owner_context, with_text_answer_urls
from surveys.results import tally_survey

CONSULTATIONS_PER_PAGE = 12
PROPOSALS_PER_PAGE = 20
# The map shows at most this many located proposals (the newest matching the filters);
# the list under it pages through all of them.
MAP_MARKERS = 1000
SEED_SESSION_KEY = "consultations_seed"


def _query_string(request: HttpRequest) -> str:
    """The current filters, for pagination links (without the page number)."""
    return urlencode([(k, v) for k, v in request.GET.items() if k != "pagina" and v])


# "Al azar" starts each visitor at one of this many evenly spread points of the shared
# random order: different orders for different visitors, and pages that can be cached
# and shared (per starting point) instead of one per visitor.
SEED_POINTS = 64


def _visitor_seed(request: HttpRequest) -> int:
    """A random seed kept for the visit, so "al azar" keeps its order between pages."""
    seed = request.session.get(SEED_SESSION_KEY)
    if not isinstance(seed, int):
        seed = secrets.randbelow(SEED_POINTS) * (2**31 // SEED_POINTS)
        request.session[SEED_SESSION_KEY] = seed
    return seed


def _seed_vary(request: HttpRequest) -> str | None:
    """Pages in the "al azar" order are cached per seed; without one yet, the page makes it."""
    if request.GET.get("orden") != "aleatorio":
        return ""
    seed = request.session.get(SEED_SESSION_KEY)
    return f"seed={seed}" if isinstance(seed, int) else None


def _discussion(request: HttpRequest, owner: Any) -> dict[str, Any]:
    """The deliberation engine's discussion block (issue 3, item 8): the page includes
    "deliberation/discussion.html" through consultations/includes/discussion.html."""
    return discussion_context(request, owner)


def _back_to(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def _phase_context(consultation: Consultation, user: Any) -> dict[str, Any]:
    return {
        "possible_now": rules.possible_now(consultation),
        "next_phase": rules.next_phase(consultation),
        "finished_at": rules.finished_at(consultation),
        "participation_refusal": rules.participation_refusal(user, consultation),
    }


def _consultation_page(request: HttpRequest, slug: str, **_kwargs: Any) -> str:
    """Where the consultation's forms are (for the login's ``next``: no query)."""
    return reverse("consultations:detail", args=[slug])


def _proposal_page(request: HttpRequest, slug: str, pk: int) -> str:
    """Where a proposal's forms are (for the login's ``next``: no query)."""
    return reverse("consultations:proposal", args=[slug, pk])


# --- Consultations ---------------------------------------------------------------------


@require_safe
@cache_for_anonymous
def list_consultations(request: HttpRequest) -> HttpResponse:
    topics = list(queries.consultation_topics())
    form = ConsultationFilterForm(request.GET or None, topics=topics)
    filters = form.filters() if request.GET else {}
    consultations = queries.consultation_list(request.user, **filters)
    page = Paginator(consultations, CONSULTATIONS_PER_PAGE).get_page(
        page_number(request.GET.get("pagina"))
    )
    rows = [
        {
            "consultation": consultation,
            "possible_now": rules.possible_now(consultation),
            "next_phase": rules.next_phase(consultation),
            "finished_at": rules.finished_at(consultation),
        }
        for consultation in page
    ]
    return render(
        request,
        "consultations/list_consultations.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "filtered": any(filters.values()),
            "query_string": _query_string(request),
            "can_create": can_create_consultations(request.user),
        },
    )


@require_safe
@cache_for_anonymous
def consultation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = access_consultation(request.user, slug)
    official = is_official_for(request.user, consultation)
    can_edit = can_edit_consultation(request.user, consultation)
    context = {
        "consultation": consultation,
        "steps": queries.phase_steps(consultation),
        "stats": queries.consultation_stats(consultation),
        "proposing_refusal": rules.proposing_refusal(request.user, consultation),
        "has_proposals_phase": consultation.phase(Phase.Kind.PROPOSALS) is not None,
        "is_official": official,
        "can_edit": can_edit,
        "publishing_refusal": rules.publishing_refusal(consultation) if can_edit else None,
        "draft_answers": queries.draft_answer_count(consultation) if official else 0,
        "who_can_participate": rules.who_can_participate(consultation),
        "residency_refusal": rules.residency_refusal(request.user, consultation)
        if request.user.is_authenticated
        else None,
        "residency_admitted": rules.residency_admitted(request.user, consultation),
        "now": timezone.now(),
        **_phase_context(consultation, request.user),
        **_discussion(request, consultation),
    }
    return render(request, "consultations/consultation_detail.html", context)


def _consultation_form_response(
    request: HttpRequest,
    form: ConsultationForm,
    *,
    consultation: Consultation | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "consultations/consultation_form.html",
        # "Vista previa" pressed without JavaScript: the form again with the preview.
        {"form": form, "consultation": consultation, "preview": preview_of(request)},
        status=status,
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.OFFICIAL, Role.ADMINISTRATOR)
def create_consultation(request: HttpRequest) -> HttpResponse:
    form = ConsultationForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and preview_of(request) is None:
        if form.is_valid():
            try:
                consultation = actions.check_create_consultation(
                    request.user, fields=form.action_input()
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _(
                        "Creaste la consulta como borrador: solo la ve el equipo del Gobierno "
                        "Regional. Revísala y publícala cuando esté lista."
                    ),
                )
                return redirect(consultation)
        return _consultation_form_response(request, form, status=400)
    return _consultation_form_response(request, form)


@require_http_methods(["GET", "POST"])
@role_required(Role.OFFICIAL, Role.ADMINISTRATOR)
def edit_consultation(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = access_consultation_for_editing(request.user, slug)
    form = ConsultationForm(
        request.POST or None, request.FILES or None, user=request.user, consultation=consultation
    )
    if request.method == "POST" and preview_of(request) is None:
        if form.is_valid():
            try:
                saved = actions.check_edit_consultation(
                    request.user, consultation=consultation, fields=form.action_input()
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Guardaste los cambios de la consulta."))
                return redirect(saved)
        return _consultation_form_response(request, form, consultation=consultation, status=400)
    return _consultation_form_response(request, form, consultation=consultation)


@require_POST
@role_required(Role.OFFICIAL, Role.ADMINISTRATOR, page=_consultation_page)
def publish_consultation(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = access_consultation_for_editing(request.user, slug)
    try:
        actions.check_publish_consultation(request.user, consultation=consultation)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request, _("Publicaste la consulta: desde ahora cualquier persona puede verla.")
        )
    return redirect(consultation)


@require_POST
@role_required(Role.OFFICIAL, page=_consultation_page)
def close_phase(request: HttpRequest, slug: str, kind: str) -> HttpResponse:
    consultation = access_consultation_as_official(request.user, slug)
    phase = consultation.phase(kind)
    if phase is None:
        raise Http404
    try:
        actions.check_close_phase(request.user, phase=phase)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request,
            _("Cerraste la fase de %(phase)s. Ya no está en curso.")
            % {"phase": phase.get_kind_display().lower()},
        )
    return redirect(consultation)


@require_POST
@role_required(Role.OFFICIAL, page=_consultation_page)
def publish_answers(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = access_consultation_as_official(request.user, slug)
    try:
        count = actions.check_publish_answers(request.user, consultation=consultation)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request,
            ngettext(
                "Publicaste %(count)d respuesta. Avisamos a quienes propusieron y a quienes "
                "apoyaron.",
                "Publicaste %(count)d respuestas. Avisamos a quienes propusieron y a quienes "
                "apoyaron.",
                count,
            )
            % {"count": count},
        )
    return redirect(consultation)


# --- Proposals -------------------------------------------------------------------------


def _proposal_filters(
    request: HttpRequest, consultation: Consultation, *, located_only: bool = False
) -> dict[str, Any]:
    """The list's filters, from the query, and the (lazy) proposals they select."""
    form = ProposalFilterForm(request.GET or None, consultation=consultation)
    filters = form.filters() if request.GET else {"sort": "recientes"}
    if located_only:
        filters["sort"] = "recientes"
    return {
        "consultation": consultation,
        "form": form,
        "filters": filters,
        "located_only": located_only,
        "seed": _visitor_seed(request) if filters["sort"] == "aleatorio" else None,
        "proposals_qs": queries.proposal_list(consultation, located_only=located_only, **filters),
        "query_string": _query_string(request),
        "filtered": any(v for k, v in filters.items() if k != "sort"),
    }


def _proposals_page(request: HttpRequest, context: dict[str, Any]) -> Any:
    return queries.proposal_page(
        context["proposals_qs"],
        context["consultation"],
        page_number(request.GET.get("pagina")),
        PROPOSALS_PER_PAGE,
        seed=context["seed"],
        filters={**context["filters"], "located_only": context["located_only"]},
    )


def _proposal_list_context(
    request: HttpRequest, consultation: Consultation, *, located_only: bool = False
) -> dict[str, Any]:
    context = _proposal_filters(request, consultation, located_only=located_only)
    context["page"] = _proposals_page(request, context)
    return context


@dataclass(frozen=True)
class SharedResults:
    """The proposals list as every viewer sees it (common.pagecache): the filters form,
    the page's proposals with what their support buttons need, and the results' HTML
    with a slot (``<!--slot:<id>-->``) for each button."""

    filters_html: str
    filtered: bool
    cards: list[dict[str, Any]]
    html: str


def _shared_results(request: HttpRequest, consultation: Consultation) -> SharedResults:
    context = _proposal_filters(request, consultation)
    page = _proposals_page(request, context)
    html = render_to_string(
        "consultations/includes/proposal_results.html", {**context, "page": page}
    )
    cards = [
        {
            "pk": proposal.pk,
            "title": proposal.title,
            "url": proposal.get_absolute_url(),
            "has_published_answer": proposal.has_published_answer,
            "moderation_status": proposal.moderation_status,
        }
        for proposal in page
    ]
    return SharedResults(
        filters_html=render_to_string(
            "consultations/includes/proposal_filters.html",
            {
                **context,
                "filters_title": _("Buscar, filtrar y ordenar propuestas"),
                "clear_url": reverse("consultations:list_proposals", args=[consultation.slug]),
                "with_sort": True,
            },
        ),
        filtered=context["filtered"],
        cards=cards,
        html=html,
    )


def _with_support_buttons(
    request: HttpRequest, results: SharedResults, context: dict[str, Any]
) -> str:
    """The results' HTML with each card's support button, rendered for this viewer."""
    buttons = render_slots(
        "consultations/includes/card_supports.html",
        [card["pk"] for card in results.cards],
        {
            **context,
            "proposals": results.cards,
            "next": request.get_full_path(),
            "page_csrf_token": get_token(request),
        },
        request=request,
    )
    return fill_slots(results.html, buttons)


def _support_context(
    request: HttpRequest, consultation: Consultation, proposal_ids: list[int]
) -> dict[str, Any]:
    refusal = rules.supports_refusal(request.user, consultation)
    judged = None if refusal else rules.judging_refusal(request.user, consultation)
    limit = consultation.support_limit
    supported = queries.supported_ids(request.user, consultation, proposal_ids)
    left = used_up = None
    if limit and not refusal and not judged:
        used = queries.supports_used(request.user, consultation)
        left = max(limit - used, 0)
        used_up = rules.supports_used_up(consultation, used)
    return {
        "supports_refusal": refusal,
        "supported_ids": supported,
        "support_limit": limit,
        "supports_left": left,
        # Shown instead of "Apoyar" (the support itself would be refused).
        "supports_used_up": used_up,
        "supports_judged": judged,
        "answered_closes_supports": rules.ANSWERED_CLOSES_SUPPORTS,
    }


@require_safe
@cache_for_anonymous(vary=_seed_vary)
def list_proposals(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = access_consultation(request.user, slug)
    seed = _visitor_seed(request) if request.GET.get("orden") == "aleatorio" else None
    results = shared_fragment(
        "consultations.proposal_list",
        (consultation.pk, sorted(request.GET.lists()), seed),
        lambda: _shared_results(request, consultation),
    )
    ids = [card["pk"] for card in results.cards]
    context = {
        "consultation": consultation,
        "query_string": _query_string(request),
        "filters_html": results.filters_html,
        "filtered": results.filtered,
        "listed": bool(ids),
        "proposing_refusal": rules.proposing_refusal(request.user, consultation),
        **_support_context(request, consultation, ids),
        **_phase_context(consultation, request.user),
    }
    context["results_html"] = _with_support_buttons(request, results, context)
    return render(request, "consultations/list_proposals.html", context)


@require_safe
@cache_for_anonymous
def proposals_map(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = access_consultation(request.user, slug)
    context = _proposal_list_context(request, consultation, located_only=True)
    markers = [
        {
            "id": pk,
            "title": title,
            "lat": latitude,
            "lon": longitude,
            "supports": supports,
            "url": Proposal(pk=pk, consultation=consultation).get_absolute_url(),
            # Where it is, in words (its comuna, else its point's): "Quilpué (Valparaíso)".
            "place": Proposal(comuna_id=cut, latitude=latitude, longitude=longitude).place_label,
        }
        for pk, title, latitude, longitude, supports, cut in context["proposals_qs"].values_list(
            "pk", "title", "latitude", "longitude", "support_count", "comuna_id"
        )[:MAP_MARKERS]
    ]
    context.update(
        {
            "markers": markers,
            "map_limit": MAP_MARKERS,
            "tile_url": settings.CABILDO_MAP_TILE_URL,
            "map_center": _map_center(consultation),
        }
    )
    return render(request, "consultations/proposals_map.html", context)


@require_safe
def place_of_point(request: HttpRequest, slug: str) -> HttpResponse:
    """Where a point of the proposal form lies, for its script: ``?lat=&lon=`` (and the
    chosen ``comuna``) → ``{"place": "Quilpué (Valparaíso)", "refusal": "..."}``, the
    sentence the form would answer (``rules.placement``). Reads only; 400 on a malformed
    point. The form works without it."""
    consultation = access_consultation(request.user, slug)
    latitude = parse_decimal(request.GET.get("lat"))
    longitude = parse_decimal(request.GET.get("lon"))
    if latitude is None or longitude is None:
        return JsonResponse(
            {"error": _("Escribe la latitud y la longitud como números, por ejemplo -33.0472.")},
            status=400,
        )
    comuna = request.GET.get("comuna") or None
    if comuna is not None and not comuna_name(comuna):
        comuna = None
    place = rules.placement(consultation, comuna, float(latitude), float(longitude))
    return JsonResponse(
        {
            "place": point_label(float(latitude), float(longitude)),
            "refusal": str(place.refusal) if place.refusal else "",
        }
    )


def _map_center(consultation: Consultation) -> dict[str, float]:
    """Where a map opens: the median point of the consultation's comunas (the region's
    when it covers the whole region; the median keeps islands from pulling it to sea)."""
    comunas = list(consultation.comunas.all())
    if consultation.whole_region or not comunas:
        own = settings.CABILDO_REGION_CODE
        points = [
            (c["lat"], c["lon"]) for c in territory_data()["comunas"] if c["region_cut"] == own
        ]
    else:
        points = [(c.latitude, c.longitude) for c in comunas]
    if not points:
        return {"lat": -33.05, "lon": -71.6, "zoom": 9}
    return {
        "lat": round(median(p[0] for p in points), 5),
        "lon": round(median(p[1] for p in points), 5),
        "zoom": 9 if len(points) > 1 else 12,
    }


def _proposal_form_response(
    request: HttpRequest,
    consultation: Consultation,
    form: ProposalForm,
    *,
    proposal: Proposal | None = None,
    refusal: Any = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "consultations/proposal_form.html",
        {
            "consultation": consultation,
            "form": form,
            "proposal": proposal,
            "refusal": refusal,
            "tile_url": settings.CABILDO_MAP_TILE_URL,
            "map_center": _map_center(consultation),
            # "Vista previa" pressed without JavaScript: the form again with the preview.
            "preview": preview_of(request),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@login_required
def create_proposal(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = access_consultation(request.user, slug)
    form = ProposalForm(request.POST or None, consultation=consultation)
    if request.method == "POST" and preview_of(request) is None:
        status = 400
        if form.is_valid():
            try:
                proposal = actions.check_create_proposal(
                    request.user, consultation=consultation, **form.action_fields()
                )
            except ValidationError as error:
                form.add_error(None, error)
                status = 429 if error.code == "rate_limited" else 400
            else:
                messages.success(
                    request,
                    _(
                        "Enviaste tu propuesta: queda en revisión hasta que la moderación la "
                        "apruebe. Te avisaremos."
                    )
                    if proposal.moderation_status == Proposal.ModerationStatus.PENDING
                    else _("Publicaste tu propuesta. ¡Gracias por participar!"),
                )
                return redirect(proposal)
        # The form again, with what the person wrote and the reason.
        return _proposal_form_response(request, consultation, form, status=status)
    refusal = rules.proposing_refusal(request.user, consultation)
    return _proposal_form_response(request, consultation, form, refusal=refusal)


@require_safe
@cache_for_anonymous
def proposal_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    consultation = access_consultation(request.user, slug)
    proposal = access_proposal(request.user, consultation, pk)
    user = request.user
    is_author = user.is_authenticated and proposal.author_id == user.pk
    official = is_official_for(user, consultation)
    try:
        answer = proposal.answer
    except ProposalAnswer.DoesNotExist:
        answer = None
    if answer is not None and not answer.is_published and not official:
        answer = None
    context = {
        "consultation": consultation,
        "proposal": proposal,
        "answer": answer,
        "is_author": is_author,
        "is_official": official,
        "editing_refusal": rules.editing_refusal(user, proposal) if is_author else None,
        "withdrawing_refusal": rules.withdrawing_refusal(user, proposal) if is_author else None,
        "tile_url": settings.CABILDO_MAP_TILE_URL,
        # Moderation reads what it hid; everyone else gets the reason alone (issue 8).
        # and its author still reads what they wrote, beside the reason.
        "sees_hidden": proposal.is_hidden and (is_author or can_act_as(user, Role.MODERATOR)),
        **_support_context(request, consultation, [proposal.pk]),
        **_discussion(request, proposal),
    }
    context["supports_this"] = proposal.pk in context["supported_ids"]
    # The proposal's own reason (withdrawn, answered, judged by the viewer's division),
    # else the consultation's (the phase, verification).
    context["supports_refusal"] = rules.supporting_refusal(
        user, proposal, taking_back=context["supports_this"]
    )
    return render(request, "consultations/proposal_detail.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def edit_proposal(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    consultation = access_consultation(request.user, slug)
    proposal = access_proposal(request.user, consultation, pk, for_write=True)
    if request.method == "POST":
        form = ProposalForm(request.POST, consultation=consultation)
        if preview_of(request) is not None:
            return _proposal_form_response(request, consultation, form, proposal=proposal)
        if form.is_valid():
            try:
                actions.check_edit_proposal(request.user, proposal=proposal, **form.action_fields())
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Guardaste los cambios de tu propuesta."))
                return redirect(proposal)
        return _proposal_form_response(request, consultation, form, proposal=proposal, status=400)
    refusal = rules.editing_refusal(request.user, proposal)
    if refusal:
        messages.error(request, str(refusal))
        return redirect(proposal)
    form = ProposalForm(initial=ProposalForm.initial_for(proposal), consultation=consultation)
    return _proposal_form_response(request, consultation, form, proposal=proposal)


@require_POST
@action_login_required(_proposal_page)
def withdraw_proposal(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    consultation = access_consultation(request.user, slug)
    proposal = access_proposal(request.user, consultation, pk, for_write=True)
    try:
        actions.check_withdraw_proposal(request.user, proposal=proposal)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request,
            _(
                "Retiraste tu propuesta. Sigue visible, marcada como retirada, y ya no "
                "recibe apoyos."
            ),
        )
    return redirect(proposal)


@require_POST
@action_login_required(_proposal_page)
def support_proposal(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    consultation = access_consultation(request.user, slug)
    proposal = access_proposal(request.user, consultation, pk)
    try:
        actions.check_support_proposal(request.user, proposal=proposal)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Apoyaste «%(title)s».") % {"title": proposal.title})
    return redirect(_back_to(request, proposal.get_absolute_url()))


@require_POST
@action_login_required(_proposal_page)
def withdraw_support(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    consultation = access_consultation(request.user, slug)
    proposal = access_proposal(request.user, consultation, pk)
    try:
        actions.check_withdraw_support(request.user, proposal=proposal)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Quitaste tu apoyo a «%(title)s».") % {"title": proposal.title})
    return redirect(_back_to(request, proposal.get_absolute_url()))


@require_http_methods(["GET", "POST"])
@role_required(Role.OFFICIAL)
def answer_proposal(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    proposal = access_proposal_as_official(request.user, slug, pk)
    try:
        existing = proposal.answer
    except ProposalAnswer.DoesNotExist:
        existing = None
    # A first answer starts at the state the proposal is in ("En evaluación" once the
    # threshold moved it); "Recibida" is no answer, so nothing is chosen for it.
    initial = {"state": proposal.state} if proposal.state != Proposal.State.RECEIVED else {}
    if existing is not None:
        initial = {
            "state": existing.state,
            "body": typed_text(existing),
            "estimated_cost": existing.estimated_cost_clp.removeprefix("$"),
            "execution_period": existing.execution_period,
        }
    form = AnswerForm(request.POST or None, initial=initial)
    preview = preview_of(request)
    if request.method == "POST" and preview is None:
        if form.is_valid():
            publish = request.POST.get("accion") == "publicar"
            try:
                answer = actions.check_save_answer(
                    request.user, proposal=proposal, publish=publish, **form.cleaned_data
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                if answer.is_published:
                    messages.success(
                        request,
                        _(
                            "Publicaste la respuesta. Avisamos a quien la propuso y a "
                            "quienes la apoyaron."
                        ),
                    )
                else:
                    messages.success(
                        request,
                        _(
                            "Guardaste la respuesta como borrador. Publícala desde la página "
                            "de la consulta junto con las demás."
                        ),
                    )
                return redirect(proposal)
        status = 400
    else:
        status = 200
    return render(
        request,
        "consultations/answer_proposal.html",
        {
            "consultation": proposal.consultation,
            "proposal": proposal,
            "answer": existing,
            "form": form,
            "preview": preview,
        },
        status=status,
    )


# --- Results ---------------------------------------------------------------------------


@require_safe
@cache_for_anonymous
def consultation_results(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = access_consultation_row(request.user, slug)
    survey = consultation.survey
    visible = survey is not None and may_see_survey_results(request.user, survey)
    number = page_number(request.GET.get("pagina"))
    # Lazy: the page's content is shared by every viewer ({% shared %}); a cached copy
    # costs none of these queries.
    return render(
        request,
        "consultations/results.html",
        {
            **(owner_context(consultation) if survey is not None else {}),
            "consultation": consultation,
            "participation": SimpleLazyObject(lambda: participation(consultation)),
            "answers": SimpleLazyObject(lambda: answered_proposals_page(consultation, number)),
            "answers_page": number,
            "survey": survey,
            "results": SimpleLazyObject(lambda: with_text_answer_urls(tally_survey(survey)))
            if visible
            else None,
            "results_visible": visible,
        },
    )


SUMMARY_CSV_HEADER = ["seccion", "pregunta", "categoria", "personas", "porcentaje", "nota"]


@require_safe
def download_results_summary(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = access_consultation_row(request.user, slug)
    figures = participation(consultation)
    response, writer = csv_response(f"resultados-{slug}.csv")
    writer.writerow(SUMMARY_CSV_HEADER)
    writer.writerows(summary_rows(figures))
    survey = consultation.survey
    if survey is not None and may_see_survey_results(request.user, survey):
        for result in tally_survey(survey).questions:
            if result.is_text:
                note = _("respuestas abiertas: se publican en la página de la encuesta")
                writer.writerow(["encuesta", result.question.text, "", result.text_count, "", note])
            for row in result.rows:
                writer.writerow(
                    [
                        "encuesta",
                        result.question.text,
                        row.label,
                        row.count,
                        f"{row.percent:.1f}",
                        "",
                    ]
                )
    return response


# --- Devolución: what became of every contribution (planning outcomes) -------------------
# Imported here so that the devolución's views stay one appended block.
from consultations import devolution as devolutions  # noqa: E402


@require_safe
@cache_for_anonymous
def devolution(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = access_consultation_row(request.user, slug)
    return _devolution_page(request, consultation, devolutions.DevolutionForm())


def _devolution_page(
    request: HttpRequest,
    consultation: Consultation,
    form: devolutions.DevolutionForm,
    status: int = 200,
) -> HttpResponse:
    published = devolutions.devolution_of(consultation)
    editor = can_edit_consultation(request.user, consultation)
    if published is None and not editor:
        raise Http404  # not published yet: only its editors see the draft
    return render(
        request,
        "consultations/devolution.html",
        {
            "consultation": consultation,
            "devolution": published,
            # Lazy: the report is shared by every viewer ({% shared %}, per content
            # generation); a shared copy costs none of its queries.
            "groups": SimpleLazyObject(lambda: devolutions.devolution_groups(consultation)),
            "editor": editor,
            "publishing_refusal": devolutions.publishing_refusal(request.user, consultation),
            "form": form,
        },
        status=status,
    )


@require_safe
def download_devolution(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = access_consultation_row(request.user, slug)
    if devolutions.devolution_of(consultation) is None and not can_edit_consultation(
        request.user, consultation
    ):
        raise Http404
    response, writer = csv_response(f"devolucion-{slug}.csv")
    writer.writerow(devolutions.CSV_HEADER)
    writer.writerows(devolutions.csv_rows(consultation, request.build_absolute_uri))
    return response


@require_POST
@role_required(Role.OFFICIAL, Role.ADMINISTRATOR, page=_consultation_page)
def publish_devolution(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = access_consultation_for_editing(request.user, slug)
    form = devolutions.DevolutionForm(request.POST)
    if form.is_valid():
        try:
            devolutions.check_publish_devolution(
                request.user,
                consultation=consultation,
                introduction=form.cleaned_data["introduction"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Publicaste la devolución y avisaste a quienes participaron.")
            )
            return redirect("consultations:devolution", slug=consultation.slug)
    return _devolution_page(request, consultation, form, status=400)
