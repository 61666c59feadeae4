"""Template tags for what other apps' pages show of planning: a contribution's fate (the
proposal page includes ``planning/fate.html``) and a person's contributions with an
outcome (the profile includes ``planning/profile_outcomes.html``). Reads only."""

from typing import Any

from django import template
from django.contrib.contenttypes.models import ContentType

from planning import queries, rules

register = template.Library()


@register.simple_tag
def fate_of_contribution(contribution: Any) -> queries.Fate | None:
    """The outcome of ``contribution`` and its sections (one query)."""
    content_type = ContentType.objects.get_for_model(contribution)
    return queries.fate_of(content_type.pk, contribution.pk)


@register.simple_tag
def records_outcomes(user: Any) -> bool:
    return rules.can_record_outcomes(user)


@register.simple_tag
def outcomes_of(user: Any, limit: int = 5) -> list[queries.TracedContribution]:
    return queries.outcomes_of_author(user, limit=limit)
