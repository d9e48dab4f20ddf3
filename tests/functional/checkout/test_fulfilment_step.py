"""The "Delivery or pickup" step: one choice per artisan, held, then booked."""

import datetime
from decimal import Decimal as D

import pytest
from django.conf import settings
from django.core import mail
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext
from oscar.core.loading import get_class, get_model

from delivery.models import PickupPointKind, Reservation, ReservationStatus, Slot
from tests.factories import UserFactory, VendorFactory, create_artisan_product
from tests.factories.delivery import (
    PickupPointFactory,
    SlotFactory,
    VendorFulfilmentFactory,
)
from vendors.models import FulfilmentMethod, VendorOrder

Basket = get_model("basket", "Basket")
Country = get_model("address", "Country")
Order = get_model("order", "Order")
ProductAttribute = get_model("catalogue", "ProductAttribute")
CheckoutSessionData = get_class("checkout.utils", "CheckoutSessionData")
UnableToTakePayment = get_class("payment.exceptions", "UnableToTakePayment")

pytestmark = pytest.mark.django_db

FULFILMENT_URL = reverse("checkout:fulfilment")
FULL = "This time slot is full. Please choose another one."


def shown(message, **params):
    """``message`` as a page shows it: translated, interpolated, escaped."""
    with translation.override(settings.LANGUAGE_CODE):
        text = gettext(message)
    return escape(text % params if params else text)


@pytest.fixture
def france():
    return Country.objects.create(
        iso_3166_1_a2="FR",
        iso_3166_1_a3="FRA",
        iso_3166_1_numeric="250",
        name="France",
        printable_name="France",
        is_shipping_country=True,
    )


class Shop:
    """Three artisans: a soap maker serving a drive point, a santon maker
    with click & collect at the workshop and free delivery from 50 €, and a
    calisson maker who never set their options (home delivery by default)."""

    def __init__(self):
        self.savonnerie = VendorFactory(partner__name="Savonnerie Marius Roux")
        self.santons = VendorFactory(
            partner__name="Santons Magali Fabre", metier="Santonnier"
        )
        self.calissons = VendorFactory(
            partner__name="Calissons du Roy René", metier="Confiseur"
        )
        self.drive = PickupPointFactory(
            name="Drive fermier du Prado", access_instructions="Porte B, parking P2"
        )
        self.other_drive = PickupPointFactory(name="Drive de la Joliette")
        VendorFulfilmentFactory(
            vendor=self.savonnerie, delivery_flat_rate=D("6.90")
        ).points.add(self.drive)
        self.workshop = PickupPointFactory(
            kind=PickupPointKind.WORKSHOP,
            vendor=self.santons,
            name="Atelier Fabre",
            address="3 rue des Santonniers",
            postcode="13400",
            commune="Aubagne",
        )
        VendorFulfilmentFactory(
            vendor=self.santons,
            workshop_pickup=True,
            delivery_flat_rate=D("8.50"),
            free_delivery_above=D("50.00"),
        )
        soon = timezone.now() + datetime.timedelta(days=2)
        self.drive_slot = SlotFactory(point=self.drive, starts_at=soon)
        self.workshop_slot = SlotFactory(point=self.workshop, starts_at=soon)
        self.other_slot = SlotFactory(point=self.other_drive, starts_at=soon)
        self.soap = create_artisan_product(self.savonnerie, "Savon", price="7.50")
        self.santon = create_artisan_product(self.santons, "Santon", price="60.00")
        self.sweets = create_artisan_product(self.calissons, "Calissons", price="9.00")


@pytest.fixture
def shop(france):
    return Shop()


@pytest.fixture
def online_payment(settings):
    """Stripe keys set: home delivery is offered (it is paid online). No call
    reaches Stripe before the payment page, which these tests do not open."""
    settings.STRIPE_SECRET_KEY = "sk_test_not_a_real_key"


@pytest.fixture
def consumer(client):
    user = UserFactory(email="louise@example.fr")
    client.force_login(user)
    return user


def fill_basket(client, *products):
    for product in products:
        response = client.post(
            reverse("basket:add", args=[product.pk]), {"quantity": 1}
        )
        assert response.status_code == 302


def choose(client, shop, **choices):
    """POST the step with ``choices``: vendor attribute -> (choice, slot)."""
    data = {}
    for attribute, (choice, slot) in choices.items():
        vendor = getattr(shop, attribute)
        data[f"v{vendor.pk}-choice"] = choice
        if slot is not None:
            point_id = choice.partition(":")[2]
            data[f"v{vendor.pk}-slot-{point_id}"] = slot.pk
    return client.post(FULFILMENT_URL, data)


def stored_choices(client):
    session = client.session
    return (session.get("checkout_data") or {}).get("fulfilment", {}).get("choices")


def place_order(client):
    client.get(reverse("checkout:shipping-method"))
    client.get(reverse("checkout:payment-method"))
    client.get(reverse("checkout:payment-details"))
    return client.post(reverse("checkout:preview"), {"action": "place_order"})


def drive(shop):
    return f"point_pickup:{shop.drive.pk}"


def workshop(shop):
    return f"workshop_pickup:{shop.workshop.pk}"


def test_checkout_starts_with_the_delivery_or_pickup_step(client, consumer, shop):
    fill_basket(client, shop.soap)

    response = client.get(reverse("checkout:index"))

    assert response.status_code == 302
    assert response["Location"] == FULFILMENT_URL


def test_step_lists_each_artisan_with_their_methods_and_costs(
    client, consumer, shop, online_payment
):
    # given a basket with goods of three artisans
    fill_basket(client, shop.soap, shop.santon, shop.sweets)

    # when the consumer opens the step
    response = client.get(FULFILMENT_URL)

    # then each artisan's part is offered what this artisan offers, priced
    assert response.status_code == 200
    rows = {row["part"].vendor.pk: row for row in response.context["rows"]}
    soap, santon, sweets = (
        rows[shop.savonnerie.pk],
        rows[shop.santons.pk],
        rows[shop.calissons.pk],
    )
    assert soap["part"].delivery_cost == D("6.90")
    assert [o["option"].point for o in soap["options"]] == [shop.drive]
    assert [s.pk for s in soap["options"][0]["option"].slots] == [shop.drive_slot.pk]
    # 60 € of santons is above the artisan's 50 € threshold: delivery is free
    assert santon["part"].delivery_cost == D("0.00")
    assert [o["option"].point for o in santon["options"]] == [shop.workshop]
    # no options set: home delivery at the default rates, no pickup
    assert sweets["part"].delivery_cost == D("6.90")
    assert sweets["options"] == []
    # delivery is preselected wherever offered: 6.90 + 0 + 6.90
    assert response.context["fulfilment_total"] == D("13.80")
    assert response.context["order_total_estimate"] == D("90.30")
    page = response.content.decode()
    for text in (
        "Savonnerie Marius Roux",
        "Santons Magali Fabre",
        "Calissons du Roy René",
        "Drive fermier du Prado",
        "Atelier Fabre",
        f'name="v{shop.savonnerie.pk}-slot-{shop.drive.pk}"',
    ):
        assert text in page
    assert "Drive de la Joliette" not in page


def test_delivery_is_charged_per_kg_of_weighed_products(
    client, consumer, shop, online_payment
):
    fulfilment = shop.savonnerie.fulfilment
    fulfilment.delivery_rate_per_kg = D("1.20")
    fulfilment.save()
    ProductAttribute.objects.create(
        product_class=shop.soap.product_class,
        name="weight",
        code="weight",
        type="float",
    )
    shop.soap.attr.weight = 2.5
    shop.soap.save()
    unweighed = create_artisan_product(shop.savonnerie, "Huile", price="12.00")
    fill_basket(client, shop.soap, unweighed)

    response = client.get(FULFILMENT_URL)

    # 6.90 + 2.5 kg x 1.20; the oil without a weight adds nothing
    (row,) = response.context["rows"]
    assert row["part"].delivery_cost == D("9.90")


def test_drive_and_workshop_pickups_place_one_order_with_two_bookings(
    client, consumer, shop
):
    # given soap (drive pickup) and a santon (workshop pickup) in the basket
    fill_basket(client, shop.soap, shop.santon)

    # when the consumer chooses a slot for each
    response = choose(
        client,
        shop,
        savonnerie=(drive(shop), shop.drive_slot),
        santons=(workshop(shop), shop.workshop_slot),
    )

    # then a place is held in each slot and the choices are kept
    assert response.status_code == 302, response.content.decode()
    assert response["Location"] == reverse("checkout:shipping-address")
    held = Reservation.objects.filter(status=ReservationStatus.HELD)
    assert {r.slot_id for r in held} == {shop.drive_slot.pk, shop.workshop_slot.pk}

    # and when they go on and place the order
    response = client.get(reverse("checkout:shipping-address"))
    assert response["Location"] == reverse("checkout:shipping-method")
    response = place_order(client)

    # then one order, one part per artisan, each with its method and cost
    assert response.status_code == 302
    assert response["Location"] == reverse("checkout:thank-you")
    order = Order.objects.get()
    assert order.shipping_address is None
    parts = {vo.vendor_id: vo for vo in order.vendor_orders.all()}
    assert parts[shop.savonnerie.pk].fulfilment_method == FulfilmentMethod.POINT_PICKUP
    assert parts[shop.santons.pk].fulfilment_method == FulfilmentMethod.WORKSHOP_PICKUP
    assert {vo.fulfilment_cost for vo in parts.values()} == {D("0.00")}
    assert order.total_incl_tax == D("67.50")
    assert sum(vo.total_incl_tax for vo in parts.values()) == order.total_incl_tax
    # and both slots are booked for these parts, with a pickup code each
    confirmed = Reservation.objects.filter(status=ReservationStatus.CONFIRMED)
    assert {r.vendor_order_id for r in confirmed} == {vo.pk for vo in parts.values()}
    assert all(len(r.pickup_code) == 8 for r in confirmed)
    assert not Reservation.objects.filter(status=ReservationStatus.HELD).exists()
    assert Slot.objects.get(pk=shop.drive_slot.pk).reserved == 1

    # and the thank-you page gives place, slot, code and QR code of each pickup
    page = client.get(reverse("checkout:thank-you")).content.decode()
    for reservation in confirmed:
        code = reservation.pickup_code
        assert f"{code[:4]}-{code[4:]}" in page
    assert page.count("<svg") >= 2
    assert "Porte B, parking P2" in page
    assert "3 rue des Santonniers" in page
    # and so does the e-mail
    (email,) = [m for m in mail.outbox if m.to == ["louise@example.fr"]]
    html = email.alternatives[0][0]
    for reservation in confirmed:
        code = reservation.pickup_code
        assert f"{code[:4]}-{code[4:]}" in email.body
        assert f"{code[:4]}-{code[4:]}" in html
    assert html.count("data:image/png;base64,") == 2


def test_all_pickup_basket_skips_the_address_and_has_none(client, consumer, shop):
    fill_basket(client, shop.soap)
    choose(client, shop, savonnerie=(drive(shop), shop.drive_slot))

    response = client.get(reverse("checkout:shipping-address"), follow=True)

    # the address step is skipped straight on to payment
    assert response.redirect_chain[0][0] == reverse("checkout:shipping-method")
    assert response.request["PATH_INFO"] == reverse("checkout:payment-details")
    response = client.post(reverse("checkout:preview"), {"action": "place_order"})
    assert response["Location"] == reverse("checkout:thank-you")
    order = Order.objects.get()
    assert order.shipping_address is None
    assert order.total_incl_tax == D("7.50")


def test_delivery_asks_for_the_address_and_charges_per_artisan(
    client, consumer, shop, online_payment
):
    # given the soap collected at the drive and the calissons delivered
    fill_basket(client, shop.soap, shop.sweets)
    choose(
        client,
        shop,
        savonnerie=(drive(shop), shop.drive_slot),
        calissons=("delivery", None),
    )

    # then the address is asked, and required before payment
    assert client.get(reverse("checkout:shipping-address")).status_code == 200
    response = client.get(reverse("checkout:payment-details"))
    assert response["Location"] == reverse("checkout:shipping-address")

    # when the consumer gives it and places the order
    client.post(
        reverse("checkout:shipping-address"),
        {
            "first_name": "Louise",
            "last_name": "Durand",
            "line1": "12 rue de la République",
            "line4": "Salon-de-Provence",
            "postcode": "13300",
            "phone_number": "",
        },
    )
    response = place_order(client)

    # then the order waits for its online payment, and the delivered part
    # carries its delivery cost
    order = Order.objects.get()
    assert response["Location"] == reverse("checkout:pay", args=[order.number])
    assert order.status == "pending_payment"
    assert order.shipping_address.line4 == "Salon-de-Provence"
    assert order.shipping_incl_tax == D("6.90")
    assert order.total_incl_tax == D("23.40")
    sweets = order.vendor_orders.get(vendor=shop.calissons)
    assert sweets.fulfilment_method == FulfilmentMethod.DELIVERY
    assert sweets.fulfilment_cost == D("6.90")
    soap = order.vendor_orders.get(vendor=shop.savonnerie)
    assert soap.fulfilment_cost == D("0.00")
    assert sum(vo.total_incl_tax for vo in order.vendor_orders.all()) == D("23.40")


def past_slot(shop):
    return SlotFactory(
        point=shop.drive, starts_at=timezone.now() - datetime.timedelta(hours=3)
    )


def full_slot(shop):
    return SlotFactory(
        point=shop.drive,
        starts_at=timezone.now() + datetime.timedelta(days=3),
        capacity=2,
        reserved=2,
    )


SAVONNERIE = {"vendor": "Savonnerie Marius Roux"}


@pytest.mark.parametrize(
    "tamper, message, params",
    [
        (
            lambda s: ("teleport:1", None),
            "Please choose one of the ways %(vendor)s offers.",
            SAVONNERIE,
        ),
        (
            lambda s: (f"point_pickup:{s.other_drive.pk}", s.other_slot),
            "%(vendor)s does not offer pickups at this place.",
            SAVONNERIE,
        ),
        (
            lambda s: (f"workshop_pickup:{s.drive.pk}", s.drive_slot),
            "%(vendor)s does not offer pickups at this place.",
            SAVONNERIE,
        ),
        (
            lambda s: (drive(s), s.other_slot),
            "This time slot is not one of %(point)s's.",
            {"point": "Drive fermier du Prado"},
        ),
        (lambda s: (drive(s), past_slot(s)), "This time slot is already over.", {}),
        (lambda s: (drive(s), full_slot(s)), FULL, {}),
        (
            lambda s: ("delivery", None),
            "%(vendor)s does not offer home delivery.",
            SAVONNERIE,
        ),
    ],
    ids=[
        "unknown-method",
        "point-not-served",
        "workshop-of-another",
        "slot-of-another-point",
        "past-slot",
        "full-slot",
        "delivery-not-offered",
    ],
)
def test_tampered_choices_are_refused_and_change_nothing(
    client, consumer, shop, tamper, message, params
):
    shop.savonnerie.fulfilment.delivers = False
    shop.savonnerie.fulfilment.save()
    fill_basket(client, shop.soap)
    choice, slot = tamper(shop)
    reserved_before = dict(Slot.objects.values_list("pk", "reserved"))

    response = choose(client, shop, savonnerie=(choice, slot))

    assert response.status_code == 200
    assert shown(message, **params) in response.content.decode()
    assert not stored_choices(client)
    assert not Reservation.objects.exists()
    assert dict(Slot.objects.values_list("pk", "reserved")) == reserved_before


def test_one_full_slot_refuses_the_whole_submission(client, consumer, shop):
    fill_basket(client, shop.soap, shop.santon)
    # The workshop slot fills up between the page and the submission.
    Slot.objects.filter(pk=shop.workshop_slot.pk).update(reserved=F("capacity"))

    response = choose(
        client,
        shop,
        savonnerie=(drive(shop), shop.drive_slot),
        santons=(workshop(shop), shop.workshop_slot),
    )

    assert response.status_code == 200
    assert shown(FULL) in response.content.decode()
    assert not Reservation.objects.exists()
    assert Slot.objects.get(pk=shop.drive_slot.pk).reserved == 0
    assert not stored_choices(client)


def test_a_new_choice_releases_the_previous_hold(
    client, consumer, shop, online_payment
):
    fill_basket(client, shop.soap)
    choose(client, shop, savonnerie=(drive(shop), shop.drive_slot))
    assert Slot.objects.get(pk=shop.drive_slot.pk).reserved == 1

    choose(client, shop, savonnerie=("delivery", None))

    assert Slot.objects.get(pk=shop.drive_slot.pk).reserved == 0
    assert not Reservation.objects.filter(status=ReservationStatus.HELD).exists()
    assert stored_choices(client)[str(shop.savonnerie.pk)]["method"] == "delivery"


def test_a_changed_basket_releases_the_holds_and_asks_again(client, consumer, shop):
    fill_basket(client, shop.soap)
    choose(client, shop, savonnerie=(drive(shop), shop.drive_slot))

    fill_basket(client, shop.santon)
    response = client.get(reverse("checkout:payment-details"))

    assert response["Location"] == FULFILMENT_URL
    assert Slot.objects.get(pk=shop.drive_slot.pk).reserved == 0
    assert not Reservation.objects.filter(status=ReservationStatus.HELD).exists()
    assert not stored_choices(client)


def test_slot_full_at_placement_places_nothing_and_asks_for_another(
    client, consumer, shop
):
    # given a drive pickup chosen, whose hold then expired and was swept
    fill_basket(client, shop.soap)
    choose(client, shop, savonnerie=(drive(shop), shop.drive_slot))
    Reservation.objects.update(status=ReservationStatus.RELEASED)
    # ... while other consumers took every place
    Slot.objects.filter(pk=shop.drive_slot.pk).update(reserved=F("capacity"))
    client.get(reverse("checkout:shipping-method"))
    client.get(reverse("checkout:payment-details"))

    # when the consumer places the order
    response = client.post(
        reverse("checkout:preview"), {"action": "place_order"}, follow=True
    )

    # then nothing is placed, no stock is allocated, and they choose again
    assert response.redirect_chain[0][0] == FULFILMENT_URL
    assert shown(FULL) in response.content.decode()
    assert not Order.objects.exists()
    assert not VendorOrder.objects.exists()
    assert shop.soap.stockrecords.get().num_allocated in (0, None)
    assert not Reservation.objects.filter(status=ReservationStatus.CONFIRMED).exists()
    # the basket is open again, with the soap in it
    assert response.context["request"].basket.num_items == 1
    assert response.context["request"].basket.status == "Open"


def test_a_failed_payment_releases_the_holds(client, consumer, shop, monkeypatch):
    PaymentDetailsView = get_class("checkout.views", "PaymentDetailsView")

    def refuse(self, order_number, total, **kwargs):
        raise UnableToTakePayment("Card declined")

    monkeypatch.setattr(PaymentDetailsView, "handle_payment", refuse)
    fill_basket(client, shop.soap)
    choose(client, shop, savonnerie=(drive(shop), shop.drive_slot))

    response = place_order(client)

    assert response.status_code == 200
    assert not Order.objects.exists()
    assert Slot.objects.get(pk=shop.drive_slot.pk).reserved == 0
    assert not Reservation.objects.filter(status=ReservationStatus.HELD).exists()


def test_an_artisan_dropped_from_the_basket_loses_their_hold(client, consumer, shop):
    fill_basket(client, shop.soap, shop.santon)
    choose(
        client,
        shop,
        savonnerie=(drive(shop), shop.drive_slot),
        santons=(workshop(shop), shop.workshop_slot),
    )
    Basket.objects.get(owner=consumer, status="Open").lines.filter(
        product=shop.santon
    ).delete()

    choose(client, shop, savonnerie=(drive(shop), shop.drive_slot))

    assert Slot.objects.get(pk=shop.workshop_slot.pk).reserved == 0
    assert Slot.objects.get(pk=shop.drive_slot.pk).reserved == 1
    assert set(stored_choices(client)) == {str(shop.savonnerie.pk)}


def test_choosing_again_the_slot_whose_last_place_you_hold_is_accepted(
    client, consumer, shop
):
    Slot.objects.filter(pk=shop.drive_slot.pk).update(capacity=1)
    fill_basket(client, shop.soap)
    choose(client, shop, savonnerie=(drive(shop), shop.drive_slot))

    response = choose(client, shop, savonnerie=(drive(shop), shop.drive_slot))

    assert response.status_code == 302
    assert Slot.objects.get(pk=shop.drive_slot.pk).reserved == 1
    assert Reservation.objects.filter(status=ReservationStatus.HELD).count() == 1


def test_an_expired_hold_not_yet_swept_does_not_block_its_own_order(
    client, consumer, shop
):
    Slot.objects.filter(pk=shop.drive_slot.pk).update(capacity=1)
    fill_basket(client, shop.soap)
    choose(client, shop, savonnerie=(drive(shop), shop.drive_slot))
    Reservation.objects.update(
        hold_expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )

    response = place_order(client)

    assert response["Location"] == reverse("checkout:thank-you")
    assert Slot.objects.get(pk=shop.drive_slot.pk).reserved == 1
    (reservation,) = Reservation.objects.exclude(status=ReservationStatus.RELEASED)
    assert reservation.status == ReservationStatus.CONFIRMED
