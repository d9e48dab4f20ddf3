"""/api/v1/me/checkout/: pickups per artisan, then the order placed paid at
pickup through the web checkout's own placement; refusals are 409 problems
and leave nothing placed."""

import pytest
from oscar.core.loading import get_model

from delivery.actions import format_code
from delivery.models import Reservation
from shop.apps.payment import pay_at_pickup
from tests.factories import VendorFactory, create_artisan_product
from tests.factories.delivery import PickupPointFactory, SlotFactory, serving
from vendors.models import FulfilmentMethod, VendorOrder

from .conftest import is_problem

Basket = get_model("basket", "Basket")
Order = get_model("order", "Order")

pytestmark = [
    pytest.mark.django_db,
]

CHECKOUT = "/api/v1/me/checkout/"
LINES = "/api/v1/me/basket/lines/"


@pytest.fixture(autouse=True)
def _no_stripe(settings):
    settings.STRIPE_SECRET_KEY = ""


@pytest.fixture
def scene():
    vendor = VendorFactory(partner__name="Savonnerie Marius")
    point = PickupPointFactory(name="Drive du Prado")
    serving(vendor, point)
    slot = SlotFactory(point=point, capacity=2)
    product = create_artisan_product(vendor, "Savon", price="7.50", stock=3)
    return vendor, point, slot, product


def choice(vendor, point, slot):
    return {
        "fulfilment": {
            vendor.slug: {
                "method": FulfilmentMethod.POINT_PICKUP,
                "point": point.pk,
                "slot": slot.pk,
            }
        },
        "payment": "pay_at_pickup",
    }


def fill(api, product, quantity=1):
    assert (
        api.post(
            LINES, {"product": product.pk, "quantity": quantity}, format="json"
        ).status_code
        == 201
    )


def test_the_options_list_each_artisans_pickups_and_free_slots(api, scene):
    vendor, point, slot, product = scene
    fill(api, product)
    body = api.get(CHECKOUT).json()
    assert body["payments"] == ["pay_at_pickup"]
    (part,) = body["parts"]
    assert part["artisan"]["slug"] == vendor.slug
    assert part["delivery_cost"] is None
    (pickup,) = part["pickups"]
    assert pickup["point"]["id"] == point.pk
    assert pickup["slots"][0] == {
        "id": slot.pk,
        "starts_at": pickup["slots"][0]["starts_at"],
        "ends_at": pickup["slots"][0]["ends_at"],
        "remaining": 2,
    }


def test_the_order_is_placed_paid_at_pickup_with_its_booking_and_code(
    customer, api, scene, mailoutbox
):
    vendor, point, slot, product = scene
    fill(api, product, 2)
    response = api.post(CHECKOUT, choice(vendor, point, slot), format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    order = Order.objects.get(user=customer)
    assert body["number"] == order.number
    assert response["Location"] == f"/api/v1/me/orders/{order.number}/"
    assert body["total_incl_tax"] == "15.00"
    (part,) = body["parts"]
    reservation = Reservation.objects.get(vendor_order__order=order)
    assert reservation.slot_id == slot.pk
    assert part["pickup"]["code"] == format_code(reservation.pickup_code)
    assert part["amount_to_collect"] == "15.00"
    # As the web checkout: a pay-at-pickup source, stock allocated, basket
    # submitted, the confirmation e-mail sent.
    assert pay_at_pickup.source_of(order) is not None
    assert product.stockrecords.get().num_allocated == 2
    assert not Basket.open.filter(owner=customer).exclude(lines=None).exists()
    assert [customer.email] in [message.to for message in mailoutbox]


def test_a_full_slot_is_a_conflict_and_nothing_is_placed(customer, api, scene):
    vendor, point, slot, product = scene
    slot.capacity = 0
    slot.save()
    fill(api, product)
    body = is_problem(
        api.post(CHECKOUT, choice(vendor, point, slot), format="json"), 409
    )
    assert body["errors"][0]["field"] == f"fulfilment.{vendor.slug}"
    assert not Order.objects.exists()
    assert Basket.open.get(owner=customer).num_items == 1


def test_a_product_sold_out_meanwhile_is_a_conflict_and_the_basket_stays(
    customer, api, scene
):
    vendor, point, slot, product = scene
    fill(api, product, 2)
    stockrecord = product.stockrecords.get()
    stockrecord.num_in_stock = 1
    stockrecord.save()
    body = is_problem(
        api.post(CHECKOUT, choice(vendor, point, slot), format="json"), 409
    )
    assert "Savon" in body["detail"]
    assert not Order.objects.exists() and not VendorOrder.objects.exists()
    assert not Reservation.objects.filter(vendor_order__isnull=False).exists()
    basket = Basket.open.get(owner=customer)
    assert basket.num_items == 2
    assert not product.stockrecords.get().num_allocated


def test_an_artisan_who_does_not_take_payment_at_pickup_is_a_conflict(api, scene):
    vendor, point, slot, product = scene
    vendor.fulfilment.accepts_pay_at_pickup = False
    vendor.fulfilment.save()
    fill(api, product)
    is_problem(api.post(CHECKOUT, choice(vendor, point, slot), format="json"), 409)
    assert not Order.objects.exists()


@pytest.mark.parametrize(
    "change, field",
    [
        (lambda data: data.update(payment="card"), "payment"),
        (lambda data: data["fulfilment"].clear(), "fulfilment.{slug}"),
        (lambda data: data["fulfilment"].update(inconnu={}), "fulfilment.inconnu"),
    ],
)
def test_bad_input_is_a_validation_problem_and_places_nothing(
    api, scene, change, field
):
    vendor, point, slot, product = scene
    fill(api, product)
    data = choice(vendor, point, slot)
    change(data)
    body = is_problem(api.post(CHECKOUT, data, format="json"), 400)
    fields = [error["field"] for error in body["errors"]]
    assert field.format(slug=vendor.slug) in fields[0]
    assert not Order.objects.exists()


def test_an_empty_basket_is_a_conflict(api, scene):
    vendor, point, slot, _product = scene
    is_problem(api.post(CHECKOUT, choice(vendor, point, slot), format="json"), 409)


def test_an_offer_whose_budget_is_spent_is_a_conflict_and_stops(customer, api, scene):
    from decimal import Decimal as D

    from vendors.promotions.actions import save_funding
    from vendors.promotions.models import FunderKind

    Range = get_model("offer", "Range")
    Benefit = get_model("offer", "Benefit")
    Condition = get_model("offer", "Condition")
    ConditionalOffer = get_model("offer", "ConditionalOffer")
    every, _ = Range.objects.get_or_create(
        name="Tout", defaults={"includes_all_products": True}
    )
    offer = ConditionalOffer.objects.create(
        name="Dix pour cent",
        offer_type=ConditionalOffer.SITE,
        condition=Condition.objects.create(range=every, type="Count", value=1),
        benefit=Benefit.objects.create(
            range=every, type=Benefit.PERCENTAGE, value=D("10")
        ),
    )
    save_funding(offer, kind=FunderKind.CHAMBER, budget=D("1.00"))
    vendor, point, slot, product = scene
    fill(api, product, 2)  # 1.50 of discount, more than the budget left
    body = is_problem(
        api.post(CHECKOUT, choice(vendor, point, slot), format="json"), 409
    )
    assert "Dix pour cent" in body["detail"]
    assert not Order.objects.exists()
    assert not product.stockrecords.get().num_allocated
    # The offer stops, as after the web checkout's refusal: the basket is
    # priced without it now, and can be placed.
    offer.refresh_from_db()
    assert offer.status == ConditionalOffer.CONSUMED
    again = api.post(CHECKOUT, choice(vendor, point, slot), format="json")
    assert again.status_code == 201, again.content
    assert again.json()["total_incl_tax"] == "15.00"
