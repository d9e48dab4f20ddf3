"""GET /api/v1/me/orders/: the customer's orders, their artisans' parts, the
statuses in the order page's words, the pickups and their codes."""

import datetime

import pytest
from django.utils import timezone, translation
from oscar.test.factories import ShippingAddressFactory

from delivery.actions import confirm_reservation, format_code
from delivery.models import Reservation
from shop.apps.api.models import PersonalAccessToken, Scope, TokenKind
from tests.factories import UserFactory, VendorFactory, create_artisan_product
from tests.factories import place_order as place
from tests.factories.delivery import PickupPointFactory, SlotFactory, serving
from tests.factories.orders import bring_to, step
from vendors.models import (
    FulfilmentMethod,
    PartAction,
    VendorOrderStatus,
    order_status_label,
)

from .conftest import SchemaCheckedClient, consumer_client, is_problem

pytestmark = [
    pytest.mark.django_db,
]

ORDERS = "/api/v1/me/orders/"


def slot_at(point):
    day = timezone.localdate() + datetime.timedelta(days=3)
    starts_at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(17)))
    return SlotFactory(
        point=point,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=1),
        capacity=10,
    )


def order_of(user, names=("Santons Fouque", "Poterie Ravel")):
    """One santon per artisan; the first part collected at a drive (ready),
    the second shipped with its tracking."""
    items = [
        (create_artisan_product(VendorFactory(partner__name=name), title=name), 1)
        for name in names
    ]
    order = place(
        *items, user=user, shipping_address=ShippingAddressFactory(line4="Arles")
    )
    pickup, delivery = order.vendor_orders.order_by("number")
    drive = PickupPointFactory(name="Drive de la Joliette")
    serving(pickup.vendor, drive)
    pickup.fulfilment_method = FulfilmentMethod.POINT_PICKUP
    pickup.save(update_fields=["fulfilment_method"])
    slot = slot_at(drive)
    confirm_reservation(
        slot, pickup.vendor, pickup, now=slot.starts_at - datetime.timedelta(days=3)
    )
    bring_to(pickup, "ready")
    bring_to(delivery, "in_preparation")
    step(delivery, PartAction.SHIP, carrier="Colissimo", tracking_number="6A12345")
    order.refresh_from_db()
    return order


def test_the_customer_reads_their_order_with_its_parts_and_pickup_code(customer, api):
    order = order_of(customer)
    pickup_part, delivered = order.vendor_orders.order_by("number")
    reservation = Reservation.objects.get(vendor_order=pickup_part)

    response = api.get(f"{ORDERS}{order.number}/")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["number"] == order.number
    assert body["status"] == order.status
    assert body["total_incl_tax"] == str(order.total_incl_tax)
    first, second = body["parts"]
    assert first["number"] == pickup_part.number
    assert first["artisan"]["slug"] == pickup_part.vendor.slug
    assert first["fulfilment"]["method"] == FulfilmentMethod.POINT_PICKUP
    assert first["pickup"]["code"] == format_code(reservation.pickup_code)
    assert first["pickup"]["slot"]["id"] == reservation.slot_id
    assert first["pickup"]["point"]["name"] == "Drive de la Joliette"
    # Checked in at the drive: in the order page's words (in English, asked).
    assert first["status"] == VendorOrderStatus.READY
    assert first["status_label"] == "Ready"
    with translation.override("en"):
        assert body["status_label"] == str(order_status_label(order.status))
    assert [line["title"] for line in first["lines"]] == ["Santons Fouque"]
    assert second["pickup"] is None
    assert second["tracking_number"] == "6A12345"
    assert second["carrier"] == "Colissimo"

    listed = api.get(ORDERS)
    assert listed.status_code == 200
    (row,) = listed.json()["results"]
    assert row["number"] == order.number
    assert row["parts"][0]["pickup"]["code"] == first["pickup"]["code"]
    assert "lines" not in row["parts"][0]


def test_another_customers_order_is_not_found_and_not_listed(customer, api):
    theirs = order_of(UserFactory())
    body = is_problem(api.get(f"{ORDERS}{theirs.number}/"), 404)
    assert theirs.number not in str(body)
    assert api.get(ORDERS).json()["results"] == []


def test_the_list_takes_as_many_queries_for_one_order_as_for_three(
    customer, django_assert_max_num_queries
):
    order_of(customer)
    api = consumer_client(customer)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        assert api.get(ORDERS).status_code == 200
    for index in range(2):
        order_of(customer, names=(f"Atelier {index}", f"Verrerie {index}"))
    with django_assert_max_num_queries(len(one)):
        response = api.get(ORDERS)
    assert len(response.json()["results"]) == 3


@pytest.mark.parametrize(
    "kind, scopes",
    [
        (TokenKind.LOGISTICS, [Scope.LOGISTICS_READ, Scope.LOGISTICS_WRITE]),
    ],
)
def test_other_kinds_of_token_cannot_use_me(customer, kind, scopes):
    order = order_of(customer)
    _token, secret = PersonalAccessToken.issue(customer, kind, "scanner", scopes)

    client = SchemaCheckedClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    is_problem(client.get(f"{ORDERS}{order.number}/"), 403)
    is_problem(client.get(ORDERS), 403)


def test_an_artisans_token_cannot_use_me(customer):
    from tests.factories.orders import artisan_account

    vendor = VendorFactory()
    owner = artisan_account(vendor)
    order_of(owner)
    _token, secret = PersonalAccessToken.issue(
        owner, TokenKind.ARTISAN, "caisse", [Scope.ORDERS_READ], vendor=vendor
    )

    client = SchemaCheckedClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    is_problem(client.get(ORDERS), 403)


def test_without_a_token_me_asks_for_one():

    body = is_problem(SchemaCheckedClient().get(ORDERS), 401)
    assert body["type"].endswith("not-authenticated")
