"""axe-core in Chromium on the artisan's back office and the logistics
console: no critical or serious violation (WCAG 2.1 A/AA and best practices),
and the pages fit a 390 px phone, where the navigation is a menu that opens.

The data: an artisan with a product and an order collected at a drive point,
brought to the point (checked in) and paid at pickup, so that the order's page,
the manifest, the hand-over's confirmation step and the takings show it.
"""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from cms.setup import ensure_home_page
from delivery.actions import booking_of
from tests.factories import VendorFactory, create_artisan_product
from tests.factories.orders import (
    artisan_account,
    bring_to,
    logistics_account,
    paid_at_pickup,
)
from tests.functional.vendors.backoffice_shop import point_part

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def scene():
    """An artisan's part at a drive point, ready to hand over, and the
    artisan's and the point's accounts."""
    ensure_home_page()
    vendor = VendorFactory(partner__name="Savonnerie du Garlaban")
    product = create_artisan_product(vendor, "Savon à l'huile d'olive", price="7.50")
    part = point_part(vendor)
    paid_at_pickup(part)
    part = bring_to(part, "ready")
    point = booking_of(part).slot.point
    return {
        "vendor": vendor,
        "product": product,
        "part": part,
        "point": point,
        "code": booking_of(part).pickup_code,
        "artisan": artisan_account(vendor),
        "logistics": logistics_account(point),
    }


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


def check_pages(page, axe, live_server, urls):
    """axe on each page; every page's violations are reported together."""
    failures = []
    for url in urls:
        response = page.goto(live_server.url + url)
        assert response.status == 200, url
        try:
            axe(page)
        except AssertionError as error:
            failures.append(str(error))
    assert not failures, "\n\n".join(failures)


def back_office_urls(scene):
    product = scene["product"]
    return [
        reverse("backoffice:overview"),
        reverse("backoffice:order-list"),
        reverse("backoffice:order-detail", kwargs={"number": scene["part"].number}),
        reverse("backoffice:product-list"),
        reverse("backoffice:product-update", kwargs={"pk": product.pk}),
        reverse("backoffice:product-create"),
        reverse("backoffice:product-import"),
        reverse("backoffice:settings"),
        reverse("backoffice:fulfilment"),
        reverse("backoffice:payout-ledger"),
        reverse("backoffice:promotion-list"),
        reverse("backoffice:promotion-create"),
        reverse("backoffice:team"),
        reverse("backoffice:invoice-list"),
        reverse("backoffice:settlement-statements"),
        reverse("backoffice:yearly-statement-list"),
        reverse("backoffice:api-token-list"),
        reverse("backoffice:webhook-list"),
        reverse("backoffice:webhook-create"),
        reverse("backoffice:security"),
        reverse("privacy:shop-data"),
    ]


def console_urls(scene):
    slug = scene["point"].slug
    return [
        reverse("logistics:home"),
        reverse("logistics:manifest", kwargs={"slug": slug}),
        reverse("logistics:hand-over", kwargs={"slug": slug}),
        reverse("logistics:takings", kwargs={"slug": slug}),
        reverse("logistics:api-tokens"),
    ]


def test_back_office_pages_have_no_serious_axe_violation(page, axe, live_server, scene):
    sign_in(page, live_server, scene["artisan"])

    check_pages(page, axe, live_server, back_office_urls(scene))


def test_console_pages_have_no_serious_axe_violation(page, axe, live_server, scene):
    sign_in(page, live_server, scene["logistics"])

    check_pages(page, axe, live_server, console_urls(scene))


def test_hand_over_with_a_code_and_its_confirmation_step_pass_axe(
    page, axe, live_server, scene
):
    # given: the point's staff on the hand-over page
    sign_in(page, live_server, scene["logistics"])
    url = reverse("logistics:hand-over", kwargs={"slug": scene["point"].slug})
    page.goto(live_server.url + url)

    # when: the customer's code is typed and sent
    page.fill("#id_code", scene["code"])
    axe(page)
    page.locator("#id_code").press("Enter")

    # then: the confirmation step (the parcel, how the customer paid) passes too
    page.wait_for_selector("#hand-over-preview")
    assert page.locator("#hand-over-confirm-form").is_visible()
    axe(page)


def test_workspace_pages_fit_a_phone_and_open_their_menu(page, live_server, scene):
    page.set_viewport_size(PHONE)
    sign_in(page, live_server, scene["artisan"])
    wide = []
    for url in back_office_urls(scene)[:5]:
        page.goto(live_server.url + url)
        if page.evaluate("document.documentElement.scrollWidth") > PHONE["width"]:
            wide.append(url)

    # The menu starts closed behind its button, which opens it.
    page.goto(live_server.url + reverse("backoffice:order-list"))
    toggle = page.locator(".ws-nav__toggle")
    assert toggle.get_attribute("aria-expanded") == "false"
    assert not page.locator("#backoffice-nav").is_visible()
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    current = page.locator('#backoffice-nav [aria-current="page"]')
    assert current.is_visible()
    assert current.evaluate("element => element === document.activeElement")
    page.keyboard.press("Escape")
    assert not page.locator("#backoffice-nav").is_visible()

    page.context.clear_cookies()
    sign_in(page, live_server, scene["logistics"])
    for url in console_urls(scene):
        page.goto(live_server.url + url)
        if page.evaluate("document.documentElement.scrollWidth") > PHONE["width"]:
            wide.append(url)
    assert not wide, f"pages wider than a phone: {wide}"


def test_back_office_menu_is_a_sidebar_on_a_desktop(page, live_server, scene):
    page.set_viewport_size({"width": 1280, "height": 800})
    sign_in(page, live_server, scene["artisan"])

    page.goto(live_server.url + reverse("backoffice:overview"))

    assert not page.locator(".ws-nav__toggle").is_visible()
    nav = page.locator("#workspace-nav").bounding_box()
    main = page.locator("#main").bounding_box()
    assert nav["x"] + nav["width"] <= main["x"] + 1
    assert page.locator("#backoffice-nav").is_visible()
