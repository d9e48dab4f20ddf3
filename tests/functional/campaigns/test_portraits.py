"""A portrait is tied to one artisan's shop, shows the shop's products on
sale, and the storefront links to it."""

import pytest
from django.core.exceptions import ValidationError

from cms.campaigns.models import PortraitPage
from tests.factories import create_artisan_product
from vendors.models import VendorStatus

from .conftest import artisan

pytestmark = pytest.mark.django_db


def portrait(index, vendor, **fields):
    fields.setdefault("title", f"Portrait de {vendor.name}")
    fields.setdefault("slug", vendor.slug)
    return index.add_child(
        instance=PortraitPage(
            vendor=vendor, introduction="Un savoir-faire transmis.", **fields
        )
    )


def test_a_portrait_shows_its_shops_products_on_sale(client, portrait_index, towns):
    santons = artisan("Santons Fouque", towns["aubagne"])
    other = artisan("Poterie voisine", towns["aubagne"])
    create_artisan_product(santons, title="Santon berger")
    withdrawn = create_artisan_product(santons, title="Santon retiré")
    withdrawn.is_public = False
    withdrawn.save()
    create_artisan_product(other, title="Pot voisin")
    page = portrait(portrait_index, santons)

    response = client.get(page.url)
    assert response.status_code == 200
    assert [p.title for p in response.context["products"]] == ["Santon berger"]
    assert santons.get_absolute_url() in response.content.decode()


def test_the_storefront_links_to_the_live_portrait(client, portrait_index, towns):
    santons = artisan("Santons Fouque", towns["aubagne"])
    other = artisan("Poterie sans portrait", towns["aubagne"])
    page = portrait(portrait_index, santons)

    body = client.get(santons.get_absolute_url()).content.decode()
    assert f'href="{page.url}"' in body
    other_body = client.get(other.get_absolute_url()).content.decode()
    assert 'href="/portraits/' not in other_body

    page.unpublish()
    body = client.get(santons.get_absolute_url()).content.decode()
    assert f'href="{page.url}"' not in body


def test_a_suspended_shops_portrait_is_not_shown(client, portrait_index, towns):
    santons = artisan("Santons Fouque", towns["aubagne"])
    vacation = artisan("Poterie en vacances", towns["aubagne"], vacation_mode=True)
    page = portrait(portrait_index, santons)
    away = portrait(portrait_index, vacation)
    santons.status = VendorStatus.SUSPENDED
    santons.save()

    assert client.get(page.url).status_code == 404
    # On vacation: the portrait stays, without products, saying so.
    response = client.get(away.url)
    assert response.status_code == 200
    assert "data-portrait-vacation" in response.content.decode()
    index = client.get(portrait_index.url)
    assert [p.title for p in index.context["portraits"]] == [away.title]


def test_one_portrait_per_shop(portrait_index, towns):
    santons = artisan("Santons Fouque", towns["aubagne"])
    portrait(portrait_index, santons)
    second = PortraitPage(title="Encore", slug="encore", vendor=santons)
    with pytest.raises(ValidationError) as error:
        second.validate_unique()
    assert "vendor" in error.value.message_dict


def test_the_site_search_leaves_out_a_suspended_shops_portrait(portrait_index, towns):
    from cms.news.fetch import editorial_pages_matching

    santons = artisan("Santons Fouque", towns["aubagne"])
    verrerie = artisan("Verrerie Bonnet", towns["aubagne"])
    shown = portrait(portrait_index, santons, title="Le savoir-faire des santons")
    hidden = portrait(portrait_index, verrerie, title="Le savoir-faire du verre")
    verrerie.status = VendorStatus.SUSPENDED
    verrerie.save()

    found = editorial_pages_matching("savoir-faire")
    assert shown in found
    assert hidden not in found
