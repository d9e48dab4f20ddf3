"""Chamber staff manage pickup points, slots and reservations in the Django admin."""

import pytest
from django.urls import reverse
from django.utils import timezone

from delivery.models import (
    Reservation,
    ReservationStatus,
    Slot,
    VendorFulfilment,
)
from tests.factories import StaffUserFactory, VendorFactory
from tests.factories.accounts import sign_in_verified
from tests.factories.delivery import (
    PickupPointFactory,
    SlotFactory,
    WeeklyScheduleFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    sign_in_verified(
        client, StaffUserFactory(email="admin@cma-paca.fr", is_superuser=True)
    )
    client.cookies["django_language"] = "en"
    return client


def test_superuser_opens_the_pickup_point_list_and_add_page(admin_client):
    point = PickupPointFactory(name="Drive du Prado")
    WeeklyScheduleFactory(point=point)

    changelist = admin_client.get(reverse("admin:delivery_pickuppoint_changelist"))
    add = admin_client.get(reverse("admin:delivery_pickuppoint_add"))
    change = admin_client.get(
        reverse("admin:delivery_pickuppoint_change", args=[point.pk])
    )

    assert changelist.status_code == 200
    assert "Drive du Prado" in changelist.content.decode()
    assert add.status_code == 200
    assert change.status_code == 200
    # Opening times and closures are edited on the point's own page.
    assert 'name="schedules-0-weekday"' in change.content.decode()
    assert 'name="closures-TOTAL_FORMS"' in change.content.decode()


def test_pickup_points_filter_by_kind(admin_client):
    PickupPointFactory(name="Drive du Prado")
    PickupPointFactory(kind="relay", name="Épicerie de Lourmarin")

    response = admin_client.get(
        reverse("admin:delivery_pickuppoint_changelist"), {"kind__exact": "relay"}
    )

    assert [p.name for p in response.context["cl"].result_list] == [
        "Épicerie de Lourmarin"
    ]


def test_generate_slots_action_opens_three_weeks_of_slots(admin_client):
    point = PickupPointFactory()
    WeeklyScheduleFactory(point=point, weekday=2)  # Wednesdays 17:00-19:00
    idle = PickupPointFactory()
    WeeklyScheduleFactory(point=idle)

    response = admin_client.post(
        reverse("admin:delivery_pickuppoint_changelist"),
        {"action": "generate_three_weeks_of_slots", "_selected_action": [point.pk]},
        follow=True,
    )

    assert response.status_code == 200
    slots = Slot.objects.filter(point=point)
    # Two one-hour slots on each of the three Wednesdays ahead.
    assert slots.count() == 6
    assert not Slot.objects.filter(point=idle).exists()
    assert "6 slots created" in response.content.decode()

    # Running it again creates nothing more.
    admin_client.post(
        reverse("admin:delivery_pickuppoint_changelist"),
        {"action": "generate_three_weeks_of_slots", "_selected_action": [point.pk]},
    )
    assert Slot.objects.filter(point=point).count() == 6


def test_slot_list_shows_reserved_places_and_they_cannot_be_edited(admin_client):
    slot = SlotFactory(capacity=5, reserved=2)

    changelist = admin_client.get(reverse("admin:delivery_slot_changelist"))
    change = admin_client.get(reverse("admin:delivery_slot_change", args=[slot.pk]))

    assert changelist.status_code == 200
    assert slot in changelist.context["cl"].result_list
    assert change.status_code == 200
    assert 'name="capacity"' in change.content.decode()
    assert 'name="reserved"' not in change.content.decode()


def test_reservations_are_found_by_pickup_code_as_people_type_it(admin_client):
    slot = SlotFactory()
    vendor = VendorFactory()
    wanted = Reservation.objects.create(
        slot=slot,
        vendor=vendor,
        status=ReservationStatus.CONFIRMED,
        pickup_code="ABCDEF23",
    )
    Reservation.objects.create(
        slot=slot,
        vendor=vendor,
        status=ReservationStatus.CONFIRMED,
        pickup_code="ZZZZ2222",
    )

    response = admin_client.get(
        reverse("admin:delivery_reservation_changelist"), {"q": "abcd-ef23"}
    )

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [wanted]


def test_reservations_are_read_only(admin_client):
    reservation = Reservation.objects.create(
        slot=SlotFactory(), vendor=VendorFactory(), hold_expires_at=timezone.now()
    )

    add = admin_client.get(reverse("admin:delivery_reservation_add"))
    change = admin_client.get(
        reverse("admin:delivery_reservation_change", args=[reservation.pk])
    )

    assert add.status_code == 403
    assert change.status_code == 200
    assert 'name="status"' not in change.content.decode()


def test_vendor_fulfilment_list_opens(admin_client):
    VendorFulfilment.objects.create(vendor=VendorFactory())

    response = admin_client.get(reverse("admin:delivery_vendorfulfilment_changelist"))

    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == 1


def test_staff_without_permissions_cannot_open_the_pickup_points(client):
    sign_in_verified(client, StaffUserFactory(email="agent@cma-paca.fr"))

    response = client.get(reverse("admin:delivery_pickuppoint_changelist"))

    assert response.status_code == 403
