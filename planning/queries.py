from typing import Any

from django.apps import apps

from planning.models import PlanningInstrument


def consultations_informing(instrument: PlanningInstrument) -> list[Any]:
    """Published consultations that inform the instrument. ``planning`` sits below
    ``consultations``, so it follows the reverse relation instead of importing the model."""
    consultation_model = apps.get_model("consultations", "Consultation")
    return list(
        consultation_model.objects.filter(planning_instrument=instrument, status="published")
        .only("title", "slug", "summary")
        .order_by("-created_at")
    )
