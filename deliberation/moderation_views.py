"""The moderators' pages under /moderacion/ (queue, case, blocks) and the public log.

Moderators (``role_required(Role.MODERATOR)``: the role, in a session that passed the
second factor) read the queue and each case, and decide through the moderation actions
(``deliberation.actions``), which check every rule themselves: a refusal (their own
contribution, their own decision's appeal, an appeal already resolved) comes back as the
rule's Spanish sentence above the form, with what they typed kept. POST, then redirect.
The public log is for anyone, cached whole for anonymous visitors.
"""

import re
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST, require_safe

from accounts.roles import Role, role_required
from common.numbers import parse_int
from common.pagecache import cache_for_anonymous
from deliberation import actions, rules
from deliberation.access import access_contribution_for_moderation
from deliberation.models import Appeal, Block, Contribution, ModerationCase
from deliberation.moderation_forms import (
    AskEditForm,
    BlockForm,
    HideForm,
    NoteForm,
    QueueFilterForm,
    ResolveAppealForm,
)
from deliberation.queue import (
    CaseItem,
    QueueFilters,
    QueuePage,
    active_blocks,
    author_key,
    case_history,
    decode_cursor,
    log_entries,
    registered_kinds,
    report_summaries,
    spaces_in_queue,
)
from deliberation.registry import ContributionType, contribution_type_by_slug

# --- The queue -----------------------------------------------------------------------------


@require_safe
@role_required(Role.MODERATOR)
def queue(request: HttpRequest) -> HttpResponse:
    """The cases waiting for a moderator, newest activity first, filtered by space, kind,
    reason and state (``?espacio=&tipo=&motivo=&estado=``), a page at a time
    (``?despues=``).

    The filters, the list and its quick forms are the same for every moderator: rendered
    once per content generation (``{% shared %}``, any moderation write starts a new
    one), the CSRF token filled in per request, and the quick actions dropped where the
    viewer wrote the contribution (the actions refuse it anyway)."""
    form = QueueFilterForm(request.GET, spaces=spaces_in_queue, kinds=registered_kinds())
    filters = QueueFilters(
        space=form.value("espacio"),
        kind=form.value("tipo"),
        reason=form.value("motivo"),
        state=form.value("estado"),
    )
    cursor = decode_cursor(request.GET.get("despues"))
    query = {
        name: value
        for name, value in (
            ("espacio", filters.space),
            ("tipo", filters.kind),
            ("motivo", filters.reason),
            ("estado", filters.state),
        )
        if value
    }
    here = dict(query)
    if cursor is not None:
        here["despues"] = request.GET["despues"]
    this_page = reverse("moderation:queue") + (f"?{urlencode(here)}" if here else "")
    response = render(
        request,
        "deliberation/moderation/queue.html",
        {
            "filter_form": form,
            "filters": filters,
            "page": QueuePage(filters, cursor),
            "query": query,
            "first_page": cursor is not None,
            "shared_key": this_page,
            "slots": {"csrf": _csrf_input(request)},
            "categories": [
                (value, str(label)) for value, label in HideForm.base_fields["category"].choices
            ],
            "next_input": format_html('<input type="hidden" name="next" value="{}">', this_page),
        },
    )
    response.content = _without_own_quick_actions(response.content.decode(), request.user)
    return response


def _csrf_input(request: HttpRequest) -> str:
    return format_html(
        '<input type="hidden" name="csrfmiddlewaretoken" value="{}">', get_token(request)
    )


QUICK_ACTIONS = re.compile(r"<!--quick:([0-9a-f]+)-->(.*?)<!--/quick-->", re.DOTALL)


def _without_own_quick_actions(html: str, user: Any) -> str:
    """The queue as ``user`` may act on it: the marks around each case's quick actions
    removed, and the actions themselves replaced by the reason where ``user`` wrote it."""
    mine = author_key(user.pk)
    own = format_html('<p class="muted">{}</p>', rules.OWN_CONTRIBUTION_MODERATION)
    return QUICK_ACTIONS.sub(lambda m: own if m.group(1) == mine else m.group(2), html)


# --- One case ------------------------------------------------------------------------------


def _contribution_type(kind: str) -> ContributionType:
    contribution_type = contribution_type_by_slug(kind)
    if contribution_type is None:
        raise Http404
    return contribution_type


def _key(contribution: Contribution) -> dict[str, Any]:
    return {
        "content_type": ContentType.objects.get_for_model(contribution),
        "object_id": contribution.pk,
    }


def _case_url(kind: str, pk: int) -> str:
    return reverse("moderation:case", args=[kind, pk])


def _case_page(request: HttpRequest, kind: str, pk: int) -> str:
    """Where a signed-out moderator's form sends them back after logging in."""
    return _case_url(kind, pk)


FORMS: dict[str, type[forms.Form]] = {
    "hide": HideForm,
    "ask_edit": AskEditForm,
    "block": BlockForm,
    "appeal": ResolveAppealForm,
    "note": NoteForm,
}


def _form(name: str, data: Any = None) -> forms.Form:
    # Several forms on one page have a "reason": each its own ids.
    return FORMS[name](data, auto_id=f"{name}-%s")


def _render_case(
    request: HttpRequest,
    contribution_type: ContributionType,
    contribution: Contribution,
    *,
    bound: tuple[str, forms.Form] | None = None,
    refusal: Any = None,
    status: int = 200,
) -> HttpResponse:
    history = case_history(contribution)
    case = ModerationCase.objects.filter(**_key(contribution)).first()
    open_reports = [(r.reason, r.details) for r in history.reports if r.dismissed_at is None]
    item = CaseItem(
        case=case,
        contribution_type=contribution_type,
        contribution=contribution,
        reports=report_summaries(open_reports),
        open_report_count=len(open_reports),
        note_count=len(history.notes),
        appeal=history.appeal,
    )
    page_forms = {name: _form(name) for name in FORMS}
    if bound is not None:
        page_forms[bound[0]] = bound[1]
    appeal = history.appeal
    context = {
        "item": item,
        "contribution": contribution,
        "history": history,
        "forms": page_forms,
        "bound": bound[0] if bound else "",
        "refusal": refusal,
        "own_refusal": rules.moderating_refusal(request.user, contribution),
        "appeal_refusal": (
            rules.resolving_appeal_refusal(request.user, appeal) if appeal is not None else None
        ),
        "kind": contribution_type.slug,
    }
    return render(request, "deliberation/moderation/case.html", context, status=status)


@require_safe
@role_required(Role.MODERATOR)
def case(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """A contribution as moderators see it (its text always, hidden or pending), its
    reports, decisions, notes and appeal, and the forms to decide."""
    contribution_type = _contribution_type(kind)
    contribution = access_contribution_for_moderation(request.user, contribution_type, pk)
    return _render_case(request, contribution_type, contribution)


def _back(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """To the page the form was on (the queue), else the case."""
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = _case_url(kind, pk)
    return redirect(target)


def _decide(
    request: HttpRequest,
    kind: str,
    pk: int,
    name: str | None,
    act: Callable[[Contribution, Any], Any],
    done: Any,
) -> HttpResponse:
    """Validate the form ``name`` (None: a button without fields), call ``act`` with the
    contribution and the form; on a refusal, the case page again with the sentence and the
    form as typed."""
    contribution_type = _contribution_type(kind)
    contribution = access_contribution_for_moderation(request.user, contribution_type, pk)
    form = _form(name, request.POST) if name else None
    if form is not None and not form.is_valid():
        return _render_case(
            request, contribution_type, contribution, bound=(name, form), status=400
        )
    try:
        act(contribution, form)
    except ValidationError as error:
        if form is not None:
            form.add_error(None, error)
        return _render_case(
            request,
            contribution_type,
            contribution,
            bound=(name, form) if form is not None else None,
            refusal=" ".join(error.messages),
            status=400,
        )
    messages.success(request, done)
    return _back(request, kind, pk)


@require_POST
@role_required(Role.MODERATOR, page=_case_page)
def restore(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """Restore a hidden contribution, dismiss a visible one's reports, approve a pending
    one (``do_restore_contribution`` decides which)."""

    def act(contribution: Contribution, form: Any) -> None:
        actions.do_restore_contribution(request.user, contribution=contribution)

    return _decide(request, kind, pk, None, act, _("Listo: el caso quedó resuelto a su favor."))


@require_POST
@role_required(Role.MODERATOR, page=_case_page)
def approve(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """Publish a contribution that waited in pre-moderation."""

    def act(contribution: Contribution, form: Any) -> None:
        actions.do_approve_contribution(request.user, contribution=contribution)

    return _decide(request, kind, pk, None, act, _("El aporte quedó aprobado y publicado."))


@require_POST
@role_required(Role.MODERATOR, page=_case_page)
def hide(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """Hide with a category and a public reason ("Ocultado por moderación: <motivo>")."""

    def act(contribution: Contribution, form: Any) -> None:
        actions.do_hide_contribution(
            request.user,
            contribution=contribution,
            reason=form.cleaned_data["reason"],
            category=form.cleaned_data["category"],
        )

    return _decide(request, kind, pk, "hide", act, _("El aporte quedó oculto con tu motivo."))


@require_POST
@role_required(Role.MODERATOR, page=_case_page)
def ask_edit(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """Ask the author to edit, saying what should change."""

    def act(contribution: Contribution, form: Any) -> None:
        actions.do_ask_edit(
            request.user, contribution=contribution, reason=form.cleaned_data["reason"]
        )

    return _decide(
        request, kind, pk, "ask_edit", act, _("Le pedimos a su autor o autora que lo edite.")
    )


@require_POST
@role_required(Role.MODERATOR, page=_case_page)
def block_author(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """Block the contribution's author for some days or for good, with a reason."""

    def act(contribution: Contribution, form: Any) -> None:
        actions.check_block_person(
            request.user,
            person=contribution.author,
            reason=form.cleaned_data["reason"],
            until=form.until(),
        )

    return _decide(
        request, kind, pk, "block", act, _("La cuenta quedó bloqueada; le enviamos el motivo.")
    )


@require_POST
@role_required(Role.MODERATOR, page=_case_page)
def resolve_appeal(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """Uphold or overturn the appealed decision, with a written answer."""

    def act(contribution: Contribution, form: Any) -> None:
        appeal = Appeal.objects.filter(**_key(contribution)).first()
        if appeal is None:
            raise ValidationError(NO_APPEAL)
        actions.check_resolve_appeal(
            request.user,
            appeal=appeal,
            overturn=form.overturn,
            resolution=form.cleaned_data["resolution"],
        )

    return _decide(
        request, kind, pk, "appeal", act, _("La apelación quedó resuelta; avisamos a su autor.")
    )


NO_APPEAL = _("Este aporte no tiene una apelación por resolver.")


@require_POST
@role_required(Role.MODERATOR, page=_case_page)
def add_note(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """A private note for the moderation team."""

    def act(contribution: Contribution, form: Any) -> None:
        actions.do_add_moderator_note(
            request.user, contribution=contribution, text=form.cleaned_data["text"]
        )

    return _decide(request, kind, pk, "note", act, _("Nota guardada."))


# --- Blocks --------------------------------------------------------------------------------

BLOCKS_PAGE_SIZE = 50


@require_safe
@role_required(Role.MODERATOR)
def blocks(request: HttpRequest) -> HttpResponse:
    """Blocks in force now, newest first (``?despues=<id>``: older ones)."""
    rows = active_blocks()
    after = parse_int(request.GET.get("despues"))
    if after is not None:
        rows = rows.filter(pk__lt=after)
    page = list(rows[: BLOCKS_PAGE_SIZE + 1])
    next_after = page[BLOCKS_PAGE_SIZE - 1].pk if len(page) > BLOCKS_PAGE_SIZE else None
    return render(
        request,
        "deliberation/moderation/blocks.html",
        {"blocks": page[:BLOCKS_PAGE_SIZE], "next_after": next_after},
    )


@require_POST
@role_required(Role.MODERATOR, page=lambda request, pk: reverse("moderation:blocks"))
def lift_block(request: HttpRequest, pk: int) -> HttpResponse:
    """Lift a block before its end (the row stays)."""
    block = get_object_or_404(Block.objects.select_related("user"), pk=pk)
    actions.do_lift_block(request.user, block=block)
    messages.success(request, _("El bloqueo quedó levantado; le avisamos a la persona."))
    return redirect("moderation:blocks")


# --- The public log ------------------------------------------------------------------------


@require_safe
@cache_for_anonymous
def log(request: HttpRequest) -> HttpResponse:
    """Every moderation decision, newest first (``?antes=<id>``: older ones): the kind of
    contribution, when, the decision, its category and public reason. Nothing that names
    a person or quotes a text, no link to what was decided on."""
    entries, next_before = log_entries(parse_int(request.GET.get("antes")))
    return render(
        request,
        "deliberation/moderation/log.html",
        {
            "entries": entries,
            "next_before": next_before,
            "first_page": "antes" in request.GET,
        },
    )
