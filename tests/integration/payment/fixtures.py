"""stripe-mock, signed webhooks and orders ready to pay, for the payment tests.

Every Stripe call in these tests goes to stripe-mock, Stripe's own mock API
server (started by ``deploy/scripts/start-stripe-mock.sh``; ``STRIPE_MOCK_URL``
says where). It is stateless and answers from Stripe's fixtures, so the tests
assert on what our code sends (recorded on the way out) and stores.
"""

import hashlib
import hmac
import json
import os
import time
import uuid
from dataclasses import dataclass
from decimal import Decimal as D
from urllib.parse import parse_qsl, urlparse

import pytest
import stripe
from oscar.core.loading import get_model

from shop.apps.payment import stripe_api
from shop.apps.payment.models import ConnectedAccount, PaymentIntentRecord
from tests.conftest import reachable
from tests.factories import VendorFactory, create_artisan_product, place_order

Basket = get_model("basket", "Basket")

STRIPE_MOCK_URL = os.environ.get("STRIPE_MOCK_URL", "http://127.0.0.1:12111")
# Test-only values, recognisable in any output they might leak into.
TEST_SECRET_KEY = "sk_test_marketplaceSECRET4b7f2c9e"
TEST_WEBHOOK_SECRET = "whsec_marketplace_SECRET_91d3aa07"


@dataclass
class StripeRequest:
    method: str
    path: str
    params: dict
    headers: dict


@pytest.fixture
def stripe_settings(settings):
    """Stripe keys for the tests (the webhook secret needs no server)."""
    settings.STRIPE_SECRET_KEY = TEST_SECRET_KEY
    settings.STRIPE_WEBHOOK_SECRET = TEST_WEBHOOK_SECRET
    settings.STRIPE_API_BASE = STRIPE_MOCK_URL
    return settings


@pytest.fixture
def stripe_mock(stripe_settings):
    """stripe-mock's URL, with the client pointed at it; skips when it is down."""
    if not reachable(STRIPE_MOCK_URL, 12111):
        pytest.skip(
            f"stripe-mock does not answer at {STRIPE_MOCK_URL} "
            "(start it with deploy/scripts/start-stripe-mock.sh)"
        )
    return STRIPE_MOCK_URL


@pytest.fixture
def stripe_requests(stripe_mock, monkeypatch):
    """The requests our code sends to stripe-mock, in order.

    The client is a real ``StripeClient`` pointed at stripe-mock through its
    base addresses, with an HTTP client that notes each request before
    sending it.
    """
    recorded = []

    class RecordingHTTPClient(stripe.RequestsClient):
        def request(self, method, url, headers, post_data=None):
            recorded.append(
                StripeRequest(
                    method=method.upper(),
                    path=urlparse(url).path,
                    params=dict(parse_qsl(post_data or urlparse(url).query or "")),
                    headers=dict(headers or {}),
                )
            )
            return super().request(method, url, headers, post_data)

    client = stripe.StripeClient(
        TEST_SECRET_KEY,
        base_addresses={
            "api": STRIPE_MOCK_URL,
            "connect": STRIPE_MOCK_URL,
            "files": STRIPE_MOCK_URL,
        },
        http_client=RecordingHTTPClient(),
    )
    monkeypatch.setattr(stripe_api, "get_client", lambda: client)
    return recorded


def requests_to(recorded, method, path_prefix):
    return [
        r for r in recorded if r.method == method and r.path.startswith(path_prefix)
    ]


# Webhooks, signed as Stripe signs them
# ------------------------------------------------------------------------------


def make_event(event_type, obj, created=None, event_id=None, account=None):
    """A Stripe event as the webhook receives it (JSON text)."""
    data = {
        "id": event_id or f"evt_test_{uuid.uuid4().hex[:16]}",
        "object": "event",
        "api_version": stripe.api_version,
        "created": int(created if created is not None else time.time()),
        "livemode": False,
        "pending_webhooks": 1,
        "type": event_type,
        "data": {"object": obj},
    }
    if account:
        data["account"] = account
    return json.dumps(data)


def stripe_signature(payload, secret=TEST_WEBHOOK_SECRET, timestamp=None):
    """The ``Stripe-Signature`` header: v1 = HMAC-SHA256(secret, "{t}.{payload}")."""
    timestamp = int(timestamp if timestamp is not None else time.time())
    signed = f"{timestamp}.{payload}".encode()
    digest = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def post_webhook(client, payload, signature=None):
    extra = {"HTTP_STRIPE_SIGNATURE": signature} if signature is not None else {}
    return client.post(
        "/stripe/webhook/", data=payload, content_type="application/json", **extra
    )


def intent_object(record, status="succeeded", charge_id="ch_test_1", **extra):
    """The PaymentIntent part of a ``payment_intent.*`` event for ``record``."""
    return {
        "id": record.intent_id,
        "object": "payment_intent",
        "amount": record.amount_cents,
        "amount_received": record.amount_cents if status == "succeeded" else 0,
        "currency": record.currency,
        "status": status,
        "latest_charge": charge_id,
        "transfer_group": record.order.number,
        **extra,
    }


# Orders
# ------------------------------------------------------------------------------


@pytest.fixture
def two_artisans():
    return VendorFactory(email="savonnerie@example.fr"), VendorFactory()


@pytest.fixture
def order(two_artisans):
    """An order of 2 x 7.50 from one artisan and 18.90 from another (33.90)."""
    savonnerie, calissons = two_artisans
    return place_order(
        (create_artisan_product(savonnerie, "Savon", price="7.50"), 2),
        (create_artisan_product(calissons, "Calissons", price="18.90"), 1),
    )


@pytest.fixture
def intent_record(order):
    """A PaymentIntent of ``order`` as the checkout leaves it, not yet paid."""
    return PaymentIntentRecord.objects.create(
        order=order,
        intent_id=f"pi_test_{uuid.uuid4().hex[:12]}",
        amount_cents=int(order.total_incl_tax * 100),
        currency="eur",
        status="requires_payment_method",
    )


def enabled_account(vendor, account_id=None):
    """A connected account Stripe has enabled for transfers."""
    return ConnectedAccount.objects.create(
        vendor=vendor,
        account_id=account_id or f"acct_test_{uuid.uuid4().hex[:10]}",
        charges_enabled=True,
        payouts_enabled=True,
        details_submitted=True,
        transfers_active=True,
    )


CENT = D("0.01")
