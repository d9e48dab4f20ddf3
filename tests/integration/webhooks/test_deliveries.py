"""Outgoing webhooks sent to a real local HTTP server: signed as Stripe signs,
retried with backoff until answered, one event id across retries, and only
for the endpoint's own shop."""

import datetime
import hashlib
import hmac
import http.server
import json
import threading

import pytest
from django.utils import timezone

from tests.conftest import free_port
from tests.factories import VendorFactory, create_artisan_product, place_order
from tests.factories.orders import step
from vendors.actions.catalogue import update_stock
from vendors.models import PartAction
from vendors.webhooks import signing
from vendors.webhooks.models import (
    DeliveryStatus,
    EventType,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEvent,
)
from vendors.webhooks.tasks import retry_delay, retry_due_deliveries

pytestmark = pytest.mark.django_db


class Receiver:
    """An HTTP server on a free local port answering the given status codes
    in turn (the last one from then on), and keeping what it received."""

    def __init__(self, statuses=(200,)):
        self.statuses = list(statuses)
        self.received = []
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.received.append((dict(self.headers), body))
                code = (
                    receiver.statuses.pop(0)
                    if len(receiver.statuses) > 1
                    else receiver.statuses[0]
                )
                self.send_response(code)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(
            ("127.0.0.1", free_port()), Handler
        )
        self.url = f"http://127.0.0.1:{self.server.server_port}/hooks"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def artisan():
    vendor = VendorFactory(partner__name="Calissons du Roy René")
    vendor.product = create_artisan_product(vendor, title="Calissons", price="12.40")
    return vendor


@pytest.fixture
def other_artisan():
    vendor = VendorFactory(partner__name="Verrerie de Biot")
    vendor.product = create_artisan_product(vendor, title="Carafe", price="48.00")
    return vendor


def endpoint_of(vendor, url, events=(EventType.ORDER_PAID,)):
    return WebhookEndpoint.objects.create(
        vendor=vendor, url=url, events=[str(e) for e in events]
    )


def test_a_delivery_is_signed_with_the_endpoints_secret(
    artisan, django_capture_on_commit_callbacks
):
    with Receiver() as receiver:
        endpoint = endpoint_of(artisan, receiver.url)
        with django_capture_on_commit_callbacks(execute=True):
            order = place_order((artisan.product, 2))

    ((headers, body),) = receiver.received
    # computed here, independently of the code under test
    parts = dict(
        item.split("=", 1) for item in headers["X-Artisans-Signature"].split(",")
    )
    expected = hmac.new(
        endpoint.secret.encode(),
        parts["t"].encode() + b"." + body,
        hashlib.sha256,
    ).hexdigest()
    assert hmac.compare_digest(parts["v1"], expected)
    assert abs(int(parts["t"]) - timezone.now().timestamp()) < 60
    signing.verify(endpoint.secret, body, headers["X-Artisans-Signature"])
    with pytest.raises(signing.SignatureError):
        signing.verify("whsec_wrong", body, headers["X-Artisans-Signature"])

    payload = json.loads(body)
    assert payload["type"] == "order.paid"
    assert payload["id"] == headers["X-Artisans-Event-Id"]
    assert payload["data"]["order_number"] == order.number
    assert [line["quantity"] for line in payload["data"]["lines"]] == [2]
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == DeliveryStatus.SUCCEEDED
    (attempt,) = delivery.attempts.all()
    assert attempt.status_code == 200


def test_a_failed_delivery_is_retried_with_backoff_under_the_same_event_id(
    artisan, django_capture_on_commit_callbacks
):
    with Receiver(statuses=[500, 500, 200]) as receiver:
        endpoint_of(artisan, receiver.url)
        with django_capture_on_commit_callbacks(execute=True):
            place_order((artisan.product, 1))
        delivery = WebhookDelivery.objects.get()
        first = delivery.attempts.get()
        assert first.status_code == 500
        assert first.next_retry_at is not None

        # not due yet: nothing is sent
        assert retry_due_deliveries(now=timezone.now()) == 0
        later = timezone.now() + datetime.timedelta(days=1)
        assert retry_due_deliveries(now=later) == 1
        assert retry_due_deliveries(now=later) == 1
        assert retry_due_deliveries(now=later) == 0

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SUCCEEDED
    assert delivery.attempt_count == 3
    attempts = list(delivery.attempts.order_by("attempted_at", "pk"))
    assert [a.status_code for a in attempts] == [500, 500, 200]
    waits = [a.next_retry_at - a.attempted_at for a in attempts[:2]]
    assert waits[1] > waits[0]  # exponential
    assert retry_delay(2) == 2 * retry_delay(1)
    ids = {json.loads(body)["id"] for _headers, body in receiver.received}
    header_ids = {h["X-Artisans-Event-Id"] for h, _body in receiver.received}
    assert len(receiver.received) == 3
    assert ids == header_ids == {delivery.event.event_id}


def test_a_delivery_is_given_up_after_the_last_attempt(
    artisan, settings, django_capture_on_commit_callbacks
):
    settings.WEBHOOK_MAX_ATTEMPTS = 3
    with Receiver(statuses=[503]) as receiver:
        endpoint_of(artisan, receiver.url)
        with django_capture_on_commit_callbacks(execute=True):
            place_order((artisan.product, 1))
        later = timezone.now() + datetime.timedelta(days=1)
        for _retry in range(5):
            retry_due_deliveries(now=later)

    delivery = WebhookDelivery.objects.get()
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.attempts.count() == 3 == len(receiver.received)
    assert delivery.next_attempt_at is None


def test_no_delivery_for_another_artisans_order(
    artisan, other_artisan, django_capture_on_commit_callbacks
):
    with Receiver() as receiver:
        endpoint_of(artisan, receiver.url)
        with django_capture_on_commit_callbacks(execute=True):
            place_order((other_artisan.product, 1))
        assert WebhookDelivery.objects.count() == 0

        # one basket from both: only this shop's part, none of the other's
        with django_capture_on_commit_callbacks(execute=True):
            order = place_order((artisan.product, 1), (other_artisan.product, 3))

    ((_headers, body),) = receiver.received
    data = json.loads(body)["data"]
    mine = order.vendor_orders.get(vendor=artisan)
    assert data["part_number"] == mine.number
    assert [line["title"] for line in data["lines"]] == ["Calissons"]
    assert "Carafe" not in body.decode()
    assert "Verrerie" not in body.decode()
    assert WebhookEvent.objects.get().vendor == artisan


def test_a_refused_order_tells_order_cancelled(
    artisan, django_capture_on_commit_callbacks
):
    with Receiver() as receiver:
        endpoint_of(artisan, receiver.url, events=[EventType.ORDER_CANCELLED])
        order = place_order((artisan.product, 1))
        assert receiver.received == []
        with django_capture_on_commit_callbacks(execute=True):
            step(order.vendor_orders.get(), PartAction.REFUSE, reason="Rupture.")

    ((_headers, body),) = receiver.received
    payload = json.loads(body)
    assert payload["type"] == "order.cancelled"
    assert payload["data"]["status"] == "refused"
    assert payload["data"]["reason"] == "Rupture."


def test_stock_low_is_told_once_each_time_the_stock_falls_under_the_threshold(
    artisan, django_capture_on_commit_callbacks
):
    endpoint = endpoint_of(artisan, "http://127.0.0.1:9/", events=[EventType.STOCK_LOW])
    record = artisan.product.stockrecords.get()

    def events():
        return list(WebhookEvent.objects.filter(type="stock.low").order_by("pk"))

    update_stock(record, 2)
    update_stock(record, 1)  # still low: not told again
    assert len(events()) == 1
    assert events()[0].payload["data"]["available"] == 2
    update_stock(record, 20)
    update_stock(record, 3)  # low again
    assert len(events()) == 2
    assert WebhookDelivery.objects.filter(endpoint=endpoint).count() == 2

    # a sale that leaves 3 of 5 available is low too
    update_stock(record, 5)
    place_order((artisan.product, 2))
    assert len(events()) == 3
    assert events()[-1].payload["data"]["available"] == 3
