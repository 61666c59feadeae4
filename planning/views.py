"""Public pages of the planning instruments (minimal until the planning issues)."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from common.collation import spanish_order
from common.pagecache import cache_for_anonymous
from planning.models import PlanningInstrument
from planning.queries import processes_informing


@require_safe
@cache_for_anonymous
def list_instruments(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "planning/list_instruments.html",
        {"instruments": PlanningInstrument.objects.order_by(spanish_order("name"))},
    )


@require_safe
@cache_for_anonymous
def instrument_detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        instrument = PlanningInstrument.objects.get(slug=slug)
    except PlanningInstrument.DoesNotExist:
        raise Http404 from None
    return render(
        request,
        "planning/instrument_detail.html",
        {"instrument": instrument, "sections": processes_informing(instrument)},
    )
