"""The public, read-only API: what the site shows, no more, and each answer
as the published schema says."""

import datetime

import pytest
from oscar.test.factories import CategoryFactory

from delivery.models import Closure, PickupPointKind
from tests.factories import VendorFactory, create_artisan_product
from tests.factories.api import assert_matches_schema
from tests.factories.delivery import PickupPointFactory, SlotFactory, serving

pytestmark = pytest.mark.django_db


def ids_of(response):
    return [row["id"] for row in response.json()["results"]]


# Products ----------------------------------------------------------------


def test_products_list_those_on_sale_with_price_ttc_and_artisan(client):
    marius = VendorFactory(partner__name="Savonnerie Marius", commune="Salon")
    soap = create_artisan_product(marius, title="Savon à l'olive", price="7.50")

    response = client.get("/api/v1/products/")

    assert response.status_code == 200
    assert_matches_schema(response, "/api/v1/products/")
    body = response.json()
    assert body["count"] == 1
    (row,) = body["results"]
    assert row["id"] == soap.pk
    assert row["price_incl_tax"] == "7.50"
    assert row["available"] is True
    assert row["artisan"] == {"slug": marius.slug, "name": "Savonnerie Marius"}
    assert row["url"].startswith("http://testserver/")


def test_suspended_and_vacationing_artisans_products_are_not_listed(client):
    create_artisan_product(VendorFactory(status="suspended"), title="Cache")
    create_artisan_product(VendorFactory(vacation_mode=True), title="Pause")
    shown = create_artisan_product(VendorFactory(), title="Visible")

    assert ids_of(client.get("/api/v1/products/")) == [shown.pk]


def test_search_words_and_facets_go_through_the_site_backend(client):
    salon = VendorFactory(commune="Salon-de-Provence", metier="Savonnier")
    aix = VendorFactory(commune="Aix-en-Provence", metier="Potier")
    soap = create_artisan_product(salon, title="Savon lavande")
    create_artisan_product(aix, title="Bol en grès")
    lavender_bowl = create_artisan_product(aix, title="Bol lavande")

    found = client.get("/api/v1/products/", {"q": "lavande"})
    assert sorted(ids_of(found)) == sorted([soap.pk, lavender_bowl.pk])
    communes = {f["value"]: f["count"] for f in found.json()["facets"]["commune"]}
    assert communes == {"Salon-de-Provence": 1, "Aix-en-Provence": 1}

    narrowed = client.get(
        "/api/v1/products/", {"q": "lavande", "commune": "Aix-en-Provence"}
    )
    assert ids_of(narrowed) == [lavender_bowl.pk]
    assert_matches_schema(narrowed, "/api/v1/products/")


def test_products_by_category(client):
    vendor = VendorFactory()
    soap = create_artisan_product(vendor, title="Savon")
    create_artisan_product(vendor, title="Bougie")
    category = CategoryFactory(name="Hygiène")
    soap.categories.add(category)

    response = client.get("/api/v1/products/", {"category": str(category.pk)})
    assert ids_of(response) == [soap.pk]
    assert response.json()["results"][0]["categories"] == [category.pk]


def test_products_pages_follow_opaque_cursors(client):
    vendor = VendorFactory()
    made = [create_artisan_product(vendor, title=f"Savon {n}") for n in range(5)]

    first = client.get("/api/v1/products/", {"page_size": 2}).json()
    assert len(first["results"]) == 2 and first["previous"] is None
    seen = ids_of_pages(client, first)
    assert sorted(seen) == sorted(p.pk for p in made)
    assert len(seen) == len(set(seen))


def ids_of_pages(client, page):
    seen = [row["id"] for row in page["results"]]
    while page["next"]:
        page = client.get(page["next"]).json()
        seen += [row["id"] for row in page["results"]]
    return seen


def test_a_forged_cursor_is_a_404_problem(client):
    response = client.get("/api/v1/products/", {"cursor": "bm90LWFuLW9mZnNldA"})
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


def test_a_bad_sort_is_a_400_problem_naming_the_field(client):
    response = client.get("/api/v1/products/", {"sort": "cheapest"})
    assert response.status_code == 400
    assert [e["field"] for e in response.json()["errors"]] == ["sort"]


def test_products_list_queries_do_not_grow_with_rows(
    client, django_assert_max_num_queries
):
    vendor = VendorFactory()
    create_artisan_product(vendor, title="Savon 0")
    with django_assert_max_num_queries(30) as one:
        client.get("/api/v1/products/")
    for n in range(1, 12):
        create_artisan_product(VendorFactory(), title=f"Savon {n}")
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get("/api/v1/products/")
    assert len(response.json()["results"]) == 12


def test_product_detail_with_images_and_description(client):
    product = create_artisan_product(VendorFactory(), title="Savon", price="4.00")

    response = client.get(f"/api/v1/products/{product.pk}/")

    assert response.status_code == 200
    assert_matches_schema(response, "/api/v1/products/{id}/")
    body = response.json()
    assert body["price_incl_tax"] == "4.00"
    assert body["images"] == []


def test_a_vacationing_artisans_product_reads_as_unavailable(client):
    product = create_artisan_product(VendorFactory(vacation_mode=True))
    body = client.get(f"/api/v1/products/{product.pk}/").json()
    assert body["available"] is False


def test_a_suspended_artisans_product_is_a_404(client):
    product = create_artisan_product(VendorFactory(status="suspended"))
    response = client.get(f"/api/v1/products/{product.pk}/")
    assert response.status_code == 404
    assert_matches_schema(response, "/api/v1/products/{id}/")


def test_product_detail_has_an_etag_and_answers_304(client):
    product = create_artisan_product(VendorFactory())
    first = client.get(f"/api/v1/products/{product.pk}/")
    tag = first["ETag"]
    assert tag.startswith('W/"')

    again = client.get(f"/api/v1/products/{product.pk}/", HTTP_IF_NONE_MATCH=tag)
    assert again.status_code == 304
    assert again.content == b""

    product.title = "Savon renommé"
    product.save()
    changed = client.get(f"/api/v1/products/{product.pk}/", HTTP_IF_NONE_MATCH=tag)
    assert changed.status_code == 200
    assert changed["ETag"] != tag


# Categories ---------------------------------------------------------------


def test_categories_as_a_tree(client):
    parent = CategoryFactory(name="Maison")
    child = parent.add_child(name="Cuisine", slug="cuisine")

    response = client.get("/api/v1/categories/")

    assert_matches_schema(response, "/api/v1/categories/")
    rows = {row["id"]: row for row in response.json()["results"]}
    assert rows[child.pk]["parent"] == parent.pk
    assert rows[parent.pk]["parent"] is None


def test_categories_queries_do_not_grow_with_rows(
    client, django_assert_max_num_queries
):
    CategoryFactory(name="Seule")
    with django_assert_max_num_queries(10) as one:
        client.get("/api/v1/categories/")
    for n in range(10):
        CategoryFactory(name=f"Catégorie {n}")
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert len(client.get("/api/v1/categories/").json()["results"]) == 11


# Artisans ------------------------------------------------------------------


def test_artisans_are_the_approved_ones_with_their_selling_state(client):
    selling = VendorFactory(partner__name="Atelier Ouvert", latitude="43.5")
    resting = VendorFactory(vacation_mode=True, vacation_message="Retour lundi")
    VendorFactory(status="suspended")
    VendorFactory(status="closed")

    response = client.get("/api/v1/artisans/")

    assert_matches_schema(response, "/api/v1/artisans/")
    rows = {row["slug"]: row for row in response.json()["results"]}
    assert set(rows) == {selling.slug, resting.slug}
    assert rows[selling.slug]["is_selling"] is True
    assert rows[selling.slug]["latitude"] == 43.5
    assert rows[resting.slug]["is_selling"] is False
    assert rows[resting.slug]["vacation_message"] == "Retour lundi"
    assert "siret" not in rows[selling.slug] and "email" not in rows[selling.slug]


def test_artisans_by_commune(client):
    here = VendorFactory(commune="Arles")
    VendorFactory(commune="Nîmes")
    response = client.get("/api/v1/artisans/", {"commune": "arles"})
    assert [row["slug"] for row in response.json()["results"]] == [here.slug]


def test_a_suspended_artisan_is_a_404(client):
    vendor = VendorFactory(status="suspended")
    response = client.get(f"/api/v1/artisans/{vendor.slug}/")
    assert response.status_code == 404
    assert_matches_schema(response, "/api/v1/artisans/{slug}/")


def test_artisans_pages_by_cursor_and_constant_queries(
    client, django_assert_max_num_queries
):
    VendorFactory()
    with django_assert_max_num_queries(10) as one:
        client.get("/api/v1/artisans/")
    for _ in range(6):
        VendorFactory()
    with django_assert_max_num_queries(len(one.captured_queries)):
        first = client.get("/api/v1/artisans/", {"page_size": 3}).json()
    assert len(first["results"]) == 3 and first["next"]
    second = client.get(first["next"]).json()
    assert len(second["results"]) == 3
    assert not {r["slug"] for r in first["results"]} & {
        r["slug"] for r in second["results"]
    }


# Pickup points and slots -------------------------------------------------------


def test_pickup_points_hide_inactive_ones_and_suspended_workshops(client):
    drive = PickupPointFactory()
    PickupPointFactory(is_active=False)
    suspended = VendorFactory(status="suspended")
    PickupPointFactory(kind=PickupPointKind.WORKSHOP, vendor=suspended)
    open_shop = VendorFactory()
    workshop = PickupPointFactory(kind=PickupPointKind.WORKSHOP, vendor=open_shop)

    response = client.get("/api/v1/pickup-points/")

    assert_matches_schema(response, "/api/v1/pickup-points/")
    rows = {row["slug"]: row for row in response.json()["results"]}
    assert set(rows) == {drive.slug, workshop.slug}
    assert rows[workshop.slug]["artisan"] == open_shop.slug


def test_free_slots_of_a_point_with_places_left(client):
    point = PickupPointFactory(cutoff_hours=2)
    now = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    soon = SlotFactory(point=point, starts_at=now + datetime.timedelta(days=1))
    SlotFactory(point=point, starts_at=now + datetime.timedelta(days=2), reserved=5)
    SlotFactory(point=point, starts_at=now + datetime.timedelta(hours=1))
    SlotFactory(point=point, starts_at=now + datetime.timedelta(days=20))
    closed = SlotFactory(point=point, starts_at=now + datetime.timedelta(days=3))
    Closure.objects.create(
        point=point,
        start_date=closed.starts_at.date(),
        end_date=closed.starts_at.date(),
    )
    SlotFactory(starts_at=now + datetime.timedelta(days=1))  # another point's

    response = client.get(f"/api/v1/pickup-points/{point.slug}/slots/")

    assert_matches_schema(response, "/api/v1/pickup-points/{slug}/slots/")
    rows = response.json()["results"]
    assert [row["id"] for row in rows] == [soon.pk]
    assert rows[0]["places_left"] == 5
    longer = client.get(f"/api/v1/pickup-points/{point.slug}/slots/", {"days": 31})
    assert len(longer.json()["results"]) == 2


def test_free_slots_for_an_artisan_follow_what_they_serve(client):
    point = PickupPointFactory()
    now = datetime.datetime.now(datetime.UTC)
    slot = SlotFactory(point=point, starts_at=now + datetime.timedelta(days=1))
    serving_one = VendorFactory()
    serving(serving_one, point)
    elsewhere = VendorFactory()

    url = f"/api/v1/pickup-points/{point.slug}/slots/"
    served = client.get(url, {"artisan": serving_one.slug})
    assert [row["id"] for row in served.json()["results"]] == [slot.pk]
    assert client.get(url, {"artisan": elsewhere.slug}).json()["results"] == []


def test_slots_of_an_unknown_point_and_too_many_days_are_problems(client):
    point = PickupPointFactory()
    assert client.get("/api/v1/pickup-points/nowhere/slots/").status_code == 404
    response = client.get(f"/api/v1/pickup-points/{point.slug}/slots/", {"days": 99})
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "days"


def test_public_reads_are_throttled_per_address(client, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"token": "100/min", "address": "1/min"},
    }
    assert client.get("/api/v1/pickup-points/").status_code == 200
    refused = client.get("/api/v1/pickup-points/")
    assert refused.status_code == 429
    assert refused["Retry-After"]


def test_one_artisan_and_one_point_match_the_schema(client):
    vendor = VendorFactory()
    point = PickupPointFactory()

    artisan = client.get(f"/api/v1/artisans/{vendor.slug}/")
    assert artisan.json()["slug"] == vendor.slug
    assert_matches_schema(artisan, "/api/v1/artisans/{slug}/")
    shown = client.get(f"/api/v1/pickup-points/{point.slug}/")
    assert shown.json()["name"] == point.name
    assert_matches_schema(shown, "/api/v1/pickup-points/{slug}/")


def test_lists_carry_an_etag_too(client):
    VendorFactory()
    first = client.get("/api/v1/artisans/")
    again = client.get("/api/v1/artisans/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    VendorFactory()
    assert (
        client.get("/api/v1/artisans/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code
        == 200
    )


def test_an_artisans_products_as_their_shop_lists_them(client):
    marius = VendorFactory()
    made = [create_artisan_product(marius, title=f"Savon {n}") for n in range(3)]
    create_artisan_product(VendorFactory(), title="Bougie")

    url = f"/api/v1/artisans/{marius.slug}/products/"
    first = client.get(url, {"page_size": 2, "sort": "title"})

    assert_matches_schema(first, "/api/v1/artisans/{slug}/products/")
    body = first.json()
    assert body["count"] == 3
    assert [row["title"] for row in body["results"]] == ["Savon 0", "Savon 1"]
    rest = client.get(body["next"]).json()
    assert [row["id"] for row in rest["results"]] == [made[2].pk]
    assert client.get(url, {"sort": "cheapest"}).status_code == 400


def test_a_suspended_artisans_products_are_a_404(client):
    vendor = VendorFactory(status="suspended")
    create_artisan_product(vendor)
    response = client.get(f"/api/v1/artisans/{vendor.slug}/products/")
    assert response.status_code == 404
