"""The OpenAPI 3.1 document of the JSON API and the dataset files, at
/api/v1/openapi.json.

ninja generates the API's part from the endpoints' typed schemas; the files of every
registered dataset (``common.datasets``) are added here, their JSON described by the
dataset's ``item_schema``. Schemas are JSON Schema 2020-12 (OpenAPI 3.1's dialect) and
closed (``additionalProperties: false``): the tests validate real answers and files
against this document.
"""

import copy
import json
from functools import cache
from typing import Any

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.urls import reverse
from django.utils import translation
from ninja.openapi.schema import REF_TEMPLATE
from ninja.schema import NinjaGenerateJsonSchema

from common.datasets import Dataset, registered_datasets
from opendata.files import LICENSE


@cache
def _api_part() -> dict[str, Any]:
    """What ninja generates, as JSON reads it (status codes as strings), computed once:
    the endpoints do not change while the process runs."""
    from opendata.api import api

    document = json.loads(json.dumps(api.get_openapi_schema()))
    if not document.get("servers"):
        document.pop("servers", None)
    # The query parameters' models come along although the parameters are written out in
    # each operation: keep only the schemas something refers to.
    text = json.dumps(document["paths"]) + json.dumps(document["components"])
    document["components"]["schemas"] = {
        name: schema
        for name, schema in document["components"]["schemas"].items()
        if f'"{REF_TEMPLATE.format(model=name)}"' in text
    }
    document["paths"][reverse("data:api_openapi")] = {
        "get": {
            "operationId": "openapi",
            "summary": "Este documento (OpenAPI 3.1)",
            "responses": {
                "200": {
                    "description": "El documento OpenAPI.",
                    "content": {"application/json": {"schema": {"type": "object"}}},
                }
            },
        }
    }
    return document


def _item_schema(dataset: Dataset, components: dict[str, Any]) -> dict[str, Any]:
    if dataset.item_schema is None:
        return {"type": "object"}
    schema = dataset.item_schema.model_json_schema(
        ref_template=REF_TEMPLATE, schema_generator=NinjaGenerateJsonSchema, mode="serialization"
    )
    components.update(schema.pop("$defs", {}))
    name = dataset.item_schema.__name__
    components.setdefault(name, schema)
    return {"$ref": REF_TEMPLATE.format(model=name)}


def _camel(name: str) -> str:
    return "".join(word.capitalize() for word in name.replace("-", "_").split("_"))


def _dataset_paths(dataset: Dataset, components: dict[str, Any]) -> dict[str, Any]:
    item = _item_schema(dataset, components)
    component = (
        f"{dataset.item_schema.__name__ if dataset.item_schema else _camel(dataset.name)}Dataset"
    )
    components[component] = {
        "type": "object",
        "properties": {
            "dataset": {"const": dataset.name},
            "license": {"const": LICENSE},
            "generated_at": {"type": "string", "format": "date-time"},
            "items": {"type": "array", "items": item},
        },
        "required": ["dataset", "license", "generated_at", "items"],
        "additionalProperties": False,
    }
    title = str(dataset.title)
    operation = f"download{_camel(dataset.name)}"
    return {
        reverse("data:download_json", args=[dataset.slug]): {
            "get": {
                "operationId": operation,
                "summary": f"{title} (archivo JSON)",
                "description": str(dataset.description),
                "responses": {
                    "200": {
                        "description": "Conjunto de datos completo.",
                        "content": {
                            "application/json": {
                                "schema": {"$ref": REF_TEMPLATE.format(model=component)}
                            }
                        },
                    }
                },
            }
        },
        reverse("data:download_csv", args=[dataset.slug]): {
            "get": {
                "operationId": f"{operation}Csv",
                "summary": f"{title} (CSV)",
                "description": str(dataset.description),
                "responses": {
                    "200": {
                        "description": "CSV en UTF-8 (con BOM), separado por comas, una fila "
                        "de encabezados. Listas dentro de una celda separadas por «;». Un "
                        "texto que empieza con =, +, - o @ lleva un apóstrofo delante "
                        "(inyección en planillas).",
                        "content": {"text/csv": {"schema": {"type": "string"}}},
                    }
                },
            }
        },
    }


def openapi_document() -> dict[str, Any]:
    """The whole document: the API's part and the files of the datasets registered now
    (described in the site's language, like the rest of the document)."""
    document = copy.deepcopy(_api_part())
    components = document["components"]["schemas"]
    with translation.override(settings.LANGUAGE_CODE):
        for dataset in registered_datasets():
            document["paths"] |= _dataset_paths(dataset, components)
    return document


def serve_openapi_document(request: HttpRequest) -> JsonResponse:
    return JsonResponse(openapi_document(), json_dumps_params={"ensure_ascii": False})
