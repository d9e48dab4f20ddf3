"""The catalogue, a category and search results in Chromium with axe-core:
no critical or serious violation with the filters open, on a desktop and on a
390 px phone, nor on a search that finds nothing. On a phone the results come
first: the filters fold behind a "Filter" button that says whether they are
open, and nothing scrolls sideways."""

import re

import pytest
from django.core.files.base import ContentFile
from oscar.apps.catalogue.categories import create_from_breadcrumbs
from oscar.core.loading import get_model

from cms.setup import ensure_home_page
from shop.apps.core.demo.images import product_image_jpeg
from shop.apps.core.tasks import generate_product_thumbnails_task
from tests.factories import VendorFactory, create_artisan_product
from tests.factories.delivery import PickupPointFactory, serving

pytestmark = pytest.mark.django_db(transaction=True)

ProductCategory = get_model("catalogue", "ProductCategory")
ProductImage = get_model("catalogue", "ProductImage")

PHONE = {"width": 390, "height": 844}


@pytest.fixture(autouse=True)
def database_search(settings, tmp_path):
    settings.SEARCH_BACKEND = "database"
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.OSCAR_PRODUCTS_PER_PAGE = 6


@pytest.fixture
def catalogue():
    """Two artisans in two towns, soaps and santons, photos on most of them,
    and more products than one page holds."""
    ensure_home_page()
    soaps = create_from_breadcrumbs("Beauté > Savons")
    santons = create_from_breadcrumbs("Traditions > Santons")
    savonnerie = VendorFactory(
        partner__name="Savonnerie du Vieux Port", commune="Marseille"
    )
    serving(savonnerie, PickupPointFactory())
    santonnier = VendorFactory(partner__name="Santons Magali Fabre", commune="Aubagne")
    titles = [
        (savonnerie, soaps, "Savon à la lavande de Haute-Provence, 100 g"),
        (savonnerie, soaps, "Cube de savon de Marseille 72 % huile d'olive, 600 g"),
        (savonnerie, soaps, "Savon au lait d'ânesse, 100 g"),
        (savonnerie, soaps, "Savon noir à l'huile d'olive, 500 g"),
        (santonnier, santons, "Santon le Ravi, 7 cm"),
        (santonnier, santons, "Santon la Poissonnière, 7 cm"),
        (santonnier, santons, "Sainte Famille, trois santons de 7 cm"),
        (santonnier, santons, "Crèche provençale en bois, à garnir"),
    ]
    for number, (vendor, category, title) in enumerate(titles):
        product = create_artisan_product(vendor, title, price=f"{4 + number}.80")
        ProductCategory.objects.create(product=product, category=category)
        if number != 3:  # one product has no photo yet
            ProductImage.objects.create(
                product=product,
                original=ContentFile(product_image_jpeg(title), name="photo.jpg"),
                display_order=0,
            )
            generate_product_thumbnails_task(product.pk)
    return {"soaps": soaps, "santons": santons}


def no_sideways_scroll(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], width


def test_the_catalogue_with_its_filters_has_no_serious_violation(page, axe, catalogue):
    page.goto("/boutique/catalogue/")

    assert page.locator("article.tile").count() == 6
    assert page.locator("#listing-filters").is_visible()
    assert page.locator("[data-filters-toggle]").is_hidden()
    axe(page)


def test_a_category_page_filtered_and_paged_has_no_serious_violation(
    page, axe, catalogue
):
    page.goto(catalogue["soaps"].get_absolute_url())
    page.locator("[data-facet=commune]").get_by_label(re.compile("Marseille")).check()
    page.locator("[data-facets-form] button[type=submit]").click()
    page.wait_for_url(re.compile(r"commune=Marseille"))

    assert page.locator("article.tile").count() == 4
    axe(page)


def test_search_results_with_filters_open_on_a_phone_come_first(page, axe, catalogue):
    page.set_viewport_size(PHONE)
    page.goto("/boutique/search/?q=savon")

    toggle = page.locator("[data-filters-toggle]")
    filters = page.locator("#listing-filters")
    first_tile = page.locator("article.tile").first
    # Folded: the first result is on the first screen, the filters are not.
    assert toggle.get_attribute("aria-expanded") == "false"
    assert filters.is_hidden()
    assert first_tile.bounding_box()["y"] < PHONE["height"]
    no_sideways_scroll(page)

    toggle.click()

    assert toggle.get_attribute("aria-expanded") == "true"
    assert filters.is_visible()
    no_sideways_scroll(page)
    axe(page)
    page.keyboard.press("Escape")
    assert toggle.get_attribute("aria-expanded") == "false"


def test_the_catalogue_on_a_phone_has_no_serious_violation(page, axe, catalogue):
    page.set_viewport_size(PHONE)
    page.goto("/boutique/catalogue/?page=2")

    assert page.locator("[aria-current=page]", has_text="2").count() == 1
    no_sideways_scroll(page)
    axe(page)


def test_a_search_without_result_has_no_serious_violation(page, axe, catalogue):
    page.goto("/boutique/search/?q=xylophone")

    assert page.locator(".listing-empty").is_visible()
    assert page.locator("article.tile").count() == 0
    axe(page)


LAYOUT_SHIFT = """() => new Promise((resolve) => {
    let total = 0;
    new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) {
            if (!entry.hadRecentInput) { total += entry.value; }
        }
    }).observe({type: "layout-shift", buffered: true});
    setTimeout(() => resolve(total), 1000);
})"""


@pytest.mark.parametrize("path", ["/boutique/catalogue/", "/boutique/search/?q=savon"])
def test_a_product_list_does_not_move_once_drawn_on_a_phone(page, catalogue, path):
    # The filters start folded from the first paint (early.js, catalogue.css)
    # and the count is said again without emptying it: the results do not
    # jump when the scripts start (Lighthouse's cumulative layout shift).
    page.set_viewport_size(PHONE)
    page.goto(path)
    page.wait_for_load_state("load")

    shift = page.evaluate(LAYOUT_SHIFT)

    assert page.locator("#listing-filters").is_hidden()
    assert shift < 0.05, shift
