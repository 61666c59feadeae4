"""api.api_openapi: /api/v1/openapi.json, validated as OpenAPI 3.1."""

import pytest
from django.urls import get_resolver
from openapi_spec_validator import validate
from openapi_spec_validator.versions import consts as versions
from openapi_spec_validator.versions.shortcuts import get_spec_version

from consultations.api_openapi import SPEC

URL = "/api/v1/openapi.json"


def test_the_document_is_valid_openapi_3_1(client, db):
    response = client.get(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    document = response.json()
    assert document == SPEC
    assert get_spec_version(document) == versions.OPENAPIV31
    validate(document)


def test_every_api_and_data_route_is_described(db):
    described = set(SPEC["paths"])
    routes = set()
    for pattern in get_resolver().url_patterns:
        if getattr(pattern, "namespace", None) != "data":
            continue
        for inner in pattern.url_patterns:
            route = str(inner.pattern)
            route = route.replace("<slug:slug>", "{slug}").replace("<int:pk>", "{id}")
            if "<slug:dataset>" in route:
                for dataset in ("consultas", "propuestas", "encuestas"):
                    routes.add("/" + route.replace("<slug:dataset>", dataset))
            elif route.startswith("api/"):
                routes.add("/" + route)
    assert routes <= described, routes - described


def test_every_operation_documents_its_errors(db):
    for path, item in SPEC["paths"].items():
        operation = item["get"]
        if path.startswith("/api/v1/") and path != "/api/v1/openapi.json":
            assert {"200", "404", "405"} <= set(operation["responses"]), path


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_the_document_is_read_only(client, db, method):
    response = getattr(client, method)(URL)
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
