"""Redis stopped under a running site: pages still serve, nothing is lost.

A Redis server of the test's own (on a free port, never the shared one) is
the cache, the session cache (``cached_db``) and the Celery broker, as in
production. The test serves pages, kills the server, serves them again, then
starts it again and sees the cache used anew.
"""

import logging
import shutil
import socket
import subprocess
import time

import pytest
import redis
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse
from oscar.test.factories import ProductImageFactory
from sorl.thumbnail.images import ImageFile
from sorl.thumbnail.kvstores.base import add_prefix
from sorl.thumbnail.models import KVStore

from shop.celery_app import app
from tests.factories import (
    DEFAULT_PASSWORD,
    UserFactory,
    VendorFactory,
    create_artisan_product,
)

pytestmark = [pytest.mark.service("redis"), pytest.mark.django_db]

START_TIMEOUT = 10
# Seconds the cache leaves a failed Redis alone (short, for the test).
OUTAGE_PAUSE = 0.5


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RedisServer:
    """A ``redis-server`` process of this test, without persistence."""

    def __init__(self, directory):
        self.binary = shutil.which("redis-server")
        self.directory = directory
        self.port = free_port()
        self.process = None

    def url(self, db):
        return f"redis://127.0.0.1:{self.port}/{db}"

    def start(self):
        self.process = subprocess.Popen(
            [
                self.binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.directory),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        client = redis.Redis(port=self.port, socket_connect_timeout=0.2)
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            try:
                client.ping()
                return
            except redis.ConnectionError:
                time.sleep(0.05)
        pytest.fail(f"redis-server did not answer on port {self.port}")

    def kill(self):
        self.process.kill()
        self.process.wait(timeout=10)

    def keys(self, db):
        return redis.Redis(port=self.port, db=db).keys("*")


@pytest.fixture
def redis_server(tmp_path):
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed (Debian's redis-server package)")
    server = RedisServer(tmp_path)
    server.start()
    yield server
    if server.process.poll() is None:
        server.kill()


def forget_broker_connections():
    """Celery keeps a pool of connections to the first broker it publishes to;
    dropped so that tasks go to the broker the settings name now."""
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def redis_everywhere(settings, redis_server):
    """Cache, sessions and Celery broker on the test's Redis, as in production."""
    settings.CACHES = {
        "default": {
            "BACKEND": "shop.apps.core.cache.TolerantRedisCache",
            "LOCATION": redis_server.url(0),
            "OUTAGE_PAUSE": OUTAGE_PAUSE,
        }
    }
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    settings.CELERY_BROKER_URL = redis_server.url(1)
    settings.CELERY_TASK_ALWAYS_EAGER = False
    forget_broker_connections()
    yield redis_server
    forget_broker_connections()


@pytest.fixture
def shop(home_page):
    """A product with an image, and an account to sign in with."""
    product = create_artisan_product(VendorFactory(), title="Savon au miel")
    ProductImageFactory(product=product, original__width=400, original__height=300)
    return {"product": product, "account": UserFactory(email="lea@example.fr")}


def browse(client, product):
    """The pages a visitor goes through; their status codes, by page."""
    pages = {
        "home": "/",
        "catalogue": reverse("catalogue:index"),
        "product": product.get_absolute_url(),
        "basket": reverse("basket:summary"),
        "login": reverse("customer:login"),
    }
    statuses = {name: client.get(url).status_code for name, url in pages.items()}
    statuses["add to basket"] = client.post(
        reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1}
    ).status_code
    return statuses


def sign_in(client, account):
    return client.post(
        reverse("customer:login"),
        {
            "login-username": account.email,
            "login-password": DEFAULT_PASSWORD,
            "login_submit": "Log in",
        },
    )


SERVED = {
    "home": 200,
    "catalogue": 200,
    "product": 200,
    "basket": 200,
    "login": 200,
    "add to basket": 302,
}


def test_pages_serve_from_the_database_while_redis_is_down_and_use_it_again_after(
    client, redis_everywhere, shop, caplog
):
    redis_server = redis_everywhere
    signed_in = Client()
    # given a site whose cache and sessions are on a running Redis
    assert browse(client, shop["product"]) == SERVED
    assert sign_in(signed_in, shop["account"]).status_code == 302
    assert redis_server.keys(0), "the pages wrote nothing to the cache"

    # when Redis is killed
    redis_server.kill()
    caplog.set_level(logging.WARNING)
    caplog.clear()

    # then the pages still serve ...
    assert browse(client, shop["product"]) == SERVED
    # ... the signed-in visitor stays signed in (the session is read from
    # the database) ...
    assert signed_in.get(reverse("customer:profile-view")).status_code == 200
    assert signed_in.session[SESSION_KEY] == str(shop["account"].pk)
    # ... a new visitor signs in ...
    newcomer = Client()
    assert sign_in(newcomer, shop["account"]).status_code == 302
    assert newcomer.get(reverse("customer:profile-view")).status_code == 200
    # ... and the outage is logged, once however many calls failed
    cache_warnings = [r for r in caplog.records if r.name == "shop.apps.core.cache"]
    assert len(cache_warnings) == 1
    assert cache_warnings[0].levelno == logging.WARNING
    assert f"127.0.0.1:{redis_server.port}/0" in cache_warnings[0].getMessage()

    # when Redis is started again (empty) and the pause is over
    redis_server.start()
    time.sleep(OUTAGE_PAUSE + 0.1)
    caplog.clear()

    # then the cache is used again and the recovery is logged
    assert browse(client, shop["product"]) == SERVED
    assert redis_server.keys(0), "the cache was not used again"
    assert any("answers again" in r.getMessage() for r in caplog.records)


def product_with_image(title):
    product = create_artisan_product(VendorFactory(), title=title)
    image = ProductImageFactory(
        product=product, original__width=400, original__height=300
    )
    return product, image


def thumbnails_recorded(image):
    source = ImageFile(image.original)
    return KVStore.objects.filter(key=add_prefix(source.key, "thumbnails")).exists()


def test_a_page_queuing_a_task_with_the_broker_down_has_it_done_there(
    client, redis_everywhere, home_page, caplog
):
    redis_server = redis_everywhere
    # given a product page that queues the making of its thumbnails, which a
    # worker does while the broker is up
    honey, honey_image = product_with_image("Savon au miel")
    assert client.get(honey.get_absolute_url()).status_code == 200
    assert redis_server.keys(1), "the task was not queued on the broker"
    assert not thumbnails_recorded(honey_image)  # left to a worker

    # when Redis is down while another product's page is shown
    redis_server.kill()
    caplog.set_level(logging.WARNING)
    lavender, lavender_image = product_with_image("Savon à la lavande")
    response = client.get(lavender.get_absolute_url())

    # then the page serves, its thumbnails made where the task was queued
    assert response.status_code == 200
    assert thumbnails_recorded(lavender_image)
    warnings = [r for r in caplog.records if r.name == "shop.celery_app"]
    assert warnings
    for warning in warnings:
        assert warning.levelno == logging.WARNING
        assert "generate_product_thumbnails_task" in warning.getMessage()
