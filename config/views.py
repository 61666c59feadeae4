"""Project-wide pages: home, privacy policy, language switch, error pages."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import loader
from django.utils import translation
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_POST, require_safe
from django.views.i18n import set_language

from accounts.models import User
from consultations.queries import open_consultations_for_home


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "home.html", {"open_processes": open_consultations_for_home()})


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
