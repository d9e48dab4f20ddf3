"""On a 390 x 844 phone: no page of the shop scrolls sideways, and on the
product page the quantity and "Add to basket" are within the first screen."""

import pytest
from django.conf import settings
from django.test import Client

from tests.factories.shop_pages import shop_pages_scene

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def scene():
    return shop_pages_scene()


@pytest.fixture
def phone(page):
    page.set_viewport_size(PHONE)
    return page


def sign_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


def sideways_overflow(page):
    return page.evaluate(
        "() => document.documentElement.scrollWidth - window.innerWidth"
    )


def test_no_page_scrolls_sideways_on_a_phone(phone, live_server, scene):
    sign_in(phone, live_server, scene["user"])
    # A basket with a line, to see the basket as a consumer does.
    phone.goto(scene["product"].get_absolute_url())
    phone.click("#add_to_basket_form button[type=submit]")
    phone.wait_for_load_state("networkidle")

    pages = [
        "/",
        "/boutique/catalogue/",
        scene["category"].get_absolute_url(),
        scene["product"].get_absolute_url(),
        scene["vendor"].get_absolute_url(),
        "/artisans/",
        "/boutique/basket/",
        f"/boutique/accounts/orders/{scene['order'].number}/",
    ]
    for path in pages:
        response = phone.goto(path)
        assert response.status == 200, path
        phone.wait_for_load_state("networkidle")
        assert sideways_overflow(phone) <= 0, f"{path} scrolls sideways"


def test_add_to_basket_is_within_the_first_screen_of_the_product_page(phone, scene):
    phone.goto(scene["product"].get_absolute_url())
    phone.wait_for_load_state("networkidle")

    button = phone.locator("#add_to_basket_form button[type=submit]")
    quantity = phone.locator("#add_to_basket_form input[name=quantity]")
    for element in (button, quantity):
        box = element.bounding_box()
        assert box is not None
        assert box["y"] >= 0
        assert box["y"] + box["height"] <= PHONE["height"], box
        assert box["x"] + box["width"] <= PHONE["width"], box
    # The price and its VAT mention are there too.
    assert phone.locator("[data-vat-mention]").bounding_box()["y"] < PHONE["height"]


def test_first_product_of_the_home_page_is_within_two_screens(phone, scene):
    phone.goto("/")
    phone.wait_for_load_state("networkidle")

    first_tile = phone.locator("main .card-grid li").first
    box = first_tile.bounding_box()
    assert box is not None
    assert box["y"] < 2 * PHONE["height"], box
