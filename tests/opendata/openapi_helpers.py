"""Validate API answers and JSON downloads against the served OpenAPI document."""

from typing import Any

from jsonschema import Draft202012Validator

from opendata.api.document import openapi_document


def assert_matches(instance: Any, schema: str) -> None:
    """Raise jsonschema.ValidationError unless ``instance`` fits components/schemas/schema
    of the document as it is served now."""
    components = openapi_document()["components"]
    root = {"$ref": f"#/components/schemas/{schema}", "components": components}
    Draft202012Validator(root, format_checker=Draft202012Validator.FORMAT_CHECKER).validate(
        instance
    )


def walk(client, url: str) -> list[dict[str, Any]]:
    """Every item of a paginated list, following ``next`` links; checks each page."""
    items: list[dict[str, Any]] = []
    pages = 0
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.content
        body = response.json()
        items += body["items"]
        url = body["next"]
        pages += 1
        assert pages < 100
    return items
