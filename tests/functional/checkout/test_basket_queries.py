"""The basket costs the same SQL queries for one line as for twelve lines
from four artisans: its page, the mini basket in the header, the quantity
update by AJAX and the checkout pages listing its lines. And the checkout's
progress list shows only the steps this basket goes through."""

import datetime
import re

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from shop.apps.payment.pay_at_pickup import PAY_AT_PICKUP
from tests.factories import UserFactory, VendorFactory, create_artisan_product
from tests.factories.delivery import (
    PickupPointFactory,
    SlotFactory,
    VendorFulfilmentFactory,
)
from tests.functional.checkout.test_fulfilment_step import (
    Shop,
    choose,
    drive,
    fill_basket,
)

pytestmark = pytest.mark.django_db

BASKET_URL = reverse("basket:summary")
FULFILMENT_URL = reverse("checkout:fulfilment")
PAYMENT_DETAILS_URL = reverse("checkout:payment-details")
PREVIEW_URL = reverse("checkout:preview")


@pytest.fixture(autouse=True)
def no_stripe_keys(settings):
    settings.STRIPE_SECRET_KEY = ""


def artisan(name):
    """An artisan who serves a drive point with a slot in two days."""
    vendor = VendorFactory(partner__name=name)
    point = PickupPointFactory(name=f"Drive {name}")
    VendorFulfilmentFactory(vendor=vendor, workshop_pickup=True).points.add(point)
    SlotFactory(point=point, starts_at=timezone.now() + datetime.timedelta(days=2))
    return vendor


def consumer(email, vendors, lines):
    """A signed-in consumer with ``lines`` products, spread over ``vendors``."""
    client = Client()
    client.force_login(UserFactory(email=email))
    for index in range(lines):
        vendor = vendors[index % len(vendors)]
        product = create_artisan_product(vendor, f"Objet {index} {vendor.name}")
        fill_basket(client, product)
    return client


def choose_pickups(client, vendors):
    """Each artisan's part collected at their drive point."""
    data = {}
    for vendor in vendors:
        point = vendor.fulfilment.points.get()
        data[f"v{vendor.pk}-choice"] = f"point_pickup:{point.pk}"
        data[f"v{vendor.pk}-slot-{point.pk}"] = point.slots.get().pk
    response = client.post(FULFILMENT_URL, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    client.get(reverse("checkout:shipping-method"))


def queries(request):
    """The queries of ``request()``, run once before to warm caches."""
    request()
    with CaptureQueriesContext(connection) as captured:
        response = request()
    assert response.status_code == 200, response.status_code
    return len(captured)


@pytest.fixture
def vendors():
    """One artisan for the small basket; four for the large one."""
    return [artisan("Savonnerie")], [
        artisan(name) for name in ("Santons", "Calissons", "Poterie", "Osier")
    ]


@pytest.fixture
def baskets(vendors):
    """One line from one artisan; twelve lines from four artisans."""
    return (
        consumer("one@example.fr", vendors[0], 1),
        consumer("twelve@example.fr", vendors[1], 12),
    )


def same_queries(baskets, request):
    small, large = baskets
    one_line = queries(lambda: request(small))
    twelve_lines = queries(lambda: request(large))
    assert twelve_lines == one_line
    return one_line


def test_basket_page_keeps_its_query_count_as_lines_grow(baskets):
    same_queries(baskets, lambda client: client.get(BASKET_URL))


def test_mini_basket_keeps_its_query_count_as_lines_grow(baskets):
    # any page of the shop shows the mini basket (count and total) in its header
    same_queries(baskets, lambda client: client.get(reverse("vendors:directory")))


def quantity_form(client, first_quantity):
    """The basket's quantity form as its script posts it, the first line's
    quantity set to ``first_quantity``."""
    formset = client.get(BASKET_URL).context["formset"]
    data = {
        f"{formset.prefix}-TOTAL_FORMS": len(formset.forms),
        f"{formset.prefix}-INITIAL_FORMS": len(formset.forms),
        f"{formset.prefix}-MIN_NUM_FORMS": 0,
        f"{formset.prefix}-MAX_NUM_FORMS": 1000,
    }
    for index, form in enumerate(formset.forms):
        data[f"{form.prefix}-id"] = form.instance.pk
        quantity = first_quantity if index == 0 else form.instance.quantity
        data[f"{form.prefix}-quantity"] = quantity
    return data


def test_quantity_update_re_renders_the_basket_at_a_constant_query_count(baskets):
    """The AJAX update re-renders the basket's content: same rule for the
    rendering. Validating the posted form still costs two queries per line,
    in Oscar's and Django's form code: the stock check across the lines of
    the same product (``Basket.basket_quantity``) and the uniqueness check of
    each line's form (``validate_unique``)."""
    counts = []
    for client, first_quantity in zip(baskets, (2, 3), strict=True):
        for quantity in (first_quantity, first_quantity + 1):
            data = quantity_form(client, quantity)
            with CaptureQueriesContext(connection) as captured:
                response = client.post(
                    BASKET_URL, data, headers={"x-requested-with": "XMLHttpRequest"}
                )
            assert response.status_code == 200
            assert "content_html" in response.json()
        counts.append(len(captured))
    assert counts[1] == counts[0] + 2 * (12 - 1)


def test_delivery_or_pickup_step_keeps_its_query_count_as_lines_grow(vendors):
    """Four lines or twelve from the same four artisans: the same queries (the
    step reads each artisan's pickup points and their slots on their own)."""
    four_lines = consumer("four@example.fr", vendors[1], 4)
    twelve_lines = consumer("twelve@example.fr", vendors[1], 12)
    assert queries(lambda: twelve_lines.get(FULFILMENT_URL)) == queries(
        lambda: four_lines.get(FULFILMENT_URL)
    )


def test_payment_and_preview_keep_their_query_count_as_lines_grow(baskets, vendors):
    for client, its_vendors in zip(baskets, vendors, strict=True):
        choose_pickups(client, its_vendors)
    same_queries(baskets, lambda client: client.get(PAYMENT_DETAILS_URL))
    same_queries(
        baskets,
        lambda client: client.post(PREVIEW_URL, {"payment_method": PAY_AT_PICKUP}),
    )


def test_prices_and_stock_answers_stay_those_of_the_stock_records(baskets):
    _small, large = baskets
    basket = large.get(BASKET_URL).context["basket"]
    lines = list(basket.all_lines())
    assert len(lines) == 12
    for line in lines:
        stockrecord = line.product.stockrecords.get()
        assert line.purchase_info.stockrecord == stockrecord
        assert line.unit_price_incl_tax == stockrecord.price
        assert line.purchase_info.availability.num_available == (
            stockrecord.net_stock_level
        )


# The checkout's progress ------------------------------------------------------


@pytest.fixture
def shop(france):
    return Shop()


@pytest.fixture
def france():
    from oscar.core.loading import get_model

    return get_model("address", "Country").objects.create(
        iso_3166_1_a2="FR",
        iso_3166_1_a3="FRA",
        iso_3166_1_numeric="250",
        name="France",
        printable_name="France",
        is_shipping_country=True,
    )


@pytest.fixture
def shopper(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(UserFactory(email="louise@example.fr"))
    return client


def progress(response):
    """The progress list's steps as (number, name, current)."""
    page = response.content.decode()
    nav = re.search(r'<nav class="checkout-progress".*?</nav>', page, re.S)
    assert nav, "no checkout progress"
    steps = []
    for item in re.findall(r"<li(.*?)</li>", nav.group(0), re.S):
        number = re.search(r'checkout-steps__num" aria-hidden="true">(\d)<', item)
        name = re.search(r'checkout-steps__name">([^<]*)<', item)
        steps.append((number.group(1), name.group(1), 'aria-current="step"' in item))
    return steps


def test_all_pickup_checkout_leaves_the_address_step_out(shopper, shop):
    fill_basket(shopper, shop.soap)

    # before the choice: no artisan of this basket can deliver (no online
    # payment), so no address will be asked
    assert progress(shopper.get(FULFILMENT_URL)) == [
        ("1", "Delivery or pickup", True),
        ("2", "Payment", False),
        ("3", "Preview", False),
        ("4", "Confirmation", False),
    ]

    choose(shopper, shop, savonnerie=(drive(shop), shop.drive_slot))
    response = shopper.get(reverse("checkout:shipping-method"), follow=True)
    assert response.request["PATH_INFO"] == PAYMENT_DETAILS_URL
    assert progress(response) == [
        ("1", "Delivery or pickup", False),
        ("2", "Payment", True),
        ("3", "Preview", False),
        ("4", "Confirmation", False),
    ]

    response = shopper.post(PREVIEW_URL, {"action": "place_order"}, follow=True)
    assert response.request["PATH_INFO"] == reverse("checkout:thank-you")
    assert [name for _n, name, _c in progress(response)] == [
        "Delivery or pickup",
        "Payment",
        "Preview",
        "Confirmation",
    ]
    assert progress(response)[-1] == ("4", "Confirmation", True)


def test_delivered_checkout_goes_through_the_address_step(shopper, shop, settings):
    settings.STRIPE_SECRET_KEY = "sk_test_not_a_real_key"  # delivery offered
    fill_basket(shopper, shop.soap, shop.sweets)
    assert [name for _n, name, _c in progress(shopper.get(FULFILMENT_URL))] == [
        "Delivery or pickup",
        "Address",
        "Payment",
        "Preview",
        "Confirmation",
    ]

    choose(
        shopper,
        shop,
        savonnerie=(drive(shop), shop.drive_slot),
        calissons=("delivery", None),
    )
    response = shopper.get(reverse("checkout:shipping-address"))
    assert progress(response) == [
        ("1", "Delivery or pickup", False),
        ("2", "Address", True),
        ("3", "Payment", False),
        ("4", "Preview", False),
        ("5", "Confirmation", False),
    ]
