"""An artisan's webhook endpoints in their back office: made with a secret
shown once, rotated, only https (localhost in development), the delivery log
shown, another shop's endpoint not found."""

import pytest
from django.conf import settings
from django.utils import timezone

from tests.factories import VendorFactory
from tests.factories.accounts import sign_in_verified
from tests.factories.orders import artisan_account
from vendors.webhooks.models import (
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEvent,
)

pytestmark = pytest.mark.django_db

URL = "/espace-artisan/webhooks/"


@pytest.fixture
def artisan():
    return VendorFactory(partner__name="Santons d'Aubagne")


@pytest.fixture
def console(client, artisan):
    sign_in_verified(client, artisan_account(artisan))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_an_endpoint_is_made_and_its_secret_shown_once(console, artisan):
    response = console.post(
        URL + "nouveau/",
        {
            "url": "https://caisse.example.fr/hooks",
            "events": ["order.paid", "stock.low"],
            "is_active": "on",
        },
        follow=True,
    )

    endpoint = WebhookEndpoint.objects.get(vendor=artisan)
    assert endpoint.events == ["order.paid", "stock.low"]
    assert endpoint.secret in response.content.decode()
    again = console.get(URL + f"{endpoint.pk}/")
    assert endpoint.secret not in again.content.decode()
    assert endpoint.secret_start in again.content.decode()

    rotated = console.post(URL + f"{endpoint.pk}/secret/", follow=True)
    endpoint.refresh_from_db()
    assert endpoint.secret in rotated.content.decode()
    assert endpoint.secret_rotated_at is not None


@pytest.mark.parametrize(
    "url", ["http://caisse.example.fr/hooks", "https://10.0.0.4/", "http://localhost/"]
)
def test_only_public_https_addresses_are_accepted(console, artisan, url, settings):
    settings.WEBHOOKS_ALLOW_LOCALHOST = False

    response = console.post(URL + "nouveau/", {"url": url, "events": ["order.paid"]})

    assert response.status_code == 200
    assert response.context["form"].errors["url"]
    assert not WebhookEndpoint.objects.exists()


def test_localhost_is_accepted_in_development(console, artisan, settings):
    settings.WEBHOOKS_ALLOW_LOCALHOST = True

    console.post(
        URL + "nouveau/", {"url": "http://localhost:8001/", "events": ["order.paid"]}
    )

    assert WebhookEndpoint.objects.filter(vendor=artisan).count() == 1


def test_the_delivery_log_shows_each_attempt(console, artisan):
    endpoint = WebhookEndpoint.objects.create(
        vendor=artisan, url="https://caisse.example.fr/", events=["order.paid"]
    )
    event = WebhookEvent.objects.create(
        vendor=artisan, type="order.paid", payload={"id": "x"}
    )
    delivery = WebhookDelivery.objects.create(endpoint=endpoint, event=event)
    now = timezone.now()
    WebhookAttempt.objects.create(
        delivery=delivery,
        attempted_at=now,
        status_code=500,
        duration_ms=87,
        error="HTTP 500",
        next_retry_at=now + timezone.timedelta(minutes=5),
    )

    response = console.get(URL + f"{endpoint.pk}/")

    html = response.content.decode()
    assert event.event_id in html
    assert "HTTP 500" in html
    assert ">87<" in html
    assert console.get(URL).status_code == 200


def test_another_shops_endpoint_is_not_found(console, artisan):
    theirs = WebhookEndpoint.objects.create(
        vendor=VendorFactory(), url="https://autre.example.fr/", events=["stock.low"]
    )

    for path in ("", "modifier/"):
        assert console.get(URL + f"{theirs.pk}/{path}").status_code == 404
    assert console.post(URL + f"{theirs.pk}/secret/").status_code == 404
    assert console.post(URL + f"{theirs.pk}/supprimer/").status_code == 404
    theirs.refresh_from_db()
    assert WebhookEndpoint.objects.filter(pk=theirs.pk).exists()
