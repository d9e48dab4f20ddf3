"""The API in tests: calling it, and checking answers against the schema.

``assert_matches_schema(response, path, method)`` validates a test response
against the OpenAPI schema the site publishes at /api/schema/ (the same
generator, built once per test run): the status must be documented (or fall
under ``default``, the problem+json every operation may answer), and the body
must match that response's schema.
"""

import functools
import json
import re

import jsonschema
from django.urls import resolve
from drf_spectacular.generators import SchemaGenerator
from referencing import Registry, Resource
from rest_framework.test import APIClient


@functools.cache
def published_schema():
    """The OpenAPI document, as /api/schema/ serves it (JSON-compatible)."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    # Through JSON, as a client reads it (lazy strings, Decimals, enums).
    return json.loads(json.dumps(schema, default=str))


def _nullable_to_type(node):
    """OpenAPI 3.0's ``nullable: true`` in JSON Schema terms, recursively."""
    if isinstance(node, list):
        return [_nullable_to_type(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _nullable_to_type(value) for key, value in node.items()}
    if node.pop("nullable", False):
        if "type" in node:
            types = node["type"] if isinstance(node["type"], list) else [node["type"]]
            node["type"] = [*types, "null"]
            if "enum" in node and None not in node["enum"]:
                node["enum"] = [*node["enum"], None]
        else:
            node = {"anyOf": [node, {"type": "null"}]}
    return node


def response_schema(path, method, status, content_type="application/json"):
    """The JSON Schema of one documented response (``path`` as the schema
    writes it, e.g. ``/api/v1/products/{id}/``)."""
    document = published_schema()
    operations = document["paths"].get(path)
    assert operations is not None, f"{path} is not in the schema"
    operation = operations.get(method.lower())
    assert operation is not None, f"{method} {path} is not in the schema"
    responses = operation["responses"]
    response = responses.get(str(status)) or responses.get("default")
    assert response is not None, f"{method} {path} does not document {status}"
    content = response.get("content")
    if content is None:
        return None
    media = content.get(content_type) or next(iter(content.values()))
    return media["schema"]


def assert_matches_schema(response, path, method="GET"):
    """Fail unless ``response`` is what the schema says ``method path`` answers."""
    content_type = response.get("Content-Type", "application/json").split(";")[0]
    schema = response_schema(path, method, response.status_code, content_type)
    if schema is None or response.status_code == 204 or not response.content:
        assert not response.content or schema is not None
        return
    document = _nullable_to_type(published_schema())
    registry = Registry().with_resource("urn:openapi", Resource.opaque(document))
    root = _nullable_to_type(schema)
    root = json.loads(
        json.dumps(root).replace('"#/components', '"urn:openapi#/components')
    )
    validator = jsonschema.Draft202012Validator(
        root, registry=registry, format_checker=jsonschema.FormatChecker()
    )
    errors = sorted(validator.iter_errors(response.json()), key=lambda e: e.path)
    assert not errors, "\n".join(
        f"{'/'.join(map(str, error.absolute_path)) or '(body)'}: {error.message}"
        for error in errors[:10]
    )


def bearer(secret):
    """Headers for the test client: ``Authorization: Bearer <secret>``."""
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


class SchemaCheckedClient(APIClient):
    """An API client whose every answer must match the published schema."""

    def request(self, **kwargs):
        response = super().request(**kwargs)
        path = kwargs["PATH_INFO"]
        if path.startswith("/api/v1/"):
            route = "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", resolve(path).route)
            assert_matches_schema(response, route, kwargs["REQUEST_METHOD"])
        return response
