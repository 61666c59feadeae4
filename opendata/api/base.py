"""What every endpoint of the JSON API shares: read-only public endpoints, errors as
``{"error": code, "message": Spanish text}``, the headers that let anyone cache and read
them.

A router declares an endpoint with ``@read(router, path, ...)``: GET, described in the
OpenAPI document with its typed response and its error statuses, and HEAD (the same view,
not listed again). ``public_read_only`` wraps every API address: other methods get a 405
in JSON, successful answers may be cached for a minute by anyone, and any site may read
them (CORS ``*``). Nothing here looks at who is signed in.
"""

import logging
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
    JsonResponse,
)
from django.urls import Resolver404, resolve
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI, Router
from ninja.errors import ValidationError
from ninja.renderers import JSONRenderer

from opendata.api.schemas import Error

logger = logging.getLogger("django.request")


class ApiError(Exception):
    """Raised by an endpoint to answer ``status`` with ``{"error": code, "message"}``."""

    def __init__(self, status: int, code: str, message: str | Promise) -> None:
        super().__init__(str(message))
        self.status, self.code, self.message = status, code, str(message)


class Renderer(JSONRenderer):
    # Accents as they are, like the downloads (JSON is UTF-8).
    json_dumps_params = {"ensure_ascii": False}


class PublicAPI(NinjaAPI):
    def get_content_type(self) -> str:
        # JSON is UTF-8 by definition (RFC 8259): no charset parameter, as before ninja.
        return self.renderer.media_type or "application/json"


def error_response(status: int, code: str, message: str) -> JsonResponse:
    return JsonResponse(
        {"error": code, "message": message},
        status=status,
        json_dumps_params={"ensure_ascii": False},
    )


# --- Query parameters that fail their type ----------------------------------------------------

# A parameter's name means the same thing everywhere in the API: its error code and a
# Spanish explanation (lazy, read in the request's language).
_PARAMETER_ERRORS: dict[str, tuple[str, Callable[[], str]]] = {}


def explain_parameter(name: str, code: str, message: Callable[[], str]) -> None:
    """Answer a query parameter ``name`` that fails its declared type with 400 ``code``
    and ``message()``. Called by the module that declares the parameter, at import."""
    _PARAMETER_ERRORS[name] = (code, message)


def _invalid_parameters(request: HttpRequest, error: ValidationError) -> JsonResponse:
    first = error.errors[0]
    name = str(first["loc"][-1]) if first.get("loc") else ""
    if name in _PARAMETER_ERRORS:
        code, message = _PARAMETER_ERRORS[name]
        return error_response(400, code, message())
    return error_response(
        400,
        "invalid_parameter",
        _("«%(name)s» no es válido: revisa la descripción de la API.") % {"name": name},
    )


def not_found() -> JsonResponse:
    return error_response(404, "not_found", _("No existe, o no es pública, la página que pediste."))


def _not_found(request: HttpRequest, error: Http404) -> JsonResponse:
    return not_found()


def _api_error(request: HttpRequest, error: ApiError) -> JsonResponse:
    return error_response(error.status, error.code, error.message)


def _server_error(request: HttpRequest, error: Exception) -> JsonResponse:
    # Logged as Django logs an unhandled exception (and mails ADMINS, if any), then
    # answered in JSON like every other error of the API.
    logger.error(
        "Internal Server Error: %s",
        request.path,
        exc_info=error,
        extra={"status_code": 500, "request": request},
    )
    return error_response(500, "server_error", _("Algo falló. Vuelve a intentarlo en un momento."))


def install_error_handlers(api: NinjaAPI) -> None:
    api.add_exception_handler(ValidationError, _invalid_parameters)
    api.add_exception_handler(Http404, _not_found)
    api.add_exception_handler(ApiError, _api_error)
    # Last resort (ninja looks the handler up by the error's class, most specific first).
    api.add_exception_handler(Exception, _server_error)


# --- Declaring endpoints -----------------------------------------------------------------------

ERROR_DESCRIPTIONS = {
    400: "Parámetro no válido (mensaje en español).",
    404: "No existe o no es pública.",
    405: "Solo GET y HEAD.",
}


def read(
    router: Router,
    path: str,
    *,
    name: str,
    operation_id: str,
    summary: str,
    response: Any,
    described: str,
    errors: tuple[int, ...] = (404, 405),
) -> Callable[[Callable], Callable]:
    """Declare a public read-only endpoint at ``path`` of ``router``.

    ``name`` is its URL name in the ``data`` namespace; ``response`` the pydantic model
    its dict must fit (ninja validates every answer against it: a field that the model
    does not list is an error, not a publication); ``described`` and ``errors`` feed the
    document. Views return the dict, or raise ``Http404`` / ``ApiError``.
    """
    responses = {200: response, **dict.fromkeys(errors, Error)}
    descriptions = {200: described} | {status: ERROR_DESCRIPTIONS[status] for status in errors}
    documented = {"responses": {s: {"description": d} for s, d in descriptions.items()}}

    def declare(view: Callable) -> Callable:
        # Optional fields that a row leaves out (a ranking's places on other questions)
        # stay out of the answer: ``exclude_unset``.
        options = {"response": responses, "url_name": name, "exclude_unset": True}
        router.add_api_operation(
            path,
            ["GET"],
            view,
            operation_id=operation_id,
            summary=summary,
            openapi_extra=documented,
            **options,
        )
        router.add_api_operation(path, ["HEAD"], view, include_in_schema=False, **options)
        return view

    return declare


def public_read_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Wrap an API address: GET and HEAD only (405 in JSON otherwise); successful answers
    cached a minute by anyone (the API is the same for everyone); CORS for any site."""

    # Exempt from CSRF so that a POST gets this 405 rather than the HTML CSRF page: CSRF
    # protects writes made with the visitor's cookies, and the wrapper itself answers
    # every method but GET and HEAD (which CSRF never checks) without calling the view.
    @csrf_exempt
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method not in {"GET", "HEAD"}:
            response = error_response(
                405, "method_not_allowed", _("Esta API es de solo lectura: usa GET.")
            )
            response["Allow"] = "GET, HEAD"
        else:
            response = view(request, *args, **kwargs)
            if response.status_code == 200:
                response["Cache-Control"] = "public, max-age=60"
        response["Access-Control-Allow-Origin"] = "*"
        return response

    return wrapper


@csrf_exempt
def unknown_address(request: HttpRequest, path: str) -> HttpResponse:
    """Any address under the API's prefix that no endpoint takes (an unknown path, a slug
    or an id that its URL converter refuses): 404 in JSON, whatever the method, instead of
    the site's HTML page. Being a match itself, it takes over ``APPEND_SLASH``: an API
    address written without its final slash is redirected to it, as before."""
    if request.method in {"GET", "HEAD"} and not request.path_info.endswith("/"):
        try:
            match = resolve(request.path_info + "/", getattr(request, "urlconf", None))
        except Resolver404:
            match = None
        if match is not None and match.func is not unknown_address:
            query = request.META.get("QUERY_STRING", "")
            return HttpResponsePermanentRedirect(
                request.path + "/" + (f"?{query}" if query else "")
            )
    response = not_found()
    response["Access-Control-Allow-Origin"] = "*"
    return response
