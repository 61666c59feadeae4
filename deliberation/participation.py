"""What deliberation counts in the participation indicators (``planning.indicators``):
comments, as contributions (answered when an outcome traces them). Visible comments
not deleted by their author, never those written on behalf of a division. Registered
from ``DeliberationConfig.ready()``."""

from collections.abc import Iterator
from datetime import datetime

from django.utils.translation import gettext_lazy as _

from deliberation.models import Comment
from planning.indicators.registry import (
    Act,
    ParticipationSource,
    has_outcome,
    register_participation_source,
)

CHUNK = 5000


def comment_acts(since: datetime | None) -> Iterator[Act]:
    rows = Comment.objects.visible().filter(deleted_at__isnull=True, speaks_for__isnull=True)
    if since is not None:
        rows = rows.filter(created_at__gte=since)
    rows = (
        rows.annotate(answered=has_outcome(Comment))
        .values_list("author_id", "created_at", "answered")
        .order_by()
    )
    for person, at, answered in rows.iterator(chunk_size=CHUNK):
        yield Act(person, at, bool(answered))


def register() -> None:
    register_participation_source(
        "deliberation.comments",
        ParticipationSource(label=_("Comentarios"), contribution=True, acts=comment_acts),
    )
