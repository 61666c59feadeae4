"""Pages of the planning instruments: the public instruments and their traceability, a
contribution's fate, a person's "¿Qué pasó con mi aporte?", and the curators' outcome
forms. Thin: access helper, form, one action, redirect or render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.roles import Role, role_required
from common.collation import spanish_order
from common.numbers import page_number
from common.pagecache import cache_for_anonymous, shared_fragment
from planning import actions, queries, rules
from planning.access import access_instrument, access_outcome, access_section
from planning.forms import ContributionRefForm, OutcomeChangeForm, OutcomeForm, contribution_key
from planning.models import Outcome, PlanningInstrument

CURATORS = (Role.MODERATOR, Role.OFFICIAL)
CONTRIBUTION_ERRORS = {rules.MISSING_CONTRIBUTION, rules.HIDDEN_CONTRIBUTION, rules.ALREADY_LINKED}


@require_safe
@cache_for_anonymous
def list_instruments(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "planning/list_instruments.html",
        {"instruments": PlanningInstrument.objects.order_by(spanish_order("name"))},
    )


@require_safe
@cache_for_anonymous
def instrument_detail(request: HttpRequest, slug: str) -> HttpResponse:
    instrument = access_instrument(slug)
    # Lazy: the page's content is shared by every viewer ({% shared %}, per content
    # generation); a shared copy costs none of these queries.
    return render(
        request,
        "planning/instrument_detail.html",
        {
            "instrument": instrument,
            "traces": SimpleLazyObject(lambda: queries.instrument_trace(instrument)),
            "instances": SimpleLazyObject(lambda: list(instrument.instances.all())),
            "sections": SimpleLazyObject(lambda: queries.processes_informing(instrument)),
            "per_section": queries.PER_SECTION,
        },
    )


@require_safe
@cache_for_anonymous
def section_detail(request: HttpRequest, slug: str, position: int) -> HttpResponse:
    section = access_section(slug, position)
    decision = request.GET.get("decision") or ""
    if decision not in Outcome.Decision.values:
        decision = ""
    number = page_number(request.GET.get("pagina"))

    def listed() -> tuple:
        paginator = Paginator(queries.section_links(section, decision), queries.PER_PAGE)
        page = paginator.get_page(number)
        return page, queries.traced(page.object_list, public_only=False)

    # Lazy: the list is shared by every viewer ({% shared %}, per content generation); a
    # shared copy costs none of these queries.
    found = SimpleLazyObject(listed)
    return render(
        request,
        "planning/section_detail.html",
        {
            "instrument": section.instrument,
            "section": section,
            "listed": found,
            "number": number,
            "decision": decision,
            "decisions": Outcome.Decision.choices,
        },
    )


@require_safe
@cache_for_anonymous
def contribution_fate(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """What became of one contribution (a comment's fate lives here; a proposal shows it on
    its own page too). Only contributions anyone may see."""
    key = contribution_key(kind, pk)
    if key is None:
        raise Http404

    def fate_html() -> str | None:
        found = queries.contribution_resolver().load([key], public_only=True).get(key)
        if found is None:
            return None
        return render_to_string(
            "planning/contribution_fate_body.html",
            {"contribution": found, "fate": queries.fate_of(*key)},
        )

    # The same for every viewer: shared per content generation (signed-in viewers too).
    html = shared_fragment("planning.fate", key, fate_html)
    if html is None:
        raise Http404
    return render(request, "planning/contribution_fate.html", {"fate_html": html})


@require_safe
@login_required
def my_outcomes(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "planning/my_outcomes.html",
        {"items": queries.outcomes_of_author(request.user)},
    )


def _outcome_error(form: OutcomeForm | ContributionRefForm, error: ValidationError) -> None:
    for message in error.messages:
        if message in {str(m) for m in CONTRIBUTION_ERRORS}:
            form.add_error("contribution_id", message)
        elif message == str(rules.PROGRESS_OUT_OF_RANGE) and "progress" in form.fields:
            form.add_error("progress", message)
        elif message == str(rules.NO_SECTIONS) and "sections" in form.fields:
            form.add_error("sections", message)
        else:
            form.add_error(None, message)


@require_http_methods(["GET", "POST"])
@role_required(*CURATORS)
def create_outcome(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = OutcomeForm(request.POST)
        if form.is_valid():
            key = form.contribution()
            try:
                if key is None:
                    raise ValidationError(rules.MISSING_CONTRIBUTION)
                outcome = actions.check_record_outcome(
                    request.user,
                    data=actions.OutcomeInput(
                        contributions=[key],
                        decision=form.cleaned_data["decision"],
                        justification=form.cleaned_data["justification"],
                        section_ids=[s.pk for s in form.cleaned_data["sections"]],
                        progress=form.cleaned_data["progress"],
                        on=form.cleaned_data["on"],
                    ),
                )
            except ValidationError as error:
                _outcome_error(form, error)
            else:
                messages.success(request, _("El destino del aporte quedó registrado."))
                return redirect(outcome)
        status = 400
    else:
        form = OutcomeForm(
            initial={
                "kind": request.GET.get("tipo") or None,
                "contribution_id": request.GET.get("id") or None,
                "progress": 0,
            }
        )
        status = 200
    return render(request, "planning/outcome_form.html", {"form": form}, status=status)


@require_safe
@role_required(*CURATORS)
def outcome_detail(request: HttpRequest, pk: int) -> HttpResponse:
    outcome = access_outcome(request.user, pk)
    return _outcome_page(request, outcome)


def _outcome_page(
    request: HttpRequest,
    outcome: Outcome,
    *,
    change_form: OutcomeChangeForm | None = None,
    link_form: ContributionRefForm | None = None,
    status: int = 200,
) -> HttpResponse:
    items, history = queries.outcome_with_history(outcome)
    return render(
        request,
        "planning/outcome_detail.html",
        {
            "outcome": outcome,
            "sections": list(outcome.sections.select_related("instrument")),
            "items": items,
            "history": history,
            "change_form": change_form
            or OutcomeChangeForm(
                initial={"decision": outcome.decision, "progress": outcome.progress}
            ),
            "link_form": link_form or ContributionRefForm(),
        },
        status=status,
    )


def _outcome_url(request: HttpRequest, pk: int, **_kwargs: object) -> str:
    # Where the login sends a signed-out curator back to after a POST (the forms' page).
    return reverse("planning:outcome", args=[pk])


@require_POST
@role_required(*CURATORS, page=_outcome_url)
def update_outcome(request: HttpRequest, pk: int) -> HttpResponse:
    outcome = access_outcome(request.user, pk)
    form = OutcomeChangeForm(request.POST)
    if form.is_valid():
        try:
            actions.check_update_outcome(
                request.user,
                outcome=outcome,
                change=actions.OutcomeChange(
                    decision=form.cleaned_data["decision"],
                    progress=form.cleaned_data["progress"],
                    note=form.cleaned_data["note"],
                    on=form.cleaned_data["on"],
                    justification=form.cleaned_data["justification"],
                ),
            )
        except ValidationError as error:
            _outcome_error(form, error)
        else:
            messages.success(request, _("El destino quedó actualizado."))
            return redirect(outcome)
    return _outcome_page(request, outcome, change_form=form, status=400)


@require_POST
@role_required(*CURATORS, page=_outcome_url)
def link_contribution(request: HttpRequest, pk: int) -> HttpResponse:
    outcome = access_outcome(request.user, pk)
    form = ContributionRefForm(request.POST)
    if form.is_valid():
        key = form.contribution()
        try:
            if key is None:
                raise ValidationError(rules.MISSING_CONTRIBUTION)
            actions.check_link_contributions(request.user, outcome=outcome, contributions=[key])
        except ValidationError as error:
            _outcome_error(form, error)
        else:
            messages.success(request, _("El aporte quedó agrupado en este destino."))
            return redirect(outcome)
    return _outcome_page(request, outcome, link_form=form, status=400)
