"""The catalogue, category and search pages, and the search box's suggestions."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import VendorFactory, create_artisan_product

SEARCH = "/boutique/search/"
CATALOGUE = "/boutique/catalogue/"


def facet_items(response, name):
    for facet in response.context["facets"]:
        if facet["name"] == name:
            return {item["value"]: item for item in facet["items"]}
    return {}


def listed(response):
    return [p.pk for p in response.context["page_obj"].object_list]


def test_search_page_lists_results_with_facets_that_narrow(client, backend, catalogue):
    response = client.get(SEARCH, {"q": "cadeau"})
    assert response.status_code == 200
    assert set(listed(response)) == catalogue.ids("coffret_savons", "coffret_santons")
    communes = facet_items(response, "commune")
    assert {v: i["count"] for v, i in communes.items()} == {
        "Marseille": 1,
        "Aubagne": 1,
    }
    assert not communes["Marseille"]["selected"]

    narrowed = client.get(SEARCH + communes["Marseille"]["url"])
    assert listed(narrowed) == [catalogue.products["coffret_savons"].pk]
    marseille = facet_items(narrowed, "commune")["Marseille"]
    assert marseille["selected"]
    # Its link deselects it again.
    assert set(listed(client.get(SEARCH + marseille["url"]))) == catalogue.ids(
        "coffret_savons", "coffret_santons"
    )


def test_near_a_town_sorts_by_distance_and_shows_it(client, backend, catalogue):
    response = client.get(
        CATALOGUE, {"near": "marseille", "sort_by": "distance", "km": "25"}
    )
    assert response.status_code == 200
    ids = listed(response)
    assert set(ids[:3]) == catalogue.ids(
        "savon_marseille", "savon_anesse", "coffret_savons"
    )
    assert set(ids) == catalogue.ids(
        "savon_marseille",
        "savon_anesse",
        "coffret_savons",
        "santon_berger",
        "creche",
        "coffret_santons",
    )
    assert "16 km" in response.content.decode()


def test_the_browsers_position_is_a_point_too(client, backend, catalogue):
    response = client.get(
        SEARCH,
        {"q": "santons", "lat": "43.2927", "lon": "5.5708", "sort_by": "distance"},
    )
    distances = [p.distance_km for p in response.context["page_obj"].object_list]
    assert distances and all(d == pytest.approx(0, abs=0.5) for d in distances)


@pytest.mark.parametrize(
    "params",
    [
        {"q": '"(( AND OR'},
        {"q": "x" * 5000},
        {"q": "savon", "lat": "999", "lon": "5"},
        {"q": "savon", "lat": "abc", "lon": "def", "sort_by": "distance"},
        {"q": "savon", "km": "abc"},
        {"q": "savon", "sort_by": "nonsense"},
        {"q": "savon", "price": ["0-10", "bogus", "'; DROP TABLE"]},
        {"q": "savon", "category": ["abc", "-1", "99999999999999999999"]},
        {"q": "savon", "metier": ["x" * 500] * 60},
        {"near": "Atlantide"},
    ],
)
def test_odd_query_strings_get_a_page_not_an_error(client, backend, catalogue, params):
    response = client.get(SEARCH, params)
    assert response.status_code == 200
    assert response.context["paginator"].count <= len(catalogue.products)


def test_an_unknown_town_is_said(client, backend, catalogue):
    response = client.get(SEARCH, {"q": "savon", "near": "Atlantide"}, follow=True)
    assert "Atlantide" in response.content.decode()
    assert response.context["page_obj"].paginator.count == 3


@pytest.mark.parametrize(
    "page", ["abc", "0", "-1", "999", "501", "99999999999999999999999"]
)
def test_bad_page_numbers_are_not_found(client, backend, catalogue, page):
    response = client.get(SEARCH, {"q": "savon", "page": page})
    assert response.status_code == 404


def test_suggestions_endpoint(client, backend, catalogue):
    response = client.get(reverse("search:suggest"), {"q": "santo"})
    assert response.status_code == 200
    suggestions = response.json()["suggestions"]
    kinds = {(s["kind"], s["label"]) for s in suggestions}
    assert ("artisan", "Santons Ferrari") in kinds
    assert ("category", "Santons") in kinds
    assert ("product", "Santon du berger") in kinds
    assert client.get(reverse("search:suggest"), {"q": ""}).json() == {
        "suggestions": []
    }
    assert client.post(reverse("search:suggest"), {"q": "sav"}).status_code == 405


def test_category_page_uses_the_backend_with_facets(client, backend, catalogue):
    santons = catalogue.categories["santons"]
    response = client.get(santons.get_absolute_url())
    assert response.status_code == 200
    assert set(listed(response)) == catalogue.ids("santon_berger", "creche")
    assert {v: i["count"] for v, i in facet_items(response, "price").items()} == {
        "10-25": 1,
        "100+": 1,
    }


def test_search_engine_down_shows_a_message_not_an_error(client, db, settings):
    settings.SEARCH_BACKEND = "elasticsearch"
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"  # nothing listens there
    response = client.get(SEARCH, {"q": "savon"})
    assert response.status_code == 503
    assert response["Retry-After"].isdigit()
    assert "search/unavailable.html" in [t.name for t in response.templates]
    suggestions = client.get(reverse("search:suggest"), {"q": "sav"})
    assert suggestions.status_code == 503
    assert suggestions["Retry-After"] == response["Retry-After"]


def queries_for(client, url, params):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize(
    "url, params",
    [
        (CATALOGUE, {}),
        (SEARCH, {"q": "savon", "fulfilment": "drive"}),
        (CATALOGUE, {"near": "Marseille", "sort_by": "distance"}),
    ],
)
def test_list_pages_make_the_same_number_of_queries_as_the_catalogue_grows(
    client, db, settings, url, params
):
    settings.SEARCH_BACKEND = "database"
    vendor = VendorFactory(partner__name="Savonnerie", commune="Marseille")
    vendor.latitude, vendor.longitude = 43.2965, 5.3698
    vendor.save()
    for n in range(3):
        create_artisan_product(vendor, title=f"Savon {n}")
    client.get(url, params)  # warm the caches (site, translations)
    few = queries_for(client, url, params)
    other = VendorFactory(partner__name="Savonnerie bis", commune="Aix")
    for n in range(20):
        create_artisan_product(other if n % 2 else vendor, title=f"Savon bis {n}")
    assert queries_for(client, url, params) == few


def test_the_directory_finds_artisans_by_words_and_nearest_town(
    client, backend, catalogue
):
    v = catalogue.vendors
    response = client.get("/artisans/", {"q": "santonnier"})
    assert [vendor.pk for vendor in response.context["vendors"]] == [v["santonnier"].pk]
    response = client.get("/artisans/", {"near": "Marseille"})
    listed_vendors = list(response.context["vendors"])
    assert [vendor.pk for vendor in listed_vendors] == [
        v["savonnerie"].pk,
        v["resting"].pk,
        v["santonnier"].pk,
        v["potier"].pk,
    ]
    assert listed_vendors[2].distance_km == pytest.approx(16.3, abs=1.5)
    assert "km" in response.content.decode()
    # Words and the craft filter combine.
    response = client.get("/artisans/", {"q": "marseille", "metier": "Potier"})
    assert list(response.context["vendors"]) == []
