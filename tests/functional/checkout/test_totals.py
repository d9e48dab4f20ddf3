"""Totals right at every step: the "Delivery or pickup" step prices each
choice on the server, its page carries those prices for the live update,
and the order is placed at the total the step showed."""

from decimal import Decimal as D

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from oscar.core.loading import get_model

from tests.functional.checkout import test_fulfilment_step as steps

# The fulfilment step's shop of three artisans and its helpers.
france, shop, consumer, online_payment = (
    steps.france,
    steps.shop,
    steps.consumer,
    steps.online_payment,
)
FULFILMENT_URL = steps.FULFILMENT_URL
choose, drive, workshop = steps.choose, steps.drive, steps.workshop
fill_basket, place_order = steps.fill_basket, steps.place_order

Order = get_model("order", "Order")

pytestmark = pytest.mark.django_db


def soup_of(response):
    return BeautifulSoup(response.content.decode(), "html.parser")


def digits(text):
    return "".join(c for c in text if c.isdigit())


def test_each_option_carries_its_server_price_for_the_live_total(
    client, consumer, shop, online_payment
):
    fill_basket(client, shop.soap, shop.santon, shop.sweets)

    soup = soup_of(client.get(FULFILMENT_URL))

    box = soup.select_one("#fulfilment-totals")
    assert D(box["data-products"]) == D("76.50")
    assert box["data-currency"] == "EUR"
    assert "{total}" in box["data-announce"]
    assert soup.select_one("#order-total-announce")["aria-live"] == "polite"
    costs = {
        radio["id"]: D(radio["data-cost"])
        for radio in soup.select("input.fulfilment-choice")
    }
    assert costs == {
        f"v{shop.savonnerie.pk}-choice-delivery": D("6.90"),
        f"v{shop.savonnerie.pk}-choice-{shop.drive.pk}": D("0"),
        # above the santon maker's 50 € threshold: free delivery
        f"v{shop.santons.pk}-choice-delivery": D("0.00"),
        f"v{shop.santons.pk}-choice-{shop.workshop.pk}": D("0"),
        f"v{shop.calissons.pk}-choice-delivery": D("6.90"),
    }
    # Delivery preselected wherever offered: 6.90 + 0 + 6.90.
    assert digits(soup.select_one("#fulfilment-total").text) == "1380"
    assert digits(soup.select_one("#order-total").text) == "9030"
    # The behaviour that updates them is started on this page.
    assert "checkout-fulfilment" in soup.body["data-page-init"]


def test_free_pickups_lower_the_total_and_the_order_is_placed_at_it(
    client, consumer, shop, online_payment
):
    fill_basket(client, shop.soap, shop.santon, shop.sweets)
    before = client.get(FULFILMENT_URL).context["order_total_estimate"]
    assert before == D("90.30")

    # when the soap and the santon are collected, the calissons delivered
    response = choose(
        client,
        shop,
        savonnerie=(drive(shop), shop.drive_slot),
        santons=(workshop(shop), shop.workshop_slot),
        calissons=("delivery", None),
    )
    assert response.status_code == 302

    # then the step, seen again, totals the choices made (the server's number)
    response = client.get(FULFILMENT_URL)
    assert response.context["fulfilment_total"] == D("6.90")
    assert response.context["order_total_estimate"] == D("83.40")
    soup = soup_of(response)
    assert digits(soup.select_one("#fulfilment-total").text) == "690"
    assert digits(soup.select_one("#order-total").text) == "8340"

    # and the order is placed at that total
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
    place_order(client)
    order = Order.objects.get()
    assert order.total_incl_tax == D("83.40")
    assert order.shipping_incl_tax == D("6.90")


def test_all_pickups_total_the_products_only_up_to_the_placed_order(
    client, consumer, shop
):
    # Without online payment: pickups paid at pickup, nothing delivered.
    fill_basket(client, shop.soap, shop.santon)
    choose(
        client,
        shop,
        savonnerie=(drive(shop), shop.drive_slot),
        santons=(workshop(shop), shop.workshop_slot),
    )
    response = client.get(FULFILMENT_URL)
    assert response.context["order_total_estimate"] == D("67.50")

    # the preview groups the order by artisan, with each one's part
    client.get(reverse("checkout:shipping-method"))
    client.get(reverse("checkout:payment-method"))
    client.get(reverse("checkout:payment-details"))
    preview = soup_of(client.get(reverse("checkout:preview")))
    groups = preview.select(".order-summary-group")
    assert [g.select_one("h3").text.strip() for g in groups] == [
        "Santons Magali Fabre",
        "Savonnerie Marius Roux",
    ]
    assert digits(groups[0].select_one(".summary-subtotal").text) == "6000"
    assert digits(groups[1].select_one(".summary-subtotal").text) == "750"
    # no empty link (axe's "link-name")
    for link in preview.select("main a"):
        assert link.get_text(strip=True) or link.get("aria-label"), link

    client.post(reverse("checkout:preview"), {"action": "place_order"})
    assert Order.objects.get().total_incl_tax == D("67.50")
