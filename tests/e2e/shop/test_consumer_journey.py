"""A consumer finds a product, fills a basket and places an order in a browser."""

import re

import pytest
from oscar.core.loading import get_model

from cms.setup import ensure_home_page
from tests.factories import (
    DEFAULT_PASSWORD,
    UserFactory,
    VendorFactory,
    create_artisan_product,
)
from tests.integration.payment.fixtures import (  # noqa: F401
    stripe_mock,
    stripe_settings,
)

Country = get_model("address", "Country")
Order = get_model("order", "Order")

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def shop_with_two_artisans():
    Country.objects.create(
        iso_3166_1_a2="FR",
        iso_3166_1_a3="FRA",
        iso_3166_1_numeric="250",
        name="France",
        printable_name="France",
        is_shipping_country=True,
    )
    home = ensure_home_page()
    home.body = [("latest_products", {"title": "Nouveautés", "count": 8})]
    home.save_revision().publish()
    savonnerie = VendorFactory(partner__name="Savonnerie Marius Roux")
    santons = VendorFactory(
        partner__name="Santons Magali Fabre", metier="Santonnier", commune="Aubagne"
    )
    soap = create_artisan_product(savonnerie, "Savon à la lavande", price="4.80")
    santon = create_artisan_product(santons, "Santon du berger", price="24.00")
    UserFactory(email="louise@example.fr", first_name="Louise", last_name="Durand")
    return soap, santon


# Home delivery is paid online: Stripe's calls go to stripe-mock.
@pytest.mark.usefixtures("stripe_mock")
def test_consumer_buys_from_two_artisans_in_one_basket(page, shop_with_two_artisans):
    soap, santon = shop_with_two_artisans

    # The home page shows the newest products of the artisans.
    page.goto("/")
    assert "Savon à la lavande" in page.content()

    # Search finds the soap; its page offers it for sale.
    page.fill("input[name=q]", "lavande")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/boutique/search/"))
    page.click("text=Savon à la lavande")
    page.click("#add_to_basket_form button[type=submit]")

    page.goto(santon.get_absolute_url())
    page.click("#add_to_basket_form button[type=submit]")

    page.goto("/boutique/basket/")
    basket = page.content()
    assert "Savon à la lavande" in basket and "Santon du berger" in basket
    assert "28,80" in basket

    # Sign in with the e-mail address, then check out.
    page.goto("/boutique/accounts/login/?next=/boutique/checkout/")
    page.fill("#id_login-username", "louise@example.fr")
    page.fill("#id_login-password", DEFAULT_PASSWORD)
    page.click("button[name=login_submit]")

    # Each artisan's part: neither set their options, so both deliver at
    # the default rate, preselected.
    page.wait_for_url(re.compile(r"/boutique/checkout/delivery-or-pickup/"))
    choices = page.content()
    assert "Savonnerie Marius Roux" in choices and "Santons Magali Fabre" in choices
    assert "42,60" in choices
    page.click("#fulfilment_submit")
    page.wait_for_url(re.compile(r"/boutique/checkout/shipping-address/"))
    page.fill("#id_first_name", "Louise")
    page.fill("#id_last_name", "Durand")
    page.fill("#id_line1", "12 rue de la République")
    page.fill("#id_line4", "Salon-de-Provence")
    page.fill("#id_postcode", "13300")
    page.click("form#new_shipping_address button[type=submit]")
    page.wait_for_url(re.compile(r"/boutique/checkout/payment-details/"))
    page.click("#view_preview")
    page.wait_for_url(re.compile(r"/boutique/checkout/preview/"))
    page.click("#place-order")

    # The order waits for its payment, on Stripe's payment page.
    page.wait_for_url(re.compile(r"/boutique/checkout/pay/[^/]+/$"))
    order = Order.objects.get()
    assert page.url.endswith(f"/boutique/checkout/pay/{order.number}/")
    assert page.locator("#payment-form").count() == 1
    assert order.status == "pending_payment"
    assert order.vendor_orders.count() == 2
    assert str(order.basket_total_incl_tax) == "28.80"
    assert str(order.total_incl_tax) == "42.60"
    assert {vo.fulfilment_method for vo in order.vendor_orders.all()} == {"delivery"}
