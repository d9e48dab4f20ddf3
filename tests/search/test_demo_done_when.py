"""Issue 6, "Done when", on the demo data, for each backend.

Searching "savon" finds the savonnerie's products; filtering by commune and
by drive narrows them; sorting by distance from Marseille puts the nearest
first, with the distances shown.
"""

import pytest
from oscar.core.loading import get_model

from shop.apps.core.demo.loader import load_demo
from vendors.models import Vendor

Product = get_model("catalogue", "Product")

SAVONNERIE = "savonnerie-marius-roux"  # Salon-de-Provence

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(index):
    load_demo()
    return index()


def results(client, **params):
    response = client.get("/boutique/search/", params)
    assert response.status_code == 200
    return response, list(response.context["page_obj"].object_list)


def test_search_filter_and_sort_by_distance_on_the_demo(client, demo, settings):
    settings.OSCAR_PRODUCTS_PER_PAGE = 100
    savonnerie = Vendor.objects.get(slug=SAVONNERIE)
    theirs = set(
        Product.objects.filter(stockrecords__partner=savonnerie.partner).values_list(
            "pk", flat=True
        )
    )
    assert len(theirs) == 10

    response, found = results(client, q="savon")
    assert theirs <= {p.pk for p in found}
    everything = len(found)

    response, in_salon = results(client, q="savon", commune="Salon-de-Provence")
    assert {p.pk for p in in_salon} == theirs
    assert len(in_salon) < everything  # the parfumerie in Grasse has one too

    response, by_drive = results(client, q="savon", fulfilment="drive")
    communes = next(f for f in response.context["facets"] if f["name"] == "commune")
    drive_communes = {item["value"] for item in communes["items"]}
    assert "Salon-de-Provence" in drive_communes
    assert theirs <= {p.pk for p in by_drive} and len(by_drive) <= everything

    response, nearest = results(client, sort_by="distance", near="Marseille")
    distances = [p.distance_km for p in nearest]
    assert None not in distances
    assert distances == sorted(distances)
    # The demo's brewery is in Marseille 6e, a couple of km from the centre.
    first_vendor = nearest[0].stockrecords.all()[0].partner.vendor
    assert first_vendor.commune == "Marseille 6e"
    assert distances[0] < 5
    assert "km" in response.content.decode()
