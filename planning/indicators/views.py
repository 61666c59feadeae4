"""/indicadores/: the strategic indicator and participation over time (public)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_safe

from common.pagecache import cache_for_anonymous, shared_fragment
from planning.indicators.forms import YearForm
from planning.indicators.method import method_html
from planning.indicators.page import (
    available_years,
    build_page,
    default_year,
    indicators_page_data,
)


@require_safe
@cache_for_anonymous
def show_indicators(request: HttpRequest) -> HttpResponse:
    """The chosen year's (``?anio=``) indicator and figures; an unknown year answers 400
    with the default year's page and the reason next to the year field.

    The same for everyone: anonymous visitors get the whole page from the page cache;
    signed-in people get the figures (``shared_fragment``) and the page's content
    (``{% shared %}``) from the cache too, so only the header is theirs."""
    indicators, participation = shared_fragment(
        "planning.indicators.data", (), indicators_page_data
    )
    years = available_years(indicators, participation)
    form = YearForm(request.GET, years=years)
    year = default_year(indicators)
    status = 200
    if form.is_valid():
        year = form.cleaned_data["anio"] or year
    else:
        status = 400
    context = {
        "form": form,
        "year": year,
        "years": years,
        # Lazy: built (one more query) only when the shared content is not cached.
        "page": SimpleLazyObject(lambda: build_page(year, indicators, participation)),
    }
    return render(request, "planning/indicators.html", context, status=status)


@require_safe
@cache_for_anonymous
def show_method(request: HttpRequest) -> HttpResponse:
    """docs/indicators.md, the criteria and method, as a page (the project's own text)."""
    return render(request, "planning/indicators_method.html", {"method": method_html()})
