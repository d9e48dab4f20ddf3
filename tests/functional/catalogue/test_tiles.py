"""Product tiles on the catalogue and search pages: responsive WebP photos,
the whole title, one link per tile, and the filters around them."""

import re
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from oscar.core.loading import get_model

from shop.apps.core import tasks as core_tasks
from shop.apps.core.demo.images import product_image_jpeg
from shop.apps.core.tasks import generate_product_thumbnails_task
from tests.factories import VendorFactory, create_artisan_product
from vendors.promotions.actions import create_shop_promotion

ProductImage = get_model("catalogue", "ProductImage")

CATALOGUE = "/boutique/catalogue/"
SEARCH = "/boutique/search/"
LONG_TITLE = (
    "Coffret découverte de six savons de Marseille parfumés à la lavande, "
    "au miel de garrigue et à la fleur d'oranger, 600 g"
)


@pytest.fixture(autouse=True)
def database_search(settings, tmp_path):
    settings.SEARCH_BACKEND = "database"
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def savonnerie(db):
    return VendorFactory(partner__name="Savonnerie du Vallon", commune="Marseille")


def with_photo(product, make_thumbnails=True):
    """Give ``product`` a demo photograph, and its thumbnails unless told."""
    ProductImage.objects.create(
        product=product,
        original=ContentFile(product_image_jpeg(product.title), name="photo.jpg"),
        display_order=0,
    )
    if make_thumbnails:
        generate_product_thumbnails_task(product.pk)
    return product


def tiles(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content.decode(), "html.parser").select(
        "article.tile"
    )


def candidates(img):
    """``{width: url}`` of an ``<img srcset>``."""
    found = {}
    for candidate in img["srcset"].split(","):
        url, width = candidate.split()
        found[int(width.rstrip("w"))] = url
    return found


def test_a_tile_offers_its_photo_in_three_webp_widths_with_its_size_set(
    english, savonnerie
):
    soap = with_photo(create_artisan_product(savonnerie, "Savon à la lavande"))

    (tile,) = tiles(english.get(CATALOGUE))
    img = tile.select_one("img")

    widths = candidates(img)
    assert sorted(widths) == [240, 400, 600]
    assert all(url.endswith(".webp") for url in widths.values())
    assert all(url.startswith(f"{settings.MEDIA_URL}cache/") for url in widths.values())
    assert img["src"] == widths[600]
    assert (img["width"], img["height"]) == ("600", "600")
    assert "50vw" in img["sizes"]
    # The title beside it, in the same link, names the photo.
    assert img["alt"] == ""
    (link,) = tile.select(f'a[href="{soap.get_absolute_url()}"]')
    assert link.get_text(" ", strip=True) == "Savon à la lavande"
    assert img in link.find_all("img")


def test_until_its_thumbnails_are_made_a_tile_shows_the_original_and_queues_them(
    english, savonnerie, monkeypatch
):
    queued = []
    monkeypatch.setattr(
        core_tasks.generate_product_thumbnails_task, "delay", queued.append
    )
    soap = with_photo(create_artisan_product(savonnerie), make_thumbnails=False)

    (tile,) = tiles(english.get(CATALOGUE))
    img = tile.select_one("img")

    assert img["src"] == soap.primary_image().original.url
    assert not img.has_attr("srcset")
    assert (img["width"], img["height"]) == ("600", "600")
    assert queued == [soap.pk]


def test_the_first_row_loads_at_once_and_the_others_lazily(english, savonnerie):
    for number in range(7):
        with_photo(create_artisan_product(savonnerie, f"Savon numéro {number}"))

    images = [tile.select_one("img") for tile in tiles(english.get(CATALOGUE))]

    assert [img["loading"] for img in images] == ["eager"] * 4 + ["lazy"] * 3
    assert [img.get("fetchpriority") for img in images[:3]] == ["high", "high", None]
    assert all(img["decoding"] == "async" for img in images)


def test_a_tile_has_the_whole_title_the_artisan_the_price_ttc_and_a_named_button(
    english, savonnerie
):
    create_artisan_product(savonnerie, LONG_TITLE, price="12.40")

    (tile,) = tiles(english.get(CATALOGUE))

    assert tile.select_one(".tile-name").get_text(strip=True) == LONG_TITLE
    artisan = tile.select_one(".product-artisan")
    assert "Savonnerie du Vallon" in artisan.get_text()
    assert "Marseille" in artisan.get_text()
    price = tile.select_one(".tile-price").get_text(" ", strip=True)
    assert "12.40" in price.replace(",", ".") and "incl. VAT" in price
    assert tile.select_one(".tile-availability").get_text(strip=True)
    button = tile.select_one("form button[type=submit]")
    assert re.sub(r"\s+", " ", button.get_text()) == f"Add {LONG_TITLE} to basket"
    assert button.select_one(".visually-hidden").get_text() == LONG_TITLE
    # One link to the product: the title's.
    assert len(tile.select("a.tile-link")) == 1
    assert not tile.select("img[title], a[title]")


def test_a_product_without_photo_gets_a_placeholder_not_a_broken_image(
    english, savonnerie
):
    create_artisan_product(savonnerie)

    (tile,) = tiles(english.get(CATALOGUE))

    assert tile.select_one(".tile-placeholder[aria-hidden=true]")
    assert not tile.select("img")


@pytest.mark.parametrize(
    "url, params",
    [(CATALOGUE, {}), (SEARCH, {"q": "savon"})],
)
def test_tiles_with_photos_keep_the_number_of_queries_as_the_list_grows(
    english, savonnerie, url, params, settings
):
    # Thumbnails are found in sorl's key-value store through the cache (Redis
    # in production); the test's local memory cache must hold them all.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "tiles",
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        }
    }
    with_photo(create_artisan_product(savonnerie, "Savon 0"))
    english.get(url, params)  # warm the caches (site, translations)
    with CaptureQueriesContext(connection) as one:
        english.get(url, params)
    other = VendorFactory(partner__name="Savonnerie bis", commune="Aix")
    for number in range(20):
        with_photo(
            create_artisan_product(
                other if number % 2 else savonnerie, f"Savon bis {number}"
            )
        )
    with CaptureQueriesContext(connection) as twenty_one:
        response = english.get(url, params)

    assert len(tiles(response)) == 21
    assert len(twenty_one) == len(one)


def test_filters_are_fieldsets_of_labelled_checkboxes_with_counts(english, savonnerie):
    for number in range(3):
        create_artisan_product(savonnerie, f"Savon {number}")
    aix = VendorFactory(partner__name="Savonnerie d'Aix", commune="Aix-en-Provence")
    create_artisan_product(aix, "Savon d'Aix")

    response = english.get(CATALOGUE, {"commune": "Marseille"})
    page = BeautifulSoup(response.content.decode(), "html.parser")

    town = page.select_one("fieldset[data-facet=commune]")
    assert town.select_one("legend").get_text(strip=True) == "Town"
    boxes = {box["value"]: box for box in town.select("input[type=checkbox]")}
    assert set(boxes) == {"Marseille", "Aix-en-Provence"}
    assert boxes["Marseille"].has_attr("checked")
    assert not boxes["Aix-en-Provence"].has_attr("checked")
    label = page.select_one(f'label[for="{boxes["Aix-en-Provence"]["id"]}"]')
    assert re.sub(r"\s+", " ", label.get_text(" ", strip=True)) == (
        "Aix-en-Provence 1 product"
    )
    # Ids are unique on the page (facets, near me, sort).
    ids = [element["id"] for element in page.select("[id]")]
    assert len(ids) == len(set(ids))
    # The filters fold behind a button on a phone; the sort is labelled.
    toggle = page.select_one("[data-filters-toggle]")
    assert toggle["aria-controls"] == "listing-filters"
    assert toggle.has_attr("aria-expanded")
    assert page.select_one("#listing-filters")
    assert "1" in toggle.get_text()  # one value ticked
    assert page.select_one('label[for="id_sort_by"]').get_text(strip=True)
    assert page.select_one('label[for="id_near"]').get_text(strip=True)
    assert page.select_one('label[for="id_km"]').get_text(strip=True)
    count = page.select_one("#listing-count[role=status]")
    assert count.get_text(" ", strip=True) == "3 products"


def test_pages_of_results_are_a_labelled_navigation_marking_the_current_one(
    english, savonnerie, settings
):
    settings.OSCAR_PRODUCTS_PER_PAGE = 2
    for number in range(5):
        create_artisan_product(savonnerie, f"Savon {number}")

    response = english.get(CATALOGUE, {"page": "2"})
    page = BeautifulSoup(response.content.decode(), "html.parser")

    nav = page.select_one("nav.listing-pages")
    assert nav["aria-label"] == "Pages of results"
    current = nav.select("[aria-current=page]")
    assert [link.get_text(strip=True) for link in current] == ["2"]
    assert nav.select_one("a[rel=prev]")["href"].endswith("page=1")
    assert nav.select_one("a[rel=next]")["href"].endswith("page=3")


def test_a_search_without_result_says_so_and_offers_the_catalogue(english, savonnerie):
    create_artisan_product(savonnerie, "Savon")

    response = english.get(SEARCH, {"q": "xylophone"})
    page = BeautifulSoup(response.content.decode(), "html.parser")

    assert page.select_one(".listing-empty")
    assert page.select_one("#listing-count").get_text(strip=True) == (
        "No products found."
    )
    assert page.select_one('.listing-empty a[href="/boutique/catalogue/"]')
    assert len(page.select("h1")) == 1


def test_a_shop_promotion_puts_a_badge_in_words_on_its_products_only(
    english, savonnerie
):
    soap = create_artisan_product(savonnerie, "Savon à la lavande")
    other = VendorFactory(partner__name="Santons Magali Fabre", commune="Aubagne")
    create_artisan_product(other, "Santon le Ravi")
    now = timezone.now()
    create_shop_promotion(
        savonnerie,
        name="Printemps",
        percent=15,
        start=now - timedelta(days=1),
        end=now + timedelta(days=6),
    )
    # A promotion with a code is typed in the basket: no badge for it.
    create_shop_promotion(
        other,
        name="Code",
        percent=30,
        start=now - timedelta(days=1),
        end=now + timedelta(days=6),
        code="SANTONS30",
    )

    badges = {
        tile.select_one(".tile-name").get_text(strip=True): tile.select_one(
            ".tile-badge"
        )
        for tile in tiles(english.get(CATALOGUE))
    }

    assert badges["Santon le Ravi"] is None
    assert badges[soap.title].get_text(strip=True) == "−15 % in the basket"
    # The badge is beside the link: the link is still named by the title.
    link = badges[soap.title].find_parent("article").select_one("a.tile-link")
    assert link.get_text(" ", strip=True) == soap.title


def test_clearing_the_filters_keeps_the_words_searched_whole(english, savonnerie):
    create_artisan_product(savonnerie, "Savon au miel")

    response = english.get(SEARCH, {"q": "savon & miel", "commune": "Marseille"})
    page = BeautifulSoup(response.content.decode(), "html.parser")

    clear = page.select_one("a.facets-clear")
    assert clear["href"] == "/boutique/search/?q=savon+%26+miel"
