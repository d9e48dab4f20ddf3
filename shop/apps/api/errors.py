"""The API's errors, as ``application/problem+json`` (RFC 9457).

Every error answers with ``type``, ``title``, ``status`` and ``detail``; a
refused input adds ``errors``, one entry per field (``field`` is the field's
dotted path, ``null`` for the request as a whole). Messages are French unless
the request's ``Accept-Language`` asks for English
(:class:`shop.apps.api.middleware.ApiLanguageMiddleware`).
"""

import math
from http import HTTPStatus

from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import set_rollback

PROBLEM_CONTENT_TYPE = "application/problem+json"

# ``type`` of each problem: a URI under /api/problems/ naming its kind.
PROBLEM_TYPE_PREFIX = "/api/problems/"

TITLES = {
    400: _("The request is not valid."),
    401: _("Authentication is needed."),
    403: _("This is not allowed."),
    404: _("Not found."),
    405: _("This method is not allowed here."),
    406: _("This format is not available."),
    409: _("This conflicts with the current state."),
    415: _("This content type is not supported."),
    429: _("Too many requests."),
    500: _("Something went wrong on our side."),
}
VALIDATION_TITLE = _("The data sent is not valid.")
NOT_FOUND_DETAIL = _("Nothing here: check the address, or it is not yours to see.")


def title_of(status):
    return TITLES.get(status) or HTTPStatus(status).phrase


def problem(status, code, detail=None, title=None, **extra):
    """The body of a problem: a dict ready for JSON."""
    body = {
        "type": PROBLEM_TYPE_PREFIX + code,
        "title": str(title or title_of(status)),
        "status": status,
        "detail": str(detail or title or title_of(status)),
    }
    body.update(extra)
    return body


def problem_response(status, code, detail=None, **extra):
    """A problem answered outside DRF's views (a Django view, a middleware)."""
    return JsonResponse(
        problem(status, code, detail, **extra),
        status=status,
        content_type=PROBLEM_CONTENT_TYPE,
        json_dumps_params={"ensure_ascii": False},
    )


def field_errors(detail, path=""):
    """``[{"field", "detail", "code"}]`` from a ValidationError's detail."""
    if isinstance(detail, dict):
        errors = []
        for key, value in detail.items():
            if key in ("non_field_errors", "__all__"):
                errors.extend(field_errors(value, path))
            else:
                errors.extend(field_errors(value, f"{path}.{key}" if path else key))
        return errors
    if isinstance(detail, list):
        errors = []
        for index, value in enumerate(detail):
            if isinstance(value, dict | list):
                # A list of nested objects: the index is part of the path.
                errors.extend(
                    field_errors(value, f"{path}.{index}" if path else str(index))
                )
            else:
                errors.extend(field_errors(value, path))
        return errors
    return [
        {
            "field": path or None,
            "detail": str(detail),
            "code": getattr(detail, "code", None) or "invalid",
        }
    ]


def problem_exception_handler(exc, context):
    """DRF's ``EXCEPTION_HANDLER``: every error of an API view as a problem.

    Anything else than DRF's exceptions and Django's ``Http404`` and
    ``PermissionDenied`` is left to Django (a 500, logged with its context).
    """
    if isinstance(exc, Http404):
        # Django's message names the model; ours says nothing of what exists.
        exc = exceptions.NotFound(NOT_FOUND_DETAIL)
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    if not isinstance(exc, exceptions.APIException):
        return None

    headers = {}
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header
    if getattr(exc, "wait", None):
        headers["Retry-After"] = f"{math.ceil(exc.wait)}"

    status = exc.status_code
    if isinstance(exc, exceptions.ValidationError):
        errors = field_errors(exc.detail)
        whole = [error["detail"] for error in errors if error["field"] is None]
        body = problem(
            status,
            "validation",
            title=VALIDATION_TITLE,
            detail=whole[0] if whole else VALIDATION_TITLE,
            errors=errors,
        )
    else:
        codes = exc.get_codes()
        code = codes if isinstance(codes, str) else exc.default_code
        detail = exc.detail if isinstance(exc.detail, str) else None
        body = problem(status, str(code).replace("_", "-"), detail)
    set_rollback()
    return Response(
        body, status=status, headers=headers, content_type=PROBLEM_CONTENT_TYPE
    )
