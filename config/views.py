"""Project-wide pages: home, site-wide search, privacy policy, language switch, error pages."""

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import loader
from django.utils import translation
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_POST, require_safe
from django.views.i18n import set_language

from accounts.models import User
from common.numbers import page_number
from common.pagecache import cache_for_anonymous, shared_fragment
from common.search import search_source, search_sources
from common.text import fold
from config.forms import SiteSearchForm
from consultations.queries import open_consultations_for_home


@require_safe
@cache_for_anonymous
def home(request: HttpRequest) -> HttpResponse:
    processes = shared_fragment("home.open_processes", None, open_consultations_for_home)
    return render(request, "home.html", {"open_processes": processes})


@require_safe
def privacy_policy(request: HttpRequest) -> HttpResponse:
    return render(request, "privacy_policy.html")


@require_POST
def switch_language(request: HttpRequest) -> HttpResponse:
    """Django's set_language, remembering the choice on the account for e-mails."""
    response = set_language(request)
    language = request.POST.get("language")
    if (
        request.user.is_authenticated
        and language in dict(settings.LANGUAGES)
        and request.user.language != language
    ):
        User.objects.filter(pk=request.user.pk).update(language=language)
    return response


def _error(request: HttpRequest, template: str, status: int) -> HttpResponse:
    return render(request, template, status=status)


@requires_csrf_token
def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _error(request, "errors/400.html", 400)


@requires_csrf_token
def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _error(request, "errors/403.html", 403)


@requires_csrf_token
def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _error(request, "errors/404.html", 404)


@requires_csrf_token
def too_many_requests(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """Rate limits (allauth's and Cabildo's own) answer with this page."""
    return _error(request, "errors/429.html", 429)


@requires_csrf_token
def server_error(request: HttpRequest) -> HttpResponse:
    # No request context: the database may be what failed, so the page queries nothing.
    template = loader.get_template("errors/500.html")
    language = translation.get_language() or settings.LANGUAGE_CODE
    return HttpResponse(template.render({"LANGUAGE_CODE": language}), status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "errors/csrf.html", {"reason": reason}, status=403)


SEARCH_RESULTS_PER_KIND = 5
SEARCH_RESULTS_PER_PAGE = 20


@require_safe
def site_search(request: HttpRequest) -> HttpResponse:
    """``/buscar/``: consultations, proposals, comments and whatever else is registered in
    ``common.search``, accent- and case-blind, only what anyone may read. Without ``tipo``:
    the first few of each kind (one query each, plus the kind's own prefetches), with a
    "ver más" link; with ``tipo``: that kind alone, paginated (a count and a page)."""
    form = SiteSearchForm(request.GET if "q" in request.GET else None)
    context: dict[str, Any] = {"form": form, "sections": [], "page": None, "source": None}
    if form.is_bound and form.is_valid():
        query = fold(form.cleaned_data["q"])
        source = search_source(form.cleaned_data["tipo"])
        if source is not None:
            paginator = Paginator(source.search(query, request.user), SEARCH_RESULTS_PER_PAGE)
            page = paginator.get_page(page_number(request.GET.get("pagina")))
            page.object_list = source.results(list(page.object_list), query)
            context.update(
                source=source,
                page=page,
                query_string=urlencode({"q": form.cleaned_data["q"], "tipo": source.key}),
            )
        else:
            for source in search_sources():
                rows = list(source.search(query, request.user)[: SEARCH_RESULTS_PER_KIND + 1])
                more = len(rows) > SEARCH_RESULTS_PER_KIND
                more_url = ""
                if more:
                    more_url = (
                        source.more_url(form.cleaned_data["q"])
                        if source.more_url
                        else "?" + urlencode({"q": form.cleaned_data["q"], "tipo": source.key})
                    )
                context["sections"].append(
                    {
                        "source": source,
                        "results": source.results(rows[:SEARCH_RESULTS_PER_KIND], query),
                        "more_url": more_url,
                    }
                )
            context["found"] = any(section["results"] for section in context["sections"])
    return render(request, "search.html", context)
