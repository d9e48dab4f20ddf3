"""The logistics console: only the points one runs, manifests, check-in, hand-over."""

import csv
import datetime
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_model
from oscar.test import factories as oscar_factories

from delivery.actions import check_in_parcel, confirm_reservation, format_code
from delivery.models import ParcelStatus, Reservation
from tests import factories
from tests.factories import UserFactory, VendorFactory, create_artisan_product
from tests.factories.delivery import PickupPointFactory, SlotFactory, serving
from vendors.models import VendorOrder, VendorOrderStatus

Basket = get_model("basket", "Basket")

pytestmark = pytest.mark.django_db

PRICE = "27.35"


def slot_on(point, day, hour=12, capacity=50):
    """A one-hour slot of ``point`` starting at ``hour`` (Paris time) on ``day``."""
    starts_at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))
    return SlotFactory(
        point=point,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=1),
        capacity=capacity,
    )


def place_order(vendor, product=None, customer=None, shipping_name=None):
    """A real order of one ``vendor`` product; returns its vendor order."""
    product = product or create_artisan_product(vendor, price=PRICE)
    address = None
    if shipping_name:
        first, last = shipping_name.split(" ", 1)
        address = oscar_factories.ShippingAddressFactory(
            first_name=first, last_name=last
        )
    order = factories.place_order(
        (product, 1), user=customer or UserFactory(), shipping_address=address
    )
    return order.vendor_orders.get()


def book_parcel(slot, vendor_order):
    """A confirmed reservation (a parcel) of ``vendor_order`` in ``slot``."""
    reservation = confirm_reservation(
        slot,
        vendor_order.vendor,
        vendor_order,
        now=slot.starts_at - datetime.timedelta(days=3),
    )
    # As stored: a new order's number is an int until it is read back.
    return Reservation.objects.select_related("slot", "vendor_order__order").get(
        pk=reservation.pk
    )


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def artisan():
    vendor = VendorFactory(partner__name="Savonnerie du Vieux Moulin")
    vendor.product = create_artisan_product(vendor, price=PRICE)
    return vendor


@pytest.fixture
def point(artisan):
    point = PickupPointFactory(name="Drive de la Joliette", slug="drive-joliette")
    serving(artisan, point)
    return point


@pytest.fixture
def logistician(point):
    user = UserFactory(email="logistique@example.fr")
    point.staff.add(user)
    return user


@pytest.fixture
def console(client, logistician):
    client.force_login(logistician)
    return client


@pytest.fixture
def parcel(artisan, point, today):
    vendor_order = place_order(artisan, artisan.product, shipping_name="Lucie Fabre")
    return book_parcel(slot_on(point, today), vendor_order)


@pytest.fixture
def elsewhere(artisan):
    """A point run by someone else, with a parcel of today."""
    other = PickupPointFactory(name="Relais de Cucuron", slug="relais-cucuron")
    serving(artisan, other)
    other.staff.add(UserFactory(email="autre@example.fr"))
    reservation = book_parcel(
        slot_on(other, timezone.localdate()), place_order(artisan, artisan.product)
    )
    return other, reservation


def manifest_url(point, **params):
    url = reverse("logistics:manifest", kwargs={"slug": point.slug})
    if params:
        url += "?" + "&".join(f"{key}={value}" for key, value in params.items())
    return url


def hand_over_url(point):
    return reverse("logistics:hand-over", kwargs={"slug": point.slug})


def check_in_url(point, reservation):
    return reverse(
        "logistics:check-in", kwargs={"slug": point.slug, "pk": reservation.pk}
    )


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


# Who may open the console ----------------------------------------------------


def test_anonymous_visitors_are_sent_to_the_login_page(client, point):
    for url in (reverse("logistics:home"), manifest_url(point)):
        response = client.get(url)

        assert response.status_code == 302
        assert response["Location"].startswith(reverse("customer:login"))


@pytest.mark.parametrize("who", ["consumer", "artisan"])
def test_consumers_and_artisans_cannot_open_the_console(client, point, artisan, who):
    user = UserFactory()
    if who == "artisan":
        artisan.partner.users.add(user)
    client.force_login(user)

    for url in (reverse("logistics:home"), manifest_url(point), hand_over_url(point)):
        assert client.get(url).status_code == 403


def test_a_logistician_sees_only_the_points_they_run_with_todays_counts(
    console, logistician, artisan, point, parcel, elsewhere, today
):
    # given: today at the point run, one parcel per status, plus one tomorrow
    second_point = PickupPointFactory(name="Drive d'Aix", slug="drive-aix")
    second_point.staff.add(logistician)
    slot = parcel.slot
    received = book_parcel(slot, place_order(artisan, artisan.product))
    check_in_parcel(received, logistician)
    handed = book_parcel(slot, place_order(artisan, artisan.product))
    Reservation.objects.filter(pk=handed.pk).update(
        parcel_status=ParcelStatus.HANDED_OVER
    )
    no_show = book_parcel(slot, place_order(artisan, artisan.product))
    Reservation.objects.filter(pk=no_show.pk).update(parcel_status=ParcelStatus.NO_SHOW)
    book_parcel(
        slot_on(point, today + datetime.timedelta(days=1)),
        place_order(artisan, artisan.product),
    )

    # when
    response = console.get(reverse("logistics:home"))

    # then
    points = {p.slug: p for p in response.context["points"]}
    assert set(points) == {"drive-joliette", "drive-aix"}
    joliette = points["drive-joliette"]
    assert (
        joliette.awaited,
        joliette.received,
        joliette.handed_over,
        joliette.no_show,
    ) == (1, 1, 1, 1)
    assert points["drive-aix"].awaited == 0
    assert "Relais de Cucuron" not in response.content.decode()


def test_another_points_manifest_and_parcels_are_not_found(console, point, elsewhere):
    other, reservation = elsewhere

    assert console.get(manifest_url(other)).status_code == 404
    assert console.get(manifest_url(other, format="csv")).status_code == 404
    assert console.post(check_in_url(other, reservation)).status_code == 404
    # Through the point one runs, another point's parcel does not exist either.
    assert console.post(check_in_url(point, reservation)).status_code == 404
    response = console.post(hand_over_url(other), {"code": reservation.pickup_code})
    assert response.status_code == 404

    reservation.refresh_from_db()
    assert reservation.parcel_status == ParcelStatus.AWAITED
    assert reservation.checked_in_at is None


# The manifest ----------------------------------------------------------------


def test_the_manifest_lists_the_days_parcels_by_slot(
    console, artisan, point, parcel, today
):
    # given: a later slot with a parcel whose customer has no shipping address,
    # an empty slot, a parcel of another day and a checkout hold
    customer = UserFactory(first_name="Jean", last_name="Giono")
    later = slot_on(point, today, hour=17)
    second = book_parcel(later, place_order(artisan, artisan.product, customer))
    slot_on(point, today, hour=18)
    tomorrow = book_parcel(
        slot_on(point, today + datetime.timedelta(days=1)),
        place_order(artisan, artisan.product),
    )
    held = Reservation.objects.create(slot=later, vendor=artisan, basket_id=99)

    # when
    response = console.get(manifest_url(point, date=today.isoformat()))

    # then
    html = response.content.decode()
    slots = response.context["slots"]
    assert [len(s.rows) for s in slots] == [1, 1, 0]
    first = slots[0].rows[0]
    assert first.order_number == parcel.vendor_order.order.number
    assert first.artisan == "Savonnerie du Vieux Moulin"
    assert first.customer == "Lucie Fabre"
    assert slots[1].rows[0].customer == "Jean Giono"
    assert first.code_hint.endswith(parcel.pickup_code[-4:])
    assert parcel.vendor_order.order.number in html
    assert "Lucie Fabre" in html and "Jean Giono" in html
    assert parcel.pickup_code[-4:] in html
    # The whole code never shows: it is what releases the parcel.
    for code in (parcel.pickup_code, second.pickup_code, tomorrow.pickup_code):
        assert code not in html
        assert format_code(code) not in html
    assert tomorrow.vendor_order.order.number not in html
    assert f'data-reservation="{held.pk}"' not in html


def test_the_customer_is_the_account_email_when_there_is_no_name(
    console, artisan, point, today
):
    customer = UserFactory(email="sans.nom@example.fr", first_name="", last_name="")
    book_parcel(slot_on(point, today), place_order(artisan, artisan.product, customer))

    response = console.get(manifest_url(point, date=today.isoformat()))

    assert response.context["slots"][0].rows[0].customer == "sans.nom@example.fr"


@pytest.mark.parametrize(
    "search, expected",
    [
        ("code_tail", "Lucie Fabre"),
        ("full_code", "Lucie Fabre"),
        ("Marius", "Marius Pagnol"),
    ],
)
def test_the_manifest_is_searched_by_code_or_customer_name(
    console, artisan, point, parcel, today, search, expected
):
    book_parcel(
        parcel.slot,
        place_order(artisan, artisan.product, shipping_name="Marius Pagnol"),
    )
    query = {
        "code_tail": parcel.pickup_code[-4:].lower(),
        "full_code": format_code(parcel.pickup_code),
    }.get(search, search)

    response = console.get(manifest_url(point, date=today.isoformat(), q=query))

    rows = [row for s in response.context["slots"] for row in s.rows]
    assert [row.customer for row in rows] == [expected]


@pytest.mark.parametrize("date", ["2026-13-45", "9999-12-31", "demain", "0001-01-01"])
def test_an_invalid_date_shows_a_message_and_todays_manifest(
    console, point, parcel, date
):
    response = console.get(manifest_url(point, date=date))

    assert response.status_code == 200
    assert response.context["day"] == timezone.localdate()
    assert any(date in m for m in messages_of(response))
    assert parcel.vendor_order.order.number in response.content.decode()


def test_the_manifest_costs_the_same_queries_for_5_or_40_parcels(
    console, artisan, point, today
):
    def queries_for_parcels(count, day):
        slots = [slot_on(point, day, hour=9 + h) for h in range(4)]
        for index in range(count):
            book_parcel(
                slots[index % 4],
                place_order(artisan, artisan.product, shipping_name="Anne Roux"),
            )
        url = manifest_url(point, date=day.isoformat())
        console.get(url)  # the first request of a session also sets it up
        with CaptureQueriesContext(connection) as queries:
            response = console.get(url)
        assert sum(len(s.rows) for s in response.context["slots"]) == count
        return len(queries)

    few = queries_for_parcels(5, today)
    many = queries_for_parcels(40, today + datetime.timedelta(days=1))

    assert few == many


def test_the_manifest_shows_no_payment_information(console, parcel, point, today):
    vendor_order = parcel.vendor_order
    order = vendor_order.order

    response = console.get(manifest_url(point, date=today.isoformat()))

    html = response.content.decode()
    for amount in {
        order.total_incl_tax,
        order.total_excl_tax,
        vendor_order.total_incl_tax,
        vendor_order.net_amount,
        vendor_order.commission_amount,
    }:
        assert str(amount) not in html
        assert str(amount).replace(".", ",") not in html
    assert "stripe" not in html.lower()


def test_the_manifest_prints_with_its_print_stylesheet(console, point, parcel):
    response = console.get(manifest_url(point))

    html = response.content.decode()
    assert 'media="print"' in html and "css/print.css" in html
    assert html.count('id="manifest"') == 1


def test_the_days_manifest_downloads_as_csv(console, artisan, point, parcel, today):
    book_parcel(
        slot_on(point, today, hour=15),
        place_order(artisan, artisan.product, shipping_name="=Mal Veillant"),
    )

    response = console.get(manifest_url(point, date=today.isoformat(), format="csv"))

    assert response["Content-Type"].startswith("text/csv")
    assert f"manifest-drive-joliette-{today}.csv" in response["Content-Disposition"]
    body = response.content.decode()
    rows = list(csv.reader(io.StringIO(body)))
    assert len(rows) == 3
    first = rows[1]
    assert first[0].startswith("12:00")
    assert first[1:4] == [
        parcel.vendor_order.order.number,
        "Savonnerie du Vieux Moulin",
        "Lucie Fabre",
    ]
    assert first[4].endswith(parcel.pickup_code[-4:])
    assert parcel.pickup_code not in body
    assert PRICE not in body and PRICE.replace(".", ",") not in body
    # A name that looks like a formula is not run by a spreadsheet.
    assert rows[2][3] == "'=Mal Veillant"


# Check-in and hand-over ------------------------------------------------------


def test_checking_in_a_parcel_records_it_once(console, logistician, point, parcel):
    response = console.post(check_in_url(point, parcel), follow=True)

    parcel.refresh_from_db()
    assert parcel.parcel_status == ParcelStatus.RECEIVED
    assert parcel.handled_by == logistician
    assert parcel.checked_in_at is not None
    assert any(parcel.vendor_order.order.number in m for m in messages_of(response))

    checked_in_at = parcel.checked_in_at
    again = console.post(check_in_url(point, parcel), follow=True)

    parcel.refresh_from_db()
    assert parcel.checked_in_at == checked_in_at
    assert any("already" in m or "déjà" in m for m in messages_of(again))


def test_the_hand_over_form_has_one_autofocused_input(console, point):
    response = console.get(hand_over_url(point))

    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('name="code"') == 1
    assert "autofocus" in html


def test_a_parcel_is_handed_over_once_and_its_order_moves_on(
    console, logistician, point, parcel
):
    # given: received at the point, the artisan's order ready
    check_in_parcel(parcel, logistician)
    VendorOrder.objects.filter(pk=parcel.vendor_order_id).update(
        status=VendorOrderStatus.READY
    )
    typed = format_code(parcel.pickup_code).lower()

    # when
    response = console.post(hand_over_url(point), {"code": typed}, follow=True)

    # then
    parcel.refresh_from_db()
    vendor_order = VendorOrder.objects.get(pk=parcel.vendor_order_id)
    assert parcel.parcel_status == ParcelStatus.HANDED_OVER
    assert parcel.handled_by == logistician
    assert vendor_order.status == VendorOrderStatus.HANDED_OVER
    success = " ".join(messages_of(response))
    assert vendor_order.order.number in success
    assert "Lucie Fabre" in success

    # and a second time, with the same code, it is refused
    handed_over_at = parcel.handed_over_at
    again = console.post(hand_over_url(point), {"code": typed})

    parcel.refresh_from_db()
    assert parcel.handed_over_at == handed_over_at
    assert any("already" in m or "déjà" in m for m in messages_of(again))
    assert (
        vendor_order.events.filter(to_status=VendorOrderStatus.HANDED_OVER).count() == 1
    )


def test_a_parcel_of_an_order_not_marked_ready_is_handed_over_all_the_same(
    console, logistician, point, parcel
):
    check_in_parcel(parcel, logistician)
    VendorOrder.objects.filter(pk=parcel.vendor_order_id).update(
        status=VendorOrderStatus.IN_PREPARATION
    )

    console.post(hand_over_url(point), {"code": parcel.pickup_code})

    parcel.refresh_from_db()
    assert parcel.parcel_status == ParcelStatus.HANDED_OVER
    assert VendorOrder.objects.get(pk=parcel.vendor_order_id).status == (
        VendorOrderStatus.IN_PREPARATION
    )


@pytest.mark.parametrize(
    "case, message",
    [
        ("empty_like", "8 characters|8 caractères"),
        ("unknown", "not valid|pas valide|invalide"),
        ("used", "already|déjà"),
        ("other_point", "another point|autre point"),
        ("not_checked_in", "not been checked in|pas encore"),
        ("too_long", "characters|caractères|at most|au plus"),
    ],
)
def test_refused_codes_show_why_and_change_nothing(
    console, logistician, artisan, point, parcel, elsewhere, case, message
):
    # given: the parcel at this point received and its order ready
    check_in_parcel(parcel, logistician)
    VendorOrder.objects.filter(pk=parcel.vendor_order_id).update(
        status=VendorOrderStatus.READY
    )
    other_reservation = elsewhere[1]
    check_in_parcel(other_reservation, logistician)
    target = parcel
    if case == "used":
        Reservation.objects.filter(pk=parcel.pk).update(
            parcel_status=ParcelStatus.HANDED_OVER
        )
        code = parcel.pickup_code
    elif case == "not_checked_in":
        target = book_parcel(parcel.slot, place_order(artisan, artisan.product))
        code = target.pickup_code
    elif case == "other_point":
        target = other_reservation
        code = other_reservation.pickup_code
    else:
        code = {
            "empty_like": "AB-CD",
            "unknown": "ZZZZ-ZZZZ",
            "too_long": "A" * 80,
        }[case]
    target.refresh_from_db()
    before = Reservation.objects.values().get(pk=target.pk)
    order_status = VendorOrder.objects.get(pk=target.vendor_order_id).status

    # when
    response = console.post(hand_over_url(point), {"code": code})

    # then
    assert response.status_code == 200
    errors = " ".join(messages_of(response)) + response.content.decode()
    assert re.search(message, errors)
    assert Reservation.objects.values().get(pk=target.pk) == before
    assert VendorOrder.objects.get(pk=target.vendor_order_id).status == order_status
