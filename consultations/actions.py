"""Writes about consultations (created, edited and published by officials), proposals,
supports and official answers.

``do_*`` assume the caller validated (and fetched through ``access``); ``check_*``
validate with ``rules`` first and raise ``ValidationError`` carrying one Spanish sentence
a page can show as it is. Top-level actions run in ``transaction.atomic(durable=True)``;
notifications are written inside it and e-mailed after commit by ``notify``.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import format_lazy, slugify
from django.utils.translation import gettext_lazy as _

from accounts.actions import notify
from accounts.models import Comuna, Division, User
from accounts.roles import Role, can_act_as, division_spoken_for, require_role
from consultations import rules
from consultations.models import Consultation, Phase, Proposal, ProposalAnswer, Support, Topic
from consultations.queries import (
    consultation_search_vector,
    forget_proposal_counts,
    officials_of,
    proposal_search_vector,
    supporters_of,
    uses_full_text_search,
)
from deliberation import ratelimits
from deliberation.actions import create_discussion, hold_for_review
from deliberation.markup import render_markdown
from deliberation.rules import rate_limited
from deliberation.sanitizer import plain_text
from planning.models import PlanningInstrument

# --- Search ----------------------------------------------------------------------------


def refresh_consultation_search(consultation_ids: Iterable[int]) -> None:
    """Recompute the Spanish search vector (PostgreSQL; a no-op on SQLite). Called inside
    the action that changed the text; the consultation admin calls it after saving."""
    if uses_full_text_search():
        Consultation.objects.filter(pk__in=list(consultation_ids)).update(
            search_vector=consultation_search_vector()
        )


def refresh_proposal_search(proposal_ids: Iterable[int]) -> None:
    if uses_full_text_search():
        Proposal.objects.filter(pk__in=list(proposal_ids)).update(
            search_vector=proposal_search_vector()
        )


def _recount_after_commit(consultation_id: int) -> None:
    """Lists count their proposals again once this write is visible."""
    transaction.on_commit(lambda: forget_proposal_counts(consultation_id))


# --- Proposals -------------------------------------------------------------------------


def do_create_proposal(
    author: User,
    *,
    consultation: Consultation,
    title: str,
    body: str,
    topics: Iterable[Topic] = (),
    comuna: Comuna | None = None,
    latitude: float | None = None,
    longitude: float | None = None,
) -> Proposal:
    """A resident publishes a proposal (the caller checked the proposals phase and the
    verification rule). ``body`` is the text as typed (the Markdown subset of
    ``deliberation.markup``), kept next to the HTML it becomes; search vector refreshed.
    An official acting as one speaks for their division (``speaks_for``, kept for good).
    In a pre-moderated consultation it waits as pending (``hold_for_review``)."""
    with transaction.atomic(durable=True):
        proposal = Proposal.objects.create(
            consultation=consultation,
            author=author,
            speaks_for_id=division_spoken_for(author),
            title=title,
            body_source=body,
            body=render_markdown(body),
            comuna=comuna,
            latitude=latitude,
            longitude=longitude,
            moderation_status=(
                Proposal.ModerationStatus.PENDING
                if consultation.premoderated
                else Proposal.ModerationStatus.PUBLISHED
            ),
        )
        if consultation.premoderated:
            # Only its author and moderators see it until a moderator approves it.
            hold_for_review(proposal)
        topics = list(topics)
        if topics:
            proposal.topics.set(topics)
        refresh_proposal_search([proposal.pk])
        create_discussion(proposal)
        _recount_after_commit(consultation.pk)
    return proposal


def _placed(consultation: Consultation, fields: dict[str, Any]) -> dict[str, Any]:
    """``fields`` with the comuna checked against the consultation's territory and the
    map point (``rules.placement``), or derived from the point when none was chosen.
    ValidationError on the field at fault ("comuna" or "latitude") otherwise."""
    chosen = fields.get("comuna")
    place = rules.placement(
        consultation,
        chosen.pk if chosen is not None else None,
        fields.get("latitude"),
        fields.get("longitude"),
    )
    if place.refusal:
        raise ValidationError({place.field: place.refusal})
    if place.comuna and (chosen is None or chosen.pk != place.comuna):
        fields = {**fields, "comuna": Comuna.objects.get(pk=place.comuna)}
    return fields


def _check_proposal_topics(consultation: Consultation, fields: dict[str, Any]) -> None:
    """Only the consultation's own topics (on the topics field)."""
    refusal = rules.proposal_topics_refusal(fields.get("topics", ()), consultation)
    if refusal:
        raise ValidationError({"topics": refusal})


def check_create_proposal(author: User, *, consultation: Consultation, **fields: Any) -> Proposal:
    """Any signed-in person: refused outside the proposals phase, on an unpublished
    consultation, to those its residency rule leaves out, or too often (the "proposal"
    rate limit); a comuna or map point outside its territory, or a point outside the
    chosen comuna, is refused on its field (a point without a comuna gives its own)."""
    refusal = rules.proposing_refusal(author, consultation)
    if refusal:
        raise ValidationError(refusal)
    _check_proposal_topics(consultation, fields)
    fields = _placed(consultation, fields)
    wait = ratelimits.consume(author.pk, "proposal")
    if wait is not None:
        raise ValidationError(rate_limited("proposal", wait), code="rate_limited")
    return do_create_proposal(author, consultation=consultation, **fields)


def do_edit_proposal(
    author: User,
    *,
    proposal: Proposal,
    title: str,
    body: str,
    topics: Iterable[Topic] = (),
    comuna: Comuna | None = None,
    latitude: float | None = None,
    longitude: float | None = None,
) -> Proposal:
    """The author rewrites the proposal within the edit window. Marks it edited."""
    with transaction.atomic(durable=True):
        proposal.title = title
        proposal.body_source, proposal.body = body, render_markdown(body)
        proposal.comuna = comuna
        proposal.latitude = latitude
        proposal.longitude = longitude
        proposal.edited_at = timezone.now()
        proposal.save(
            update_fields=[
                "title",
                "body_source",
                "body",
                "comuna",
                "latitude",
                "longitude",
                "edited_at",
                "updated_at",
            ]
        )
        proposal.topics.set(list(topics), clear=True)
        refresh_proposal_search([proposal.pk])
        _recount_after_commit(proposal.consultation_id)
    return proposal


def check_edit_proposal(author: User, *, proposal: Proposal, **fields: Any) -> Proposal:
    """The author only (``access_proposal(..., for_write=True)``): refused once the window
    has passed, after an official answer, or when the proposal is not published; its
    place is checked as when creating (``check_create_proposal``)."""
    refusal = rules.editing_refusal(author, proposal)
    if refusal:
        raise ValidationError(refusal)
    _check_proposal_topics(proposal.consultation, fields)
    fields = _placed(proposal.consultation, fields)
    return do_edit_proposal(author, proposal=proposal, **fields)


def check_withdraw_proposal(author: User, *, proposal: Proposal) -> None:
    """The author withdraws the proposal; it stays visible, marked as withdrawn, and takes
    no more supports. Locks the proposal row; notifies its supporters."""
    with transaction.atomic(durable=True):
        locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
        refusal = rules.withdrawing_refusal(author, locked)
        if refusal:
            raise ValidationError(refusal)
        locked.moderation_status = Proposal.ModerationStatus.WITHDRAWN
        locked.save(update_fields=["moderation_status", "updated_at"])
        _recount_after_commit(locked.consultation_id)
        notify(
            supporters_of(locked),
            kind="consultations.proposal_withdrawn",
            subject=format_lazy(
                _("La propuesta «{title}» que apoyaste fue retirada por quien la propuso"),
                title=locked.title,
            ),
            url=proposal.get_absolute_url(),
            exclude=author,
        )
    proposal.moderation_status = locked.moderation_status


# --- Supports --------------------------------------------------------------------------


def do_support_proposal(user: User, *, proposal: Proposal) -> None:
    """Add the person's support (the caller checked phase, proposal and verification).

    One support per person and proposal is a database constraint: a repeated click raises
    IntegrityError and rolls back. With a per-person limit, the person's row is locked so
    two quick supports on two proposals cannot both pass it. The counter moves with F(),
    so concurrent supports never lose an increment. Reaching the threshold moves a
    received proposal to "en evaluación" (a conditional UPDATE: exactly one transaction
    wins) and notifies the division's officials, the author and the supporters.
    """
    consultation = proposal.consultation
    with transaction.atomic(durable=True):
        if consultation.support_limit is not None:
            User.objects.select_for_update().filter(pk=user.pk).values_list("pk").get()
            used = Support.objects.filter(consultation=consultation, user=user).count()
            refusal = rules.support_limit_refusal(consultation, used)
            if refusal:
                raise ValidationError(refusal)
        Support.objects.create(proposal=proposal, user=user, consultation=consultation)
        Proposal.objects.filter(pk=proposal.pk).update(support_count=F("support_count") + 1)
        # The UPDATE holds the proposal row, which publishing an answer locks too: either
        # the answer is already public (refused, rolled back) or it waits for this support.
        _refuse_if_answered(proposal)
        threshold = consultation.support_threshold
        if threshold and (
            Proposal.objects.filter(
                pk=proposal.pk,
                state=Proposal.State.RECEIVED,
                moderation_status=Proposal.ModerationStatus.PUBLISHED,
                support_count__gte=threshold,
            ).update(state=Proposal.State.EVALUATING)
        ):
            _recount_after_commit(consultation.pk)
            if Proposal.objects.filter(pk=proposal.pk, threshold_reached_at__isnull=True).update(
                threshold_reached_at=timezone.now()
            ):
                _notify_threshold_reached(proposal, threshold)


def _refuse_if_answered(proposal: Proposal) -> None:
    """Supports close once the official answer is public (``rules.supporting_refusal``
    says so on the page): checked again inside the action's transaction, after it took
    the proposal's row, so an answer published meanwhile is seen. One query."""
    if ProposalAnswer.objects.filter(proposal_id=proposal.pk, is_published=True).exists():
        raise ValidationError(rules.ANSWERED_CLOSES_SUPPORTS)


def _notify_threshold_reached(proposal: Proposal, threshold: int) -> None:
    url = proposal.get_absolute_url()
    notify(
        officials_of(proposal.consultation),
        kind="consultations.threshold_reached",
        subject=format_lazy(
            _("La propuesta «{title}» alcanzó {count} apoyos y espera evaluación"),
            title=proposal.title,
            count=threshold,
        ),
        body=_("Revisa la propuesta y publica una respuesta oficial."),
        url=url,
    )
    notify(
        [proposal.author, *supporters_of(proposal)],
        kind="consultations.proposal_state",
        subject=format_lazy(
            _("La propuesta «{title}» pasó a evaluación"),
            title=proposal.title,
        ),
        body=format_lazy(
            _(
                "Alcanzó {count} apoyos. El Gobierno Regional la evaluará y publicará "
                "una respuesta."
            ),
            count=threshold,
        ),
        url=url,
    )


def check_support_proposal(user: User, *, proposal: Proposal) -> None:
    """Any signed-in person, during the supports phase, on a published proposal without a
    published answer, verified when the consultation requires it, within the per-person
    limit, once; never an official of the division that answers (``rules``)."""
    refusal = rules.supporting_refusal(user, proposal)
    if refusal:
        raise ValidationError(refusal)
    try:
        do_support_proposal(user, proposal=proposal)
    except IntegrityError:
        raise ValidationError(rules.ALREADY_SUPPORTED) from None


def do_withdraw_support(user: User, *, proposal: Proposal) -> None:
    """Remove the person's support; the counter moves with F() only if a row went.
    Refused once the official answer is public (checked after taking the proposal's
    row, as when supporting): the supports it was given stay counted.

    The state never moves back: once the threshold put a proposal "en evaluación" its
    division's officials were told (``threshold_reached_at``) and are evaluating it, so
    it stays there whatever happens to the count, until they answer.
    """
    with transaction.atomic(durable=True):
        deleted, _rows = Support.objects.filter(proposal=proposal, user=user).delete()
        if not deleted:
            raise ValidationError(rules.NOT_SUPPORTED)
        Proposal.objects.filter(pk=proposal.pk).update(support_count=F("support_count") - 1)
        _refuse_if_answered(proposal)


def check_withdraw_support(user: User, *, proposal: Proposal) -> None:
    """During the supports phase only (a closed phase freezes the counts), and until the
    official answer is published."""
    refusal = rules.supporting_refusal(user, proposal, taking_back=True)
    if refusal:
        raise ValidationError(refusal)
    do_withdraw_support(user, proposal=proposal)


# --- Official answers ------------------------------------------------------------------


def _check_official_for(official: User, consultation: Consultation) -> None:
    """An official (with 2FA) of the consultation's division (``rules.is_official_for``):
    who answers its proposals, publishes the answers and closes its phases. Checked by
    the actions themselves, whoever calls them (views, the API, sockets)."""
    require_role(official, Role.OFFICIAL)
    if not rules.is_official_for(official, consultation):
        raise PermissionDenied


def _publish(answer: ProposalAnswer, proposal: Proposal, official: User) -> None:
    """Inside the caller's transaction, with the proposal row locked."""
    now = timezone.now()
    answer.is_published = True
    answer.published_at = now
    answer.save(update_fields=["is_published", "published_at", "updated_at"])
    Proposal.objects.filter(pk=proposal.pk).update(state=answer.state, updated_at=now)
    proposal.state = answer.state
    _recount_after_commit(proposal.consultation_id)
    body = plain_text(answer.body)
    notify(
        [proposal.author, *supporters_of(proposal)],
        kind="consultations.official_answer",
        subject=format_lazy(
            _("Respuesta oficial a la propuesta «{title}»: {state}"),
            title=proposal.title,
            state=Proposal.State(answer.state).label,
        ),
        body=body[:500],
        url=proposal.get_absolute_url(),
        urgent=True,
        exclude=official,
    )


def do_save_answer(
    official: User,
    *,
    proposal: Proposal,
    state: str,
    body: str,
    estimated_cost: int | None = None,
    execution_period: str = "",
    publish: bool,
) -> ProposalAnswer:
    """An official (with 2FA) of the consultation's division writes the public answer.

    Saved as a draft (nothing public changes) or published: the proposal takes the
    answer's state and its author and supporters get an urgent notification. Editing a
    published answer publishes the change (an answer never goes back to draft). Locks the
    proposal row, so two officials answering at once are serialised. PermissionDenied for
    anyone but the division's officials.
    """
    _check_official_for(official, proposal.consultation)
    with transaction.atomic(durable=True):
        locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
        existing = ProposalAnswer.objects.filter(proposal=locked).first()
        publish = publish or bool(existing and existing.is_published)
        answer, _created = ProposalAnswer.objects.update_or_create(
            proposal=locked,
            defaults={
                "author": official,
                "division_id": official.division_id,
                "state": state,
                "body_source": body,
                "body": render_markdown(body),
                "estimated_cost": estimated_cost,
                "execution_period": execution_period,
            },
        )
        if publish:
            _publish(answer, locked, official)
    proposal.state = locked.state
    return answer


def check_save_answer(official: User, *, proposal: Proposal, **fields: Any) -> ProposalAnswer:
    if fields["state"] == Proposal.State.REJECTED and not plain_text(fields["body"]):
        raise ValidationError(rules.REJECTION_NEEDS_REASON)
    return do_save_answer(official, proposal=proposal, **fields)


def do_publish_answers(official: User, *, consultation: Consultation) -> int:
    """Publish every draft answer of the consultation at once; returns how many.

    An official (with 2FA) of its division (PermissionDenied for anyone else). Locks the
    drafts' proposals; each author and their supporters get one urgent notification.
    """
    _check_official_for(official, consultation)
    with transaction.atomic(durable=True):
        proposals = {
            proposal.pk: proposal
            for proposal in Proposal.objects.select_for_update(of=("self",))
            .filter(consultation=consultation, answer__is_published=False)
            .select_related("author", "consultation")
            .order_by("pk")
        }
        drafts = ProposalAnswer.objects.filter(proposal_id__in=proposals, is_published=False)
        published = 0
        for answer in drafts:
            _publish(answer, proposals[answer.proposal_id], official)
            published += 1
    return published


def check_publish_answers(official: User, *, consultation: Consultation) -> int:
    published = do_publish_answers(official, consultation=consultation)
    if not published:
        raise ValidationError(rules.NO_DRAFT_ANSWERS)
    return published


# --- Phases ----------------------------------------------------------------------------


def check_close_phase(official: User, *, phase: Phase) -> Phase:
    """An official (with 2FA) of the consultation's division ends a running phase now
    (PermissionDenied for anyone else). Locks the phase row; refused if it is not
    running."""
    _check_official_for(official, phase.consultation)
    with transaction.atomic(durable=True):
        locked = Phase.objects.select_for_update().get(pk=phase.pk)
        refusal = rules.phase_closing_refusal(locked)
        if refusal:
            raise ValidationError(refusal)
        locked.closed_at = timezone.now()
        locked.save(update_fields=["closed_at"])
    return locked


# --- Creating, editing and publishing consultations --------------------------------------

SLUG_MAX_LENGTH = 80  # Consultation.slug


@dataclass(frozen=True)
class PhaseDates:
    """A phase as the editor asks for it (the kind, a start, maybe an end)."""

    kind: str
    starts_at: datetime
    ends_at: datetime | None


@dataclass(frozen=True)
class ConsultationInput:
    """A valid consultation editor, as the create and edit actions take it."""

    title: str
    slug: str  # "": made from the title when creating, kept when editing
    summary: str
    body: str
    image: UploadedFile | None  # a new image; None keeps the current one
    remove_image: bool
    image_alt: str
    whole_region: bool
    comunas: list[Comuna]
    topics: list[Topic]
    planning_instrument: PlanningInstrument | None
    residency_rule: str
    edit_window_minutes: int
    support_limit: int | None
    support_threshold: int | None
    division: Division | None
    phases: list[PhaseDates] = field(default_factory=list)
    premoderated: bool = False


def _free_slug(title: str) -> str:
    """A new consultation's address from its title: slugified, with "-2", "-3"… when it is
    taken or reserved ("nueva"). One query for the taken ones."""
    base = slugify(title)[:SLUG_MAX_LENGTH].strip("-") or "consulta"
    taken = set(
        Consultation.objects.filter(slug__startswith=base[: SLUG_MAX_LENGTH - 4]).values_list(
            "slug", flat=True
        )
    )
    candidate, number = base, 1
    while candidate in taken or rules.is_reserved_slug(candidate):
        number += 1
        suffix = f"-{number}"
        candidate = base[: SLUG_MAX_LENGTH - len(suffix)].rstrip("-") + suffix
    return candidate


def _check_editor(actor: User, division: Any, consultation: Consultation | None = None) -> None:
    """An official or administrator (with 2FA); when editing, one who may edit this
    consultation (``rules.can_edit_consultation``: officials only their division's).
    Officials keep their division's (or, when editing, the consultation's own) division:
    only administrators choose it. PermissionDenied otherwise."""
    require_role(actor, Role.OFFICIAL, Role.ADMINISTRATOR)
    if consultation is not None and not rules.can_edit_consultation(actor, consultation):
        raise PermissionDenied
    if can_act_as(actor, Role.ADMINISTRATOR):
        return
    expected = consultation.division_id if consultation is not None else actor.division_id
    if getattr(division, "pk", None) != expected:
        raise PermissionDenied


def _phase_removal_refusals(
    consultation: Consultation, existing: Iterable[Phase], wanted: set[str]
) -> None:
    """Refuse (ValidationError) before anything is written: removing a phase that already
    has activity (``rules.phase_removal_refusal``)."""
    for phase in existing:
        if phase.kind in wanted:
            continue
        refusal = rules.phase_removal_refusal(consultation, phase.kind)
        if refusal:
            raise ValidationError(
                format_lazy("{phase}: {refusal}", phase=phase.get_kind_display(), refusal=refusal)
            )


def _write_consultation(consultation: Consultation, fields: ConsultationInput) -> None:
    """Set the consultation's own columns from ``fields`` and save (inside the caller's
    transaction). A replaced or removed image file is deleted after commit."""
    previous_image = consultation.image.name if consultation.image else ""
    if fields.image is not None:
        consultation.image = fields.image
    elif fields.remove_image:
        consultation.image = ""
    consultation.title = fields.title
    consultation.summary = fields.summary
    consultation.body_source, consultation.body = fields.body, render_markdown(fields.body)
    consultation.image_alt = fields.image_alt if consultation.image else ""
    consultation.whole_region = fields.whole_region
    consultation.planning_instrument = fields.planning_instrument
    consultation.residency_rule = fields.residency_rule
    consultation.edit_window_minutes = fields.edit_window_minutes
    consultation.premoderated = fields.premoderated
    consultation.support_limit = fields.support_limit
    consultation.support_threshold = fields.support_threshold
    consultation.division = fields.division
    consultation.save()
    current_image = consultation.image.name if consultation.image else ""
    if previous_image and previous_image != current_image:
        storage = consultation.image.storage
        transaction.on_commit(lambda: storage.delete(previous_image))
    consultation.comunas.set([] if fields.whole_region else fields.comunas)
    consultation.topics.set(fields.topics, clear=True)


def _write_phases(
    consultation: Consultation, existing: dict[str, Phase], phases: Iterable[PhaseDates]
) -> None:
    """Create, move or delete phases to match ``phases``. A moved phase keeps its
    ``closed_at``: editing dates never reopens a phase an official closed early."""
    wanted = {dates.kind: dates for dates in phases}
    for kind, phase in existing.items():
        if kind not in wanted:
            phase.delete()
    for kind, dates in wanted.items():
        phase = existing.get(kind)
        if phase is None:
            Phase.objects.create(
                consultation=consultation,
                kind=kind,
                starts_at=dates.starts_at,
                ends_at=dates.ends_at,
            )
        elif (phase.starts_at, phase.ends_at) != (dates.starts_at, dates.ends_at):
            phase.starts_at, phase.ends_at = dates.starts_at, dates.ends_at
            phase.save(update_fields=["starts_at", "ends_at"])


def _slug_taken(slug: str) -> ValidationError:
    return ValidationError({"slug": rules.slug_taken(slug)})


def do_create_consultation(actor: User, *, fields: ConsultationInput) -> Consultation:
    """Create a draft consultation with its phases (the caller checked role, division and
    slug). Without a slug, one is made from the title. Body sanitised by its field; search
    vector refreshed. The unique slug is a database constraint: a race is refused on the
    slug field."""
    slug = fields.slug or _free_slug(fields.title)
    try:
        with transaction.atomic(durable=True):
            consultation = Consultation(slug=slug, status=Consultation.Status.DRAFT)
            _write_consultation(consultation, fields)
            _write_phases(consultation, {}, fields.phases)
            refresh_consultation_search([consultation.pk])
            create_discussion(consultation)
    except IntegrityError:
        if Consultation.objects.filter(slug=slug).exists():
            raise _slug_taken(slug) from None
        raise
    return consultation


def _check_territory(fields: ConsultationInput) -> None:
    """The whole region, or at least one comuna (on the comunas field)."""
    if not fields.whole_region and not fields.comunas:
        raise ValidationError({"comunas": rules.TERRITORY_MISSING})


def _check_topics(fields: ConsultationInput, consultation: Consultation | None = None) -> None:
    """Topics from the curated list (``rules.consultation_topics_refusal``)."""
    refusal = rules.consultation_topics_refusal(fields.topics, consultation)
    if refusal:
        raise ValidationError({"topics": refusal})


def _check_comunas_with_proposals(consultation: Consultation, fields: ConsultationInput) -> None:
    """A comuna that proposals are placed in stays in the territory (one query)."""
    refusal = rules.stranded_comunas_refusal(consultation, fields.whole_region, fields.comunas)
    if refusal:
        raise ValidationError({"comunas": refusal})


def check_create_consultation(actor: User, *, fields: ConsultationInput) -> Consultation:
    """An official (for their own division) or an administrator (any division), with 2FA,
    creates a consultation as a draft. Refused on a reserved or taken slug (on the slug
    field: ``ValidationError({"slug": ...})``)."""
    _check_editor(actor, fields.division)
    _check_territory(fields)
    _check_topics(fields)
    if fields.slug:
        refusal = rules.slug_refusal(fields.slug)
        if refusal:
            raise ValidationError({"slug": refusal})
    return do_create_consultation(actor, fields=fields)


def do_edit_consultation(
    actor: User, *, consultation: Consultation, fields: ConsultationInput
) -> Consultation:
    """Rewrite a consultation and its phases; returns the saved row (its slug may have
    changed). Locks the consultation row, so two editors take turns, and its phases.
    Refused, before anything is written, when a removed phase already has activity (a
    proposal sent in between the check and the delete keeps its row: proposals do not
    point at phases). Search vector refreshed."""
    slug = fields.slug or consultation.slug
    try:
        with transaction.atomic(durable=True):
            locked = Consultation.objects.select_for_update().get(pk=consultation.pk)
            existing = {
                phase.kind: phase
                for phase in Phase.objects.select_for_update().filter(consultation=locked)
            }
            if locked.is_published and not fields.phases:
                raise ValidationError(rules.PUBLISHED_NEEDS_PHASE)
            _phase_removal_refusals(
                locked, existing.values(), {dates.kind for dates in fields.phases}
            )
            locked.slug = slug
            _write_consultation(locked, fields)
            _write_phases(locked, existing, fields.phases)
            refresh_consultation_search([locked.pk])
    except IntegrityError:
        if Consultation.objects.filter(slug=slug).exclude(pk=consultation.pk).exists():
            raise _slug_taken(slug) from None
        raise
    return locked


def check_edit_consultation(
    actor: User, *, consultation: Consultation, fields: ConsultationInput
) -> Consultation:
    """Administrators (with 2FA), or officials (with 2FA) of the consultation's division
    (``access_consultation_for_editing``), edit it, published or not. A published
    consultation keeps its address; a draft's may change (reserved and taken slugs are
    refused on the slug field)."""
    _check_editor(actor, fields.division, consultation)
    _check_territory(fields)
    _check_topics(fields, consultation)
    _check_comunas_with_proposals(consultation, fields)
    if fields.slug and fields.slug != consultation.slug:
        if consultation.is_published:
            raise ValidationError({"slug": rules.PUBLISHED_SLUG_FIXED})
        refusal = rules.slug_refusal(fields.slug, consultation)
        if refusal:
            raise ValidationError({"slug": refusal})
    return do_edit_consultation(actor, consultation=consultation, fields=fields)


def check_publish_consultation(actor: User, *, consultation: Consultation) -> Consultation:
    """Administrators (with 2FA), or officials (with 2FA) of the consultation's division,
    publish a draft: from then on everyone sees it (PermissionDenied for anyone else).
    Refused when it is already published or has no phase. Locks the consultation row.
    Returns the published row."""
    require_role(actor, Role.OFFICIAL, Role.ADMINISTRATOR)
    if not rules.can_edit_consultation(actor, consultation):
        raise PermissionDenied
    with transaction.atomic(durable=True):
        locked = Consultation.objects.select_for_update().get(pk=consultation.pk)
        refusal = rules.publishing_refusal(locked)
        if refusal:
            raise ValidationError(refusal)
        locked.status = Consultation.Status.PUBLISHED
        locked.save(update_fields=["status"])
    return locked


# --- Comment counts (called by deliberation inside its own transaction) ------------------


def adjust_proposal_comment_count(proposal: Proposal, delta: int) -> None:
    """Keep ``Proposal.comment_count`` in step with its visible comments (F(), no lock)."""
    Proposal.objects.filter(pk=proposal.pk).update(comment_count=F("comment_count") + delta)
