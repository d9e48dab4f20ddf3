"""Every public page's head: meta description, canonical link, hreflang
alternates, Open Graph and Twitter card, all absolute; ``?lang=en`` serves
the English version it names."""

from decimal import Decimal as D

import pytest
from django.conf import settings
from django.urls import reverse
from wagtail.models import Page

from cms.models import StandardPage
from tests.factories import VendorFactory, create_artisan_product

from .conftest import ABSOLUTE

pytestmark = pytest.mark.django_db


@pytest.fixture
def product():
    vendor = VendorFactory(partner__name="Savonnerie du Vieux Port")
    product = create_artisan_product(vendor, title="Savon à l'olive", price="4.80")
    product.description = (
        "<p>Un savon saponifié à froid, à l'huile d'olive de la vallée des Baux. "
        "Il se garde deux ans au sec.</p>"
    )
    product.save()
    return product


def test_product_page_head(client, head, public, product):
    page = head(client.get(product.get_absolute_url() + "?utm_source=mail&page=1"))

    assert page.html_lang == "fr"
    description = page.one_meta("description")
    # The description's first sentence, as plain text.
    assert description == (
        "Un savon saponifié à froid, à l'huile d'olive de la vallée des Baux. "
        "Il se garde deux ans au sec."
    )
    canonical = public(product.get_absolute_url())
    # No tracking parameter, and page 1 is the page itself.
    assert page.link("canonical") == [canonical]
    assert page.link("alternate", hreflang="fr") == [canonical]
    assert page.link("alternate", hreflang="x-default") == [canonical]
    assert page.link("alternate", hreflang="en") == [canonical + "?lang=en"]
    assert page.one_meta("og:url") == canonical
    assert "Savon à l'olive" in page.one_meta("og:title")
    assert page.one_meta("og:description") == description
    assert ABSOLUTE.match(page.one_meta("og:image"))
    assert page.one_meta("og:locale") == "fr_FR"
    assert page.meta("og:locale:alternate") == ["en_GB"]
    assert page.one_meta("og:type") == "product"
    assert page.one_meta("twitter:card") == "summary_large_image"
    # Oscar's "created" meta, which changed on every request, is gone.
    assert page.meta("created") == []


def test_a_long_description_is_cut_at_a_sentence(client, head, product):
    product.description = (
        "Un savon doux pour les peaux sensibles. " + "Très doux. " * 30
    )
    product.save()

    description = head(client.get(product.get_absolute_url())).one_meta("description")

    assert len(description) <= 160
    assert description.startswith("Un savon doux pour les peaux sensibles.")
    assert description.endswith(".")


def test_the_english_address_serves_english_and_is_its_own_canonical(
    client, head, public, product
):
    url = product.get_absolute_url()

    response = client.get(url + "?lang=en")
    page = head(response)

    assert page.html_lang == "en"
    assert page.link("canonical") == [public(url) + "?lang=en"]
    assert page.one_meta("og:locale") == "en_GB"
    assert page.meta("og:locale:alternate") == ["fr_FR"]
    # The choice is kept for the next pages, as the language switch keeps it.
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert head(client.get(url)).html_lang == "en"


def test_the_cookie_language_gives_its_own_canonical(english, head, public, product):
    page = head(english.get(product.get_absolute_url()))

    assert page.html_lang == "en"
    assert page.link("canonical") == [public(product.get_absolute_url()) + "?lang=en"]


def test_a_list_keeps_its_page_number_only(client, head, public):
    vendor = VendorFactory(partner__name="Poterie du Soleil")
    for number in range(30):
        create_artisan_product(vendor, title=f"Bol {number}", price=D("12.00"))
    url = vendor.get_absolute_url()

    page = head(client.get(url + "?page=2&sort=title&fbclid=x"))

    assert page.link("canonical") == [public(url) + "?page=2"]
    assert page.link("alternate", hreflang="en") == [public(url) + "?page=2&lang=en"]


def test_storefront_description_is_the_artisans_intro(client, head):
    vendor = VendorFactory(description="Savons au lait d'ânesse, faits à Lançon.")

    page = head(client.get(vendor.get_absolute_url()))

    assert page.one_meta("description") == "Savons au lait d'ânesse, faits à Lançon."
    assert page.one_meta("og:description") == "Savons au lait d'ânesse, faits à Lançon."


def test_wagtail_pages_use_their_search_description(client, head, public, home_page):
    home_page.search_description = "Les artisans de la région, en ligne."
    home_page.save_revision().publish()
    about = home_page.add_child(
        instance=StandardPage(
            title="Qui sommes-nous",
            slug="qui-sommes-nous",
            search_description="La chambre des métiers et ses artisans.",
        )
    )

    home = head(client.get("/"))
    page = head(client.get(Page.objects.get(pk=about.pk).url))

    assert home.one_meta("description") == "Les artisans de la région, en ligne."
    assert home.link("canonical") == [public("/")]
    assert page.one_meta("description") == "La chambre des métiers et ses artisans."
    assert page.link("canonical") == [public("/qui-sommes-nous/")]


def test_a_page_without_description_has_the_shops_tagline(client, head):
    page = head(client.get(reverse("vendors:join")))

    assert page.one_meta("description")
    assert page.one_meta("og:description") == page.one_meta("description")


def test_product_preview_shows_its_photo(client, head, product):
    from io import BytesIO

    from django.core.files.uploadedfile import SimpleUploadedFile
    from oscar.test.factories import create_product_image
    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (40, 30), (200, 120, 40)).save(buffer, format="JPEG")
    image = create_product_image(
        product, original=SimpleUploadedFile("savon.jpg", buffer.getvalue())
    )

    page = head(client.get(product.get_absolute_url()))

    assert page.one_meta("og:type") == "product"
    og_image = page.one_meta("og:image")
    assert ABSOLUTE.match(og_image)
    assert og_image.endswith(image.original.url)
    [data] = page.of_type("Product")
    assert data["image"] == [og_image]


def test_storefront_preview_is_a_business(client, head):
    vendor = VendorFactory()

    page = head(client.get(vendor.get_absolute_url()))

    assert page.one_meta("og:type") == "business.business"
    # No banner nor logo: the marketplace's own picture.
    assert page.one_meta("og:image").endswith("/static/img/seo/og-default.png")


def test_an_odd_page_number_is_left_out(client, head, public):
    vendor = VendorFactory()
    url = vendor.get_absolute_url()

    for odd in ("%C2%B2", "0", "-2", "abc"):
        response = client.get(f"{url}?page={odd}")
        if response.status_code == 404:
            continue
        assert head(response).link("canonical") == [public(url)], odd
