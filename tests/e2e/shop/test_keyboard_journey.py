"""From search to a placed order with the keyboard only: Tab, Shift+Tab,
Enter, Space and the arrows (typing into the focused field), in Chromium.
No click and no fill on an element."""

import re

import pytest
from oscar.core.loading import get_model

from delivery.models import Reservation
from tests.e2e.a11y import test_axe_checkout as checkout_pages
from tests.factories import DEFAULT_PASSWORD

Order = get_model("order", "Order")

pytestmark = pytest.mark.django_db(transaction=True)

# Two artisans collecting at their workshops (paid at pickup), and Louise.
two_workshops = checkout_pages.two_workshops

TAB_LIMIT = 120


def tab_to(page, predicate, limit=TAB_LIMIT, key="Tab"):
    """Press ``key`` until ``predicate`` (a JavaScript function of the focused
    element) is true; fail after ``limit`` presses. Returns the presses."""
    for presses in range(1, limit + 1):
        page.keyboard.press(key)
        if page.evaluate(f"({predicate})(document.activeElement)"):
            return presses
    focused = page.evaluate("document.activeElement.outerHTML.slice(0, 200)")
    raise AssertionError(
        f"not reached in {limit} presses of {key} on {page.url}: {predicate} "
        f"(focus on {focused})"
    )


def enter_to(page, url_pattern):
    """Press Enter on the focused element and wait for the page it opens."""
    with page.expect_navigation(url=re.compile(url_pattern)):
        page.keyboard.press("Enter")


def path_is(path):
    return f"el => el.tagName === 'A' && new URL(el.href).pathname === '{path}'"


SEARCH_FIELD = "el => el.name === 'q'"
ADD_TO_BASKET = "el => !!el.closest('#add_to_basket_form') && el.type === 'submit'"


def search_and_add(page, words, product):
    presses = tab_to(page, SEARCH_FIELD)
    assert presses <= 15, f"the search field is {presses} Tab presses away"
    page.keyboard.type(words)
    enter_to(page, r"/boutique/search/")
    tab_to(page, path_is(product.get_absolute_url()))
    enter_to(page, re.escape(product.get_absolute_url()))
    tab_to(page, ADD_TO_BASKET)
    enter_to(page, re.escape(product.get_absolute_url()))


def test_search_to_placed_order_with_the_keyboard(page, two_workshops):
    shop = two_workshops
    soap, santon = shop.products
    page.goto("/")

    # Two products of two artisans, each found by the search box.
    search_and_add(page, "savon", soap)
    search_and_add(page, "santon", santon)

    # The basket, by the header's link; then the checkout.
    tab_to(page, path_is("/boutique/basket/"))
    enter_to(page, r"/boutique/basket/$")
    assert page.locator(".basket-group").count() == 2
    tab_to(page, path_is("/boutique/checkout/"))
    enter_to(page, r"/boutique/checkout/$")

    # Sign in on the checkout's first page: e-mail, "returning customer"
    # chosen in the radio group with the arrows, the password, Enter.
    tab_to(page, "el => el.name === 'username'")
    page.keyboard.type("louise@example.fr")
    tab_to(page, "el => el.type === 'radio' && el.name === 'options'")
    tab_to(
        page, "el => el.value === 'existing' && el.checked", key="ArrowDown", limit=3
    )
    tab_to(page, "el => el.name === 'password'")
    page.keyboard.type(DEFAULT_PASSWORD)
    enter_to(page, r"/checkout/delivery-or-pickup/")

    # Each artisan's pickup: the santon maker's later slot, with the arrows.
    santons = shop.vendors[1]
    workshop = shop.workshops[1]
    later_slot = workshop.slots.order_by("starts_at").last()
    tab_to(page, f"el => el.id === 'v{santons.pk}-choice-{workshop.pk}'")
    page.keyboard.press("Space")  # already chosen: stays chosen
    tab_to(page, f"el => el.id === 'v{santons.pk}-slot-{workshop.pk}'")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.value") == str(later_slot.pk)
    # Back and forth: Shift+Tab returns to the choice, Tab goes on to Continue.
    tab_to(
        page, f"el => el.id === 'v{santons.pk}-choice-{workshop.pk}'", key="Shift+Tab"
    )
    tab_to(page, "el => el.id === 'fulfilment_submit'")
    enter_to(page, r"/checkout/payment-details/")

    # Pay at pickup (the only way here), the preview, the order.
    tab_to(page, "el => el.id === 'view_preview'")
    enter_to(page, r"/checkout/preview/")
    tab_to(page, "el => el.id === 'place-order'")
    enter_to(page, r"/checkout/thank-you/")

    # The thank-you page shows both pickup codes.
    codes = page.locator(".pickup-code").all_inner_texts()
    assert len(codes) == 2 and all(codes)

    order = Order.objects.get()
    assert order.user == shop.user
    assert order.vendor_orders.count() == 2
    booked = Reservation.objects.get(vendor=santons, vendor_order__isnull=False)
    assert booked.slot == later_slot
    assert booked.vendor_order.order == order
