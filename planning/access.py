"""Permission-checked fetches of planning rows: a missing row and a forbidden one look
the same (404)."""

from typing import Any

from django.http import Http404

from planning import rules
from planning.models import InstrumentSection, Outcome, PlanningInstrument


def access_instrument(slug: str) -> PlanningInstrument:
    """Instruments are public: any visitor may read one."""
    try:
        return PlanningInstrument.objects.get(slug=slug)
    except PlanningInstrument.DoesNotExist:
        raise Http404 from None


def access_section(slug: str, position: int) -> InstrumentSection:
    try:
        return InstrumentSection.objects.select_related("instrument").get(
            instrument__slug=slug, position=position
        )
    except InstrumentSection.DoesNotExist:
        raise Http404 from None


def access_outcome(user: Any, pk: int) -> Outcome:
    """An outcome's own page and forms are for curators (moderators and officials with the
    second factor); to anyone else it does not exist."""
    if not rules.can_record_outcomes(user):
        raise Http404
    try:
        return Outcome.objects.get(pk=pk)
    except Outcome.DoesNotExist:
        raise Http404 from None
