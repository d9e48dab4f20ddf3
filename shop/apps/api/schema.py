"""The OpenAPI schema's additions: the token scheme and the problem answers.

Loaded by :meth:`shop.apps.api.apps.ApiConfig.ready` so that drf-spectacular
knows the extension before it builds the schema.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension

from .errors import PROBLEM_CONTENT_TYPE


class TokenAuthenticationScheme(OpenApiAuthenticationExtension):
    """``Authorization: Bearer apt_…``, a personal access token."""

    target_class = "shop.apps.api.authentication.TokenAuthentication"
    name = "personalAccessToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": str(
                _(
                    "A personal access token, made in the back office "
                    "(artisans, logistics staff) or the account area (customers)."
                )
            ),
        }


PROBLEM_SCHEMA = {
    "type": "object",
    "description": "An error, as RFC 9457 describes (application/problem+json).",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string", "description": "What kind of error it is."},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "errors": {
            "type": "array",
            "description": "For refused data: what is wrong, field by field.",
            "items": {
                "type": "object",
                "required": ["field", "detail", "code"],
                "properties": {
                    "field": {
                        "type": "string",
                        "nullable": True,
                        "description": "Dotted path of the field; null for "
                        "the request as a whole.",
                    },
                    "detail": {"type": "string"},
                    "code": {"type": "string"},
                },
            },
        },
    },
}


def add_problem_responses(result, generator, request, public):
    """drf-spectacular post-processing hook: a ``Problem`` component, and on
    every operation a ``default`` response that is a problem."""
    components = result.setdefault("components", {})
    components.setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
    problem = {
        "description": "An error (problem+json).",
        "content": {
            PROBLEM_CONTENT_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}
        },
    }
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            if method in ("get", "put", "post", "patch", "delete"):
                operation.setdefault("responses", {}).setdefault("default", problem)
    return result


def only_the_api(endpoints):
    """drf-spectacular pre-processing hook: the schema is of /api/v1/ only
    (Wagtail's admin has DRF views of its own, not part of our contract)."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v")]
