"""The read-only JSON API under /api/v1/, declared with django-ninja.

Typed schemas (pydantic, closed) describe every answer; ninja validates each answer
against them and generates the OpenAPI 3.1 document from them (``document``). Each app's
endpoints are a ``Router`` in ``opendata/api/<app>.py``, mounted below; ``urlpatterns``
are the addresses, each wrapped by ``base.public_read_only``.
"""

from django.http import HttpRequest
from django.urls import URLPattern, reverse

from common.datasets import Item
from common.pagecache import cache_for_anonymous
from opendata.api import consultations, indicators
from opendata.api.base import (
    PublicAPI,
    Renderer,
    install_error_handlers,
    public_read_only,
    read,
)
from opendata.api.schemas import ApiRoot

api = PublicAPI(
    title="Cabildo: datos abiertos y API de consultas",
    version="1.0.0",
    description=(
        "Todo lo que publica esta API es público en el sitio y no identifica a ninguna "
        "persona: no incluye correos, identificadores ni nombres de quienes participan. "
        "Solo aparecen consultas publicadas y propuestas visibles (publicadas o retiradas "
        "por quien las propuso); las ocultas por moderación nunca aparecen. Las cifras "
        "por comuna, género y tramo de edad con menos de 5 personas se suprimen. Las "
        "listas usan paginación por cursor (orden ascendente por `id`)."
    ),
    openapi_extra={
        "info": {
            "summary": "Consultas ciudadanas, propuestas, apoyos y resultados; solo lectura.",
            "license": {"name": "CC BY 4.0", "identifier": "CC-BY-4.0"},
        }
    },
    # The names of its addresses live in opendata.urls' namespace ("data:api_...").
    urls_namespace="data",
    renderer=Renderer(),
    # The document is served by ``document.openapi_document`` (with the datasets' files);
    # no interactive docs page, which would need scripts from elsewhere.
    openapi_url=None,
    docs_url=None,
)
install_error_handlers(api)


@read(
    api.default_router,
    "/",
    name="api_root",
    operation_id="apiRoot",
    summary="Enlaces de la API",
    response=ApiRoot,
    described="Enlaces.",
)
def api_root(request: HttpRequest) -> Item:
    return {
        "consultations": request.build_absolute_uri(reverse("data:api_consultations")),
        "openapi": request.build_absolute_uri(reverse("data:api_openapi")),
        "datasets": request.build_absolute_uri(reverse("data:index")),
    }


api.add_router("/consultations/", consultations.router)
api.add_router("/indicators/", indicators.router)


def urlpatterns() -> list[URLPattern]:
    """The API's addresses (relative to /api/v1/), each answering as ``public_read_only``
    says. ninja lists an address once per method; one pattern per address is enough."""
    patterns, seen = [], set()
    for pattern in api.urls[0]:
        key = (str(pattern.pattern), pattern.name)
        if key not in seen:
            seen.add(key)
            patterns.append(
                URLPattern(
                    pattern.pattern,
                    # Kept whole like the pages (common.pagecache), for everyone: public
                    # data, the same whoever asks.
                    public_read_only(cache_for_anonymous(pattern.callback, everyone=True)),
                    pattern.default_args,
                    pattern.name,
                )
            )
    return patterns
