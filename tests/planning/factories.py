"""Outcomes written directly (tests that need one already recorded)."""

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from planning.models import Outcome, OutcomeLink, OutcomeUpdate


def outcome_for(
    *contributions,
    sections,
    decided_by,
    decision="incorporada",
    progress=0,
    justification="Se incorporó al objetivo.",
    decided_at=None,
) -> Outcome:
    now = decided_at or timezone.now()
    outcome = Outcome.objects.create(
        decision=decision,
        justification=justification,
        progress=progress,
        decided_by=decided_by,
        decided_at=now,
        updated_at=now,
    )
    outcome.sections.set(sections)
    for contribution in contributions:
        OutcomeLink.objects.create(
            outcome=outcome,
            content_type=ContentType.objects.get_for_model(contribution),
            object_id=contribution.pk,
        )
    OutcomeUpdate.objects.create(
        outcome=outcome, decision=decision, progress=progress, on=now.date(), actor=decided_by
    )
    return outcome


def comment_on(owner, *, author=None, body="<p>Un comentario.</p>", **fields):
    """A comment written straight to the database in ``owner``'s discussion."""
    from deliberation.models import Comment
    from deliberation.queries import discussion_for
    from tests.factories import UserFactory

    return Comment.objects.create(
        discussion=discussion_for(owner),
        author=author or UserFactory(),
        body=body,
        **fields,
    )
