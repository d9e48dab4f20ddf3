"""What the consumer sees of their order once placed: each artisan's part, its
status, where and when to collect it, its code, its tracking and its steps."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy
from oscar.core.loading import get_model
from oscar.test.factories import ShippingAddressFactory

from delivery.actions import booking_of, confirm_reservation, format_code
from delivery.models import Reservation
from tests.factories import UserFactory, VendorFactory, create_artisan_product
from tests.factories import place_order as place
from tests.factories.delivery import PickupPointFactory, SlotFactory, serving
from tests.factories.orders import bring_to, step
from vendors.models import (
    FulfilmentMethod,
    OrderStatus,
    PartAction,
    VendorOrderStatus,
    order_status_label,
)

Order = get_model("order", "Order")

pytestmark = pytest.mark.django_db

A = PartAction
REASON = "Plus de terre cuite avant le printemps."


def tr(label):
    """A (lazy) label as the site shows it, in its default language."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(label)


def page(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def part_of(soup, vendor_order):
    """The section of ``vendor_order`` on the page (the test fails without one)."""
    section = soup.find(id=f"part-{vendor_order.number}")
    assert section is not None, f"no section for {vendor_order.number}"
    return section


def text_of(element):
    return " ".join(element.get_text(" ").split())


def detail_url(order):
    return reverse("customer:order", kwargs={"order_number": order.number})


# Scenes
# ------------------------------------------------------------------------------


@pytest.fixture
def customer():
    return UserFactory(email="lucie@example.fr", first_name="Lucie", last_name="Fabre")


@pytest.fixture
def drive():
    return PickupPointFactory(
        name="Drive de la Joliette",
        address="12 quai de la Joliette",
        postcode="13002",
        commune="Marseille",
    )


def slot_at(point):
    """A slot at ``point`` in three days, 17:00–18:00 (Europe/Paris)."""
    day = timezone.localdate() + datetime.timedelta(days=3)
    starts_at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(17)))
    return SlotFactory(
        point=point,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=1),
        capacity=10,
    )


def to_collect_at(vendor_order, point, slot=None):
    """Book ``vendor_order`` in ``slot`` (a new one by default) at the drive or
    relay ``point``."""
    serving(vendor_order.vendor, point)
    vendor_order.fulfilment_method = FulfilmentMethod.POINT_PICKUP
    vendor_order.save(update_fields=["fulfilment_method"])
    slot = slot or slot_at(point)
    confirm_reservation(
        slot,
        vendor_order.vendor,
        vendor_order,
        now=slot.starts_at - datetime.timedelta(days=3),
    )
    return vendor_order


def order_from(artisans, user=None):
    """An order of one santon from each of ``artisans``, delivered in Arles."""
    items = [
        (create_artisan_product(vendor, title=f"Santon de {vendor.name}"), 1)
        for vendor in artisans
    ]
    address = ShippingAddressFactory(line4="Arles", postcode="13200")
    return place(*items, user=user, shipping_address=address)


@pytest.fixture
def order(customer, drive):
    """Two parts: one waiting at the drive, one shipped with its tracking."""
    order = order_from(
        [
            VendorFactory(partner__name="Santons Fouque"),
            VendorFactory(partner__name="Poterie Ravel"),
        ],
        user=customer,
    )
    pickup, delivery = order.vendor_orders.order_by("number")
    bring_to(to_collect_at(pickup, drive), "ready")
    bring_to(delivery, "in_preparation")
    step(delivery, A.SHIP, carrier="Colissimo", tracking_number="6A1234567890")
    order.refresh_from_db()
    return order


def parts(order):
    return list(order.vendor_orders.order_by("number"))


# The signed-in consumer
# ------------------------------------------------------------------------------


def test_the_consumer_sees_where_and_when_to_collect_a_part_with_its_code_and_qr(
    client, customer, order
):
    pickup, _delivery = parts(order)
    client.force_login(customer)

    section = part_of(page(client.get(detail_url(order))), pickup)

    assert section["data-status"] == VendorOrderStatus.READY
    assert text_of(section.select_one(".part-status")) == tr(
        VendorOrderStatus.READY.label
    )
    assert text_of(section.select_one(".part-method")) == tr(
        FulfilmentMethod.POINT_PICKUP.label
    )
    point = text_of(section.select_one(".part-point"))
    assert "Drive de la Joliette" in point
    assert "12 quai de la Joliette" in point
    assert "13002 Marseille" in point
    assert "17:00–18:00" in text_of(section.select_one(".part-slot"))
    code = format_code(booking_of(pickup).pickup_code)
    assert text_of(section.select_one(".pickup-code")) == code
    assert section.select_one(".pickup-qr svg") is not None


def test_the_consumer_sees_the_carrier_and_tracking_number_of_a_shipped_part(
    client, customer, order
):
    _pickup, delivery = parts(order)
    client.force_login(customer)

    section = part_of(page(client.get(detail_url(order))), delivery)

    assert text_of(section.select_one(".part-status")) == tr(
        VendorOrderStatus.SHIPPED.label
    )
    assert text_of(section.select_one(".part-carrier")) == "Colissimo"
    assert text_of(section.select_one(".tracking-number")) == "6A1234567890"
    assert section.select_one(".pickup-code") is None


def test_each_part_tells_its_steps_in_order(client, customer, order):
    pickup, delivery = parts(order)
    client.force_login(customer)

    soup = page(client.get(detail_url(order)))

    def steps(vendor_order):
        items = part_of(soup, vendor_order).select(".part-timeline .part-step")
        return [item["data-action"] for item in items]

    assert steps(pickup) == [A.PLACE, A.ACCEPT, A.PREPARE, A.MARK_READY, A.CHECK_IN]
    assert steps(delivery) == [A.PLACE, A.ACCEPT, A.PREPARE, A.SHIP]
    check_in = part_of(soup, pickup).select(".part-step")[-1]
    assert tr(A.CHECK_IN.label) in text_of(check_in)
    assert check_in.find("time")["datetime"]


def test_a_point_parcel_not_yet_at_its_point_is_not_said_ready(client, customer, drive):
    order = order_from([VendorFactory()], user=customer)
    (vendor_order,) = parts(order)
    bring_to(to_collect_at(vendor_order, drive), "in_preparation")
    step(vendor_order, A.MARK_READY)
    client.force_login(customer)

    section = part_of(page(client.get(detail_url(order))), vendor_order)

    assert section["data-status"] == VendorOrderStatus.READY
    assert text_of(section.select_one(".part-status")) == tr(
        gettext_lazy("On its way to the pickup point")
    )


def test_a_refused_part_shows_why_and_no_code(client, customer, drive):
    order = order_from([VendorFactory()], user=customer)
    (vendor_order,) = parts(order)
    to_collect_at(vendor_order, drive)
    step(vendor_order, A.REFUSE, reason=REASON)
    client.force_login(customer)

    section = part_of(page(client.get(detail_url(order))), vendor_order)

    assert text_of(section.select_one(".part-status")) == tr(
        VendorOrderStatus.REFUSED.label
    )
    assert text_of(section.select_one(".part-reason")) == REASON
    assert text_of(section.select(".part-step")[-1].select_one(".step-reason")) == (
        REASON
    )
    assert section.select_one(".pickup-code") is None
    assert section.select_one(".pickup-qr") is None
    released = Reservation.objects.get(vendor_order=vendor_order)
    assert format_code(released.pickup_code) not in text_of(section)


def test_a_part_not_collected_says_until_when_and_how_to_reach_the_artisan(
    client, customer, drive
):
    order = order_from(
        [VendorFactory(email="atelier@ravel.example", phone="04 42 11 22 33")],
        user=customer,
    )
    (vendor_order,) = parts(order)
    bring_to(to_collect_at(vendor_order, drive), "no_show")
    client.force_login(customer)

    section = part_of(page(client.get(detail_url(order))), vendor_order)

    notice = section.select_one(".part-no-show")
    assert notice.select_one('a[href="mailto:atelier@ravel.example"]') is not None
    assert notice.select_one('a[href="tel:04 42 11 22 33"]') is not None
    # Still collectable for a while: the code stays.
    code = format_code(booking_of(vendor_order).pickup_code)
    assert text_of(section.select_one(".pickup-code")) == code


def test_the_order_shows_its_status_in_words(client, customer):
    order = order_from([VendorFactory()], user=customer)
    (vendor_order,) = parts(order)
    bring_to(vendor_order, "accepted")
    client.force_login(customer)

    soup = page(client.get(detail_url(order)))

    status = soup.find(id="order-status")
    assert status["data-status"] == OrderStatus.IN_PROGRESS
    assert text_of(status) == tr(order_status_label(OrderStatus.IN_PROGRESS))
    assert text_of(status) != OrderStatus.IN_PROGRESS


def test_the_order_list_shows_each_orders_status_in_words(client, customer):
    order = order_from([VendorFactory()], user=customer)
    bring_to(order.vendor_orders.get(), "accepted")
    client.force_login(customer)

    soup = page(client.get(reverse("customer:order-list")))

    cell = soup.find(id=f"order-{order.number}").select_one(".order-status")
    assert cell["data-status"] == OrderStatus.IN_PROGRESS
    assert text_of(cell) == tr(order_status_label(OrderStatus.IN_PROGRESS))
    assert text_of(cell) != OrderStatus.IN_PROGRESS


def test_another_consumer_cannot_open_the_order(client, order):
    client.force_login(UserFactory(email="autre@example.fr"))

    response = client.get(detail_url(order))

    assert response.status_code == 404


def test_the_order_page_costs_as_many_queries_for_five_parts_as_for_one(
    client, customer, drive, django_assert_max_num_queries
):
    one = order_from([VendorFactory()], user=customer)
    five = order_from([VendorFactory() for _ in range(5)], user=customer)
    slot = slot_at(drive)
    for order in (one, five):
        # Pickups and deliveries in turn, each with a few steps.
        for index, vendor_order in enumerate(parts(order)):
            if index % 2 == 0:
                to_collect_at(vendor_order, drive, slot)
            bring_to(vendor_order, "in_preparation")
    client.force_login(customer)
    client.get(detail_url(one))  # the session and basket, once

    with CaptureQueriesContext(connection) as one_part:
        page(client.get(detail_url(one)))
    with django_assert_max_num_queries(len(one_part)):
        soup = page(client.get(detail_url(five)))

    assert len(soup.select(".order-part")) == 5
    assert len(soup.select(".pickup-code")) == 3


# A guest, from the link of their e-mail
# ------------------------------------------------------------------------------

GUEST_EMAIL = "invite@example.fr"


def guest_order():
    order = order_from([VendorFactory()])
    Order.objects.filter(pk=order.pk).update(guest_email=GUEST_EMAIL)
    return order


def guest_urls(order, hash):
    kwargs = {"order_number": order.number, "hash": hash}
    return (
        reverse("customer:anon-order-form", kwargs=kwargs),
        reverse("customer:anon-order", kwargs=kwargs),
    )


def test_a_guest_follows_their_order_from_its_signed_link(client, drive):
    order = guest_order()
    (vendor_order,) = parts(order)
    bring_to(to_collect_at(vendor_order, drive), "ready")
    form_url, _order_url = guest_urls(order, order.verification_hash())

    # Oscar asks the guest for the order's e-mail address first.
    response = client.post(form_url, {"email": GUEST_EMAIL}, follow=True)

    soup = page(response)
    section = part_of(soup, vendor_order)
    assert text_of(section.select_one(".part-status")) == tr(
        VendorOrderStatus.READY.label
    )
    code = format_code(booking_of(vendor_order).pickup_code)
    assert text_of(section.select_one(".pickup-code")) == code
    assert section.select_one(".pickup-qr svg") is not None
    assert soup.find(id="order-status")["data-status"] == OrderStatus.READY


def test_a_guest_link_with_a_wrong_hash_shows_no_order(client):
    order = guest_order()
    form_url, _order_url = guest_urls(order, order.verification_hash())
    client.post(form_url, {"email": GUEST_EMAIL})
    wrong_form_url, wrong_order_url = guest_urls(order, "not-the-hash")

    response = client.get(wrong_order_url)

    assert response.status_code == 302
    assert response["Location"] == wrong_form_url
