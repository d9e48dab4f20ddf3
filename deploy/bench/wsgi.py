"""WSGI entry point for ``make bench`` only: the shop plus two measuring aids.

Started as ``gunicorn deploy.bench.wsgi:application`` by ``deploy/bench/bench.py``;
production starts ``shop.wsgi:application`` and never imports this module.

- ``/__bench__/static/<bytes>`` answers that many bytes of HTML without
  entering Django, when ``BENCH_STATIC_ENDPOINT=1``: the same server's
  ceiling for a response of a page's size.
- A request carrying ``X-Bench-Count-Queries: 1`` gets the number of SQL
  queries Django ran for it in the ``X-Bench-Queries`` response header. Other
  requests, those of the load runs, go through Django untouched.
- The root URLconf is ``deploy.bench.urls``: the shop's URLs, plus stock
  Oscar's catalogue view at ``/__bench__/oscar/catalogue/``
  (``deploy/bench/stock_oscar.py``), measured beside ours.
"""

import os
from contextlib import ExitStack

from django.conf import settings

from shop.wsgi import application as django_application

# Django reads ROOT_URLCONF at each request, and no request has come yet; the
# bench's URLconf includes every URL of the shop's, so nothing else changes.
settings.ROOT_URLCONF = "deploy.bench.urls"

STATIC_PREFIX = "/__bench__/static/"
MAX_STATIC_BYTES = 10 * 1024 * 1024
STATIC_ENABLED = os.environ.get("BENCH_STATIC_ENDPOINT") == "1"
_static_bodies = {}


class QueryCounter:
    """A ``connection.execute_wrapper`` that counts the statements it sees."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def static_response(environ, start_response):
    try:
        size = int(environ["PATH_INFO"][len(STATIC_PREFIX) :].strip("/"))
    except ValueError:
        size = -1
    if not 0 <= size <= MAX_STATIC_BYTES:
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"size out of range\n"]
    body = _static_bodies.get(size)
    if body is None:
        body = _static_bodies[size] = (b"<!DOCTYPE html>" + b"x" * size)[:size]
    start_response(
        "200 OK",
        [
            ("Content-Type", "text/html; charset=utf-8"),
            ("Content-Length", str(size)),
        ],
    )
    return [body]


def counted_response(environ, start_response):
    # Imported here: ``shop.wsgi`` above has set Django up by now.
    from django.db import connections

    counter = QueryCounter()

    # Django's handler has run the view by the time it calls start_response,
    # so the count is complete then (streaming responses aside).
    def start_response_with_count(status, headers, exc_info=None):
        headers = [*headers, ("X-Bench-Queries", str(counter.count))]
        return start_response(status, headers, exc_info)

    with ExitStack() as stack:
        for alias in connections:
            stack.enter_context(connections[alias].execute_wrapper(counter))
        return django_application(environ, start_response_with_count)


def application(environ, start_response):
    path = environ.get("PATH_INFO", "")
    if STATIC_ENABLED and path.startswith(STATIC_PREFIX):
        return static_response(environ, start_response)
    if environ.get("HTTP_X_BENCH_COUNT_QUERIES") == "1":
        return counted_response(environ, start_response)
    return django_application(environ, start_response)
