"""Pages and form posts of the deliberation engine (thin: access, form, action, respond).

Every POST works as a plain form (redirect to the page it is about, with a message) and,
for the page's script, as JSON when the request asks for it (``Accept: application/json``).
Moderators hide and restore any registered contribution type through one pair of views
(``/conversaciones/aportes/<type>/<id>/ocultar/``); comments keep their own addresses,
whose JSON answer also carries the comment's new card for the script.
"""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.decorators import action_login_required
from accounts.roles import Role, can_act_as, role_required
from common.pagecache import cache_for_anonymous
from deliberation import actions
from deliberation.access import (
    access_comment,
    access_contribution,
    access_contribution_for_moderation,
    access_discussion,
)
from deliberation.blocks import batch_context, discussion_context, thread_context, viewer_block
from deliberation.forms import (
    AppealForm,
    CommentForm,
    EditCommentForm,
    FollowForm,
    HideContributionForm,
    ReportForm,
    VoteForm,
)
from deliberation.markup import check_preview, preview_of, typed_text
from deliberation.models import Comment, Contribution
from deliberation.queries import appeal_of
from deliberation.registry import (
    ContributionType,
    contribution_type_by_slug,
    contribution_type_for,
    is_owner,
    policy_for,
)


def _wants_json(request: HttpRequest) -> bool:
    return request.headers.get("Accept", "").startswith("application/json")


def _status_for(error: ValidationError) -> int:
    return 429 if getattr(error, "code", None) == "rate_limited" else 400


def _render_for_viewer(request: HttpRequest, comment: Comment, partial: str) -> str:
    """A comment's HTML as the person who just acted sees it (with their controls)."""
    block = viewer_block(request, comment.discussion)
    if not hasattr(comment, "children"):
        comment.children = []
    if not hasattr(comment, "my_vote"):
        comment.my_vote = 0
    return render_to_string(
        f"deliberation/discussion.html#{partial}",
        {"comment": comment, "block": block},
        request=request,
    )


def _done(request: HttpRequest, comment: Comment, message: str, data: dict[str, Any]) -> Any:
    if _wants_json(request):
        return JsonResponse({"message": message, **data})
    messages.success(request, message)
    return redirect(comment.page_url())


def _refused(request: HttpRequest, comment: Comment, error: ValidationError) -> Any:
    text = " ".join(error.messages)
    if _wants_json(request):
        return JsonResponse({"error": text}, status=_status_for(error))
    messages.error(request, text)
    return redirect(comment.page_url())


def _discussion_page(request: HttpRequest, pk: int) -> str:
    """For the login's ``next`` when the form does not say (it does: the owner's page)."""
    return reverse("deliberation:discussion", args=[pk])


def _comment_page(request: HttpRequest, pk: int) -> str:
    """The comment's permalink: after logging in it opens the discussion's page at the
    thread, for whoever may see it (no query here)."""
    return reverse("deliberation:comment_permalink", args=[pk])


def _contribution_type(kind: str) -> ContributionType:
    contribution_type = contribution_type_by_slug(kind)
    if contribution_type is None:
        raise Http404
    return contribution_type


def _contribution_page(request: HttpRequest, kind: str, pk: int) -> str:
    """The contribution's page, for the login's ``next``, if the person may see it; else
    the home page."""
    contribution_type = contribution_type_by_slug(kind)
    if contribution_type is not None:
        found = contribution_type.model._default_manager.filter(pk=pk).first()
        if found is not None and contribution_type.can_view(request.user, found):
            return contribution_type.url(found)
    return reverse("home")


def _follow_target(user: Any, content_type_id: int, object_id: int) -> Any:
    """The registered owner to follow, if ``user`` may see it; Http404 otherwise."""
    try:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
    except ContentType.DoesNotExist:
        raise Http404 from None
    if model is None or not is_owner(model):
        raise Http404
    target = model._default_manager.filter(pk=object_id).first()
    if target is None or not policy_for(target).can_view(user, target):
        raise Http404
    return target


def _followed_page(request: HttpRequest, content_type_id: int, object_id: int) -> str:
    """The followed owner's page when the form does not say; home if it is not public."""
    try:
        target = _follow_target(request.user, content_type_id, object_id)
    except Http404:
        return reverse("home")
    return policy_for(target).url(target)


@require_safe
@cache_for_anonymous
def discussion(request: HttpRequest, pk: int) -> HttpResponse:
    """The standalone page of a discussion (owners may embed the block instead)."""
    found = access_discussion(request.user, pk)
    owner = found.owner
    context = discussion_context(
        request, owner, discussion=found, page_url=found.get_absolute_url()
    )
    policy = policy_for(owner)
    context.update(owner_title=policy.title(owner), owner_url=policy.url(owner))
    return render(request, "deliberation/discussion_page.html", context)


@require_safe
@cache_for_anonymous
def comment_batch(request: HttpRequest, pk: int) -> HttpResponse:
    """The next batch of threads, for the "Ver más" button's script."""
    found = access_discussion(request.user, pk)
    return render(
        request,
        "deliberation/discussion.html#batch_response",
        batch_context(request, found, found.owner),
    )


@require_safe
@cache_for_anonymous
def comment_thread(request: HttpRequest, pk: int, root_id: int) -> HttpResponse:
    """A whole thread, for the "Ver N respuestas más" link's script."""
    found = access_discussion(request.user, pk)
    return render(
        request,
        "deliberation/discussion.html#comment_item",
        thread_context(request, found, root_id),
    )


@require_POST
@action_login_required(_discussion_page)
def post_comment(request: HttpRequest, pk: int) -> HttpResponse:
    found = access_discussion(request.user, pk)
    form = CommentForm(request.POST, discussion=found)
    preview = preview_of(request)
    status = 200 if preview is not None else 400
    if preview is None and form.is_valid():
        try:
            comment = actions.check_post_comment(
                request.user,
                discussion=found,
                body=form.cleaned_data["body"],
                parent=form.parent,
                alignment=form.cleaned_data.get("alignment", ""),
            )
        except ValidationError as error:
            form.add_error(None, error)
            status = _status_for(error)
        else:
            message = (
                _(
                    "Tu comentario quedó en revisión: se publicará cuando la moderación lo "
                    "apruebe. Te avisaremos."
                )
                if comment.moderation_status == Comment.ModerationStatus.PENDING
                else _("Tu comentario quedó publicado.")
            )
            if _wants_json(request):
                found.refresh_from_db(fields=["comment_count"])
                return JsonResponse(
                    {
                        "message": message,
                        "comment": comment.pk,
                        "parent": comment.parent_id,
                        "count": found.comment_count,
                        "html": _render_for_viewer(request, comment, "comment_item"),
                    },
                    status=201,
                )
            messages.success(request, message)
            return redirect(comment.page_url())
    if _wants_json(request):
        return JsonResponse(
            {
                "errors": {
                    field: [str(message) for message in errors]
                    for field, errors in form.errors.items()
                }
            },
            status=status,
        )
    # Without JavaScript: the page again, with the text kept and the errors next to it
    # (or the preview the person asked for).
    owner = found.owner
    context = discussion_context(
        request, owner, form=form, discussion=found, page_url=found.get_absolute_url()
    )
    policy = policy_for(owner)
    context.update(owner_title=policy.title(owner), owner_url=policy.url(owner), preview=preview)
    return render(request, "deliberation/discussion_page.html", context, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def edit_comment(request: HttpRequest, pk: int) -> HttpResponse:
    comment = access_comment(request.user, pk, for_write=True)
    form = EditCommentForm(request.POST or None, initial={"body": typed_text(comment)})
    status = 200
    preview = preview_of(request)
    if request.method == "POST" and preview is None:
        status = 400
        if form.is_valid():
            try:
                actions.check_edit_comment(
                    request.user, comment=comment, body=form.cleaned_data["body"]
                )
            except ValidationError as error:
                form.add_error(None, error)
                status = _status_for(error)
            else:
                return _done(
                    request,
                    comment,
                    _("Tu comentario quedó editado."),
                    {"html": _render_for_viewer(request, comment, "comment_card")},
                )
        if _wants_json(request):
            return JsonResponse(
                {"errors": {f: [str(m) for m in e] for f, e in form.errors.items()}},
                status=status,
            )
    return render(
        request,
        "deliberation/edit_comment.html",
        {"comment": comment, "form": form, "back_url": comment.page_url(), "preview": preview},
        status=status,
    )


@require_POST
@login_required
def preview_text(request: HttpRequest) -> HttpResponse:
    """What a writing box's text will look like, for the "Vista previa" button's script.

    Renders the text as it would be stored (``markup.check_preview``: bounded, rate
    limited), writes nothing. Forms without JavaScript get the same rendering from their
    own view (``markup.preview_of``).
    """
    try:
        preview = check_preview(request.user, request.POST.get("body", ""))
    except ValidationError as error:
        return JsonResponse(
            {"errors": {"body": error.messages}},
            status=429 if error.code == "rate_limited" else 400,
        )
    return render(request, "deliberation/writing.html#preview_body", {"preview": preview})


@require_POST
@action_login_required(_comment_page)
def delete_comment(request: HttpRequest, pk: int) -> HttpResponse:
    comment = access_comment(request.user, pk, for_write=True)
    actions.do_delete_comment(request.user, comment=comment)
    comment.refresh_from_db()
    if comment.left_thread:
        # Nobody had replied: it is gone from the thread, so go back to where it was.
        message = _("Borraste tu comentario.")
        if _wants_json(request):
            return JsonResponse({"message": message, "removed": True})
        messages.success(request, message)
        return redirect(
            comment.parent.page_url() if comment.parent_id else comment.discussion.page_url()
        )
    return _done(
        request,
        comment,
        _("Borraste tu comentario."),
        {"html": _render_for_viewer(request, comment, "comment_card")},
    )


@require_POST
@action_login_required(_comment_page)
def vote_comment(request: HttpRequest, pk: int) -> HttpResponse:
    comment = access_comment(request.user, pk)
    form = VoteForm(request.POST)
    if not form.is_valid():
        error = ValidationError(form.errors["value"][0], code="invalid")
        return _refused(request, comment, error)
    try:
        up, down, mine = actions.check_vote_comment(
            request.user, comment=comment, value=form.cleaned_data["value"]
        )
    except ValidationError as error:
        return _refused(request, comment, error)
    message = _("Quitaste tu voto.") if mine == 0 else _("Tu voto quedó registrado.")
    return _done(request, comment, message, {"up": up, "down": down, "mine": mine})


@require_safe
def comment_permalink(request: HttpRequest, pk: int) -> HttpResponse:
    """A comment's stable address: the discussion's page, opened at its thread."""
    comment = access_comment(request.user, pk)
    return redirect(comment.page_url())


@require_safe
@login_required
def comment_history(request: HttpRequest, pk: int) -> HttpResponse:
    """Earlier texts of a comment, for its author and moderators (who always read it,
    hidden, pending or deleted, marked so)."""
    comment = access_comment(request.user, pk)
    is_author = comment.author_id == request.user.pk
    is_moderator = can_act_as(request.user, Role.MODERATOR)
    if not is_author and not is_moderator:
        raise Http404
    return render(
        request,
        "deliberation/comment_history.html",
        {
            "comment": comment,
            # Moderators always read the text, marked; its author too while it is hidden
            # or waiting (not once they deleted it).
            "reads_text": comment.shows_body
            or is_moderator
            or (is_author and not comment.is_deleted),
            "revisions": comment.revisions.all(),
            "back_url": comment.page_url(),
        },
    )


# --- Moderation: one pair of views for every contribution type -----------------------------

CardData = Callable[[Contribution], dict[str, Any]]


def _moderated(
    request: HttpRequest,
    contribution_type: ContributionType,
    contribution: Contribution,
    message: Any,
    card: CardData | None,
) -> HttpResponse:
    if _wants_json(request):
        return JsonResponse({"message": str(message), **(card(contribution) if card else {})})
    messages.success(request, message)
    return redirect(contribution_type.url(contribution))


def _moderation_refused(
    request: HttpRequest,
    contribution_type: ContributionType,
    contribution: Contribution,
    error: ValidationError,
) -> HttpResponse:
    """A moderator's decision the rules refuse (their own contribution): said in Spanish
    on the contribution's page (or in JSON for the script), nothing changed."""
    message = " ".join(error.messages)
    if _wants_json(request):
        return JsonResponse({"error": message}, status=_status_for(error))
    messages.error(request, message)
    return redirect(contribution_type.url(contribution))


def _hide(
    request: HttpRequest, contribution_type: ContributionType, pk: int, card: CardData | None
) -> HttpResponse:
    contribution = access_contribution_for_moderation(request.user, contribution_type, pk)
    form = HideContributionForm(request.POST)
    if not form.is_valid():
        if _wants_json(request):
            return JsonResponse({"error": " ".join(form.errors["reason"])}, status=400)
        # Without JavaScript: the reason again, with its error (nothing typed is lost).
        context = {
            "form": form,
            "contribution_title": contribution_type.title(contribution),
            "back_url": contribution_type.url(contribution),
        }
        return render(request, "deliberation/hide_contribution.html", context, status=400)
    try:
        actions.do_hide_contribution(
            request.user,
            contribution=contribution,
            reason=form.cleaned_data["reason"],
            category=form.cleaned_data["category"],
        )
    except ValidationError as error:
        return _moderation_refused(request, contribution_type, contribution, error)
    return _moderated(
        request, contribution_type, contribution, contribution_type.hidden_message, card
    )


def _restore(
    request: HttpRequest, contribution_type: ContributionType, pk: int, card: CardData | None
) -> HttpResponse:
    contribution = access_contribution_for_moderation(request.user, contribution_type, pk)
    try:
        actions.do_restore_contribution(request.user, contribution=contribution)
    except ValidationError as error:
        return _moderation_refused(request, contribution_type, contribution, error)
    return _moderated(
        request, contribution_type, contribution, contribution_type.restored_message, card
    )


@require_POST
@role_required(Role.MODERATOR, page=_contribution_page)
def hide_contribution(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """A moderator hides a contribution of any registered type, with a public reason."""
    return _hide(request, _contribution_type(kind), pk, card=None)


@require_POST
@role_required(Role.MODERATOR, page=_contribution_page)
def restore_contribution(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """A moderator restores a hidden contribution of any registered type."""
    return _restore(request, _contribution_type(kind), pk, card=None)


def _comment_card(request: HttpRequest) -> CardData:
    """The page's script replaces the comment's card with this (the moderator's view)."""
    return lambda comment: {"html": _render_for_viewer(request, comment, "comment_card")}


@require_POST
@role_required(Role.MODERATOR, page=_comment_page)
def hide_comment(request: HttpRequest, pk: int) -> HttpResponse:
    """The comments' address for ``hide_contribution`` (the page's script reads the card)."""
    return _hide(request, contribution_type_for(Comment), pk, card=_comment_card(request))


@require_POST
@role_required(Role.MODERATOR, page=_comment_page)
def restore_comment(request: HttpRequest, pk: int) -> HttpResponse:
    """The comments' address for ``restore_contribution``."""
    return _restore(request, contribution_type_for(Comment), pk, card=_comment_card(request))


@require_POST
@action_login_required(_followed_page)
def follow(request: HttpRequest, content_type_id: int, object_id: int) -> HttpResponse:
    """Follow or stop following anything that owns a discussion and the person may see."""
    target = _follow_target(request.user, content_type_id, object_id)
    form = FollowForm(request.POST)
    if not form.is_valid():
        return HttpResponse(status=400)
    if form.cleaned_data["follow"]:
        actions.do_follow(request.user, target)
        message = _("Ahora sigues esta conversación: te avisaremos de lo nuevo.")
    else:
        actions.do_unfollow(request.user, target)
        message = _("Dejaste de seguir esta conversación.")
    if _wants_json(request):
        return JsonResponse({"message": message, "following": form.cleaned_data["follow"]})
    messages.success(request, message)
    target_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target_url = policy_for(target).url(target)
    return redirect(target_url)


# --- Reports and appeals: any registered contribution type --------------------------------


def _post_form(
    request: HttpRequest, form: Any, act: Callable[[dict[str, Any]], Any], back: str
) -> tuple[HttpResponse | None, int]:
    """A form posted to an action: after it, its message and the way back; otherwise the
    status of the page shown again, the form keeping what was typed and the refusal on
    top (a GET: the empty form)."""
    if request.method != "POST":
        return None, 200
    if not form.is_valid():
        return None, 400
    try:
        message = act(form.cleaned_data)
    except ValidationError as error:
        form.add_error(None, error)
        return None, _status_for(error)
    messages.success(request, message)
    return redirect(back), 302


@require_http_methods(["GET", "POST"])
@action_login_required(_contribution_page)
def report_contribution(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """Anyone signed in reports someone else's published contribution, once, with a
    reason; the rules' refusals (second report, own contribution, blocked) come back in
    Spanish with what was typed."""
    contribution_type = _contribution_type(kind)
    contribution = access_contribution(request.user, contribution_type, pk)
    form = ReportForm(request.POST or None)

    def report(data: dict[str, Any]) -> Any:
        hid = actions.check_report_contribution(
            request.user, contribution=contribution, reason=data["reason"], details=data["details"]
        )
        if hid:
            return _(
                "Gracias: con tu reporte, este aporte quedó oculto hasta que la moderación "
                "lo revise."
            )
        return _("Gracias: tu reporte llegó al equipo de moderación.")

    done, status = _post_form(request, form, report, contribution_type.url(contribution))
    if done is not None:
        return done
    context = {
        "form": form,
        "contribution": contribution,
        "contribution_title": contribution_type.title(contribution)
        if contribution.is_visible
        else "",
        "back_url": contribution_type.url(contribution),
        "reports_to_hide": settings.CABILDO_REPORTS_TO_HIDE,
    }
    return render(request, "deliberation/report_contribution.html", context, status=status)


@require_http_methods(["GET", "POST"])
@action_login_required(_contribution_page)
def appeal_contribution(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """The author of a contribution a moderator hid asks, once, for another moderator
    to review the decision; they see their text and the reason while they write."""
    contribution_type = _contribution_type(kind)
    contribution = access_contribution(request.user, contribution_type, pk)
    if contribution.author_id != request.user.pk:
        raise Http404
    form = AppealForm(request.POST or None)

    def appeal(data: dict[str, Any]) -> Any:
        actions.check_appeal_decision(request.user, contribution=contribution, text=data["text"])
        return _(
            "Tu apelación quedó registrada. Otra persona del equipo de moderación la revisará "
            "y te avisaremos de su decisión."
        )

    done, status = _post_form(request, form, appeal, contribution_type.url(contribution))
    if done is not None:
        return done
    context = {
        "form": form,
        "contribution": contribution,
        "contribution_title": contribution_type.title(contribution),
        "back_url": contribution_type.url(contribution),
        "appeal": appeal_of(contribution),
    }
    return render(request, "deliberation/appeal_contribution.html", context, status=status)
