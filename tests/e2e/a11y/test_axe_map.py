"""axe-core on the pages with a map, once the map is drawn (no tiles)."""

import pytest

from tests.e2e.shop.test_map import MARKERS, make_places

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def places():
    return make_places()


def test_directory_with_its_map(page, live_server, axe, places):
    page.goto("/artisans/")
    page.locator(MARKERS).first.wait_for()

    axe(page)


def test_storefront_with_its_map(page, live_server, axe, places):
    page.goto(places["savonnier"].get_absolute_url())
    page.locator(MARKERS).first.wait_for()

    axe(page)


def test_home_page_with_its_map(page, live_server, axe, places):
    page.goto("/")
    page.locator(MARKERS).first.wait_for()

    axe(page)


def test_an_open_popup(page, live_server, axe, places):
    page.goto("/artisans/")
    marker = page.locator(MARKERS + '[aria-label*="Savonnerie"]')
    marker.focus()
    page.keyboard.press("Enter")
    page.locator(".leaflet-popup-content a").wait_for()
    # Leaflet fades a popup in: its colours are checked once it is opaque.
    popup = page.locator(".leaflet-popup")
    for _attempt in range(50):
        if popup.evaluate("(element) => getComputedStyle(element).opacity") == "1":
            break
        page.wait_for_timeout(50)

    axe(page, ".place-map")
