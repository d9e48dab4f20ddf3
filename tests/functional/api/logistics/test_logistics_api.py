"""The logistics scanner's API: manifests of the points one runs, check-in,
and hand-over by the whole code through the order conductor, as the console."""

import datetime
from decimal import Decimal as D

import pytest
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_model
from oscar.core.prices import Price
from oscar.test import factories as oscar_factories
from rest_framework.test import APIClient

from delivery.actions import confirm_reservation
from delivery.fetch import manifest_rows
from delivery.models import ParcelStatus, Reservation
from shop.apps.api.models import PersonalAccessToken, Scope, TokenKind
from shop.apps.payment.models import PickupCollection
from shop.apps.payment.pay_at_pickup import new_source
from tests import factories
from tests.factories import UserFactory, VendorFactory, create_artisan_product
from tests.factories.api import SchemaCheckedClient
from tests.factories.delivery import PickupPointFactory, SlotFactory, serving
from tests.factories.orders import bring_to, step
from vendors.models import (
    ActorRole,
    FulfilmentMethod,
    PartAction,
    VendorOrder,
    VendorOrderStatus,
)

Transaction = get_model("payment", "Transaction")

pytestmark = pytest.mark.django_db

PRICE = "27.35"


def slot_on(point, day, hour=12):
    starts_at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))
    return SlotFactory(
        point=point,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=1),
        capacity=50,
    )


def booked_parcel(vendor, point, day, customer_name="Lucie Fabre"):
    """A real order of one of ``vendor``'s products, booked at ``point`` on ``day``."""
    first, last = customer_name.split(" ", 1)
    order = factories.place_order(
        (vendor.product, 1),
        user=UserFactory(),
        shipping_address=oscar_factories.ShippingAddressFactory(
            first_name=first, last_name=last
        ),
    )
    vendor_order = order.vendor_orders.get()
    vendor_order.fulfilment_method = FulfilmentMethod.POINT_PICKUP
    vendor_order.save(update_fields=["fulfilment_method"])
    slot = slot_on(point, day)
    reservation = confirm_reservation(
        slot, vendor, vendor_order, now=slot.starts_at - datetime.timedelta(days=3)
    )
    return Reservation.objects.select_related("slot", "vendor_order__order").get(
        pk=reservation.pk
    )


def paid_at_pickup(vendor_order):
    order = vendor_order.order
    source = new_source(
        Price(order.currency, order.total_excl_tax, incl_tax=order.total_incl_tax)
    )
    source.order = order
    source.save()


def api_client(token_secret):
    """A scanner's client; every answer must match the published schema."""
    client = SchemaCheckedClient()
    client.credentials(
        HTTP_AUTHORIZATION=f"Bearer {token_secret}", HTTP_ACCEPT_LANGUAGE="en"
    )
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def state_of(parcel):
    vendor_order = VendorOrder.objects.get(pk=parcel.vendor_order_id)
    return (
        Reservation.objects.values().get(pk=parcel.pk),
        vendor_order.status,
        vendor_order.events.count(),
        PickupCollection.objects.count(),
    )


@pytest.fixture(autouse=True)
def no_code_attempts_counted():
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
    user = UserFactory(email="logistique@example.fr")
    point.staff.add(user)
    return user


@pytest.fixture
def scanner(logistician):
    _token, secret = PersonalAccessToken.issue(
        logistician,
        TokenKind.LOGISTICS,
        "Téléphone du drive",
        [Scope.LOGISTICS_READ, Scope.LOGISTICS_WRITE],
    )
    return api_client(secret)


@pytest.fixture
def parcel(artisan, point, today):
    return booked_parcel(artisan, point, today)


def ready_at_point(parcel):
    return bring_to(parcel.vendor_order, VendorOrderStatus.READY)


def hand_over_url(point):
    return reverse("logistics-api:hand-over", kwargs={"slug": point.slug})


def manifest_url(point):
    return reverse("logistics-api:manifest", kwargs={"slug": point.slug})


# Manifests ---------------------------------------------------------------------


def test_the_scanner_lists_its_points_with_todays_counts(scanner, point, parcel):
    PickupPointFactory(slug="drive-ailleurs")  # run by somebody else

    response = scanner.get(reverse("logistics-api:points"))

    assert response.status_code == 200
    assert [(p["slug"], p["awaited"]) for p in response.json()] == [
        ("drive-joliette", 1)
    ]


def test_the_manifest_is_the_consoles_and_never_shows_a_code(
    scanner, point, parcel, today
):
    paid_at_pickup(parcel.vendor_order)

    response = scanner.get(manifest_url(point), {"date": today.isoformat()})

    assert response.status_code == 200
    body = response.json()
    rows = manifest_rows(point, today)
    assert body["parcel_count"] == len(rows) == 1
    (slot,) = body["slots"]
    (row,) = slot["parcels"]
    assert row["id"] == rows[0].reservation.pk
    assert row["order_number"] == rows[0].order_number
    assert row["customer"] == "Lucie Fabre"
    assert row["status"] == ParcelStatus.AWAITED
    assert row["amount_to_collect"] == f"{parcel.vendor_order.total_incl_tax:.2f}"
    assert parcel.pickup_code not in response.content.decode()


def test_another_points_manifest_is_not_found(scanner, artisan):
    other = PickupPointFactory(slug="relais-cucuron")
    serving(artisan, other)

    assert scanner.get(manifest_url(other)).status_code == 404


def test_an_invalid_day_is_a_problem(scanner, point):
    response = scanner.get(manifest_url(point), {"date": "31/02"})

    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 400


# Check-in ----------------------------------------------------------------------


def test_checking_a_parcel_in_goes_through_the_conductor(scanner, point, parcel):
    vendor_order = bring_to(parcel.vendor_order, VendorOrderStatus.IN_PREPARATION)
    step(vendor_order, PartAction.MARK_READY)

    response = scanner.post(
        reverse("logistics-api:check-in", kwargs={"slug": point.slug, "id": parcel.pk})
    )

    assert response.status_code == 200, response.content
    parcel.refresh_from_db()
    assert parcel.parcel_status == ParcelStatus.RECEIVED
    event = vendor_order.events.get(action=PartAction.CHECK_IN)
    assert (event.role, event.user.email) == (
        ActorRole.LOGISTICS,
        "logistique@example.fr",
    )


def test_another_points_parcel_cannot_be_checked_in(scanner, artisan, point):
    other = PickupPointFactory(slug="relais-cucuron")
    serving(artisan, other)
    theirs = booked_parcel(artisan, other, timezone.localdate())
    before = state_of(theirs)

    response = scanner.post(
        reverse("logistics-api:check-in", kwargs={"slug": point.slug, "id": theirs.pk})
    )

    assert response.status_code == 404
    assert state_of(theirs) == before


# Hand-over by code ---------------------------------------------------------------


def test_a_scanned_code_hands_the_parcel_over_and_the_console_shows_it(
    scanner, point, parcel, today
):
    ready_at_point(parcel)
    scanned = parcel.pickup_code.lower()  # as a QR reader may give it

    response = scanner.post(hand_over_url(point), {"code": scanned}, format="json")

    assert response.status_code == 200, response.content
    assert response.json()["status"] == VendorOrderStatus.COMPLETED
    vendor_order = VendorOrder.objects.get(pk=parcel.vendor_order_id)
    assert vendor_order.status == VendorOrderStatus.COMPLETED
    event = vendor_order.events.get(action=PartAction.HAND_OVER)
    assert event.role == ActorRole.LOGISTICS
    # the console's own reads see it
    (row,) = manifest_rows(point, today)
    assert row.status == ParcelStatus.HANDED_OVER
    console = APIClient()
    console.force_login(point.staff.get())
    page = console.get(reverse("logistics:manifest", kwargs={"slug": point.slug}))
    assert page.context["slots"][0].rows[0].status == ParcelStatus.HANDED_OVER


def test_a_parcel_paid_at_pickup_asks_for_the_means_then_is_collected(
    scanner, point, parcel
):
    paid_at_pickup(parcel.vendor_order)
    ready_at_point(parcel)
    before = state_of(parcel)
    due = parcel.vendor_order.total_incl_tax

    asked = scanner.post(
        hand_over_url(point), {"code": parcel.pickup_code}, format="json"
    )

    assert asked.status_code == 409
    assert asked["Content-Type"] == "application/problem+json"
    assert asked.json()["type"].endswith("collection-needed")
    assert D(asked.json()["amount_to_collect"]) == due
    assert state_of(parcel) == before

    done = scanner.post(
        hand_over_url(point),
        {"code": parcel.pickup_code, "collection_method": "card"},
        format="json",
    )

    assert done.status_code == 200, done.content
    assert D(done.json()["collected"]) == due
    collection = PickupCollection.objects.get(vendor_order=parcel.vendor_order)
    assert (collection.method, collection.amount, collection.point) == (
        "card",
        due,
        point,
    )


def test_a_wrong_code_is_refused_and_counted(scanner, point, parcel, logistician):
    ready_at_point(parcel)
    before = state_of(parcel)

    for _attempt in range(settings.PICKUP_CODE_ATTEMPTS):
        wrong = scanner.post(hand_over_url(point), {"code": "ZZZZ-ZZZZ"}, format="json")
        assert wrong.status_code == 409
        assert wrong["Content-Type"] == "application/problem+json"
        assert wrong.json()["detail"] == "This pickup code is not valid."

    # counted as the console counts: now even the right code waits
    right = scanner.post(
        hand_over_url(point), {"code": parcel.pickup_code}, format="json"
    )
    assert right.status_code == 409
    assert "Too many wrong pickup codes" in right.json()["detail"]
    assert state_of(parcel) == before


def test_another_points_parcel_is_refused_at_this_point(scanner, artisan, point):
    other = PickupPointFactory(slug="relais-cucuron")
    serving(artisan, other)
    other.staff.add(UserFactory())
    theirs = booked_parcel(artisan, other, timezone.localdate())
    ready = bring_to(theirs.vendor_order, VendorOrderStatus.READY)
    before = state_of(theirs)

    response = scanner.post(
        hand_over_url(point), {"code": theirs.pickup_code}, format="json"
    )

    assert response.status_code == 409
    assert response.json()["detail"] == (
        "This parcel is to be collected at another point."
    )
    assert state_of(theirs) == before
    assert VendorOrder.objects.get(pk=ready.pk).status == VendorOrderStatus.READY


def test_the_scanner_cannot_hand_over_at_a_point_it_does_not_run(
    scanner, artisan, parcel
):
    other = PickupPointFactory(slug="relais-cucuron")

    response = scanner.post(
        hand_over_url(other), {"code": parcel.pickup_code}, format="json"
    )

    assert response.status_code == 404


def test_a_hand_over_off_the_slots_day_is_confirmed_first(
    scanner, point, artisan, today
):
    parcel = booked_parcel(artisan, point, today - datetime.timedelta(days=1))
    ready_at_point(parcel)
    point.handover_grace_days = 2
    point.save()

    asked = scanner.post(
        hand_over_url(point), {"code": parcel.pickup_code}, format="json"
    )
    assert asked.status_code == 409
    assert asked.json()["type"].endswith("confirmation-needed")

    done = scanner.post(
        hand_over_url(point),
        {"code": parcel.pickup_code, "confirm_off_day": True},
        format="json",
    )
    assert done.status_code == 200, done.content


# Who may call it -----------------------------------------------------------------


def test_a_read_only_token_reads_manifests_but_moves_nothing(
    logistician, point, parcel
):
    ready_at_point(parcel)
    _token, secret = PersonalAccessToken.issue(
        logistician, TokenKind.LOGISTICS, "Lecture", [Scope.LOGISTICS_READ]
    )
    reader = api_client(secret)

    assert reader.get(manifest_url(point)).status_code == 200
    response = reader.post(hand_over_url(point), {"code": parcel.pickup_code})
    assert response.status_code == 403
    assert VendorOrder.objects.get(pk=parcel.vendor_order_id).status == (
        VendorOrderStatus.READY
    )


def test_an_artisans_token_cannot_call_the_logistics_api(artisan, point, parcel):
    ready_at_point(parcel)
    owner = UserFactory()
    artisan.partner.users.add(owner)
    point.staff.add(owner)  # even an artisan who also runs the point
    _token, secret = PersonalAccessToken.issue(
        owner,
        TokenKind.ARTISAN,
        "Caisse",
        [Scope.ORDERS_READ, Scope.ORDERS_WRITE],
        vendor=artisan,
    )
    client = api_client(secret)

    assert client.get(reverse("logistics-api:points")).status_code == 403
    assert client.get(manifest_url(point)).status_code == 403
    response = client.post(hand_over_url(point), {"code": parcel.pickup_code})
    assert response.status_code == 403
    assert VendorOrder.objects.get(pk=parcel.vendor_order_id).status == (
        VendorOrderStatus.READY
    )


def test_without_a_token_nothing_is_shown(point):
    response = APIClient().get(manifest_url(point))

    assert response.status_code in (401, 403)
