"""The address a request came from, as the slot holds count it."""

from django.test import RequestFactory

from shop.apps.core.http import client_address


def request(remote, forwarded=None):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, **extra)


def test_without_a_proxy_the_connections_address_is_the_clients(settings):
    settings.TRUSTED_PROXY_COUNT = 0

    assert client_address(request("203.0.113.7", "10.0.0.1")) == "203.0.113.7"


def test_behind_one_proxy_the_address_it_saw_is_the_clients(settings):
    settings.TRUSTED_PROXY_COUNT = 1

    # the client typed a header of its own; nginx appended what it saw
    typed_then_seen = "198.51.100.9, 203.0.113.7"

    assert client_address(request("10.0.0.2", typed_then_seen)) == "203.0.113.7"


def test_a_missing_header_behind_a_proxy_falls_back_to_the_connection(settings):
    settings.TRUSTED_PROXY_COUNT = 1

    assert client_address(request("10.0.0.2")) == "10.0.0.2"
