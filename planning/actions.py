"""Every write of the planning app: recording outcomes, grouping duplicates, reporting
progress. Each ``check_*`` action validates every rule itself (role with the second
factor, the contributions, the progress), so a page, the API or a script get the same
answer: PermissionDenied, or ValidationError with the Spanish sentence of
``planning.rules``."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from accounts.actions import audit, notify
from accounts.models import User
from accounts.roles import require_role
from planning import rules
from planning.models import InstrumentSection, Outcome, OutcomeLink, OutcomeUpdate
from planning.registry import ResolvedContribution, contribution_resolver

type ContributionKey = tuple[int, int]


@dataclass(frozen=True)
class OutcomeInput:
    contributions: Sequence[ContributionKey]
    decision: str
    justification: str
    section_ids: Sequence[int]
    progress: int = 0
    on: date | None = None


@dataclass(frozen=True)
class OutcomeChange:
    decision: str
    progress: int
    note: str = ""
    on: date | None = None
    justification: str = ""


def resolve_for_outcome(keys: Sequence[ContributionKey]) -> list[ResolvedContribution]:
    """The contributions at ``keys`` (one query per kind), or ValidationError with the
    sentence of the first that cannot take an outcome (missing, hidden or pending)."""
    if not keys:
        raise ValidationError(rules.NO_CONTRIBUTIONS)
    found = contribution_resolver().load(keys, public_only=False)
    resolved = []
    for key in keys:
        refusal = rules.contribution_refusal(found.get(key))
        if refusal is not None:
            raise ValidationError(refusal)
        resolved.append(found[key])
    return resolved


def _refuse_linked(keys: Sequence[ContributionKey], *, outcome: Outcome | None = None) -> None:
    for content_type_id, object_id in keys:
        linked = OutcomeLink.objects.filter(content_type_id=content_type_id, object_id=object_id)
        if outcome is not None:
            linked = linked.exclude(outcome=outcome)
        if linked.exists():
            raise ValidationError(rules.ALREADY_LINKED)


def _notify_outcome(
    outcome: Outcome, contributions: Sequence[ResolvedContribution], *, actor: User, changed: bool
) -> None:
    decision = Outcome.Decision(outcome.decision).label
    for contribution in contributions:
        if not contribution.is_visible:
            continue  # hidden since: its outcome is no longer public news
        subject = (
            format_lazy(
                _("Avance del aporte «{title}»: {decision}, {progress} %"),
                title=contribution.title[:80],
                decision=decision,
                progress=outcome.progress,
            )
            if changed
            else format_lazy(
                _("Qué pasó con el aporte «{title}»: {decision}"),
                title=contribution.title[:80],
                decision=decision,
            )
        )
        notify(
            contribution_resolver().people_to_notify(contribution),
            kind="planning.outcome",
            subject=subject,
            body=outcome.justification[:500],
            url=contribution.url,
            exclude=actor,
        )


def check_record_outcome(actor: User, *, data: OutcomeInput) -> Outcome:
    """Record what became of one or more contributions (duplicates share the outcome).

    Moderators and officials with the second factor. Refuses missing, hidden or pending
    contributions, contributions that already have an outcome, progress outside 0 to 100 and
    an outcome without sections. Notifies each contribution's author, supporters and
    followers after commit (``notify`` mails after commit)."""
    require_role(actor, *rules.CURATING_ROLES)
    refusal = rules.progress_refusal(data.progress)
    if refusal is not None:
        raise ValidationError(refusal)
    if data.decision not in Outcome.Decision.values:
        raise ValidationError(_("Elige una decisión."))
    if not data.justification.strip():
        raise ValidationError(_("Escribe la justificación de la decisión."))
    keys = list(dict.fromkeys(data.contributions))
    contributions = resolve_for_outcome(keys)
    sections = list(InstrumentSection.objects.filter(pk__in=data.section_ids))
    if not sections:
        raise ValidationError(rules.NO_SECTIONS)
    now = timezone.now()
    try:
        return _record(actor, data, keys, contributions, sections, now)
    except IntegrityError:
        # Another curator linked one of them meanwhile (the constraint decided).
        raise ValidationError(rules.ALREADY_LINKED) from None


def _record(
    actor: User,
    data: OutcomeInput,
    keys: list[ContributionKey],
    contributions: list[ResolvedContribution],
    sections: list[InstrumentSection],
    now: datetime,
) -> Outcome:
    with transaction.atomic(durable=True):
        _refuse_linked(keys)
        outcome = Outcome.objects.create(
            decision=data.decision,
            justification=data.justification.strip(),
            progress=data.progress,
            decided_by=actor,
            decided_at=now,
            updated_at=now,
        )
        outcome.sections.set(sections)
        # The constraint (one outcome per contribution) settles a race between two curators.
        OutcomeLink.objects.bulk_create(
            [
                OutcomeLink(outcome=outcome, content_type_id=ct, object_id=pk, linked_at=now)
                for ct, pk in keys
            ]
        )
        OutcomeUpdate.objects.create(
            outcome=outcome,
            decision=outcome.decision,
            progress=outcome.progress,
            note="",
            on=data.on or timezone.localdate(),
            actor=actor,
        )
        audit(
            actor,
            "planning.outcome",
            outcome,
            after={
                "decision": outcome.decision,
                "progress": outcome.progress,
                "contributions": [list(key) for key in keys],
                "sections": [section.pk for section in sections],
            },
        )
        _notify_outcome(outcome, contributions, actor=actor, changed=False)
    return outcome


def check_link_contributions(
    actor: User, *, outcome: Outcome, contributions: Sequence[ContributionKey]
) -> None:
    """Group more contributions (duplicates) under ``outcome``; each one's people are told
    its outcome. Same role and contribution rules as ``check_record_outcome``."""
    require_role(actor, *rules.CURATING_ROLES)
    keys = list(dict.fromkeys(contributions))
    resolved = resolve_for_outcome(keys)
    try:
        _link(actor, outcome, keys, resolved)
    except IntegrityError:
        raise ValidationError(rules.ALREADY_LINKED) from None


def _link(
    actor: User,
    outcome: Outcome,
    keys: list[ContributionKey],
    resolved: list[ResolvedContribution],
) -> None:
    with transaction.atomic(durable=True):
        locked = Outcome.objects.select_for_update().get(pk=outcome.pk)
        _refuse_linked(keys)
        now = timezone.now()
        OutcomeLink.objects.bulk_create(
            [
                OutcomeLink(outcome=locked, content_type_id=ct, object_id=pk, linked_at=now)
                for ct, pk in keys
            ]
        )
        audit(actor, "planning.outcome_link", locked, after={"added": [list(key) for key in keys]})
        _notify_outcome(locked, resolved, actor=actor, changed=False)


def check_update_outcome(actor: User, *, outcome: Outcome, change: OutcomeChange) -> Outcome:
    """Change an outcome's decision and/or report dated progress (0 to 100), with a note;
    the history keeps every step. Locks the outcome row; notifies the people of every
    contribution it groups (visible ones) when the decision or the progress changed."""
    require_role(actor, *rules.CURATING_ROLES)
    refusal = rules.progress_refusal(change.progress)
    if refusal is not None:
        raise ValidationError(refusal)
    if change.decision not in Outcome.Decision.values:
        raise ValidationError(_("Elige una decisión."))
    with transaction.atomic(durable=True):
        locked = Outcome.objects.select_for_update().get(pk=outcome.pk)
        before = {
            "decision": locked.decision,
            "progress": locked.progress,
            "justification": locked.justification,
        }
        moved = locked.decision != change.decision or locked.progress != change.progress
        justification = change.justification.strip()
        if not moved and not change.note.strip() and justification in ("", locked.justification):
            raise ValidationError(rules.NOTHING_CHANGED)
        locked.decision = change.decision
        locked.progress = change.progress
        if justification:
            locked.justification = justification
        locked.updated_at = timezone.now()
        locked.save(update_fields=["decision", "progress", "justification", "updated_at"])
        OutcomeUpdate.objects.create(
            outcome=locked,
            decision=locked.decision,
            progress=locked.progress,
            note=change.note.strip(),
            on=change.on or timezone.localdate(),
            actor=actor,
        )
        audit(
            actor,
            "planning.outcome_update",
            locked,
            before=before,
            after={
                "decision": locked.decision,
                "progress": locked.progress,
                "justification": locked.justification,
            },
        )
        if moved:
            keys = list(locked.links.values_list("content_type_id", "object_id"))
            loaded = contribution_resolver().load(keys, public_only=False)
            _notify_outcome(locked, list(loaded.values()), actor=actor, changed=True)
    return locked


def refuse_unless_curator(actor: User) -> None:
    """For pages: PermissionDenied unless the person records outcomes."""
    if not rules.can_record_outcomes(actor):
        raise PermissionDenied
