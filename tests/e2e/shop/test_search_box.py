"""The search box suggests products, artisans and categories as one types,
and a facet narrows the results, in a real browser."""

import re

import pytest
from oscar.apps.catalogue.categories import create_from_breadcrumbs
from oscar.core.loading import get_model

from tests.factories import VendorFactory, create_artisan_product
from tests.factories.delivery import PickupPointFactory, serving

ProductCategory = get_model("catalogue", "ProductCategory")

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def shop():
    soaps = create_from_breadcrumbs("Beauté > Savons")
    savonnerie = VendorFactory(
        partner__name="Savonnerie du Vieux Port", commune="Marseille"
    )
    serving(savonnerie, PickupPointFactory())
    other = VendorFactory(partner__name="Savons de Salon", commune="Salon-de-Provence")
    for vendor, title in [
        (savonnerie, "Savon à la lavande"),
        (other, "Savon au miel"),
    ]:
        product = create_artisan_product(vendor, title)
        ProductCategory.objects.create(product=product, category=soaps)
    return savonnerie


def test_suggestions_then_a_facet(page, shop):
    page.goto("/boutique/catalogue/")
    page.fill("input#id_q", "sav")
    suggestions = page.locator("ul.search-suggestions")
    artisan = suggestions.locator("a[href='/artisans/savonnerie-du-vieux-port/']")
    artisan.wait_for()
    assert "Savonnerie du Vieux Port" in artisan.inner_text()
    labels = suggestions.locator("a").all_inner_texts()
    assert any(label.startswith("Savons") for label in labels)
    assert any(label.startswith("Savon à la lavande") for label in labels)

    # Enter searches the words; the drive facet keeps the savonnerie's soap only.
    page.fill("input#id_q", "savon")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/boutique/search/\?q=savon"))
    assert page.locator("article.tile", has_text="Savon au miel").count() == 1
    page.locator("[data-facet=fulfilment]").get_by_label(
        re.compile("drive", re.I)
    ).check()
    page.locator("[data-facets-form] button[type=submit]").click()
    page.wait_for_url(re.compile(r"fulfilment=drive"))
    assert page.locator("article.tile", has_text="Savon à la lavande").count() == 1
    assert page.locator("article.tile", has_text="Savon au miel").count() == 0

    # A suggestion is a link to its page.
    page.fill("input#id_q", "savonnerie")
    page.locator("ul.search-suggestions a[href^='/artisans/']").click()
    page.wait_for_url(re.compile(r"/artisans/savonnerie-du-vieux-port/"))


def test_suggestions_with_the_keyboard(page, shop):
    """The field is an ARIA combobox: Down/Up choose a suggestion (the focus
    stays in the field), Escape closes the list, Enter opens the chosen one."""
    page.goto("/boutique/catalogue/")
    field = page.locator("input#id_q")
    assert field.get_attribute("role") == "combobox"
    page.fill("input#id_q", "savonnerie")
    option = page.locator("#id_q_suggestions [role=option]").first
    option.wait_for()
    assert field.get_attribute("aria-expanded") == "true"
    page.keyboard.press("ArrowDown")
    assert field.get_attribute("aria-activedescendant") == option.get_attribute("id")
    page.keyboard.press("Escape")
    assert field.get_attribute("aria-expanded") == "false"
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/artisans/savonnerie-du-vieux-port/"))
