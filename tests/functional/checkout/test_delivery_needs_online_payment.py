"""A delivered part is paid online: without Stripe keys home delivery is not
offered, nor the pickups of an artisan who takes no payment at pickup, and no
order is placed unpaid through Oscar's own payment step. Pickups paid at
collection go through as before (the ``make run`` default)."""

import datetime
from decimal import Decimal as D

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext
from oscar.core.loading import get_class, get_model

from delivery.models import PickupPointKind, Reservation
from shop.apps.payment.pay_at_pickup import SOURCE_TYPE_NAME
from tests.factories import UserFactory, VendorFactory, create_artisan_product
from tests.factories.delivery import (
    PickupPointFactory,
    SlotFactory,
    VendorFulfilmentFactory,
)

Basket = get_model("basket", "Basket")
Country = get_model("address", "Country")
Order = get_model("order", "Order")
Source = get_model("payment", "Source")
Repository = get_class("shipping.repository", "Repository")

pytestmark = pytest.mark.django_db

FULFILMENT_URL = reverse("checkout:fulfilment")
PAYMENT_DETAILS_URL = reverse("checkout:payment-details")
PREVIEW_URL = reverse("checkout:preview")
DELIVERY_REFUSED = (
    "Home delivery is not available at the moment. Please choose a pickup for "
    "%(vendor)s."
)
PICKUP_REFUSED = (
    "%(vendor)s takes payment online only, which is not available at the moment."
)
ONLINE_PAYMENT_UNAVAILABLE = (
    "Online payment is not available at the moment: this order can only be "
    "placed with pickups paid at collection, from artisans who accept it."
)


def shown(message, **params):
    """``message`` as the consumer gets it: translated and interpolated."""
    with translation.override(settings.LANGUAGE_CODE):
        text = gettext(message)
    return text % params if params else text


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


class Scene:
    """A soap maker who delivers and serves a drive point (paid at pickup
    accepted), and a santon maker who delivers and has click & collect at the
    workshop but takes no payment at pickup."""

    def __init__(self):
        Country.objects.create(
            iso_3166_1_a2="FR",
            iso_3166_1_a3="FRA",
            iso_3166_1_numeric="250",
            name="France",
            printable_name="France",
            is_shipping_country=True,
        )
        soon = timezone.now() + datetime.timedelta(days=2)
        self.savonnerie = VendorFactory(partner__name="Savonnerie Marius Roux")
        self.drive = PickupPointFactory(name="Drive fermier du Prado")
        VendorFulfilmentFactory(
            vendor=self.savonnerie, delivery_flat_rate=D("6.90")
        ).points.add(self.drive)
        self.drive_slot = SlotFactory(point=self.drive, starts_at=soon)
        self.santons = VendorFactory(partner__name="Santons Magali Fabre")
        self.workshop = PickupPointFactory(
            kind=PickupPointKind.WORKSHOP, vendor=self.santons, name="Atelier Fabre"
        )
        VendorFulfilmentFactory(
            vendor=self.santons, workshop_pickup=True, accepts_pay_at_pickup=False
        )
        self.workshop_slot = SlotFactory(point=self.workshop, starts_at=soon)
        self.soap = create_artisan_product(self.savonnerie, "Savon", price="7.50")
        self.santon = create_artisan_product(self.santons, "Santon", price="24.00")

    def drive_choice(self):
        return {
            f"v{self.savonnerie.pk}-choice": f"point_pickup:{self.drive.pk}",
            f"v{self.savonnerie.pk}-slot-{self.drive.pk}": self.drive_slot.pk,
        }


@pytest.fixture
def scene():
    return Scene()


@pytest.fixture
def no_stripe_keys(settings):
    settings.STRIPE_SECRET_KEY = ""


@pytest.fixture
def consumer(client):
    user = UserFactory(email="louise@example.fr")
    client.force_login(user)
    return user


def fill_basket(client, *products):
    for product in products:
        response = client.post(
            reverse("basket:add", args=[product.pk]), {"quantity": 1}
        )
        assert response.status_code == 302


def stored_choices(client):
    checkout = client.session.get("checkout_data") or {}
    return checkout.get("fulfilment", {}).get("choices")


def test_without_stripe_keys_only_pickups_paid_at_collection_are_offered(
    client, consumer, scene, no_stripe_keys
):
    fill_basket(client, scene.soap, scene.santon)

    response = client.get(FULFILMENT_URL)

    assert response.status_code == 200
    rows = {row["part"].vendor.pk: row for row in response.context["rows"]}
    soap, santon = rows[scene.savonnerie.pk], rows[scene.santons.pk]
    # the soap maker delivers, but not now; their drive stays offered
    assert not soap["part"].offers_delivery
    assert soap["part"].delivery_suspended
    assert [o["option"].point for o in soap["options"]] == [scene.drive]
    # the santon maker's workshop pickup would be paid online: not offered
    assert not santon["part"].offers_delivery
    assert santon["part"].pickups_suspended
    assert santon["options"] == []
    assert response.context["fulfilment_total"] == D("0.00")
    page = response.content.decode()
    assert 'value="delivery"' not in page
    # The template escapes the name it puts in, not its own translated words.
    assert shown(PICKUP_REFUSED, vendor=escape("Santons Magali Fabre")) in page


def test_a_forged_delivery_choice_is_refused_and_changes_nothing(
    client, consumer, scene, no_stripe_keys
):
    fill_basket(client, scene.soap)

    response = client.post(
        FULFILMENT_URL, {f"v{scene.savonnerie.pk}-choice": "delivery"}
    )

    assert response.status_code == 200
    assert (
        escape(shown(DELIVERY_REFUSED, vendor="Savonnerie Marius Roux"))
        in response.content.decode()
    )
    assert not stored_choices(client)
    assert not Reservation.objects.exists()


def test_a_forged_pickup_of_an_artisan_paid_online_only_is_refused(
    client, consumer, scene, no_stripe_keys
):
    fill_basket(client, scene.santon)

    response = client.post(
        FULFILMENT_URL,
        {
            f"v{scene.santons.pk}-choice": f"workshop_pickup:{scene.workshop.pk}",
            f"v{scene.santons.pk}-slot-{scene.workshop.pk}": scene.workshop_slot.pk,
        },
    )

    assert response.status_code == 200
    assert (
        escape(shown(PICKUP_REFUSED, vendor="Santons Magali Fabre"))
        in response.content.decode()
    )
    assert not stored_choices(client)
    assert not Reservation.objects.exists()


def test_a_delivery_chosen_before_the_keys_went_places_no_unpaid_order(
    client, consumer, scene, settings
):
    # given a delivery chosen, with its address, while online payment worked
    settings.STRIPE_SECRET_KEY = "sk_test_not_a_real_key"
    fill_basket(client, scene.soap)
    response = client.post(
        FULFILMENT_URL, {f"v{scene.savonnerie.pk}-choice": "delivery"}
    )
    assert response["Location"] == reverse("checkout:shipping-address")
    client.post(
        reverse("checkout:shipping-address"),
        {
            "first_name": "Louise",
            "last_name": "Durand",
            "line1": "12 rue de la République",
            "line4": "Salon-de-Provence",
            "postcode": "13300",
            "phone_number": "",
        },
    )
    client.get(reverse("checkout:shipping-method"))
    # when online payment is no longer configured
    settings.STRIPE_SECRET_KEY = ""

    # then neither the payment step nor placing the order goes through
    for response in (
        client.get(PAYMENT_DETAILS_URL),
        client.get(PREVIEW_URL),
        client.post(PREVIEW_URL, {"action": "place_order"}),
    ):
        assert response.status_code == 302
        assert response["Location"] == FULFILMENT_URL
        assert shown(ONLINE_PAYMENT_UNAVAILABLE) in messages_of(response)
    assert not Order.objects.exists()
    assert Basket.objects.get(owner=consumer).status == "Open"
    assert scene.soap.stockrecords.get().num_allocated in (0, None)


def test_a_drive_pickup_is_still_placed_to_be_paid_at_collection(
    client, consumer, scene, no_stripe_keys
):
    fill_basket(client, scene.soap)
    response = client.post(FULFILMENT_URL, scene.drive_choice())
    assert response.status_code == 302
    client.get(reverse("checkout:shipping-method"))
    client.get(PAYMENT_DETAILS_URL)

    response = client.post(PREVIEW_URL, {"action": "place_order"})

    assert response["Location"] == reverse("checkout:thank-you")
    order = Order.objects.get()
    source = Source.objects.get(order=order)
    assert source.source_type.name == SOURCE_TYPE_NAME
    assert source.amount_allocated == order.total_incl_tax == D("7.50")


def test_with_delivery_turned_off_it_is_not_offered_even_with_stripe_keys(
    client, consumer, scene, settings
):
    settings.STRIPE_SECRET_KEY = "sk_test_not_a_real_key"
    settings.DELIVERY_ENABLED = False
    fill_basket(client, scene.soap, scene.santon)

    response = client.get(FULFILMENT_URL)

    rows = {row["part"].vendor.pk: row for row in response.context["rows"]}
    assert not any(row["part"].offers_delivery for row in rows.values())
    # paid online, the santon maker's workshop pickup is offered again
    assert [o["option"].point for o in rows[scene.santons.pk]["options"]] == [
        scene.workshop
    ]
    refused = client.post(
        FULFILMENT_URL, {f"v{scene.savonnerie.pk}-choice": "delivery"}
    )
    assert refused.status_code == 200
    assert not stored_choices(client)


@pytest.mark.parametrize(
    ("stripe_key", "estimate"), [("", D("0.00")), ("sk_test_fake", D("6.90"))]
)
def test_the_basket_estimate_charges_delivery_only_when_it_is_offered(
    scene, settings, stripe_key, estimate
):
    settings.STRIPE_SECRET_KEY = stripe_key
    basket = Basket.objects.create()
    basket.strategy = get_class("partner.strategy", "Selector")().strategy()
    basket.add_product(scene.soap, 1)

    (method,) = Repository().get_available_shipping_methods(basket)

    assert method.calculate(basket).incl_tax == estimate
