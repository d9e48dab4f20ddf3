"""Oscar's standard checkout places an order for a signed-in consumer."""

from decimal import Decimal as D

import pytest
from django.urls import reverse
from oscar.core.loading import get_model

from tests.factories import UserFactory, create_artisan_product

Country = get_model("address", "Country")
Order = get_model("order", "Order")

pytestmark = pytest.mark.django_db


@pytest.fixture
def france():
    return Country.objects.create(
        iso_3166_1_a2="FR",
        iso_3166_1_a3="FRA",
        iso_3166_1_numeric="250",
        name="France",
        printable_name="France",
        is_shipping_country=True,
    )


def test_consumer_places_an_order_through_the_standard_checkout(
    client, france, settings
):
    # given online payment (home delivery is paid online; no call reaches
    # Stripe before the payment page) and a signed-in consumer with two soaps
    # in the basket
    settings.STRIPE_SECRET_KEY = "sk_test_not_a_real_key"
    consumer = UserFactory(email="louise@example.fr")
    client.force_login(consumer)
    product = create_artisan_product(
        title="Savon à l'huile d'olive", price="6.00", stock=5
    )
    client.post(reverse("basket:add", args=[product.pk]), {"quantity": 2})

    # when they choose home delivery, give an address and confirm
    response = client.get(reverse("checkout:index"))
    assert response.status_code == 302
    assert response["Location"] == reverse("checkout:fulfilment")
    vendor = product.stockrecords.get().partner.vendor
    response = client.post(
        reverse("checkout:fulfilment"), {f"v{vendor.pk}-choice": "delivery"}
    )
    assert response.status_code == 302, response.content
    assert response["Location"] == reverse("checkout:shipping-address")
    response = client.post(
        reverse("checkout:shipping-address"),
        {
            "first_name": "Louise",
            "last_name": "Durand",
            "line1": "12 rue de la République",
            "line4": "Salon-de-Provence",
            "postcode": "13300",
            "country": "FR",
            "phone_number": "",
        },
    )
    assert response.status_code == 302, response.content
    client.get(reverse("checkout:shipping-method"))
    client.get(reverse("checkout:payment-method"))
    client.get(reverse("checkout:payment-details"))
    response = client.post(reverse("checkout:preview"), {"action": "place_order"})

    # then one order is placed, at the TTC price plus the artisan's default
    # delivery rate, waiting for its online payment, and stock is allocated
    assert response.status_code == 302
    order = Order.objects.get()
    assert response["Location"] == reverse("checkout:pay", args=[order.number])
    assert order.status == "pending_payment"
    assert order.user == consumer
    assert order.basket_total_incl_tax == D("12.00")
    assert order.shipping_incl_tax == D("6.90")
    assert order.total_incl_tax == D("18.90")
    assert order.currency == "EUR"
    stockrecord = product.stockrecords.get()
    assert stockrecord.num_allocated == 2


def test_checkout_with_an_empty_basket_goes_back_to_the_basket(client):
    client.force_login(UserFactory())

    response = client.get(reverse("checkout:index"))

    assert response.status_code == 302
    assert response["Location"] == reverse("basket:summary")
    assert not Order.objects.exists()
