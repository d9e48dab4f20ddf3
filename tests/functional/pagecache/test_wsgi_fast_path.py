"""Hits answered before Django (PageCacheApplication, shop/wsgi.py): the
page Django gave, with every middleware's headers, the visitor's own CSRF
token and cookie, and nothing of Django's handler run."""

import io
import re
from decimal import Decimal as D
from http.cookies import SimpleCookie

import pytest
from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from oscar.core.loading import get_model

from shop.apps.core.pagecache import PageCacheApplication

StockRecord = get_model("partner", "StockRecord")
CATALOGUE = "/boutique/catalogue/"


class Counting:
    """Django's WSGI handler, counting the requests it is given."""

    def __init__(self):
        self.handler = WSGIHandler()
        self.calls = 0

    def __call__(self, environ, start_response):
        self.calls += 1
        # As Django's test client does: the test's connection stays open.
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            response = self.handler(environ, start_response)
            return list(response)
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)


@pytest.fixture
def app():
    return PageCacheApplication(Counting())


def call(app, path, cookies=None, **headers):
    path, _, query = path.partition("?")
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "HTTP_HOST": "testserver",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": io.StringIO(),
        "wsgi.version": (1, 0),
        "wsgi.multithread": False,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
        **headers,
    }
    if cookies:
        environ["HTTP_COOKIE"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    answer = {}

    def start_response(status, headers, exc_info=None):
        answer["status"] = status
        answer["headers"] = headers

    body = b"".join(app(environ, start_response))
    answer["body"] = body
    answer["names"] = {name.lower() for name, _ in answer["headers"]}
    answer["cookies"] = SimpleCookie()
    for name, value in answer["headers"]:
        if name.lower() == "set-cookie":
            answer["cookies"].load(value)
    return answer


def header(answer, name):
    return [v for n, v in answer["headers"] if n.lower() == name.lower()]


def tokens(answer):
    return re.findall(rb'name="csrfmiddlewaretoken" value="([^"]+)"', answer["body"])


def test_a_hit_is_answered_without_django_with_the_same_headers(
    app, soap, django_assert_num_queries
):
    rendered = call(app, CATALOGUE)
    assert app.application.calls == 1

    with django_assert_num_queries(0):
        hit = call(app, CATALOGUE)

    assert app.application.calls == 1
    assert hit["status"] == "200 OK"
    assert soap.title.encode() in hit["body"]
    assert hit["names"] == rendered["names"]
    for name in ("Content-Security-Policy", "X-Frame-Options", "Content-Type", "Vary"):
        assert header(hit, name) == header(rendered, name), name
    assert int(header(hit, "Content-Length")[0]) == len(hit["body"])
    assert header(hit, "X-Request-ID") != header(rendered, "X-Request-ID")


def test_each_visitor_gets_their_own_token_and_it_is_accepted(app, soap):
    call(app, CATALOGUE)
    first = call(app, CATALOGUE)
    cookie = first["cookies"][settings.CSRF_COOKIE_NAME].value
    again = call(app, CATALOGUE, cookies={settings.CSRF_COOKIE_NAME: cookie})
    other = call(app, CATALOGUE)

    assert app.application.calls == 1
    assert again["cookies"][settings.CSRF_COOKIE_NAME].value == cookie
    assert other["cookies"][settings.CSRF_COOKIE_NAME].value != cookie
    assert not set(tokens(first)) & set(tokens(other))
    # The token of the page from the cache, posted with its cookie.
    client = Client(enforce_csrf_checks=True)
    client.cookies[settings.CSRF_COOKIE_NAME] = cookie
    response = client.post(
        f"/boutique/basket/add/{soap.pk}/",
        {"csrfmiddlewaretoken": tokens(again)[0].decode(), "quantity": "1"},
    )
    assert response.status_code == 302


def test_an_unchanged_page_is_not_modified(app, soap):
    call(app, CATALOGUE)
    cookies = {settings.CSRF_COOKIE_NAME: "a" * 32}
    etag = header(call(app, CATALOGUE, cookies=cookies), "ETag")[0]

    answer = call(app, CATALOGUE, cookies=cookies, HTTP_IF_NONE_MATCH=etag)

    assert answer["status"] == "304 Not Modified"
    assert answer["body"] == b""
    assert app.application.calls == 1


def test_a_change_goes_back_to_django(app, soap):
    call(app, CATALOGUE)
    record = StockRecord.objects.get(product=soap)
    record.price = D("9.90")
    record.save()

    answer = call(app, CATALOGUE)

    assert app.application.calls == 2
    assert b"9,90" in answer["body"]


@pytest.mark.parametrize(
    ("path", "cookies"),
    [
        (CATALOGUE, {"sessionid": "x"}),
        (CATALOGUE, {"oscar_open_basket": "1:x"}),
        (CATALOGUE + "?lang=en", None),
        # Not a CSRF secret of Django's format: Django replaces it.
        (CATALOGUE, {"csrftoken": "not-a-secret"}),
    ],
)
def test_personal_cookies_and_a_language_asked_go_to_django(app, soap, path, cookies):
    call(app, path)
    call(app, path, cookies=cookies)

    assert app.application.calls == 2


def test_the_site_is_served_through_the_page_cache():
    import shop.wsgi

    assert isinstance(shop.wsgi.application, PageCacheApplication)


def test_a_host_not_allowed_goes_to_django(app, soap):
    call(app, CATALOGUE)

    answer = call(app, CATALOGUE, HTTP_HOST="evil.example")

    assert app.application.calls == 2
    assert answer["status"].startswith("400")
