"""The map of artisans and pickup points in Chromium, with no tile server
(MAP_TILE_URL is empty in tests): one keyboard-reachable marker per place with
coordinates, the list of the same places, and no CSP violation."""

import pytest
from django.conf import settings

from cms.setup import ensure_home_page
from delivery.models import PickupPointKind
from tests.e2e.shop.test_csp import REPORT_VIOLATIONS
from tests.factories import VendorFactory
from tests.factories.delivery import PickupPointFactory, serving

pytestmark = pytest.mark.django_db(transaction=True)

MARKERS = ".place-map__canvas .leaflet-marker-icon"


@pytest.fixture
def violations(page):
    """CSP violations the browser reports (test_csp.py's listener)."""
    found = []
    page.expose_binding(
        "reportCspViolation", lambda source, violation: found.append(violation)
    )
    page.add_init_script(REPORT_VIOLATIONS)
    page.on(
        "console",
        lambda message: (
            found.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )
    return found


def make_places():
    """Three artisans (one without coordinates), a drive the first serves and
    a relay point; the home page in place."""
    ensure_home_page()
    potier = VendorFactory(
        partner__name="Poterie </script> du Soleil",
        commune="Aubagne",
        latitude="43.292000",
        longitude="5.570000",
    )
    savonnier = VendorFactory(
        partner__name="Savonnerie du Port",
        commune="Marseille",
        latitude="43.295000",
        longitude="5.374000",
    )
    # No coordinates: listed, not on the map.
    VendorFactory(partner__name="Vannerie sans adresse", commune="Arles")
    drive = PickupPointFactory(
        name="Drive de Salon",
        commune="Salon-de-Provence",
        latitude="43.640000",
        longitude="5.097000",
    )
    relay = PickupPointFactory(
        kind=PickupPointKind.RELAY,
        name="Relais de la gare",
        commune="Aix-en-Provence",
        latitude="43.526000",
        longitude="5.445000",
    )
    serving(potier, drive)
    return {"potier": potier, "savonnier": savonnier, "drive": drive, "relay": relay}


@pytest.fixture
def places():
    return make_places()


def test_directory_map_without_tiles(page, live_server, violations, places):
    assert settings.MAP_TILE_URL == ""
    page.goto("/artisans/")
    page.locator(MARKERS).first.wait_for()

    # Two located artisans and two points; the one without coordinates is
    # only in the list.
    assert page.locator(MARKERS).count() == 4
    items = page.locator(".place-map__list li")
    assert items.count() == 5
    listed = items.all_inner_texts()
    assert any("Poterie </script> du Soleil" in text for text in listed)
    assert any("Vannerie sans adresse" in text for text in listed)
    assert any("Relais de la gare" in text for text in listed)
    # No tile was asked for.
    assert page.locator(".leaflet-tile").count() == 0

    # Markers are named for screen readers and reached with the keyboard;
    # Enter opens the popup with a link to the e-boutique.
    marker = page.locator(MARKERS + '[aria-label*="Poterie"]')
    assert marker.get_attribute("tabindex") == "0"
    marker.focus()
    page.keyboard.press("Enter")
    popup_link = page.locator(".leaflet-popup-content a")
    popup_link.wait_for()
    assert popup_link.inner_text() == "Poterie </script> du Soleil"
    assert popup_link.get_attribute("href") == places["potier"].get_absolute_url()

    page.wait_for_load_state("networkidle")
    assert violations == []


def test_storefront_map_shows_the_workshop_and_its_points(
    page, live_server, violations, places
):
    page.goto(places["potier"].get_absolute_url())
    page.locator(MARKERS).first.wait_for()

    # The workshop and the drive it serves, not the other points.
    assert page.locator(MARKERS).count() == 2
    listed = page.locator(".place-map__list li").all_inner_texts()
    assert len(listed) == 2
    assert any("Drive de Salon" in text for text in listed)

    page.wait_for_load_state("networkidle")
    assert violations == []


def test_without_javascript_the_list_is_the_map(browser, live_server, places):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/artisans/")

    assert page.locator(".place-map__canvas").is_hidden()
    assert page.locator(".place-map__list li").count() == 5
    assert (
        page.locator(".place-map__list a", has_text="Savonnerie du Port").count() == 1
    )
    context.close()


def test_at_390_px_nothing_scrolls_sideways(page, live_server, places):
    page.set_viewport_size({"width": 390, "height": 844})
    for url in ("/artisans/", places["potier"].get_absolute_url(), "/"):
        page.goto(url)
        page.locator(MARKERS).first.wait_for()
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, url
        canvas = page.locator(".place-map__canvas").bounding_box()
        assert canvas["width"] <= 390 and canvas["height"] >= 200
