"""/api/v1/me/basket/: the customer's basket as the site shows it (the same
basket, offers applied), lines added and changed through Oscar's checks."""

from decimal import Decimal as D

import pytest
from oscar.core.loading import get_model

from tests.factories import UserFactory, VendorFactory, create_artisan_product

from .conftest import consumer_client, is_problem

Basket = get_model("basket", "Basket")
ConditionalOffer = get_model("offer", "ConditionalOffer")
Range = get_model("offer", "Range")
Benefit = get_model("offer", "Benefit")
Condition = get_model("offer", "Condition")

pytestmark = [
    pytest.mark.django_db,
]

BASKET = "/api/v1/me/basket/"
LINES = "/api/v1/me/basket/lines/"


@pytest.fixture
def soap():
    vendor = VendorFactory(partner__name="Savonnerie du Panier")
    return create_artisan_product(vendor, "Savon", price="7.50", stock=3)


@pytest.fixture
def santon():
    vendor = VendorFactory(partner__name="Santons Fouque")
    return create_artisan_product(vendor, "Santon", price="12.35", stock=5)


def ten_percent_off():
    every, _ = Range.objects.get_or_create(
        name="Tout", defaults={"includes_all_products": True}
    )
    return ConditionalOffer.objects.create(
        name="Dix pour cent",
        offer_type=ConditionalOffer.SITE,
        condition=Condition.objects.create(range=every, type="Count", value=1),
        benefit=Benefit.objects.create(
            range=every, type=Benefit.PERCENTAGE, value=D("10")
        ),
    )


def test_lines_are_grouped_by_artisan_with_the_offers_applied(
    customer, api, soap, santon
):
    ten_percent_off()
    assert (
        api.post(LINES, {"product": soap.pk, "quantity": 2}, format="json").status_code
        == 201
    )
    response = api.post(LINES, {"product": santon.pk}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    # The same open basket the site shows the account.
    basket = Basket.open.get(owner=customer)
    assert body["id"] == basket.pk
    assert body["num_items"] == 3
    assert body["total_incl_tax_excl_discounts"] == "27.35"
    assert body["discounts"] == [{"name": "Dix pour cent", "amount": "2.73"}]
    assert body["total_incl_tax"] == "24.62"
    by_artisan = {part["artisan"]["name"]: part for part in body["parts"]}
    assert set(by_artisan) == {"Savonnerie du Panier", "Santons Fouque"}
    soap_part = by_artisan["Savonnerie du Panier"]
    assert soap_part["lines"][0]["quantity"] == 2
    assert soap_part["lines"][0]["unit_price_incl_tax"] == "7.50"
    assert sum(D(part["subtotal_incl_tax"]) for part in body["parts"]) == D("24.62")
    assert api.get(BASKET).json() == body


def test_more_than_the_stock_is_refused_and_nothing_added(api, soap):
    body = is_problem(
        api.post(LINES, {"product": soap.pk, "quantity": 4}, format="json"), 400
    )
    # Oscar's own message, for the request as a whole.
    assert body["errors"][0]["field"] is None
    assert body["detail"] == body["errors"][0]["detail"]
    assert api.get(BASKET).json()["num_items"] == 0


@pytest.mark.parametrize(
    "data, field",
    [
        ({"product": "savon"}, "product"),
        ({"product": 999999}, "product"),
        ({"quantity": 1}, "product"),
        ({"product": 1, "quantity": 0}, "quantity"),
    ],
)
def test_bad_input_is_a_problem_naming_the_field(api, data, field):
    body = is_problem(api.post(LINES, data, format="json"), 400)
    assert body["type"].endswith("validation")
    assert [error["field"] for error in body["errors"]] == [field]


def test_a_line_is_changed_within_the_stock_then_removed(api, soap):
    line_id = api.post(LINES, {"product": soap.pk}, format="json").json()["parts"][0][
        "lines"
    ][0]["id"]
    url = f"{LINES}{line_id}/"
    changed = api.patch(url, {"quantity": 3}, format="json")
    assert changed.status_code == 200
    assert changed.json()["total_incl_tax"] == "22.50"
    is_problem(api.patch(url, {"quantity": 4}, format="json"), 400)
    assert api.get(BASKET).json()["num_items"] == 3
    emptied = api.delete(url)
    assert emptied.status_code == 200
    assert emptied.json()["parts"] == []


def test_another_customers_basket_line_is_not_found(api, soap):
    other = consumer_client(UserFactory())
    theirs = other.post(LINES, {"product": soap.pk}, format="json").json()
    line_id = theirs["parts"][0]["lines"][0]["id"]
    is_problem(api.patch(f"{LINES}{line_id}/", {"quantity": 2}, format="json"), 404)
    is_problem(api.delete(f"{LINES}{line_id}/"), 404)
    assert other.get(BASKET).json()["num_items"] == 1
