"""What production logs carry, and how they are set up.

One id per request, in every log line written while it is served: nginx
(``deploy/nginx.conf``) or the ingress sends its own ``X-Request-ID``, which
its access log and gunicorn's carry too, so one id follows a request from the
proxy to the application's logs; without one, an id is made here. The
response carries it back, for a user to quote to support.
"""

import contextvars
import logging
import logging.config
import re
import uuid

HEADER = "X-Request-ID"
# What a proxy's id looks like (nginx's $request_id: 32 hex digits; UUIDs);
# anything else is replaced, so that a client cannot write into the logs.
ACCEPTED_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")

current_request_id = contextvars.ContextVar("request_id", default="")


class RequestIdMiddleware:
    """Take the proxy's request id, or make one, for the logs and the response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.headers.get(HEADER, "")
        request_id = given if ACCEPTED_ID.fullmatch(given) else uuid.uuid4().hex
        request.request_id = request_id
        token = current_request_id.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            current_request_id.reset(token)
        response[HEADER] = request_id
        return response


class RequestIdFilter(logging.Filter):
    """Give each log record the id of the request being served, if any."""

    def filter(self, record):
        if not hasattr(record, "request_id"):
            record.request_id = current_request_id.get()
        return True


def configure_logging(config):
    """``LOGGING_CONFIG`` of production: the settings' LOGGING, and Python's
    warnings through it too, so that every line on stderr is one of its JSON
    lines (Django leaves warnings to the interpreter's plain printing)."""
    logging.config.dictConfig(config)
    logging.captureWarnings(True)
