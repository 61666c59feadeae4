"""Every write of the deliberation engine.

``do_*`` assume valid input; ``check_*`` validate (rules, rate limits) and raise
``ValidationError`` with a Spanish message, then call the ``do_*``. Top-level actions run
in ``transaction.atomic(durable=True)``; live events and e-mail go out after commit.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from accounts.actions import notify, requote_notifications
from accounts.models import User
from accounts.roles import Role, require_role
from deliberation import ratelimits
from deliberation.events import record_event
from deliberation.models import (
    Comment,
    CommentRevision,
    CommentVote,
    Discussion,
    DiscussionEvent,
    Follow,
)
from deliberation.queries import comment_page_url, comment_refusal, follow_key, followers_of
from deliberation.registry import policy_for
from deliberation.sanitizer import plain_text


def _lazy_format(message: str, **params: Any) -> Any:
    """``gettext(message) % params``, evaluated in the language active when rendered.

    notify() renders subjects in each recipient's language.
    """
    return lazy(lambda: gettext(message) % params, str)()


def _excerpt(comment: Comment, length: int = 280) -> str:
    text = plain_text(comment.body)
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def _notification_source(comment: Comment) -> str:
    return f"deliberation.comment:{comment.pk}"


def _requote_notifications(comment: Comment) -> None:
    """Notifications quoting ``comment`` show what its page shows now: the current text,
    or the placeholder of a deleted or hidden comment (never the old text)."""
    if comment.shows_body:
        body: Any = _excerpt(comment)
    elif comment.moderation_status == Comment.ModerationStatus.HIDDEN:
        body = _("Este comentario fue ocultado por moderación.")
    else:
        body = _("Quien escribió este comentario lo borró.")
    requote_notifications(_notification_source(comment), body)


def _refuse_if_rate_limited(user: User, action: str) -> None:
    wait = ratelimits.consume(user.pk, action)
    if wait is None:
        return
    if action == "vote":
        message = ngettext(
            "Estás votando muy seguido. Espera %(seconds)d segundo y vuelve a intentarlo.",
            "Estás votando muy seguido. Espera %(seconds)d segundos y vuelve a intentarlo.",
            wait,
        )
    else:
        message = ngettext(
            "Estás publicando muy seguido. Espera %(seconds)d segundo y vuelve a "
            "intentarlo: tu texto sigue aquí.",
            "Estás publicando muy seguido. Espera %(seconds)d segundos y vuelve a "
            "intentarlo: tu texto sigue aquí.",
            wait,
        )
    raise ValidationError(message % {"seconds": wait}, code="rate_limited")


def _change_visible_count(discussion: Discussion, owner: Any, delta: int) -> None:
    Discussion.objects.filter(pk=discussion.pk).update(comment_count=F("comment_count") + delta)
    policy_for(owner).on_comment_count_change(owner, delta)


# --- Follows -------------------------------------------------------------------------------


def add_follow(user: User, target: models.Model) -> None:
    """Make ``user`` follow ``target`` (idempotent). For use inside other actions."""
    content_type_id, object_id = follow_key(target)
    Follow.objects.bulk_create(
        [Follow(user=user, content_type_id=content_type_id, object_id=object_id)],
        ignore_conflicts=True,
    )


def do_follow(user: User, target: models.Model) -> None:
    """The person follows ``target`` (a discussion owner the caller let them see)."""
    with transaction.atomic(durable=True):
        add_follow(user, target)


def do_unfollow(user: User, target: models.Model) -> None:
    """The person stops following ``target`` (idempotent)."""
    content_type_id, object_id = follow_key(target)
    with transaction.atomic(durable=True):
        Follow.objects.filter(
            user=user, content_type_id=content_type_id, object_id=object_id
        ).delete()


# --- Comments ------------------------------------------------------------------------------


def check_post_comment(
    author: User,
    *,
    discussion: Discussion,
    body: str,
    parent: Comment | None = None,
    alignment: str = "",
) -> Comment:
    """Refuse (ValidationError) if the author may not comment now or posts too often."""
    owner = discussion.owner
    refusal = comment_refusal(author, discussion, owner)
    if refusal is not None:
        raise ValidationError(str(refusal), code="refused")
    if parent is not None and (
        parent.discussion_id != discussion.pk
        or not parent.shows_body
        or not parent.can_have_replies
    ):
        raise ValidationError(
            gettext("El comentario que respondes ya no está disponible."), code="parent"
        )
    if not discussion.uses_alignment or parent is not None:
        alignment = ""
    _refuse_if_rate_limited(author, "comment")
    return do_post_comment(
        author, discussion=discussion, body=body, parent=parent, alignment=alignment
    )


def do_post_comment(
    author: User,
    *,
    discussion: Discussion,
    body: str,
    parent: Comment | None = None,
    alignment: str = "",
) -> Comment:
    """Publish a comment or a reply.

    Moves the counters with F() (the discussion's, the owner's through its hook, and
    ``reply_count`` of the parent and root); the author follows the owner; notifies the
    parent's author (reply) and the followers of the owner, the discussion and whatever
    the owner's policy adds (new comment). Broadcasts ``comment.created`` after commit.
    """
    owner = discussion.owner
    with transaction.atomic(durable=True):
        comment = Comment.objects.create(
            discussion=discussion,
            author=author,
            body=body,
            parent=parent,
            root=(parent.root or parent) if parent is not None else None,
            depth=parent.depth + 1 if parent is not None else 0,
            alignment=alignment,
        )
        if parent is not None:
            ancestors = {parent.pk, parent.root_id or parent.pk}
            Comment.objects.filter(pk__in=ancestors).update(reply_count=F("reply_count") + 1)
        _change_visible_count(discussion, owner, +1)
        add_follow(author, owner)
        _notify_new_comment(comment, owner, parent)
        record_event(discussion.pk, DiscussionEvent.Kind.CREATED, comment)
    return comment


def _notify_new_comment(comment: Comment, owner: Any, parent: Comment | None) -> None:
    policy = policy_for(owner)
    title = policy.title(owner)
    url = comment_page_url(comment, owner)
    excerpt = _excerpt(comment)
    already = {comment.author_id}
    if parent is not None and parent.author_id not in already and not parent.is_deleted:
        notify(
            [parent.author],
            kind="deliberation.reply",
            subject=_lazy_format(
                "%(name)s respondió tu comentario en «%(title)s»",
                name=comment.author_name,
                title=title,
            ),
            body=excerpt,
            url=url,
            source=_notification_source(comment),
        )
        already.add(parent.author_id)
    targets = [owner, comment.discussion, *policy.also_followed(owner)]
    followers = followers_of(targets).exclude(pk__in=already)
    notify(
        followers,
        kind="deliberation.comment",
        subject=_lazy_format(
            "%(name)s comentó en «%(title)s»", name=comment.author_name, title=title
        ),
        body=excerpt,
        url=url,
        source=_notification_source(comment),
    )


def check_edit_comment(author: User, *, comment: Comment, body: str) -> Comment:
    """Refuse editing what is not the author's, or is deleted or hidden."""
    if comment.author_id != author.pk or not comment.shows_body:
        raise ValidationError(gettext("Ya no puedes editar este comentario."), code="refused")
    return do_edit_comment(author, comment=comment, body=body)


def do_edit_comment(author: User, *, comment: Comment, body: str) -> Comment:
    """Replace the text, keeping the previous one as a revision; marks it "editado".

    Locks the comment row. Nothing happens if the cleaned text did not change.
    Broadcasts ``comment.updated`` after commit.
    """
    with transaction.atomic(durable=True):
        locked = Comment.objects.select_for_update().get(pk=comment.pk)
        previous = locked.body
        locked.body = body
        # Compare what would be stored (the field cleans on save).
        from deliberation.sanitizer import clean_html

        if clean_html(body) == previous:
            return locked
        CommentRevision.objects.create(comment=locked, body=previous)
        locked.edited_at = timezone.now()
        locked.save(update_fields=["body", "edited_at", "updated_at"])
        _requote_notifications(locked)
        record_event(locked.discussion_id, DiscussionEvent.Kind.UPDATED, locked)
    comment.body, comment.edited_at = locked.body, locked.edited_at
    return locked


def do_delete_comment(author: User, *, comment: Comment) -> None:
    """The author deletes their comment: a placeholder stays so replies keep context.

    The row, its text and its history are kept (moderation, data export); the text is
    never shown again. Locks the row; a published comment stops counting. Broadcasts
    ``comment.deleted`` after commit. Idempotent.
    """
    owner = comment.discussion.owner
    with transaction.atomic(durable=True):
        locked = Comment.objects.select_for_update().get(pk=comment.pk)
        if locked.author_id != author.pk or locked.deleted_at is not None:
            return
        was_visible = locked.counts_as_visible
        locked.deleted_at = timezone.now()
        if locked.moderation_status == Comment.ModerationStatus.PUBLISHED:
            locked.moderation_status = Comment.ModerationStatus.WITHDRAWN
        locked.save(update_fields=["deleted_at", "moderation_status", "updated_at"])
        if was_visible:
            _change_visible_count(locked.discussion, owner, -1)
        _requote_notifications(locked)
        record_event(locked.discussion_id, DiscussionEvent.Kind.DELETED, locked)


# --- Votes ---------------------------------------------------------------------------------


def check_vote_comment(voter: User, *, comment: Comment, value: int) -> tuple[int, int, int]:
    """Refuse votes on one's own, deleted or hidden comments, or too many too fast."""
    refusal = comment_refusal(voter, comment.discussion, comment.discussion.owner)
    if refusal is not None:
        raise ValidationError(str(refusal), code="refused")
    if comment.author_id == voter.pk:
        raise ValidationError(gettext("No puedes votar tu propio comentario."), code="own")
    if not comment.shows_body:
        raise ValidationError(gettext("Este comentario ya no recibe votos."), code="not_votable")
    _refuse_if_rate_limited(voter, "vote")
    return do_vote_comment(voter, comment=comment, value=value)


def do_vote_comment(voter: User, *, comment: Comment, value: int) -> tuple[int, int, int]:
    """Toggle the person's vote: same value again removes it, the other one switches.

    Locks the comment row (votes on one comment take turns; the one-vote constraint
    backs it up) and moves the counters with F(), so concurrent votes are never lost. Returns
    (upvotes, downvotes, the person's vote now: 1, -1 or 0). Broadcasts
    ``comment.voted`` after commit.
    """
    with transaction.atomic(durable=True):
        # Votes on one comment take turns: a person's quick double click (or two tabs)
        # then toggles twice instead of racing to create and delete the same row.
        Comment.objects.select_for_update().only("pk").get(pk=comment.pk)
        vote = CommentVote.objects.filter(comment=comment, voter=voter).first()
        if vote is None:
            CommentVote.objects.create(comment=comment, voter=voter, value=value)
            mine, old = value, 0
        else:
            mine, old = _toggle(vote, value)
        up = (mine == 1) - (old == 1)
        down = (mine == -1) - (old == -1)
        if up or down:
            Comment.objects.filter(pk=comment.pk).update(
                upvotes=F("upvotes") + up, downvotes=F("downvotes") + down
            )
            record_event(comment.discussion_id, DiscussionEvent.Kind.VOTED, comment)
        upvotes, downvotes = Comment.objects.values_list("upvotes", "downvotes").get(pk=comment.pk)
    comment.upvotes, comment.downvotes, comment.my_vote = upvotes, downvotes, mine
    return upvotes, downvotes, mine


def _toggle(vote: CommentVote, value: int) -> tuple[int, int]:
    old = vote.value
    if old == value:
        vote.delete()
        return 0, old
    vote.value = value
    vote.save(update_fields=["value"])
    return value, old


# --- Moderation hook (the full queue comes with the moderation issue) ---------------------


def do_hide_comment(moderator: User, *, comment: Comment, reason: str) -> None:
    """A moderator (with 2FA) hides a comment, showing ``reason`` in its place.

    The text never reaches a page, a socket or a catch-up again. Locks the row; a
    published comment stops counting. Notifies the author at once (urgent). Broadcasts
    ``comment.hidden`` after commit. Idempotent.
    """
    require_role(moderator, Role.MODERATOR)
    owner = comment.discussion.owner
    with transaction.atomic(durable=True):
        locked = Comment.objects.select_for_update().select_related("author").get(pk=comment.pk)
        if locked.moderation_status == Comment.ModerationStatus.HIDDEN:
            return
        was_visible = locked.counts_as_visible
        locked.moderation_status = Comment.ModerationStatus.HIDDEN
        locked.moderation_reason = reason
        locked.save(update_fields=["moderation_status", "moderation_reason", "updated_at"])
        if was_visible:
            _change_visible_count(locked.discussion, owner, -1)
        notify(
            [locked.author],
            kind="deliberation.hidden",
            subject=_("Tu comentario fue ocultado por moderación"),
            body=_lazy_format("Motivo: %(reason)s", reason=reason),
            url=comment_page_url(locked, owner),
            urgent=True,
        )
        _requote_notifications(locked)
        record_event(locked.discussion_id, DiscussionEvent.Kind.HIDDEN, locked)


def do_restore_comment(moderator: User, *, comment: Comment) -> None:
    """A moderator (with 2FA) restores a hidden comment (withdrawn if its author had
    deleted it). Locks the row; notifies the author at once; broadcasts
    ``comment.restored`` after commit. Idempotent."""
    require_role(moderator, Role.MODERATOR)
    owner = comment.discussion.owner
    with transaction.atomic(durable=True):
        locked = Comment.objects.select_for_update().select_related("author").get(pk=comment.pk)
        if locked.moderation_status != Comment.ModerationStatus.HIDDEN:
            return
        locked.moderation_status = (
            Comment.ModerationStatus.WITHDRAWN
            if locked.deleted_at is not None
            else Comment.ModerationStatus.PUBLISHED
        )
        locked.moderation_reason = ""
        locked.save(update_fields=["moderation_status", "moderation_reason", "updated_at"])
        if locked.counts_as_visible:
            _change_visible_count(locked.discussion, owner, +1)
        notify(
            [locked.author],
            kind="deliberation.restored",
            subject=_("Tu comentario fue restaurado"),
            body=_("La moderación revisó tu comentario y volvió a publicarlo."),
            url=comment_page_url(locked, owner),
            urgent=True,
        )
        _requote_notifications(locked)
        record_event(locked.discussion_id, DiscussionEvent.Kind.RESTORED, locked)
