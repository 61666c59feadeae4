"""Every write of the deliberation engine.

``do_*`` assume valid input; ``check_*`` validate (``rules``, rate limits) and raise
``ValidationError`` with a Spanish sentence, then call the ``do_*``. Top-level actions
run in ``transaction.atomic(durable=True)``; live events (``rooms.record_event``) and
e-mail go out after commit. ``create_discussion`` and ``add_follow`` run inside other
actions' transactions.
"""

from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from accounts.actions import notify, requote_notifications, retitle_notifications
from accounts.models import User
from accounts.roles import Role, division_spoken_for, require_role
from deliberation import ratelimits, rules
from deliberation.events import CommentEvent, record_comment_event
from deliberation.markup import render_markdown
from deliberation.models import (
    Comment,
    CommentRevision,
    CommentVote,
    Contribution,
    Discussion,
    Follow,
    ModerationDecision,
)
from deliberation.queries import follow_key, followers_of
from deliberation.registry import contribution_type_for, policy_for


def _lazy_format(message: str, **params: Any) -> Any:
    """``gettext(message) % params``, evaluated in the language active when rendered.

    notify() renders subjects in each recipient's language. Pass the message through
    ``gettext_noop`` at the call, or makemessages never extracts it (and it stays Spanish).
    """
    return lazy(lambda: gettext(message) % params, str)()


def comment_notification_source(comment: Comment) -> str:
    """What notifications quoting ``comment`` carry as ``source``."""
    return f"deliberation.comment:{comment.pk}"


def comment_quote(comment: Comment) -> Any:
    """What a notification quoting ``comment`` shows now: its current text, or the
    placeholder of a deleted or hidden comment (never the old text)."""
    if comment.shows_body:
        return comment.excerpt()
    if comment.moderation_status == Comment.ModerationStatus.HIDDEN:
        return _("Este comentario fue ocultado por moderación.")
    return _("Quien escribió este comentario lo borró.")


def _requote_notifications(comment: Comment) -> None:
    requote_notifications(comment_notification_source(comment), comment_quote(comment))


def _refuse_if_rate_limited(user: User, action: str) -> None:
    wait = ratelimits.consume(user.pk, action)
    if wait is not None:
        raise ValidationError(rules.rate_limited(action, wait), code="rate_limited")


def _refuse(refusal: Any) -> None:
    if refusal is not None:
        raise ValidationError(str(refusal), code="refused")


def _change_visible_count(discussion: Discussion, owner: Any, delta: int) -> None:
    Discussion.objects.filter(pk=discussion.pk).update(comment_count=F("comment_count") + delta)
    policy_for(owner).on_comment_count_change(owner, delta)


def change_visible_comment_count(comment: Comment, delta: int) -> None:
    """Move the counters of ``comment``'s discussion and owner by ``delta`` (F(), inside
    the caller's transaction): the comment type's hook for moderation."""
    _change_visible_count(comment.discussion, comment.discussion.owner, delta)


# --- Discussions -------------------------------------------------------------------------


def create_discussion(owner: models.Model) -> Discussion:
    """The discussion of ``owner`` (a registered owner), created if it has none.

    For the owner's own create action (``do_create_proposal``), inside its transaction,
    so a GET never has to write; idempotent and safe under concurrency (the
    one-discussion-per-owner constraint decides, without a savepoint). Two queries.
    """
    content_type = ContentType.objects.get_for_model(owner)
    Discussion.objects.bulk_create(
        [
            Discussion(
                content_type=content_type,
                object_id=owner.pk,
                uses_alignment=policy_for(owner).uses_alignment,
            )
        ],
        ignore_conflicts=True,
    )
    return Discussion.objects.get(content_type=content_type, object_id=owner.pk)


def create_discussions(owners: Iterable[models.Model]) -> None:
    """``create_discussion`` for many owners of one registered model at once (data
    generators and demos that create owners in bulk). Inside or outside a transaction."""
    owners = list(owners)
    if not owners:
        return
    content_type = ContentType.objects.get_for_model(owners[0])
    uses_alignment = policy_for(owners[0]).uses_alignment
    Discussion.objects.bulk_create(
        [
            Discussion(content_type=content_type, object_id=owner.pk, uses_alignment=uses_alignment)
            for owner in owners
        ],
        batch_size=1000,
        ignore_conflicts=True,
    )


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
    """Anyone the owner lets comment (``rules.commenting_refusal``), replying only where
    a reply may go, and not too often (rate limit); then ``do_post_comment``."""
    _refuse(rules.commenting_refusal(author, discussion, discussion.owner))
    if parent is not None:
        refusal = rules.replying_refusal(discussion, parent)
        if refusal is not None:
            raise ValidationError(str(refusal), code="parent")
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
    """Publish a comment or a reply; ``body`` is the text as typed (the Markdown subset
    of ``markup``), kept as ``body_source`` next to the HTML it becomes. An official
    acting as one speaks for their division (``speaks_for``, kept for good).

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
            speaks_for_id=division_spoken_for(author),
            body_source=body,
            body=render_markdown(body),
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
        record_comment_event(comment, CommentEvent.CREATED)
    return comment


def _notify_new_comment(comment: Comment, owner: Any, parent: Comment | None) -> None:
    policy = policy_for(owner)
    title = policy.title(owner)
    url = comment.page_url(owner)
    excerpt = comment.excerpt()
    source = comment_notification_source(comment)
    already = {comment.author_id}
    if parent is not None and parent.author_id not in already and not parent.is_deleted:
        notify(
            [parent.author],
            kind="deliberation.reply",
            subject=_lazy_format(
                gettext_noop("%(name)s respondió tu comentario en «%(title)s»"),
                name=comment.author_name,
                title=title,
            ),
            body=excerpt,
            url=url,
            source=source,
        )
        already.add(parent.author_id)
    targets = [owner, comment.discussion, *policy.also_followed(owner)]
    followers = followers_of(targets).exclude(pk__in=already)
    notify(
        followers,
        kind="deliberation.comment",
        subject=_lazy_format(
            gettext_noop("%(name)s comentó en «%(title)s»"),
            name=comment.author_name,
            title=title,
        ),
        body=excerpt,
        url=url,
        source=source,
    )


def check_edit_comment(author: User, *, comment: Comment, body: str) -> Comment:
    """The author only, while the comment is neither deleted nor hidden
    (``rules.editing_refusal``), and not too often (rate limit); then ``do_edit_comment``."""
    _refuse(rules.editing_refusal(author, comment))
    _refuse_if_rate_limited(author, "comment_edit")
    return do_edit_comment(author, comment=comment, body=body)


def do_edit_comment(author: User, *, comment: Comment, body: str) -> Comment:
    """Replace the text (``body``: as typed, the Markdown subset), keeping the previous one
    as a revision; marks it "editado".

    Locks the comment row. When what readers see stays the same, only the typed text is
    kept (no revision, no "editado", no broadcast). Broadcasts ``comment.updated`` after
    commit.
    """
    html = render_markdown(body)
    with transaction.atomic(durable=True):
        locked = Comment.objects.select_for_update().get(pk=comment.pk)
        if html == locked.body:
            if body != locked.body_source:
                locked.body_source = body
                locked.save(update_fields=["body_source"])
            comment.body_source = locked.body_source
            return locked
        CommentRevision.objects.create(
            comment=locked, body_source=locked.body_source, body=locked.body
        )
        locked.body_source, locked.body = body, html
        locked.edited_at = timezone.now()
        locked.save(update_fields=["body_source", "body", "edited_at", "updated_at"])
        _requote_notifications(locked)
        record_comment_event(locked, CommentEvent.UPDATED)
    comment.body_source, comment.body = locked.body_source, locked.body
    comment.edited_at = locked.edited_at
    return locked


def do_delete_comment(author: User, *, comment: Comment) -> None:
    """The author deletes their comment: a placeholder stays so replies keep context;
    without replies it leaves the thread altogether (``_leave_thread``).

    The row, its text and its history are kept (moderation, data export); the text is
    never shown again. Locks the row; a published comment stops counting. Broadcasts
    ``comment.deleted`` after commit (and for each deleted ancestor that leaves with it).
    Idempotent.
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
            _change_visible_count(comment.discussion, owner, -1)
        _requote_notifications(locked)
        if locked.reply_count == 0:
            _leave_thread(locked)
        record_comment_event(locked, CommentEvent.DELETED)


def _leave_thread(comment: Comment) -> None:
    """A deleted comment without replies leaves its thread: its ancestors stop counting it
    (``reply_count``, which also shows "Ver N respuestas más" and sorts "Más comentados").
    A deleted parent left without replies leaves too, with its own event. Replies cannot
    arrive meanwhile: deleted comments take none. Inside the delete's transaction; locks
    the parent (the root's row is only updated)."""
    if comment.parent_id is None:
        return
    ancestors = {comment.parent_id, comment.root_id or comment.parent_id}
    Comment.objects.filter(pk__in=ancestors).update(reply_count=F("reply_count") - 1)
    parent = Comment.objects.select_for_update().get(pk=comment.parent_id)
    if parent.left_thread:
        _leave_thread(parent)
        record_comment_event(parent, CommentEvent.DELETED)


# --- Votes ---------------------------------------------------------------------------------


def check_vote_comment(voter: User, *, comment: Comment, value: int) -> tuple[int, int, int]:
    """Whoever may comment, on others' comments whose text is shown
    (``rules.voting_refusal``), and not too often; then ``do_vote_comment``."""
    _refuse(rules.voting_refusal(voter, comment, comment.discussion.owner))
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
            record_comment_event(comment, CommentEvent.VOTED)
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


# --- Moderation: one hide and one restore for every contribution type --------------------


def _lock_contribution(contribution: Contribution) -> Contribution:
    """The contribution's row, locked (its own row only), with its author and whatever its
    type's hooks read."""
    contribution_type = contribution_type_for(contribution)
    model = type(contribution)
    return (
        model._default_manager.select_for_update(of=("self",))
        .select_related("author", "speaks_for", *contribution_type.related)
        .get(pk=contribution.pk)
    )


def _decide(
    moderator: User, locked: Contribution, action: str, reason: str, status_before: str
) -> None:
    ModerationDecision.objects.create(
        content_type=ContentType.objects.get_for_model(locked),
        object_id=locked.pk,
        action=action,
        moderator=moderator,
        reason=reason,
        status_before=status_before,
    )


# What notification subjects quote instead of the title of a hidden contribution.
HIDDEN_TITLE = _("contenido oculto por moderación")


def _after_moderation(locked: Contribution, action: str) -> None:
    contribution_type = contribution_type_for(locked)
    if contribution_type.notification_source is not None and contribution_type.quote:
        requote_notifications(
            contribution_type.notification_source(locked), contribution_type.quote(locked)
        )
    # Subjects quote titles ("Jorge comentó en «…»"): hidden, the title gives way.
    title, url = contribution_type.title(locked), contribution_type.url(locked)
    if action == ModerationDecision.Action.HIDE:
        retitle_notifications(url, title, HIDDEN_TITLE)
    else:
        retitle_notifications(url, HIDDEN_TITLE, title)
    contribution_type.on_moderated(locked, action)


def do_hide_contribution(moderator: User, *, contribution: Contribution, reason: str) -> None:
    """A moderator (with 2FA: ``require_role``) hides a contribution of any registered
    type, showing ``reason`` in its place.

    Locks the row. Idempotent: a hidden contribution stays as it is. Keeps the decision
    (``ModerationDecision``, with the status before); a contribution that counted stops
    counting (its type's ``on_visible_change``); notifies the author at once (urgent, in
    its type's words); rewrites notifications that quote it to the placeholder; its type
    records the live event (comments: ``comment.hidden``, broadcast after commit), so the
    text never reaches a page, a socket or a catch-up again.
    """
    require_role(moderator, Role.MODERATOR)
    contribution_type = contribution_type_for(contribution)
    with transaction.atomic(durable=True):
        locked = _lock_contribution(contribution)
        if locked.moderation_status == Contribution.ModerationStatus.HIDDEN:
            return
        was_visible = contribution_type.counts_as_visible(locked)
        status_before = locked.moderation_status
        locked.moderation_status = Contribution.ModerationStatus.HIDDEN
        locked.moderation_reason = reason
        locked.save(update_fields=["moderation_status", "moderation_reason", "updated_at"])
        _decide(moderator, locked, ModerationDecision.Action.HIDE, reason, status_before)
        if was_visible:
            contribution_type.on_visible_change(locked, -1)
        notify(
            [locked.author],
            kind="deliberation.hidden",
            subject=contribution_type.hidden_subject,
            body=_lazy_format(gettext_noop("Motivo: %(reason)s"), reason=reason),
            url=contribution_type.url(locked),
            urgent=True,
        )
        _after_moderation(locked, ModerationDecision.Action.HIDE)
    contribution.moderation_status = locked.moderation_status
    contribution.moderation_reason = locked.moderation_reason


def do_restore_contribution(moderator: User, *, contribution: Contribution) -> None:
    """A moderator (with 2FA: ``require_role``) restores a hidden contribution of any
    registered type to the status it had before it was hidden (its type may adjust it: a
    comment its author deleted stays withdrawn); published when that is unknown.

    Locks the row. Idempotent: anything not hidden stays as it is. Keeps the decision; a
    contribution that counts again moves its counters back; notifies the author at once
    (urgent); rewrites quoting notifications to the text; its type records the live
    event (comments: ``comment.restored``, broadcast after commit).
    """
    require_role(moderator, Role.MODERATOR)
    contribution_type = contribution_type_for(contribution)
    with transaction.atomic(durable=True):
        locked = _lock_contribution(contribution)
        if locked.moderation_status != Contribution.ModerationStatus.HIDDEN:
            return
        last_hide = (
            ModerationDecision.objects.filter(
                content_type=ContentType.objects.get_for_model(locked),
                object_id=locked.pk,
                action=ModerationDecision.Action.HIDE,
            )
            .order_by("-id")
            .values_list("status_before", flat=True)
            .first()
        )
        status_before = last_hide or Contribution.ModerationStatus.PUBLISHED
        locked.moderation_status = contribution_type.restored_status(locked, status_before)
        locked.moderation_reason = ""
        locked.save(update_fields=["moderation_status", "moderation_reason", "updated_at"])
        _decide(
            moderator,
            locked,
            ModerationDecision.Action.RESTORE,
            "",
            Contribution.ModerationStatus.HIDDEN,
        )
        if contribution_type.counts_as_visible(locked):
            contribution_type.on_visible_change(locked, +1)
        notify(
            [locked.author],
            kind="deliberation.restored",
            subject=contribution_type.restored_subject,
            body=contribution_type.restored_body,
            url=contribution_type.url(locked),
            urgent=True,
        )
        _after_moderation(locked, ModerationDecision.Action.RESTORE)
    contribution.moderation_status = locked.moderation_status
    contribution.moderation_reason = locked.moderation_reason
