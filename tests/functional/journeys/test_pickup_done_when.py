"""Pickups from placement to collection, end to end on the demo data.

A consumer orders from two artisans, paying at pickup: a drive point for the
santon maker, the workshop for the soap maker. The consumer follows each part
on their order page. The santon maker moves their part on with one click per
step; ``logistique@demo.fr`` sees the parcel on its day's manifest with the
amount to collect, checks it in, hands it over against the code and records
the cash, which the point's takings show. The soap maker refuses their part:
its stock and its slot place are given back and its customer gets no reminder.
Each artisan sees only their own part.
"""

import datetime

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext
from oscar.core.loading import get_model

from delivery.actions import bookable_slots, confirm_reservation, format_code
from delivery.models import (
    ParcelStatus,
    PickupPoint,
    PickupPointKind,
    Reservation,
    ReservationStatus,
    Slot,
)
from delivery.notifications import reminders_due
from shop.apps.core.demo.data import DEMO_ORDERS
from shop.apps.core.demo.loader import load_demo
from shop.apps.payment.models import PickupCollection
from tests.factories import VendorFactory
from tests.factories.delivery import PickupPointFactory, SlotFactory, serving
from tests.functional.vendors.backoffice_shop import artisan_account, vendor_order_for
from vendors.models import (
    FulfilmentMethod,
    PartAction,
    Vendor,
    VendorOrder,
    VendorOrderEvent,
    VendorOrderStatus,
)

Order = get_model("order", "Order")
StockRecord = get_model("partner", "StockRecord")
User = get_user_model()

pytestmark = pytest.mark.django_db

SAVONNERIE = "savonnerie-marius-roux"  # artisan@demo.fr, Salon-de-Provence
SANTONS = "santons-magali-fabre"  # artisan2@demo.fr, Aubagne
# The demo consumer's own orders, placed by the demo loader.
DEMO_ORDER_NUMBERS = [demo_order["number"] for demo_order in DEMO_ORDERS]


def tr(message, **params):
    """``message`` as the site says it (its default language), interpolated."""
    with translation.override(settings.LANGUAGE_CODE):
        text = str(gettext(message))
        return text % params if params else text


def label(choice):
    """A model choice's label in the site's default language."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(choice.label)


def messages_of(response):
    return [(m.level_tag, str(m)) for m in response.context["messages"]]


def user(email):
    return User.objects.get(username=email)


def a_product_of(vendor):
    """One of the artisan's products with stock to sell."""
    record = (
        StockRecord.objects.filter(partner=vendor.partner, num_in_stock__gt=2)
        .select_related("product")
        .order_by("partner_sku")
        .first()
    )
    assert record is not None, f"no product in stock for {vendor}"
    return record.product


@pytest.fixture
def demo():
    """The demo, loaded inside the test's transaction (rolled back after it)."""
    load_demo()
    return {
        "consumer": user("consommateur@demo.fr"),
        "artisan": user("artisan@demo.fr"),
        "artisan2": user("artisan2@demo.fr"),
        "logistics": user("logistique@demo.fr"),
        "savonnerie": Vendor.objects.select_related("partner").get(slug=SAVONNERIE),
        "santons": Vendor.objects.select_related("partner").get(slug=SANTONS),
    }


# The journey, step by step ---------------------------------------------------


def fill_basket(client, *products):
    for product in products:
        response = client.post(
            reverse("basket:add", args=[product.pk]), {"quantity": 1}
        )
        assert response.status_code == 302


def choose_pickups(client, choices):
    """POST the "delivery or pickup" step: vendor -> (method, point, slot)."""
    data = {}
    for vendor, (method, point, slot) in choices.items():
        data[f"v{vendor.pk}-choice"] = f"{method}:{point.pk}"
        data[f"v{vendor.pk}-slot-{point.pk}"] = slot.pk
    return client.post(reverse("checkout:fulfilment"), data)


def take_step(client, vendor_order, action, **data):
    return client.post(
        reverse(
            "backoffice:order-step",
            kwargs={"number": vendor_order.number, "action": action.value},
        ),
        data,
        follow=True,
    )


def order_page(client, order):
    response = client.get(
        reverse("customer:order", kwargs={"order_number": order.number})
    )
    assert response.status_code == 200
    return response.content.decode()


def part_of(page, vendor_order):
    """The section of the consumer's order page about ``vendor_order``."""
    start = page.index(f'id="part-{vendor_order.number}"')
    end = page.find('class="card mb-4 order-part"', start + 1)
    return page[start : end if end != -1 else None]


def test_done_when_drive_and_workshop_pickups_on_the_demo(
    client, demo, django_capture_on_commit_callbacks
):
    consumer, logistics = demo["consumer"], demo["logistics"]
    savonnerie, santons = demo["savonnerie"], demo["santons"]

    # The demo: a drive point the santon maker serves and logistique@ runs,
    # and the soap maker's workshop, each with a bookable slot.
    drive = (
        santons.fulfilment.points.filter(kind=PickupPointKind.DRIVE, staff=logistics)
        .order_by("slug")
        .first()
    )
    assert drive is not None, (
        "no demo drive point served by artisan2 and run by logistique"
    )
    # Parcels can be collected up to a week around their slot's day here:
    # the hand-over below happens today, before the slot booked.
    PickupPoint.objects.filter(pk=drive.pk).update(handover_grace_days=7)
    workshop = PickupPoint.objects.get(kind=PickupPointKind.WORKSHOP, vendor=savonnerie)
    assert savonnerie.fulfilment.workshop_pickup
    drive_slot = bookable_slots(drive, santons).first()
    workshop_slot = bookable_slots(workshop, savonnerie).first()
    assert drive_slot is not None and workshop_slot is not None
    soap, santon = a_product_of(savonnerie), a_product_of(santons)
    soap_stock = StockRecord.objects.get(product=soap, partner=savonnerie.partner)

    # 1. The consumer fills one basket from both artisans ------------------
    client.force_login(consumer)
    fill_basket(client, soap, santon)
    response = client.get(reverse("checkout:index"))
    assert response.status_code == 302
    assert response["Location"] == reverse("checkout:fulfilment")

    # 2. ... is offered, per artisan, the pickups that artisan offers ------
    response = client.get(reverse("checkout:fulfilment"))
    assert response.status_code == 200
    rows = {row["part"].vendor.pk: row for row in response.context["rows"]}
    assert set(rows) == {savonnerie.pk, santons.pk}
    santons_options = {
        o["option"].value: o["option"] for o in rows[santons.pk]["options"]
    }
    savonnerie_options = {
        o["option"].value: o["option"] for o in rows[savonnerie.pk]["options"]
    }
    drive_choice = f"{FulfilmentMethod.POINT_PICKUP}:{drive.pk}"
    workshop_choice = f"{FulfilmentMethod.WORKSHOP_PICKUP}:{workshop.pk}"
    assert drive_choice in santons_options
    assert workshop_choice in savonnerie_options
    assert drive_slot in santons_options[drive_choice].slots
    assert workshop_slot in savonnerie_options[workshop_choice].slots

    # 3. ... chooses the drive for the santons, the workshop for the soap --
    response = choose_pickups(
        client,
        {
            santons: (FulfilmentMethod.POINT_PICKUP, drive, drive_slot),
            savonnerie: (FulfilmentMethod.WORKSHOP_PICKUP, workshop, workshop_slot),
        },
    )
    assert response.status_code == 302, response.content.decode()
    assert response["Location"] == reverse("checkout:shipping-address")
    held = Reservation.objects.filter(status=ReservationStatus.HELD)
    assert {(r.vendor_id, r.slot_id) for r in held} == {
        (santons.pk, drive_slot.pk),
        (savonnerie.pk, workshop_slot.pk),
    }

    # 4. All pickups: no address step, straight on to payment -------------
    response = client.get(reverse("checkout:shipping-address"))
    assert response.status_code == 302
    assert response["Location"] == reverse("checkout:shipping-method")
    response = client.get(reverse("checkout:shipping-method"))
    assert response.status_code == 302
    assert response["Location"] == reverse("checkout:payment-method")
    response = client.get(reverse("checkout:payment-method"))
    assert response.status_code == 302
    assert response["Location"] == reverse("checkout:payment-details")
    assert client.get(reverse("checkout:payment-details")).status_code == 200

    # 5. ... places the order, to pay at pickup (no Stripe keys) -----------
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("checkout:preview"), {"action": "place_order"})
    assert response.status_code == 302
    assert response["Location"] == reverse("checkout:thank-you")
    order = Order.objects.exclude(number__in=DEMO_ORDER_NUMBERS).get(user=consumer)
    assert order.shipping_address is None
    parts = {vo.vendor_id: vo for vo in order.vendor_orders.all()}
    assert set(parts) == {savonnerie.pk, santons.pk}
    drive_part, workshop_part = parts[santons.pk], parts[savonnerie.pk]
    assert drive_part.fulfilment_method == FulfilmentMethod.POINT_PICKUP
    assert workshop_part.fulfilment_method == FulfilmentMethod.WORKSHOP_PICKUP
    assert {vo.status for vo in parts.values()} == {VendorOrderStatus.NEW}
    assert sum(vo.total_incl_tax for vo in parts.values()) == order.total_incl_tax
    drive_parcel = Reservation.objects.get(vendor_order=drive_part)
    workshop_parcel = Reservation.objects.get(vendor_order=workshop_part)
    for parcel, slot in ((drive_parcel, drive_slot), (workshop_parcel, workshop_slot)):
        assert parcel.status == ReservationStatus.CONFIRMED
        assert parcel.slot_id == slot.pk
        assert parcel.parcel_status == ParcelStatus.AWAITED
        assert len(parcel.pickup_code) == 8
    assert drive_parcel.pickup_code != workshop_parcel.pickup_code
    assert not Reservation.objects.filter(status=ReservationStatus.HELD).exists()
    assert Slot.objects.get(pk=drive_slot.pk).reserved == drive_slot.reserved + 1
    assert Slot.objects.get(pk=workshop_slot.pk).reserved == workshop_slot.reserved + 1
    soap_stock.refresh_from_db()
    soap_allocated = soap_stock.num_allocated
    # each artisan is told at once of the new order to prepare
    artisan_mails = {m.to[0] for m in mail.outbox if m.to != [consumer.email]}
    assert artisan_mails == set(santons.contact_emails() + savonnerie.contact_emails())

    # 6. The thank-you page and the consumer's order page give both pickups
    response = client.get(reverse("checkout:thank-you"))
    assert response.status_code == 200
    page = response.content.decode()
    for parcel in (drive_parcel, workshop_parcel):
        assert format_code(parcel.pickup_code) in page
    page = order_page(client, order)
    for part, parcel, point in (
        (drive_part, drive_parcel, drive),
        (workshop_part, workshop_parcel, workshop),
    ):
        section = part_of(page, part)
        assert escape(label(VendorOrderStatus.NEW)) in section
        assert escape(point.name) in section
        assert format_code(parcel.pickup_code) in section
        assert "<svg" in section  # the QR code

    # 7. The santon maker accepts, prepares, and marks the part ready -------
    client.force_login(demo["artisan2"])
    for action, status in (
        (PartAction.ACCEPT, VendorOrderStatus.ACCEPTED),
        (PartAction.PREPARE, VendorOrderStatus.IN_PREPARATION),
        (PartAction.MARK_READY, VendorOrderStatus.READY),
    ):
        response = take_step(client, drive_part, action)
        assert response.status_code == 200
        drive_part.refresh_from_db()
        assert drive_part.status == status
        assert messages_of(response) == [
            (
                "success",
                tr(
                    "Order %(number)s is now “%(status)s”.",
                    number=drive_part.number,
                    status=label(status),
                ),
            )
        ]
    # the santon maker cannot hand a drive parcel over themselves
    response = take_step(
        client, drive_part, PartAction.HAND_OVER, code=drive_parcel.pickup_code
    )
    drive_part.refresh_from_db()
    assert drive_part.status == VendorOrderStatus.READY

    # 8. logistique@ sees the parcel on that day's manifest, with the cash --
    client.force_login(logistics)
    day = timezone.localtime(drive_slot.starts_at).date()
    manifest_url = (
        reverse("logistics:manifest", kwargs={"slug": drive.slug})
        + f"?date={day.isoformat()}"
    )
    response = client.get(manifest_url)
    assert response.status_code == 200
    manifest = [row for s in response.context["slots"] for row in s.rows]
    (row,) = [r for r in manifest if r.reservation.pk == drive_parcel.pk]
    assert row.order_number == order.number
    assert row.artisan == santons.partner.name
    assert row.customer == "Claire Moreau"
    assert row.status == ParcelStatus.AWAITED
    assert row.amount_to_collect == drive_part.total_incl_tax
    assert row.can_check_in
    assert workshop_parcel.pk not in {r.reservation.pk for r in manifest}
    page = response.content.decode()
    for text in (order.number, santons.partner.name, "Claire Moreau"):
        assert escape(text) in page
    # staff never see any part of the code, nor the workshop's point
    code = drive_parcel.pickup_code
    for shown in (code, format_code(code), code[:4], code[-4:]):
        assert shown not in page
    workshop_manifest = reverse("logistics:manifest", kwargs={"slug": workshop.slug})
    assert client.get(workshop_manifest).status_code == 404

    # 9. ... checks it in: the consumer is told it waits at the point -------
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse(
                "logistics:check-in", kwargs={"slug": drive.slug, "pk": drive_parcel.pk}
            ),
            follow=True,
        )
    assert response.redirect_chain == [(manifest_url, 302)]
    assert messages_of(response) == [
        ("success", tr("Parcel received: order %(number)s.", number=order.number))
    ]
    drive_parcel.refresh_from_db()
    assert drive_parcel.parcel_status == ParcelStatus.RECEIVED
    assert drive_parcel.handled_by == logistics
    assert [m.to for m in mail.outbox] == [[consumer.email]]
    assert format_code(code) in mail.outbox[0].body

    # 10. ... hands it over against the code, typed loosely, and collects ---
    hand_over_url = reverse("logistics:hand-over", kwargs={"slug": drive.slug})
    typed = format_code(code).lower()
    response = client.post(hand_over_url, {"code": typed})
    assert response.status_code == 200
    preview = response.context["preview"]
    assert preview.vendor_order == drive_part
    assert preview.amount_to_collect == drive_part.total_incl_tax
    assert 'id="amount-to-collect"' in response.content.decode()
    response = client.post(
        hand_over_url,
        {
            "code": typed,
            "confirm": "True",
            "method": "cash",
            "amount": str(drive_part.total_incl_tax),
            "confirm_off_day": "on",
        },
        follow=True,
    )
    assert response.redirect_chain == [(hand_over_url, 302)]
    drive_parcel.refresh_from_db()
    drive_part.refresh_from_db()
    assert drive_parcel.parcel_status == ParcelStatus.HANDED_OVER
    assert drive_part.status == VendorOrderStatus.COMPLETED
    collection = PickupCollection.objects.get(vendor_order=drive_part)
    assert (collection.amount, collection.method, collection.collected_by) == (
        drive_part.total_incl_tax,
        "cash",
        logistics,
    )
    # and the point's takings of the day show it
    response = client.get(reverse("logistics:takings", kwargs={"slug": drive.slug}))
    assert response.status_code == 200
    assert list(response.context["collections"]) == [collection]

    # 11. A second hand-over with the same code is refused, nothing changes -
    before = (
        Reservation.objects.filter(pk=drive_parcel.pk).values().get(),
        VendorOrder.objects.filter(pk=drive_part.pk).values().get(),
        VendorOrderEvent.objects.count(),
        PickupCollection.objects.count(),
    )
    response = client.post(hand_over_url, {"code": typed})
    assert response.status_code == 200
    assert [level for level, _text in messages_of(response)] == ["error"]
    assert (
        Reservation.objects.filter(pk=drive_parcel.pk).values().get(),
        VendorOrder.objects.filter(pk=drive_part.pk).values().get(),
        VendorOrderEvent.objects.count(),
        PickupCollection.objects.count(),
    ) == before

    # 12. The soap maker refuses their part: stock and slot given back ------
    client.force_login(demo["artisan"])
    reserved = Slot.objects.get(pk=workshop_slot.pk).reserved
    response = take_step(
        client,
        workshop_part,
        PartAction.REFUSE,
        reason="Savon de la saison épuisé, désolée.",
    )
    assert response.status_code == 200
    workshop_part.refresh_from_db()
    workshop_parcel.refresh_from_db()
    soap_stock.refresh_from_db()
    assert workshop_part.status == VendorOrderStatus.REFUSED
    assert soap_stock.num_allocated == soap_allocated - 1
    assert Slot.objects.get(pk=workshop_slot.pk).reserved == reserved - 1
    assert workshop_parcel.status == ReservationStatus.RELEASED
    # and on its day, no reminder is due for it
    due = reminders_due(now=workshop_slot.starts_at)
    assert workshop_parcel.pk not in set(due.values_list("pk", flat=True))
    # and the soap maker sees only their part
    response = client.get(reverse("backoffice:order-list"))
    assert [
        vo.number
        for vo in response.context["vendor_orders"]
        if vo.order.number not in DEMO_ORDER_NUMBERS
    ] == [workshop_part.number]
    assert {vo.vendor_id for vo in response.context["vendor_orders"]} == {savonnerie.pk}
    assert (
        client.get(
            reverse("backoffice:order-detail", kwargs={"number": drive_part.number})
        ).status_code
        == 404
    )

    # 13. The consumer follows both parts to their end ----------------------
    client.force_login(consumer)
    page = order_page(client, order)
    collected = part_of(page, drive_part)
    assert escape(label(VendorOrderStatus.COMPLETED)) in collected
    assert format_code(drive_parcel.pickup_code) not in collected
    for step in (PartAction.ACCEPT, PartAction.CHECK_IN, PartAction.HAND_OVER):
        assert escape(label(step)) in collected
    refused = part_of(page, workshop_part)
    assert escape(label(VendorOrderStatus.REFUSED)) in refused
    assert escape("Savon de la saison épuisé, désolée.") in refused
    assert format_code(workshop_parcel.pickup_code) not in refused


# The artisan's back office with pickups, beyond the demo ---------------------


def test_order_detail_shows_the_slot_in_paris_time(client):
    vendor = VendorFactory(partner__name="Savonnerie du Vieux Moulin")
    client.force_login(artisan_account(vendor))
    point = PickupPointFactory(name="Drive de la Joliette")
    serving(vendor, point)
    # 15:00 UTC in winter is 16:00 in Paris
    starts_at = datetime.datetime(2031, 1, 14, 15, 0, tzinfo=datetime.UTC)
    slot = SlotFactory(
        point=point,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=1),
    )
    vendor_order = vendor_order_for(vendor)
    VendorOrder.objects.filter(pk=vendor_order.pk).update(
        fulfilment_method=FulfilmentMethod.POINT_PICKUP
    )
    confirm_reservation(
        slot, vendor, vendor_order, now=starts_at - datetime.timedelta(days=3)
    )

    response = client.get(
        reverse("backoffice:order-detail", kwargs={"number": vendor_order.number})
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "16:00–17:00" in page
    assert "15:00–16:00" not in page


def test_order_list_shows_pickups_without_a_query_per_row(client):
    vendor = VendorFactory()
    client.force_login(artisan_account(vendor))
    point = PickupPointFactory(name="Drive de la Joliette")
    serving(vendor, point)
    slot = SlotFactory(point=point, capacity=100)

    def add_pickup_orders(count):
        for _ in range(count):
            vendor_order = vendor_order_for(vendor)
            VendorOrder.objects.filter(pk=vendor_order.pk).update(
                fulfilment_method=FulfilmentMethod.POINT_PICKUP
            )
            confirm_reservation(
                slot,
                vendor,
                vendor_order,
                now=slot.starts_at - datetime.timedelta(days=3),
            )

    url = reverse("backoffice:order-list")
    add_pickup_orders(2)
    vendor_order_for(vendor)  # a delivered one, without a slot
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200

    add_pickup_orders(15)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)

    assert response.status_code == 200
    assert len(many) <= len(few)
    page = response.content.decode()
    assert page.count(f'data-parcel-status="{ParcelStatus.AWAITED}"') == 17
    assert page.count("Drive de la Joliette") == 17
