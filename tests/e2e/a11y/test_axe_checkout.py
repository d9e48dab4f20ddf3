"""axe-core on the basket, each checkout step, the thank-you page and the
account's order pages: no critical or serious violation, and nothing scrolls
sideways at 390 px. Pay at pickup needs no Stripe; the delivery path goes to
stripe-mock."""

import datetime
import re

import pytest
from django.utils import timezone
from oscar.core.loading import get_model
from playwright.sync_api import expect

from cms.setup import ensure_home_page
from delivery.models import PickupPointKind
from tests.factories import (
    DEFAULT_PASSWORD,
    UserFactory,
    VendorFactory,
    create_artisan_product,
)
from tests.factories.delivery import (
    PickupPointFactory,
    SlotFactory,
    VendorFulfilmentFactory,
)
from tests.integration.payment.fixtures import (  # noqa: F401
    stripe_mock,
    stripe_settings,
)

Country = get_model("address", "Country")
Order = get_model("order", "Order")

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}


class TwoWorkshops:
    """A soap maker and a santon maker, each collecting at their workshop
    (paid at pickup) and delivering at their rate; Louise has an account."""

    def __init__(self):
        Country.objects.create(
            iso_3166_1_a2="FR",
            iso_3166_1_a3="FRA",
            iso_3166_1_numeric="250",
            name="France",
            printable_name="France",
            is_shipping_country=True,
        )
        ensure_home_page()
        soon = timezone.now() + datetime.timedelta(days=2)
        self.vendors, self.products, self.workshops = [], [], []
        for name, craft, town, product, price in (
            (
                "Savonnerie Marius Roux",
                "Savonnier",
                "Salon",
                "Savon à la lavande",
                "4.80",
            ),
            (
                "Santons Magali Fabre",
                "Santonnier",
                "Aubagne",
                "Santon du berger",
                "24.00",
            ),
        ):
            vendor = VendorFactory(partner__name=name, metier=craft, commune=town)
            VendorFulfilmentFactory(
                vendor=vendor, workshop_pickup=True, accepts_pay_at_pickup=True
            )
            workshop = PickupPointFactory(
                kind=PickupPointKind.WORKSHOP,
                vendor=vendor,
                name=f"Atelier {town}",
                commune=town,
            )
            for hours in (0, 3):
                SlotFactory(
                    point=workshop, starts_at=soon + datetime.timedelta(hours=hours)
                )
            self.vendors.append(vendor)
            self.workshops.append(workshop)
            self.products.append(create_artisan_product(vendor, product, price=price))
        self.user = UserFactory(
            email="louise@example.fr", first_name="Louise", last_name="Durand"
        )


@pytest.fixture
def two_workshops():
    return TwoWorkshops()


def no_sideways_scroll(page):
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{page.url} scrolls {overflow}px sideways at 390 px"


def check(page, axe):
    axe(page)
    no_sideways_scroll(page)


def sign_in(page, next_url):
    page.goto(f"/boutique/accounts/login/?next={next_url}")
    page.fill("#id_login-username", "louise@example.fr")
    page.fill("#id_login-password", DEFAULT_PASSWORD)
    page.click("button[name=login_submit]")


def fill_basket(page, shop):
    for product in shop.products:
        page.goto(product.get_absolute_url())
        page.click("#add_to_basket_form button[type=submit]")


def test_basket_checkout_by_pickups_and_account_pages(page, axe, two_workshops):
    shop = two_workshops
    page.set_viewport_size(PHONE)

    # The checkout's gateway (sign in or guest), then the login page.
    fill_basket(page, shop)
    page.goto("/boutique/basket/")
    assert page.locator(".basket-group").count() == 2
    check(page, axe)  # 1. basket with the lines of two artisans
    # Oscar's quantity update (sent by its script, the basket redrawn) keeps
    # the groups and their subtotals.
    soap_group = page.locator(f"#basket-artisan-{shop.vendors[0].pk}")
    soap_group.locator("input[name$=quantity]").fill("2")
    soap_group.locator("button[type=submit]").click()
    subtotal = page.locator(f"[data-artisan-subtotal='{shop.vendors[0].pk}']")
    expect(subtotal).to_contain_text("9,60")
    assert page.locator(".basket-group").count() == 2
    page.mouse.move(0, 0)  # no hover transition under axe's colour check
    page.wait_for_timeout(300)
    check(page, axe)
    page.goto("/boutique/checkout/")
    check(page, axe)  # 2. checkout gateway
    page.goto("/boutique/accounts/login/")
    check(page, axe)  # 3. login and registration

    sign_in(page, "/boutique/checkout/")
    page.wait_for_url(re.compile(r"/checkout/delivery-or-pickup/"))
    assert page.locator('.checkout-steps [aria-current="step"]').count() == 1
    steps = page.locator(".checkout-steps").bounding_box()
    assert steps["height"] < 60, "the progress indicator takes one row"
    check(page, axe)  # 4. delivery or pickup, with the slots
    page.click("#fulfilment_submit")

    page.wait_for_url(re.compile(r"/checkout/payment-details/"))
    check(page, axe)  # 5. payment method
    page.click("#view_preview")
    page.wait_for_url(re.compile(r"/checkout/preview/"))
    assert page.locator(".order-summary-group").count() == 2
    check(page, axe)  # 6. preview
    page.click("#place-order")

    page.wait_for_url(re.compile(r"/checkout/thank-you/"))
    assert page.locator(".pickup-code").count() == 2
    check(page, axe)  # 7. thank you, with the pickup codes
    order = Order.objects.get()

    page.goto("/boutique/accounts/orders/")
    assert page.locator(f"#order-{order.number} .pickup-code").count() == 2
    # The account page's own title, not the whole <title> of the page.
    assert " | " not in page.locator("main h1").inner_text()
    check(page, axe)  # 8. order list
    page.goto(f"/boutique/accounts/orders/{order.number}/")
    assert page.locator(".pickup-code").count() == 2
    check(page, axe)  # 9. an order's page


@pytest.mark.usefixtures("stripe_mock")
def test_delivery_path_steps(page, axe, two_workshops):
    shop = two_workshops
    page.set_viewport_size(PHONE)
    sign_in(page, "/boutique/")
    page.wait_for_url(re.compile(r"/boutique/"))
    fill_basket(page, shop)
    page.goto("/boutique/checkout/delivery-or-pickup/")
    # Delivery is preselected: 28.80 + 2 x 6.90. Free pickups lower the total
    # at once, and it is announced; delivery again raises it.
    total = page.locator("#order-total")
    announced = page.locator("#order-total-announce")
    expect(total).to_contain_text("42,60")
    for vendor, workshop in zip(shop.vendors, shop.workshops, strict=True):
        page.check(f"#v{vendor.pk}-choice-{workshop.pk}")
    expect(total).to_contain_text("28,80")
    expect(page.locator("#fulfilment-total")).to_contain_text("0,00")
    expect(announced).to_contain_text("28,80")
    page.check(f"#v{shop.vendors[0].pk}-choice-delivery")
    expect(total).to_contain_text("35,70")
    expect(announced).to_contain_text("35,70")
    page.check(f"#v{shop.vendors[1].pk}-choice-delivery")
    expect(total).to_contain_text("42,60")
    check(page, axe)  # 10. delivery or pickup, deliveries chosen
    page.click("#fulfilment_submit")

    page.wait_for_url(re.compile(r"/checkout/shipping-address/"))
    check(page, axe)  # 11. shipping address form
    page.fill("#id_first_name", "Louise")
    page.fill("#id_last_name", "Durand")
    page.fill("#id_line1", "12 rue de la République")
    page.fill("#id_line4", "Salon-de-Provence")
    page.fill("#id_postcode", "13300")
    page.click("form#new_shipping_address button[type=submit]")
    page.wait_for_url(re.compile(r"/checkout/payment-details/"))
    check(page, axe)  # 12. payment, online
    page.click("#view_preview")
    page.wait_for_url(re.compile(r"/checkout/preview/"))
    check(page, axe)  # 13. preview with deliveries
