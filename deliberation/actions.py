"""Every write of the deliberation engine.

``do_*`` assume valid input; ``check_*`` validate (``rules``, rate limits) and raise
``ValidationError`` with a Spanish sentence, then call the ``do_*``. Top-level actions
run in ``transaction.atomic(durable=True)``; live events (``rooms.record_event``) and
e-mail go out after commit. ``create_discussion`` and ``add_follow`` run inside other
actions' transactions.
"""

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from accounts.actions import audit, notify, requote_notifications, retitle_notifications
from accounts.models import User
from accounts.roles import Role, division_spoken_for, require_role
from deliberation import ratelimits, rules
from deliberation.events import CommentEvent, record_comment_event
from deliberation.markup import render_markdown
from deliberation.models import (
    Appeal,
    Block,
    Comment,
    CommentRevision,
    CommentVote,
    Contribution,
    Discussion,
    Follow,
    ModerationCase,
    ModerationDecision,
    ModeratorNote,
    Report,
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
    pending = discussion.is_premoderated or policy_for(owner).premoderated(owner)
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
            moderation_status=(
                Comment.ModerationStatus.PENDING if pending else Comment.ModerationStatus.PUBLISHED
            ),
        )
        add_follow(author, owner)
        if pending:
            # Nobody else hears of it until a moderator approves it (``publish_comment``).
            hold_for_review(comment)
        else:
            _change_visible_count(discussion, owner, +1)
            publish_comment(comment, owner)
    return comment


def publish_comment(comment: Comment, owner: Any) -> None:
    """A comment becomes part of its thread: its ancestors count the reply, its owner and
    discussion count it, the followers are told and the room hears ``comment.created``.
    Inside the posting (or approving) action's transaction."""
    if comment.parent_id is not None:
        ancestors = {comment.parent_id, comment.root_id or comment.parent_id}
        Comment.objects.filter(pk__in=ancestors).update(reply_count=F("reply_count") + 1)
    _notify_new_comment(comment, owner, comment.parent)
    record_comment_event(comment, CommentEvent.CREATED)


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


# --- Moderation: one set of actions for every contribution type -----------------------


def _lock_contribution(contribution: Contribution) -> Contribution:
    """The contribution's row, locked (its own row only), with its author and whatever its
    type's hooks read. Every moderation action locks it first, so reports, decisions and
    appeals on one contribution take turns (and its case row needs no lock of its own)."""
    contribution_type = contribution_type_for(contribution)
    model = type(contribution)
    return (
        model._default_manager.select_for_update(of=("self",))
        .select_related("author", "speaks_for", *contribution_type.related)
        .get(pk=contribution.pk)
    )


def _key(contribution: Contribution) -> dict[str, Any]:
    return {
        "content_type": ContentType.objects.get_for_model(contribution),
        "object_id": contribution.pk,
    }


def _decide(
    moderator: User | None,
    locked: Contribution,
    action: str,
    *,
    status_before: str,
    reason: str = "",
    category: str = "",
) -> ModerationDecision:
    """Keep the decision, and append it to the administrators' audit log."""
    decision = ModerationDecision.objects.create(
        **_key(locked),
        action=action,
        moderator=moderator,
        reason=reason,
        category=category,
        status_before=status_before,
    )
    audit(
        moderator,
        f"moderation.{action}",
        locked,
        before={"moderation_status": status_before},
        after={
            "moderation_status": locked.moderation_status,
            "reason": reason,
            "category": category,
        },
    )
    return decision


def _case(locked: Contribution, state: str) -> ModerationCase:
    """The contribution's case in the queue, opened in ``state`` if it has none (its
    kind and space are kept for the queue's filters). Inside the action's transaction,
    under the contribution's lock."""
    contribution_type = contribution_type_for(locked)
    space = contribution_type.space(locked)
    case, _created = ModerationCase.objects.get_or_create(
        **_key(locked),
        defaults={
            "kind": contribution_type.slug,
            "space_key": space.key if space else "",
            "space_title": space.title[:300] if space else "",
            "author_id": locked.author_id,
            "state": state,
        },
    )
    return case


def _move_case(locked: Contribution, state: str, *, dismiss_reports: bool = False) -> None:
    """Put the contribution's case in ``state`` (opening it if needed); closing it may
    dismiss the open reports, which then stop counting."""
    case = _case(locked, state)
    now = timezone.now()
    fields: dict[str, Any] = {"state": state, "updated_at": now}
    if dismiss_reports:
        Report.objects.filter(**_key(locked), dismissed_at__isnull=True).update(dismissed_at=now)
        fields["open_reports"] = 0
    if case.state == ModerationCase.State.CLOSED and state in ModerationCase.OPEN_STATES:
        fields["opened_at"] = now
    ModerationCase.objects.filter(pk=case.pk).update(**fields)


def moderators_to_tell(exclude: Iterable[int] = ()) -> models.QuerySet:
    """The people who hold the moderator role (told when something awaits them)."""
    return User.objects.filter(is_moderator=True, is_active=True, deleted_at__isnull=True).exclude(
        pk__in=list(exclude)
    )


# What notification subjects quote instead of the title of a hidden contribution.
HIDDEN_TITLE = _("contenido oculto por moderación")


def _after_moderation(locked: Contribution, action: str) -> None:
    """Requote and retitle notifications, and let its type record the live event.
    ``action``: "hide" (it stopped being shown) or "restore" (it is shown again)."""
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


def _hide(locked: Contribution, reason: str) -> bool:
    """Hide the locked row (counters, notifications, live event); whether it counted."""
    contribution_type = contribution_type_for(locked)
    was_visible = contribution_type.counts_as_visible(locked)
    locked.moderation_status = Contribution.ModerationStatus.HIDDEN
    locked.moderation_reason = reason
    locked.save(update_fields=["moderation_status", "moderation_reason", "updated_at"])
    if was_visible:
        contribution_type.on_visible_change(locked, -1)
    _after_moderation(locked, ModerationDecision.Action.HIDE)
    return was_visible


def _show(locked: Contribution, status: str) -> None:
    """Show the locked row again in ``status`` (counters, notifications, live event)."""
    contribution_type = contribution_type_for(locked)
    locked.moderation_status = status
    locked.moderation_reason = ""
    locked.save(update_fields=["moderation_status", "moderation_reason", "updated_at"])
    if contribution_type.counts_as_visible(locked):
        contribution_type.on_visible_change(locked, +1)
    _after_moderation(locked, ModerationDecision.Action.RESTORE)


def _tell_author(locked: Contribution, kind: str, subject: Any, body: Any) -> None:
    notify(
        [locked.author],
        kind=kind,
        subject=subject,
        body=body,
        url=contribution_type_for(locked).url(locked),
        urgent=True,
    )


def _refuse_moderating(moderator: User, contribution: Contribution) -> None:
    require_role(moderator, Role.MODERATOR)
    _refuse(rules.moderating_refusal(moderator, contribution))


# Reports ----------------------------------------------------------------------------------


def check_report_contribution(
    reporter: User, *, contribution: Contribution, reason: str, details: str = ""
) -> bool:
    """Any signed-in person but its author, once per contribution, while it is published
    (``rules.reporting_refusal``), not too often; then ``do_report_contribution``."""
    already = Report.objects.filter(**_key(contribution), reporter=reporter).exists()
    _refuse(rules.reporting_refusal(reporter, contribution, already=already))
    _refuse_if_rate_limited(reporter, "report")
    return do_report_contribution(
        reporter, contribution=contribution, reason=reason, details=details
    )


def do_report_contribution(
    reporter: User, *, contribution: Contribution, reason: str, details: str = ""
) -> bool:
    """Record the report and open (or update) the contribution's case. At
    ``settings.CABILDO_REPORTS_TO_HIDE`` open reports from different people a published
    contribution is hidden pending review: its counters move, its author and every
    moderator are told, its type records the live event (comments: ``comment.hidden``,
    broadcast after commit, so everyone watching sees it go). Returns whether this report
    hid it.

    Locks the contribution's row, so concurrent reports count one by one; the
    one-report-per-person constraint refuses a second report, in Spanish.
    """
    contribution_type = contribution_type_for(contribution)
    with transaction.atomic(durable=True):
        locked = _lock_contribution(contribution)
        if Report.objects.filter(**_key(locked), reporter=reporter).exists():
            _refuse(rules.ALREADY_REPORTED)
        if locked.moderation_status != Contribution.ModerationStatus.PUBLISHED:
            _refuse(rules.NOT_REPORTABLE)
        Report.objects.create(**_key(locked), reporter=reporter, reason=reason, details=details)
        case = _case(locked, ModerationCase.State.REPORTED)
        open_reports = Report.objects.filter(**_key(locked), dismissed_at__isnull=True).count()
        state = case.state if case.state in ModerationCase.OPEN_STATES else "reported"
        hides = open_reports >= settings.CABILDO_REPORTS_TO_HIDE
        if hides:
            state = ModerationCase.State.REVIEW
        ModerationCase.objects.filter(pk=case.pk).update(
            open_reports=open_reports, state=state, updated_at=timezone.now()
        )
        if hides:
            _hide(locked, "")
            _decide(
                None,
                locked,
                ModerationDecision.Action.AUTO_HIDE,
                status_before=Contribution.ModerationStatus.PUBLISHED,
            )
            _tell_author(
                locked,
                "deliberation.hidden",
                contribution_type.hidden_subject,
                _(
                    "Varias personas lo reportaron: queda oculto mientras la moderación lo "
                    "revisa. Te avisaremos de su decisión."
                ),
            )
            notify(
                moderators_to_tell(exclude=[locked.author_id]),
                kind="deliberation.review",
                subject=_lazy_format(
                    gettext_noop("Un aporte quedó oculto por %(count)d reportes"),
                    count=open_reports,
                ),
                body=_("Revísalo en la cola de moderación."),
                url=reverse("moderation:queue") + "?estado=review",
                urgent=True,
            )
    return hides


# Decisions --------------------------------------------------------------------------------


def do_hide_contribution(
    moderator: User, *, contribution: Contribution, reason: str, category: str = ""
) -> None:
    """A moderator (2FA: ``require_role``; never on their own contribution) hides a
    contribution of any registered type, pending or published, showing "Ocultado por
    moderación: ``reason``" in its place; ``category`` is a ``Report.Reason``.

    Locks the row. A contribution hidden by reports (no reason yet) gets the moderator's
    reason; one already hidden by a moderator stays as it is. Keeps the decision (with
    the status before) and the audit entry; closes its case (its reports are settled); a
    contribution that counted stops counting; tells the author at once (urgent, with the
    reason and how to appeal); rewrites notifications that quote it; its type records
    the live event (comments: ``comment.hidden``, broadcast after commit).
    """
    _refuse_moderating(moderator, contribution)
    contribution_type = contribution_type_for(contribution)
    with transaction.atomic(durable=True):
        locked = _lock_contribution(contribution)
        status_before = locked.moderation_status
        if status_before == Contribution.ModerationStatus.HIDDEN:
            if locked.moderation_reason:
                return
            # Hidden by reports: the moderator confirms it, with the public reason.
            status_before = Contribution.ModerationStatus.PUBLISHED
            locked.moderation_reason = reason
            locked.save(update_fields=["moderation_reason", "updated_at"])
            contribution_type.on_moderated(locked, ModerationDecision.Action.HIDE)
        else:
            _hide(locked, reason)
        _decide(
            moderator,
            locked,
            ModerationDecision.Action.HIDE,
            status_before=status_before,
            reason=reason,
            category=category,
        )
        _move_case(locked, ModerationCase.State.CLOSED, dismiss_reports=True)
        _tell_author(
            locked,
            "deliberation.hidden",
            contribution_type.hidden_subject,
            _lazy_format(gettext_noop("Motivo: %(reason)s"), reason=reason),
        )
    contribution.moderation_status = locked.moderation_status
    contribution.moderation_reason = locked.moderation_reason


def do_restore_contribution(moderator: User, *, contribution: Contribution) -> None:
    """A moderator (2FA; never on their own contribution) settles a contribution's reports
    in its favour: a hidden one returns to the status it had before it was hidden (its
    type may adjust it: a comment its author deleted stays withdrawn); a visible one only
    has its reports dismissed. A pending one is approved (``do_approve_contribution``).

    Locks the row. Idempotent. Keeps the decision and the audit entry; closes the case
    and dismisses its open reports; a contribution that counts again moves its counters
    back; tells the author at once; rewrites quoting notifications to the text; its type
    records the live event (comments: ``comment.restored``, broadcast after commit).
    """
    _refuse_moderating(moderator, contribution)
    contribution_type = contribution_type_for(contribution)
    if contribution.moderation_status == Contribution.ModerationStatus.PENDING:
        do_approve_contribution(moderator, contribution=contribution)
        return
    with transaction.atomic(durable=True):
        locked = _lock_contribution(contribution)
        if locked.moderation_status != Contribution.ModerationStatus.HIDDEN:
            if Report.objects.filter(**_key(locked), dismissed_at__isnull=True).exists():
                _decide(
                    moderator,
                    locked,
                    ModerationDecision.Action.DISMISS,
                    status_before=locked.moderation_status,
                )
                _move_case(locked, ModerationCase.State.CLOSED, dismiss_reports=True)
            return
        _show(locked, contribution_type.restored_status(locked, _status_before_hiding(locked)))
        _decide(
            moderator,
            locked,
            ModerationDecision.Action.RESTORE,
            status_before=Contribution.ModerationStatus.HIDDEN,
        )
        _move_case(locked, ModerationCase.State.CLOSED, dismiss_reports=True)
        _tell_author(
            locked,
            "deliberation.restored",
            contribution_type.restored_subject,
            contribution_type.restored_body,
        )
    contribution.moderation_status = locked.moderation_status
    contribution.moderation_reason = locked.moderation_reason


def _status_before_hiding(locked: Contribution) -> str:
    """The status the contribution had before its last hide (published when unknown)."""
    last_hide = (
        ModerationDecision.objects.filter(
            **_key(locked),
            action__in=[ModerationDecision.Action.HIDE, ModerationDecision.Action.AUTO_HIDE],
        )
        .order_by("-id")
        .values_list("status_before", flat=True)
        .first()
    )
    if last_hide in (None, Contribution.ModerationStatus.PENDING):
        return Contribution.ModerationStatus.PUBLISHED
    return last_hide


def do_approve_contribution(moderator: User, *, contribution: Contribution) -> None:
    """A moderator (2FA; never their own) publishes a contribution that waited in
    pre-moderation: it starts counting, its type records the live event (comments:
    ``comment.created`` for everyone watching, and the followers are told now), and its
    author hears it was approved. Locks the row; idempotent."""
    _refuse_moderating(moderator, contribution)
    contribution_type = contribution_type_for(contribution)
    with transaction.atomic(durable=True):
        locked = _lock_contribution(contribution)
        if locked.moderation_status != Contribution.ModerationStatus.PENDING:
            _refuse(rules.NOT_PENDING)
        locked.moderation_status = Contribution.ModerationStatus.PUBLISHED
        locked.save(update_fields=["moderation_status", "updated_at"])
        if contribution_type.counts_as_visible(locked):
            contribution_type.on_visible_change(locked, +1)
        contribution_type.on_moderated(locked, ModerationDecision.Action.APPROVE)
        _decide(
            moderator,
            locked,
            ModerationDecision.Action.APPROVE,
            status_before=Contribution.ModerationStatus.PENDING,
        )
        _move_case(locked, ModerationCase.State.CLOSED, dismiss_reports=True)
        _tell_author(
            locked,
            "deliberation.approved",
            _("Tu aporte fue aprobado y ya está publicado"),
            _("La moderación revisó tu aporte y lo publicó."),
        )
    contribution.moderation_status = locked.moderation_status


def do_ask_edit(moderator: User, *, contribution: Contribution, reason: str) -> None:
    """A moderator (2FA; never their own) asks the author to edit their contribution,
    saying why; it stays as it is. Keeps the decision; the case waits for the author."""
    _refuse_moderating(moderator, contribution)
    with transaction.atomic(durable=True):
        locked = _lock_contribution(contribution)
        _decide(
            moderator,
            locked,
            ModerationDecision.Action.ASK_EDIT,
            status_before=locked.moderation_status,
            reason=reason,
        )
        _move_case(locked, ModerationCase.State.EDIT_REQUESTED, dismiss_reports=True)
        _tell_author(
            locked,
            "deliberation.edit_requested",
            _("La moderación te pide editar tu aporte"),
            _lazy_format(gettext_noop("Motivo: %(reason)s"), reason=reason),
        )


def do_add_moderator_note(moderator: User, *, contribution: Contribution, text: str) -> None:
    """A moderator (2FA) leaves a private note on a contribution for the team."""
    require_role(moderator, Role.MODERATOR)
    with transaction.atomic(durable=True):
        ModeratorNote.objects.create(**_key(contribution), author=moderator, text=text)


# Appeals ----------------------------------------------------------------------------------


def appealable_decision(contribution: Contribution) -> ModerationDecision | None:
    """The moderator's decision that hid ``contribution`` (the one an appeal is about),
    or None while it is not hidden by a moderator."""
    if contribution.moderation_status != Contribution.ModerationStatus.HIDDEN:
        return None
    decision = (
        ModerationDecision.objects.filter(**_key(contribution))
        .exclude(action=ModerationDecision.Action.ASK_EDIT)
        .order_by("-id")
        .first()
    )
    if decision is None or decision.action != ModerationDecision.Action.HIDE:
        return None
    return decision


def check_appeal_decision(author: User, *, contribution: Contribution, text: str) -> Appeal:
    """The author of a contribution a moderator hid, once per contribution
    (``rules.appealing_refusal``); then ``do_appeal_decision``."""
    already = Appeal.objects.filter(**_key(contribution)).exists()
    decision = appealable_decision(contribution)
    _refuse(rules.appealing_refusal(author, contribution, decision, already=already))
    return do_appeal_decision(author, contribution=contribution, decision=decision, text=text)


def do_appeal_decision(
    author: User, *, contribution: Contribution, decision: ModerationDecision, text: str
) -> Appeal:
    """Record the appeal and put the case back in the queue as "apelado"; every
    moderator but the one who decided is told. Locks the contribution's row; the
    one-appeal-per-contribution constraint backs the rule."""
    with transaction.atomic(durable=True):
        locked = _lock_contribution(contribution)
        if Appeal.objects.filter(**_key(locked)).exists():
            _refuse(rules.ALREADY_APPEALED)
        appeal = Appeal.objects.create(
            **_key(locked), decision=decision, appellant=author, text=text
        )
        _move_case(locked, ModerationCase.State.APPEALED)
        audit(author, "moderation.appeal", locked, after={"appeal": appeal.pk})
        notify(
            moderators_to_tell(exclude=[decision.moderator_id, author.pk]),
            kind="deliberation.appeal",
            subject=_("Una decisión de moderación fue apelada"),
            body=_("Otra persona del equipo debe resolverla."),
            url=reverse("moderation:queue") + "?estado=appealed",
        )
    return appeal


def check_resolve_appeal(
    moderator: User, *, appeal: Appeal, overturn: bool, resolution: str
) -> None:
    """A moderator (2FA) other than the one who decided, never on their own contribution
    (``rules.resolving_appeal_refusal``); then ``do_resolve_appeal``."""
    require_role(moderator, Role.MODERATOR)
    _refuse(rules.resolving_appeal_refusal(moderator, appeal))
    do_resolve_appeal(moderator, appeal=appeal, overturn=overturn, resolution=resolution)


def do_resolve_appeal(moderator: User, *, appeal: Appeal, overturn: bool, resolution: str) -> None:
    """Overturn (the contribution is shown again, as a restore does) or uphold (it stays
    hidden) the appealed decision, with a written answer the author receives. Locks the
    contribution's row, then the appeal's; keeps the decision, the audit entry; closes
    the case."""
    contribution = appeal.contribution
    contribution_type = contribution_type_for(contribution)
    with transaction.atomic(durable=True):
        locked = _lock_contribution(contribution)
        appeal = Appeal.objects.select_for_update().get(pk=appeal.pk)
        if appeal.status != Appeal.Status.OPEN:
            _refuse(rules.APPEAL_RESOLVED)
        appeal.status = Appeal.Status.OVERTURNED if overturn else Appeal.Status.UPHELD
        appeal.resolved_by, appeal.resolution = moderator, resolution
        appeal.resolved_at = timezone.now()
        appeal.save(update_fields=["status", "resolved_by", "resolution", "resolved_at"])
        if overturn and locked.moderation_status == Contribution.ModerationStatus.HIDDEN:
            _show(locked, contribution_type.restored_status(locked, _status_before_hiding(locked)))
        _decide(
            moderator,
            locked,
            ModerationDecision.Action.OVERTURN if overturn else ModerationDecision.Action.UPHOLD,
            status_before=Contribution.ModerationStatus.HIDDEN,
            reason=resolution,
        )
        _move_case(locked, ModerationCase.State.CLOSED, dismiss_reports=True)
        _tell_author(
            locked,
            "deliberation.appeal_resolved",
            _("Tu apelación fue acogida: tu aporte volvió a publicarse")
            if overturn
            else _("Tu apelación fue rechazada: tu aporte sigue oculto"),
            resolution,
        )


# Blocks -----------------------------------------------------------------------------------


def check_block_person(moderator: User, *, person: User, reason: str, until: Any = None) -> Block:
    """A moderator (2FA) blocks someone else; then ``do_block_person``."""
    require_role(moderator, Role.MODERATOR)
    if person.pk == moderator.pk:
        _refuse(rules.BLOCK_SELF)
    return do_block_person(moderator, person=person, reason=reason, until=until)


def do_block_person(moderator: User, *, person: User, reason: str, until: Any = None) -> Block:
    """Block ``person`` from taking part until ``until`` (None: for good): writing,
    supporting, voting and reporting are refused with the reason and the date
    (``rules.block_refusal``). They are told at once, with the reason. Audited."""
    with transaction.atomic(durable=True):
        block = Block.objects.create(user=person, moderator=moderator, reason=reason, until=until)
        _sync_blocked_until(person)
        audit(
            moderator,
            "moderation.block",
            person,
            after={"until": until.isoformat() if until else None, "reason": reason},
        )
        notify(
            [person],
            kind="deliberation.blocked",
            subject=_("Tu cuenta fue bloqueada por moderación"),
            body=str(rules.block_refusal(person)),
            url=reverse("accounts:profile"),
            urgent=True,
        )
    return block


# What ``User.blocked_until`` holds for a block for good.
FOREVER = datetime(9999, 12, 31, tzinfo=UTC)


def _sync_blocked_until(person: User) -> None:
    """Keep ``User.blocked_until`` at the end of the person's longest active block (the
    rules read it without a query)."""
    now = timezone.now()
    active = Block.objects.filter(user=person, lifted_at__isnull=True).exclude(until__lte=now)
    ends = [block.until or FOREVER for block in active.only("until")]
    person.blocked_until = max(ends) if ends else None
    User.objects.filter(pk=person.pk).update(blocked_until=person.blocked_until)


def do_lift_block(moderator: User, *, block: Block) -> None:
    """A moderator (2FA) lifts a block before its end; the row stays. Audited, and the
    person is told."""
    require_role(moderator, Role.MODERATOR)
    with transaction.atomic(durable=True):
        updated = Block.objects.filter(pk=block.pk, lifted_at__isnull=True).update(
            lifted_at=timezone.now(), lifted_by=moderator
        )
        if not updated:
            return
        _sync_blocked_until(block.user)
        audit(moderator, "moderation.unblock", block.user, before={"block": block.pk})
        notify(
            [block.user],
            kind="deliberation.unblocked",
            subject=_("Tu cuenta ya puede participar de nuevo"),
            url=reverse("accounts:profile"),
            urgent=True,
        )


# Pre-moderation ---------------------------------------------------------------------------


def hold_for_review(contribution: Contribution) -> None:
    """Open the pre-moderation case of a contribution just created as pending (inside
    its create action's transaction), and tell the moderators."""
    _case(contribution, ModerationCase.State.PENDING)
    notify(
        moderators_to_tell(exclude=[contribution.author_id]),
        kind="deliberation.pending",
        subject=_("Un aporte espera revisión previa"),
        url=reverse("moderation:queue") + "?estado=pending",
    )
