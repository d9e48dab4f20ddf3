"""The logistics console: only the points one runs, manifests, check-in,
hand-over (with payment at pickup) and the day's takings."""

import csv
import datetime
import io
import re
from decimal import Decimal as D

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format, localize, number_format
from django.utils.html import escape
from django.utils.translation import gettext, ngettext
from oscar.core.loading import get_model
from oscar.core.prices import Price
from oscar.test import factories as oscar_factories

from delivery.actions import confirm_reservation, format_code
from delivery.models import ParcelStatus, Reservation
from shop.apps.payment.models import (
    CollectionHolder,
    CollectionMethod,
    PickupCollection,
)
from shop.apps.payment.pay_at_pickup import new_source
from tests import factories
from tests.factories import UserFactory, VendorFactory, create_artisan_product
from tests.factories.delivery import PickupPointFactory, SlotFactory, serving
from tests.factories.orders import bring_to, hand_over, step
from vendors.models import (
    ActorRole,
    FulfilmentMethod,
    PartAction,
    VendorOrder,
    VendorOrderStatus,
)

Basket = get_model("basket", "Basket")
Transaction = get_model("payment", "Transaction")

pytestmark = pytest.mark.django_db

PRICE = "27.35"
# A code set on the parcel under test, so that no part of it can turn up on a
# page by chance (random codes could match a number or a token).
KNOWN_CODE = "QWRTXKJV"


def tr(message, **params):
    """``message`` as the console shows it, in the site's language."""
    with translation.override(settings.LANGUAGE_CODE):
        text = gettext(message)
        # Amounts as the site writes them (7,50 in French).
        params = {key: localize(value) for key, value in params.items()}
    return text % params if params else text


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
    """A confirmed reservation (a parcel) of ``vendor_order`` in ``slot``: the
    part becomes a pickup at the slot's point."""
    vendor_order.fulfilment_method = FulfilmentMethod.POINT_PICKUP
    vendor_order.save(update_fields=["fulfilment_method"])
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


def pay_at_pickup(vendor_order):
    """Make the order of ``vendor_order`` paid at pickup, as the checkout does:
    its pay-at-pickup source, allocated, nothing debited."""
    order = vendor_order.order
    source = new_source(
        Price(order.currency, order.total_excl_tax, incl_tax=order.total_incl_tax)
    )
    source.order = order
    source.save()
    return source


def ready_at_point(parcel):
    """Accepted, prepared, marked ready and checked in at its point."""
    return bring_to(parcel.vendor_order, VendorOrderStatus.READY)


def with_known_code(parcel):
    Reservation.objects.filter(pk=parcel.pk).update(pickup_code=KNOWN_CODE)
    parcel.pickup_code = KNOWN_CODE
    return parcel


@pytest.fixture(autouse=True)
def no_code_attempts_counted():
    """Wrong codes are counted in the cache (locmem in tests): start afresh."""
    cache.clear()
    yield
    cache.clear()


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
    user = UserFactory(
        email="logistique@example.fr", first_name="Paule", last_name="Berthier"
    )
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


def takings_url(point, **params):
    url = reverse("logistics:takings", kwargs={"slug": point.slug})
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


def state_of(parcel):
    """What a refused step must leave as it was."""
    vendor_order = VendorOrder.objects.get(pk=parcel.vendor_order_id)
    return (
        Reservation.objects.values().get(pk=parcel.pk),
        vendor_order.status,
        vendor_order.events.count(),
        PickupCollection.objects.count(),
        Transaction.objects.count(),
    )


def refused_step_message(vendor_order_status, action):
    with translation.override(settings.LANGUAGE_CODE):
        return gettext(
            "This order is “%(status)s”: “%(step)s” is not possible now."
        ) % {
            "status": VendorOrderStatus(vendor_order_status).label,
            "step": PartAction(action).label,
        }


# Who may open the console ----------------------------------------------------


def test_anonymous_visitors_are_sent_to_the_login_page(client, point):
    for url in (reverse("logistics:home"), manifest_url(point), takings_url(point)):
        response = client.get(url)

        assert response.status_code == 302
        assert response["Location"].startswith(reverse("customer:login"))


@pytest.mark.parametrize("who", ["consumer", "artisan"])
def test_consumers_and_artisans_cannot_open_the_console(client, point, artisan, who):
    user = UserFactory()
    if who == "artisan":
        artisan.partner.users.add(user)
    client.force_login(user)

    for url in (
        reverse("logistics:home"),
        manifest_url(point),
        hand_over_url(point),
        takings_url(point),
    ):
        assert client.get(url).status_code == 403


def test_a_logistician_sees_only_the_points_they_run_with_todays_counts(
    console, logistician, artisan, point, parcel, elsewhere, today
):
    # given: today at the point run, one parcel per status, plus one tomorrow
    second_point = PickupPointFactory(name="Drive d'Aix", slug="drive-aix")
    second_point.staff.add(logistician)
    slot = parcel.slot
    for status in (
        ParcelStatus.RECEIVED,
        ParcelStatus.HANDED_OVER,
        ParcelStatus.NO_SHOW,
        ParcelStatus.RETURNED,
    ):
        other = book_parcel(slot, place_order(artisan, artisan.product))
        Reservation.objects.filter(pk=other.pk).update(parcel_status=status)
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
        joliette.returned,
    ) == (1, 1, 1, 1, 1)
    assert points["drive-aix"].awaited == 0
    html = response.content.decode()
    assert 'data-count="returned">1<' in html
    assert "Relais de Cucuron" not in html
    # each point links to its takings of the day
    for slug in ("drive-joliette", "drive-aix"):
        link = reverse("logistics:takings", kwargs={"slug": slug})
        assert f'href="{link}" data-takings="{slug}"' in html


def test_another_points_pages_and_parcels_are_not_found(console, point, elsewhere):
    other, reservation = elsewhere
    before = state_of(reservation)

    assert console.get(manifest_url(other)).status_code == 404
    assert console.get(manifest_url(other, format="csv")).status_code == 404
    assert console.get(takings_url(other)).status_code == 404
    assert console.get(takings_url(other, format="csv")).status_code == 404
    assert console.get(hand_over_url(other)).status_code == 404
    assert console.post(check_in_url(other, reservation)).status_code == 404
    # Through the point one runs, another point's parcel does not exist either.
    assert console.post(check_in_url(point, reservation)).status_code == 404
    for answers in ({}, {"confirm": "True", "confirm_off_day": "on"}):
        response = console.post(
            hand_over_url(other), {"code": reservation.pickup_code, **answers}
        )
        assert response.status_code == 404

    assert state_of(reservation) == before


# The manifest ----------------------------------------------------------------


def test_the_manifest_lists_the_days_parcels_by_slot_and_never_a_code(
    console, artisan, point, parcel, today
):
    # given: a later slot with a parcel whose customer has no shipping address,
    # an empty slot, a parcel of another day and a checkout hold
    with_known_code(parcel)
    customer = UserFactory(first_name="Jean", last_name="Giono")
    later = slot_on(point, today, hour=17)
    second = book_parcel(later, place_order(artisan, artisan.product, customer))
    slot_on(point, today, hour=18)
    tomorrow = book_parcel(
        slot_on(point, today + datetime.timedelta(days=1)),
        place_order(artisan, artisan.product),
    )
    held = Reservation.objects.create(
        slot=later, vendor=artisan, basket=Basket.objects.create()
    )

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
    assert parcel.vendor_order.order.number in html
    assert "Lucie Fabre" in html and "Jean Giono" in html
    assert tomorrow.vendor_order.order.number not in html
    assert f'data-reservation="{held.pk}"' not in html
    # No code shows, whole or in part: it is what releases the parcel.
    for code in (second.pickup_code, tomorrow.pickup_code):
        assert code not in html
        assert format_code(code) not in html
    page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)
    for part in (KNOWN_CODE[:4], KNOWN_CODE[-4:], KNOWN_CODE[2:6]):
        assert part not in page


def test_the_customer_is_the_account_email_when_there_is_no_name(
    console, artisan, point, today
):
    customer = UserFactory(email="sans.nom@example.fr", first_name="", last_name="")
    book_parcel(slot_on(point, today), place_order(artisan, artisan.product, customer))

    response = console.get(manifest_url(point, date=today.isoformat()))

    assert response.context["slots"][0].rows[0].customer == "sans.nom@example.fr"


def test_the_manifest_shows_what_to_collect_for_parcels_paid_at_pickup_only(
    console, artisan, point, parcel, today
):
    # given: the parcel paid at pickup, another one paid online at another price
    due = parcel.vendor_order.total_incl_tax
    pay_at_pickup(parcel.vendor_order)
    online_product = create_artisan_product(
        artisan, title="Savon au miel", price="13.90"
    )
    online = book_parcel(parcel.slot, place_order(artisan, online_product))
    online_part = online.vendor_order

    # when
    response = console.get(manifest_url(point, date=today.isoformat()))

    # then
    rows = {row.reservation.pk: row for row in response.context["slots"][0].rows}
    assert rows[parcel.pk].amount_to_collect == due
    assert rows[online.pk].amount_to_collect is None
    html = response.content.decode()
    assert f'data-to-collect="{due}"' in html
    assert html.count("data-paid-online") == 1
    assert escape(tr("Paid online")) in html
    for amount in {
        online_part.total_incl_tax,
        online_part.net_amount,
        online_part.commission_amount,
    }:
        assert str(amount) not in html
        assert str(amount).replace(".", ",") not in html
    assert "stripe" not in html.lower()


def test_a_parcel_paid_at_pickup_and_handed_over_has_nothing_left_to_collect(
    console, point, parcel, today
):
    pay_at_pickup(parcel.vendor_order)
    bring_to(parcel.vendor_order, VendorOrderStatus.COMPLETED)

    response = console.get(manifest_url(point, date=today.isoformat()))

    (row,) = response.context["slots"][0].rows
    assert row.amount_to_collect is None
    assert "data-paid-online" not in response.content.decode()


@pytest.mark.parametrize(
    "search, found",
    [
        ("whole_code", True),
        ("whole_code_as_typed", True),
        ("first_4", False),
        ("last_4", False),
        ("first_7", False),
        ("order_number", True),
        ("Lucie", True),
        ("fabre", True),
    ],
)
def test_the_manifest_finds_a_whole_code_an_order_number_or_a_name(
    console, artisan, point, parcel, today, search, found
):
    # given: another parcel in the same slot
    with_known_code(parcel)
    book_parcel(
        parcel.slot,
        place_order(artisan, artisan.product, shipping_name="Marius Pagnol"),
    )
    query = {
        "whole_code": KNOWN_CODE,
        "whole_code_as_typed": format_code(KNOWN_CODE).lower(),
        "first_4": KNOWN_CODE[:4],
        "last_4": KNOWN_CODE[-4:],
        "first_7": KNOWN_CODE[:7],
        "order_number": parcel.vendor_order.order.number,
    }.get(search, search)

    response = console.get(manifest_url(point, date=today.isoformat(), q=query))

    rows = [row for s in response.context["slots"] for row in s.rows]
    assert [row.reservation.pk for row in rows] == ([parcel.pk] if found else [])


def test_the_search_field_says_what_it_finds(console, point):
    response = console.get(manifest_url(point))

    html = response.content.decode()
    field = response.context["filter_form"]["q"]
    with translation.override(settings.LANGUAGE_CODE):
        label, help_text = str(field.label), str(field.help_text)
    assert f'<label for="id_q">{escape(label)}</label>' in html
    assert 'aria-describedby="id_q_helptext"' in html
    assert f'id="id_q_helptext">{escape(help_text)}<' in html


@pytest.mark.parametrize("date", ["2026-13-45", "9999-12-31", "demain", "0001-01-01"])
def test_an_invalid_date_shows_a_message_and_todays_manifest(
    console, point, parcel, date
):
    response = console.get(manifest_url(point, date=date))

    assert response.status_code == 200
    assert response.context["day"] == timezone.localdate()
    assert messages_of(response) == [
        tr(
            "“%(date)s” is not a valid day (YYYY-MM-DD): here is today's list.",
            date=date,
        )
    ]
    assert parcel.vendor_order.order.number in response.content.decode()


def test_the_manifest_costs_the_same_queries_for_5_or_40_parcels(
    console, artisan, point, today
):
    product = create_artisan_product(artisan, price=PRICE, stock=100)

    def queries_for_parcels(count, day):
        slots = [slot_on(point, day, hour=9 + h) for h in range(4)]
        for index in range(count):
            vendor_order = place_order(artisan, product, shipping_name="Anne Roux")
            if index % 2:
                pay_at_pickup(vendor_order)
            book_parcel(slots[index % 4], vendor_order)
        url = manifest_url(point, date=day.isoformat())
        console.get(url)  # the first request of a session also sets it up
        with CaptureQueriesContext(connection) as queries:
            response = console.get(url)
        rows = [row for s in response.context["slots"] for row in s.rows]
        assert len(rows) == count
        assert sum(row.amount_to_collect is not None for row in rows) == count // 2
        return len(queries)

    few = queries_for_parcels(5, today)
    many = queries_for_parcels(40, today + datetime.timedelta(days=1))

    assert few == many


def test_the_manifest_prints_with_its_print_stylesheet(console, point, parcel):
    response = console.get(manifest_url(point))

    html = response.content.decode()
    assert 'media="print"' in html and "css/print.css" in html
    assert html.count('id="manifest"') == 1


def test_the_days_manifest_downloads_as_csv(console, artisan, point, parcel, today):
    # given: the parcel paid at pickup, and a customer named like a formula
    with_known_code(parcel)
    pay_at_pickup(parcel.vendor_order)
    book_parcel(
        slot_on(point, today, hour=15),
        place_order(artisan, artisan.product, shipping_name="=Mal Veillant"),
    )

    # when
    response = console.get(manifest_url(point, date=today.isoformat(), format="csv"))

    # then
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
    assert first[5] == str(parcel.vendor_order.total_incl_tax)
    assert rows[2][5] == ""
    for part in (KNOWN_CODE, KNOWN_CODE[:4], KNOWN_CODE[-4:]):
        assert part not in body
    # A name that looks like a formula is not run by a spreadsheet.
    assert rows[2][3] == "'=Mal Veillant"


# Check-in ----------------------------------------------------------------------


def test_checking_in_a_parcel_makes_its_part_ready_once(
    console, logistician, point, parcel
):
    # given: a new part, its parcel awaited
    vendor_order = parcel.vendor_order
    assert vendor_order.status == VendorOrderStatus.NEW

    # when
    response = console.post(check_in_url(point, parcel), follow=True)

    # then
    parcel.refresh_from_db()
    vendor_order.refresh_from_db()
    assert parcel.parcel_status == ParcelStatus.RECEIVED
    assert parcel.handled_by == logistician
    assert parcel.checked_in_at is not None
    assert vendor_order.status == VendorOrderStatus.READY
    check_ins = vendor_order.events.filter(action=PartAction.CHECK_IN)
    assert [(e.role, e.user) for e in check_ins] == [(ActorRole.LOGISTICS, logistician)]
    assert messages_of(response) == [
        tr("Parcel received: order %(number)s.", number=vendor_order.order.number)
    ]

    # and a second check-in is refused, nothing changes
    before = state_of(parcel)
    again = console.post(check_in_url(point, parcel), follow=True)

    assert messages_of(again) == [tr("This parcel was already checked in.")]
    assert state_of(parcel) == before


def test_a_received_parcel_has_no_check_in_button_any_more(console, point, parcel):
    ready_at_point(parcel)

    response = console.get(manifest_url(point))

    assert check_in_url(point, parcel) not in response.content.decode()


# Hand-over -----------------------------------------------------------------------


def test_the_hand_over_form_has_one_autofocused_input(console, point):
    response = console.get(hand_over_url(point))

    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('name="code"') == 1
    assert "autofocus" in html
    assert response.context.get("preview") is None


def test_a_part_paid_online_is_handed_over_with_its_code_alone(
    console, logistician, point, parcel
):
    # given: received at the point, the part ready
    vendor_order = ready_at_point(parcel)
    typed = format_code(parcel.pickup_code).lower()

    # when
    response = console.post(hand_over_url(point), {"code": typed}, follow=True)

    # then
    assert response.redirect_chain == [(hand_over_url(point), 302)]
    parcel.refresh_from_db()
    vendor_order.refresh_from_db()
    assert parcel.parcel_status == ParcelStatus.HANDED_OVER
    assert parcel.handled_by == logistician
    assert vendor_order.status == VendorOrderStatus.COMPLETED
    hand_overs = vendor_order.events.filter(action=PartAction.HAND_OVER)
    assert [(e.role, e.user) for e in hand_overs] == [
        (ActorRole.LOGISTICS, logistician)
    ]
    assert not PickupCollection.objects.exists()
    assert messages_of(response) == [
        tr(
            "Parcel handed over: order %(number)s for %(customer)s.",
            number=vendor_order.order.number,
            customer="Lucie Fabre",
        )
    ]

    # and a second time, with the same code, it is refused
    before = state_of(parcel)
    again = console.post(hand_over_url(point), {"code": typed})

    assert messages_of(again) == [
        refused_step_message(VendorOrderStatus.COMPLETED, PartAction.HAND_OVER)
    ]
    assert state_of(parcel) == before


@pytest.mark.parametrize("typed_amount", ["as_stored", "with_a_comma"])
def test_a_part_paid_at_pickup_asks_how_it_was_paid_and_records_it_once(
    console, logistician, artisan, point, parcel, typed_amount
):
    # given: the order paid at pickup, the part ready at the point
    source = pay_at_pickup(parcel.vendor_order)
    vendor_order = ready_at_point(parcel)
    due = vendor_order.total_incl_tax
    code = parcel.pickup_code

    # when: the code is typed
    response = console.post(hand_over_url(point), {"code": code})

    # then: the parcel is shown, with what to collect, and nothing changes yet
    assert response.status_code == 200
    preview = response.context["preview"]
    assert preview.vendor_order == vendor_order
    assert preview.amount_to_collect == due
    assert preview.day_warning == ""
    html = response.content.decode()
    assert f'id="amount-to-collect" data-amount="{due}"' in html
    assert re.search(r"<fieldset[^>]*>\s*<legend[^>]*>", html)
    assert len(re.findall(r'type="radio" name="method"', html)) == len(
        CollectionMethod.values
    )
    for text in (vendor_order.order.number, artisan.partner.name, "Lucie Fabre"):
        assert escape(text) in html
    assert f'id="cancel-hand-over" href="{hand_over_url(point)}"' in html
    vendor_order.refresh_from_db()
    assert vendor_order.status == VendorOrderStatus.READY
    assert not PickupCollection.objects.exists()

    # when: the customer paid cash
    amount = str(due) if typed_amount == "as_stored" else str(due).replace(".", ",")
    answers = {"code": code, "confirm": "True", "method": "cash", "amount": amount}
    response = console.post(hand_over_url(point), answers, follow=True)

    # then: handed over, the payment recorded and the source debited
    assert response.redirect_chain == [(hand_over_url(point), 302)]
    with translation.override(settings.LANGUAGE_CODE):
        cash = str(CollectionMethod.CASH.label)
        shown_due = number_format(due, 2)
    assert messages_of(response) == [
        tr(
            "Parcel handed over: order %(number)s for %(customer)s.",
            number=vendor_order.order.number,
            customer="Lucie Fabre",
        ),
        tr(
            "Collected: %(amount)s € (%(method)s).",
            amount=shown_due,
            method=cash,
        ),
    ]
    vendor_order.refresh_from_db()
    assert vendor_order.status == VendorOrderStatus.COMPLETED
    collection = PickupCollection.objects.get()
    assert (
        collection.vendor_order,
        collection.amount,
        collection.method,
        collection.point,
        collection.collected_by,
        collection.holder,
    ) == (
        vendor_order,
        due,
        CollectionMethod.CASH,
        point,
        logistician,
        CollectionHolder.CHAMBER,
    )
    source.refresh_from_db()
    assert source.amount_debited == due
    assert list(source.transactions.values_list("txn_type", "amount")) == [
        (Transaction.DEBIT, due)
    ]
    event = vendor_order.events.get(action=PartAction.HAND_OVER)
    assert event.details["collected"] == str(due)
    assert event.details["collected_method"] == CollectionMethod.CASH

    # and the same answers again change nothing
    before = state_of(parcel)
    again = console.post(hand_over_url(point), answers)

    assert again.status_code == 200
    assert messages_of(again) == [
        refused_step_message(VendorOrderStatus.COMPLETED, PartAction.HAND_OVER)
    ]
    assert state_of(parcel) == before
    source.refresh_from_db()
    assert source.amount_debited == due


@pytest.mark.parametrize("case", ["no_means", "less", "more", "no_amount", "bitcoin"])
def test_a_wrong_amount_or_no_means_of_payment_is_refused_and_changes_nothing(
    console, point, parcel, case
):
    # given: a part paid at pickup, ready at the point
    source = pay_at_pickup(parcel.vendor_order)
    vendor_order = ready_at_point(parcel)
    due = vendor_order.total_incl_tax
    answers = {
        "no_means": {"amount": str(due)},
        "less": {"method": "cash", "amount": str(due - 1)},
        "more": {"method": "card", "amount": str(due + D("0.01"))},
        "no_amount": {"method": "cheque"},
        "bitcoin": {"method": "bitcoin", "amount": str(due)},
    }[case]
    before = state_of(parcel)

    # when
    response = console.post(
        hand_over_url(point),
        {"code": parcel.pickup_code, "confirm": "True", **answers},
    )

    # then: the parcel is shown again, with why
    assert response.status_code == 200
    assert response.context["preview"].vendor_order == vendor_order
    expected = {
        "no_means": tr(
            "The customer pays %(amount)s € for this parcel: say how they paid.",
            amount=due,
        ),
        "less": tr(
            "The customer pays %(due)s € for this parcel, not %(amount)s €.",
            due=due,
            amount=due - 1,
        ),
        "more": tr(
            "The customer pays %(due)s € for this parcel, not %(amount)s €.",
            due=due,
            amount=due + D("0.01"),
        ),
        "no_amount": tr(
            "The customer pays %(due)s € for this parcel, not %(amount)s €.",
            due=due,
            amount=D("0.00"),
        ),
    }
    if case == "bitcoin":
        assert list(response.context["form"].errors) == ["method"]
    else:
        assert messages_of(response) == [expected[case]]
    assert state_of(parcel) == before
    source.refresh_from_db()
    assert source.amount_debited == 0


def day_message(slot, days_late):
    """The console's warning for a hand-over ``days_late`` days after (or
    before, when negative) the slot's day, within the grace period."""
    with translation.override(settings.LANGUAGE_CODE):
        day = date_format(timezone.localtime(slot.starts_at), "l j F")
        if days_late < 0:
            message = ngettext(
                "This parcel is to be collected on %(day)s, tomorrow.",
                "This parcel is to be collected on %(day)s, in %(count)s days.",
                -days_late,
            )
        else:
            message = ngettext(
                "This parcel was to be collected on %(day)s, yesterday.",
                "This parcel was to be collected on %(day)s, %(count)s days ago.",
                days_late,
            )
        return message % {"day": day, "count": abs(days_late)}


@pytest.mark.parametrize("slot_in_days", [-1, 1, -2, 2])
def test_a_hand_over_off_the_slots_day_is_confirmed_first(
    console, artisan, point, today, slot_in_days
):
    # given: a parcel of a slot a day or two away, ready at the point
    assert point.handover_grace_days == 2
    slot = slot_on(point, today + datetime.timedelta(days=slot_in_days))
    parcel = book_parcel(slot, place_order(artisan, artisan.product))
    vendor_order = ready_at_point(parcel)
    warning = day_message(slot, -slot_in_days)
    before = state_of(parcel)

    # when: the code is typed
    response = console.post(hand_over_url(point), {"code": parcel.pickup_code})

    # then: the parcel is shown with the day to confirm
    assert response.context["preview"].day_warning == warning
    html = response.content.decode()
    assert escape(warning) in html
    assert 'name="confirm_off_day"' in html
    assert 'name="method"' not in html
    assert state_of(parcel) == before

    # when: sent without confirming the day, it is refused
    unconfirmed = console.post(
        hand_over_url(point), {"code": parcel.pickup_code, "confirm": "True"}
    )

    assert messages_of(unconfirmed) == [warning]
    assert unconfirmed.context["preview"].vendor_order == vendor_order
    assert state_of(parcel) == before

    # when: confirmed, the parcel is handed over
    confirmed = console.post(
        hand_over_url(point),
        {"code": parcel.pickup_code, "confirm": "True", "confirm_off_day": "on"},
    )

    assert confirmed.status_code == 302
    vendor_order.refresh_from_db()
    assert vendor_order.status == VendorOrderStatus.COMPLETED


@pytest.mark.parametrize(
    "slot_in_days, grace_days",
    [(-3, 2), (3, 2), (-1, 0), (1, 0)],
)
def test_a_hand_over_beyond_the_grace_days_is_refused(
    console, artisan, point, today, slot_in_days, grace_days
):
    # given: a parcel of a slot further away than the point allows
    point.handover_grace_days = grace_days
    point.save(update_fields=["handover_grace_days"])
    slot = slot_on(point, today + datetime.timedelta(days=slot_in_days))
    parcel = book_parcel(slot, place_order(artisan, artisan.product))
    ready_at_point(parcel)
    before = state_of(parcel)

    # when: even confirmed
    response = console.post(
        hand_over_url(point),
        {"code": parcel.pickup_code, "confirm": "True", "confirm_off_day": "on"},
    )

    # then
    with translation.override(settings.LANGUAGE_CODE):
        day = date_format(timezone.localtime(slot.starts_at), "l j F")
    if slot_in_days > 0:
        expected = tr("This parcel is to be collected on %(day)s, not before.", day=day)
    else:
        expected = tr(
            "This parcel was to be collected on %(day)s: it is too late to hand "
            "it over, it goes back to the artisan.",
            day=day,
        )
    assert messages_of(response) == [expected]
    assert response.context["preview"] is None
    assert state_of(parcel) == before


def test_after_too_many_wrong_codes_the_account_waits_even_for_the_right_one(
    console, client, settings, point, parcel
):
    # given: the parcel ready, and as many wrong codes typed as allowed
    settings.PICKUP_CODE_ATTEMPTS = 3
    vendor_order = ready_at_point(parcel)
    for _attempt in range(3):
        wrong = console.post(hand_over_url(point), {"code": "ZZZZ-ZZZZ"})
        assert messages_of(wrong) == [tr("This pickup code is not valid.")]
    before = state_of(parcel)

    # when: the right code
    response = console.post(hand_over_url(point), {"code": parcel.pickup_code})

    # then: refused all the same
    assert messages_of(response) == [
        tr(
            "Too many wrong pickup codes were typed. Please wait a quarter of an "
            "hour before trying again."
        )
    ]
    assert state_of(parcel) == before

    # and a colleague at the same point is not held up
    colleague = UserFactory(email="collegue@example.fr")
    point.staff.add(colleague)
    client.force_login(colleague)
    response = client.post(hand_over_url(point), {"code": parcel.pickup_code})
    assert response.status_code == 302
    vendor_order.refresh_from_db()
    assert vendor_order.status == VendorOrderStatus.COMPLETED


@pytest.mark.parametrize(
    "case", ["too_short", "unknown", "used", "other_point", "not_checked_in"]
)
def test_refused_codes_show_why_and_change_nothing(
    console, artisan, point, parcel, elsewhere, case
):
    # given: the parcel at this point ready, and the other point's too
    ready_at_point(parcel)
    other_reservation = elsewhere[1]
    ready_at_point(other_reservation)
    target = parcel
    expected = {
        "too_short": tr("A pickup code has 8 characters, like ABCD-EF23."),
        "unknown": tr("This pickup code is not valid."),
        "other_point": tr("This parcel is to be collected at another point."),
        "not_checked_in": tr("This parcel has not been checked in at the point yet."),
        "used": refused_step_message(VendorOrderStatus.COMPLETED, PartAction.HAND_OVER),
    }[case]
    if case == "used":
        hand_over(VendorOrder.objects.get(pk=parcel.vendor_order_id))
        code = parcel.pickup_code
    elif case == "not_checked_in":
        # the artisan said it was ready, but did not bring it
        target = book_parcel(parcel.slot, place_order(artisan, artisan.product))
        for action in (PartAction.ACCEPT, PartAction.PREPARE, PartAction.MARK_READY):
            step(target.vendor_order, action)
        code = target.pickup_code
    elif case == "other_point":
        target = other_reservation
        code = other_reservation.pickup_code
    else:
        code = {"too_short": "AB-CD", "unknown": "ZZZZ-ZZZZ"}[case]
    before = state_of(target)

    # when
    response = console.post(hand_over_url(point), {"code": code})

    # then
    assert response.status_code == 200
    assert messages_of(response) == [expected]
    assert response.context["preview"] is None
    assert state_of(target) == before


def test_a_code_too_long_to_be_one_is_refused_by_the_form(console, point, parcel):
    ready_at_point(parcel)
    before = state_of(parcel)

    response = console.post(hand_over_url(point), {"code": "A" * 80})

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["code"]
    assert state_of(parcel) == before


# Takings -----------------------------------------------------------------------


def test_the_takings_sum_the_points_collections_of_the_day_by_means(
    console, logistician, artisan, point, today, elsewhere
):
    # given: at this point, two parts paid cash and one by card today, one
    # paid yesterday; and one paid today at another point
    def collected(slot, method):
        vendor_order = place_order(artisan, artisan.product)
        pay_at_pickup(vendor_order)
        book_parcel(slot, vendor_order)
        bring_to(vendor_order, VendorOrderStatus.READY)
        hand_over(vendor_order, method=method)
        return vendor_order

    today_slot = slot_on(point, today, hour=10)
    cash = [collected(today_slot, "cash"), collected(today_slot, "cash")]
    card = collected(slot_on(point, today, hour=16), "card")
    yesterday = collected(slot_on(point, today - datetime.timedelta(days=1)), "cheque")
    other_point = collected(slot_on(elsewhere[0], today, hour=15), "cheque")

    # when
    response = console.get(takings_url(point))

    # then
    cash_total = sum(vo.total_incl_tax for vo in cash)
    expected = [
        (CollectionMethod.CASH, cash_total),
        (CollectionMethod.CARD, card.total_incl_tax),
        (CollectionMethod.CHEQUE, D("0.00")),
    ]
    assert [(m, amount) for m, _label, amount in response.context["totals"]] == (
        expected
    )
    grand_total = cash_total + card.total_incl_tax
    assert response.context["total"] == grand_total
    assert [c.vendor_order for c in response.context["collections"]] == [*cash, card]
    html = response.content.decode()
    for method, amount in expected:
        assert f'data-total="{method}" data-amount="{amount}"' in html
    assert f'data-total="all" data-amount="{grand_total}"' in html
    assert "Paule Berthier" in html
    for absent in (yesterday, other_point):
        assert absent.number not in html

    # and the day before holds yesterday's only
    before = console.get(
        takings_url(point, date=(today - datetime.timedelta(days=1)).isoformat())
    )
    assert [c.vendor_order for c in before.context["collections"]] == [yesterday]
    assert before.context["total"] == yesterday.total_incl_tax


def test_a_day_without_takings_says_so(console, point, today):
    response = console.get(takings_url(point, date=today.isoformat()))

    assert response.context["total"] == 0
    assert 'id="no-takings"' in response.content.decode()


def test_the_days_takings_download_as_csv(
    console, logistician, artisan, point, parcel, today
):
    pay_at_pickup(parcel.vendor_order)
    vendor_order = bring_to(parcel.vendor_order, VendorOrderStatus.READY)
    hand_over(vendor_order, method="card")

    response = console.get(takings_url(point, date=today.isoformat(), format="csv"))

    assert response["Content-Type"].startswith("text/csv")
    assert f"takings-drive-joliette-{today}.csv" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    with translation.override(settings.LANGUAGE_CODE):
        card = str(CollectionMethod.CARD.label)
    assert rows[1:] == [
        [
            "12:00",
            vendor_order.number,
            "Savonnerie du Vieux Moulin",
            card,
            str(vendor_order.total_incl_tax),
            "Paule Berthier",
        ]
    ]
