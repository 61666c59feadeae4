"""/indicadores/: the strategic indicator and participation over time (public)."""

from functools import cache

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
    signed-in people get the years (``shared_fragment``) and the page's content
    (``{% shared %}``) from the cache too, so only the header is theirs."""
    data = cache(indicators_page_data)  # read at most once, and only when needed

    def choices() -> tuple[list[int], int]:
        indicators, participation = data()
        return available_years(indicators, participation), default_year(indicators)

    # The years to choose from, and the page's content ({% shared %}), are kept per
    # content generation: a cached visit reads neither the figures nor the instruments.
    years, year = shared_fragment("planning.indicators.years", (), choices)
    form = YearForm(request.GET, years=years)
    status = 200
    if form.is_valid():
        year = form.cleaned_data["anio"] or year
    else:
        status = 400
    context = {
        "form": form,
        "year": year,
        "years": years,
        # Lazy: built only when the shared content is not cached.
        "page": SimpleLazyObject(lambda: build_page(year, *data())),
    }
    return render(request, "planning/indicators.html", context, status=status)


@require_safe
@cache_for_anonymous
def show_method(request: HttpRequest) -> HttpResponse:
    """docs/indicators.md, the criteria and method, as a page (the project's own text)."""
    return render(request, "planning/indicators_method.html", {"method": method_html()})
