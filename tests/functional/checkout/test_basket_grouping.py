"""The basket page groups its lines by artisan, each with its subtotal and
what the artisan offers to get their part to the consumer."""

import datetime
import re
from decimal import Decimal as D

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from delivery.models import PickupPointKind
from tests.factories import UserFactory, VendorFactory, create_artisan_product
from tests.factories.delivery import (
    PickupPointFactory,
    SlotFactory,
    VendorFulfilmentFactory,
)

pytestmark = pytest.mark.django_db

BASKET_URL = reverse("basket:summary")


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def artisan(name, **fulfilment):
    vendor = VendorFactory(partner__name=name)
    if fulfilment:
        VendorFulfilmentFactory(vendor=vendor, **fulfilment)
    return vendor


def add(client, product, quantity=1):
    response = client.post(
        reverse("basket:add", args=[product.pk]), {"quantity": quantity}
    )
    assert response.status_code == 302


def group_html(content, vendor):
    match = re.search(
        rf'<section class="basket-group" id="basket-artisan-{vendor.pk}".*?</section>',
        content,
        re.S,
    )
    assert match, f"no group for {vendor.name}"
    return match.group(0)


def subtotal_of(group, vendor):
    match = re.search(rf'data-artisan-subtotal="{vendor.pk}">([^<]*)<', group)
    return re.sub(r"[^0-9]", "", match.group(1))


def test_lines_are_grouped_by_artisan_with_subtotals(client, english, settings):
    settings.STRIPE_SECRET_KEY = "sk_test_not_a_real_key"  # home delivery offered
    savonnerie = artisan("Savonnerie Marius Roux", delivery_flat_rate=D("6.90"))
    santons = artisan(
        "Santons Magali Fabre",
        workshop_pickup=True,
        delivery_flat_rate=D("8.50"),
        free_delivery_above=D("50.00"),
    )
    PickupPointFactory(
        kind=PickupPointKind.WORKSHOP, vendor=santons, name="Atelier Fabre"
    )
    drive = PickupPointFactory(name="Drive fermier du Prado")
    savonnerie.fulfilment.points.add(drive)
    soap = create_artisan_product(savonnerie, "Savon à la lavande", price="4.80")
    olive = create_artisan_product(savonnerie, "Savon à l'olive", price="5.20")
    santon = create_artisan_product(santons, "Santon du berger", price="24.00")
    add(client, soap, 2)
    add(client, santon)
    add(client, olive)

    content = client.get(BASKET_URL).content.decode()

    soaps = group_html(content, savonnerie)
    assert savonnerie.get_absolute_url() in soaps
    assert "Savon à la lavande" in soaps and "Savon à l&#x27;olive" in soaps
    assert "Santon du berger" not in soaps
    assert subtotal_of(soaps, savonnerie) == "1480"
    assert "Drive fermier du Prado" in soaps and "6.90" in soaps

    figures = group_html(content, santons)
    assert "Santon du berger" in figures and "Savon à" not in figures
    assert subtotal_of(figures, santons) == "2400"
    assert "Atelier Fabre" in figures and "8.50" in figures
    assert "free from €50.00" in figures
    # Every quantity field is labelled.
    for index in range(3):
        assert f'<label for="id_form-{index}-quantity">' in content


def test_a_quantity_update_and_a_removal_still_work(client, english):
    savonnerie = artisan("Savonnerie Marius Roux")
    soap = create_artisan_product(savonnerie, "Savon à la lavande", price="4.80")
    olive = create_artisan_product(savonnerie, "Savon à l'olive", price="5.20")
    add(client, soap)
    add(client, olive)
    basket = client.get(BASKET_URL).context["basket"]
    lines = list(basket.all_lines())
    data = {
        "form-TOTAL_FORMS": "2",
        "form-INITIAL_FORMS": "2",
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
        "form-0-id": lines[0].pk,
        "form-0-quantity": "3",
        "form-1-id": lines[1].pk,
        "form-1-quantity": "1",
        "form-1-DELETE": "on",
    }
    response = client.post(BASKET_URL, data, follow=True)
    content = response.content.decode()
    group = group_html(content, savonnerie)
    assert "Savon à l&#x27;olive" not in group
    assert subtotal_of(group, savonnerie) == "1440"


def test_the_chosen_way_and_slot_show_once_chosen(client, english):
    santons = artisan("Santons Magali Fabre", workshop_pickup=True)
    workshop = PickupPointFactory(
        kind=PickupPointKind.WORKSHOP, vendor=santons, name="Atelier Fabre"
    )
    slot = SlotFactory(
        point=workshop, starts_at=timezone.now() + datetime.timedelta(days=2)
    )
    santon = create_artisan_product(santons, "Santon du berger", price="24.00")
    client.force_login(UserFactory())
    add(client, santon)
    response = client.post(
        reverse("checkout:fulfilment"),
        {
            f"v{santons.pk}-choice": f"workshop_pickup:{workshop.pk}",
            f"v{santons.pk}-slot-{workshop.pk}": slot.pk,
        },
    )
    assert response.status_code == 302

    group = group_html(client.get(BASKET_URL).content.decode(), santons)
    assert 'data-chosen-method="workshop_pickup"' in group
    assert "Your choice" in group and "Atelier Fabre" in group


def basket_queries(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(BASKET_URL)
    assert response.status_code == 200
    return len(queries)


def test_the_grouping_keeps_its_query_count_as_artisans_grow(client):
    """Grouping, offers and subtotals cost the same queries for one artisan
    or four (with the same number of lines: Oscar's pricing reads each line's
    stock record on its own)."""

    def shop(name):
        vendor = artisan(name, workshop_pickup=True)
        PickupPointFactory(kind=PickupPointKind.WORKSHOP, vendor=vendor)
        vendor.fulfilment.points.add(PickupPointFactory(), PickupPointFactory())
        return vendor

    first = shop("Savonnerie Marius Roux")
    for index in range(4):
        add(client, create_artisan_product(first, f"Savon {index}", price="4.80"))
    basket_queries(client)  # warm caches (site, flat pages, translations)
    one_artisan = basket_queries(client)

    client.cookies.clear()
    for name in ["Santons Fabre", "Calissons du Roy", "Poterie", "Vannerie"]:
        add(client, create_artisan_product(shop(name), f"Objet {name}", price="9"))
    basket_queries(client)
    four_artisans = basket_queries(client)
    assert four_artisans == one_artisan


def test_save_for_later_and_the_voucher_form_still_work(client, english):
    savonnerie = artisan("Savonnerie Marius Roux")
    soap = create_artisan_product(savonnerie, "Savon à la lavande", price="4.80")
    olive = create_artisan_product(savonnerie, "Savon à l'olive", price="5.20")
    client.force_login(UserFactory())
    add(client, soap)
    add(client, olive)
    response = client.get(BASKET_URL)
    assert 'id="voucher_form"' in response.content.decode()
    lines = list(response.context["basket"].all_lines())
    data = {
        "form-TOTAL_FORMS": "2",
        "form-INITIAL_FORMS": "2",
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
        "form-0-id": lines[0].pk,
        "form-0-quantity": "1",
        "form-1-id": lines[1].pk,
        "form-1-quantity": "1",
        "form-1-save_for_later": "on",
    }
    content = client.post(BASKET_URL, data, follow=True).content.decode()
    group = group_html(content, savonnerie)
    assert "Savon à la lavande" in group and "Savon à l&#x27;olive" not in group
    saved = content[content.index('id="saved_basket_formset"') :]
    assert "Savon à l&#x27;olive" in saved
