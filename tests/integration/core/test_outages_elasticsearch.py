"""Elasticsearch away: search says so (503), everything else still works.

The shared node stays up for the other tests; "away" is a real address
where no node answers: a port where nothing listens (connections refused at
once) and a socket that accepts connections and never answers (the client's
timeout runs out). Catalogue browsing falls back to the database backend;
product pages, the basket and the checkout do not need the search engine.
"""

import logging
import socket
import threading
import time

import pytest
from django.urls import reverse
from django.utils import translation

from tests.factories import VendorFactory, create_artisan_product

pytestmark = [pytest.mark.service("elasticsearch"), pytest.mark.django_db]

# Seconds the client waits for a node (ELASTICSEARCH_TIMEOUT), short here.
TIMEOUT = 1.0
# Leeway over the timeout for the rest of a page's work.
LEEWAY = 2.5


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def refusing_node():
    """The URL of a port where nothing listens."""
    return f"http://127.0.0.1:{free_port()}"


@pytest.fixture
def silent_node():
    """The URL of a socket that accepts connections and never answers."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    accepted = []
    stop = threading.Event()

    def accept():
        server.settimeout(0.1)
        while not stop.is_set():
            try:
                accepted.append(server.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}"
    stop.set()
    thread.join(timeout=5)
    for connection in accepted:
        connection.close()
    server.close()


@pytest.fixture(params=["refusing_node", "silent_node"])
def node_away(request, settings):
    settings.SEARCH_BACKEND = "elasticsearch"
    settings.ELASTICSEARCH_URL = request.getfixturevalue(request.param)
    settings.ELASTICSEARCH_TIMEOUT = TIMEOUT
    return settings.ELASTICSEARCH_URL


def timed_get(client, url, data=None):
    started = time.monotonic()
    response = client.get(url, data)
    return response, time.monotonic() - started


def test_search_is_503_and_the_rest_of_the_shop_still_works(
    client, node_away, home_page, caplog
):
    soap = create_artisan_product(VendorFactory(), title="Savon au miel")
    caplog.set_level(logging.WARNING)

    # a search: the page of ours saying so, in French, with when to come back
    response, took = timed_get(client, reverse("search:search"), {"q": "savon"})
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    assert "search/unavailable.html" in [t.name for t in response.templates]
    page = response.content.decode()
    with translation.override("fr"):
        title = translation.gettext("Search is unavailable for a moment")
    assert title != "Search is unavailable for a moment"
    assert title in page
    assert 'href="/boutique/catalogue/"' in page
    assert took < TIMEOUT + LEEWAY
    suggestions, took = timed_get(client, reverse("search:suggest"), {"q": "sav"})
    assert suggestions.status_code == 503
    assert suggestions.json() == {"suggestions": [], "unavailable": True}
    assert took < TIMEOUT + LEEWAY

    # the catalogue, listed from the database instead
    catalogue, took = timed_get(client, reverse("catalogue:index"))
    assert catalogue.status_code == 200
    assert [p.pk for p in catalogue.context["page_obj"].object_list] == [soap.pk]
    assert took < TIMEOUT + LEEWAY
    assert any(
        "listed from the database" in r.getMessage()
        for r in caplog.records
        if r.name == "search.views"
    )

    # the product page, the basket and the checkout
    assert client.get("/").status_code == 200
    assert client.get(soap.get_absolute_url()).status_code == 200
    added = client.post(reverse("basket:add", kwargs={"pk": soap.pk}), {"quantity": 1})
    assert added.status_code == 302
    basket = client.get(reverse("basket:summary"))
    assert basket.status_code == 200
    assert basket.context["basket"].num_items == 1
    checkout = client.get(reverse("checkout:index"))
    assert checkout.status_code == 200
    assert "oscar/checkout/gateway.html" in [t.name for t in checkout.templates]
