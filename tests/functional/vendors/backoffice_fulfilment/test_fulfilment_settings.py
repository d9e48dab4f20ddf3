"""An artisan sets how their goods are delivered or collected."""

import datetime
from decimal import Decimal as D

import pytest
from django.urls import reverse
from django.utils import timezone

from delivery.actions import bookable_slots, generate_slots
from delivery.models import (
    Closure,
    PickupPoint,
    PickupPointKind,
    Slot,
    VendorFulfilment,
    WeeklySchedule,
)
from tests.factories import StaffUserFactory, UserFactory, VendorFactory
from tests.factories.accounts import sign_in_verified
from tests.factories.delivery import (
    PickupPointFactory,
    VendorFulfilmentFactory,
    WeeklyScheduleFactory,
)
from tests.functional.vendors.backoffice_shop import artisan_account
from vendors.models import Vendor

from . import options_data

pytestmark = pytest.mark.django_db

URL = "/espace-artisan/retrait-livraison/"
WEDNESDAY_MORNING = {
    "weekday": "2",
    "start": "09:00",
    "end": "12:00",
    "slot_minutes": "60",
    "capacity": "3",
}


@pytest.fixture
def vendor():
    return VendorFactory(
        address="3 place Morgan", postcode="13300", commune="Salon-de-Provence"
    )


@pytest.fixture
def artisan(vendor, client):
    user = artisan_account(vendor)
    client.force_login(user)
    client.cookies["django_language"] = "en"
    return user


def options_of(vendor):
    return VendorFulfilment.objects.get(vendor=vendor)


def workshop_of(vendor):
    return PickupPoint.objects.get(kind=PickupPointKind.WORKSHOP, vendor=vendor)


def error_codes(form, field=None):
    return [error.code for error in form.errors.as_data().get(field or "__all__", [])]


def test_the_page_is_the_named_back_office_url(client, vendor, artisan):
    response = client.get(reverse("backoffice:fulfilment"))

    assert reverse("backoffice:fulfilment") == URL
    assert response.status_code == 200
    assert 'id="fulfilment-form"' in response.content.decode()
    # The options exist from the first visit, with the model's defaults.
    assert options_of(vendor).delivers is True


def test_artisan_saves_every_option(client, vendor, artisan):
    drive = PickupPointFactory(name="Drive du Prado", commune="Marseille")

    response = client.post(
        URL,
        options_data(
            delivers="on",
            delivery_flat_rate="5.50",
            delivery_rate_per_kg="1.20",
            free_delivery_above="80.00",
            workshop_pickup="on",
            preparation_hours="48",
            accepts_pay_at_pickup=None,
            points=[drive.pk],
        ),
    )

    assert response.status_code == 302
    assert response["Location"] == URL
    options = options_of(vendor)
    assert options.delivers is True
    assert options.delivery_flat_rate == D("5.50")
    assert options.delivery_rate_per_kg == D("1.20")
    assert options.free_delivery_above == D("80.00")
    assert options.workshop_pickup is True
    assert options.preparation_hours == 48
    assert options.accepts_pay_at_pickup is False
    assert list(options.points.all()) == [drive]


def test_free_delivery_threshold_is_optional_and_delivery_can_be_turned_off(
    client, vendor, artisan
):
    drive = PickupPointFactory()
    VendorFulfilmentFactory(vendor=vendor, free_delivery_above=D("60.00"))

    client.post(
        URL, options_data(delivers=None, free_delivery_above="", points=[drive.pk])
    )

    options = options_of(vendor)
    assert options.delivers is False
    assert options.free_delivery_above is None


def test_only_active_drive_and_relay_points_are_offered(client, vendor, artisan):
    drive = PickupPointFactory(name="Drive de la Joliette", commune="Marseille")
    relay = PickupPointFactory(
        kind=PickupPointKind.RELAY, name="Épicerie du village", commune="Lourmarin"
    )
    closed = PickupPointFactory(name="Drive fermé", is_active=False)
    other_workshop = PickupPointFactory(
        kind=PickupPointKind.WORKSHOP,
        vendor=VendorFactory(),
        name="Atelier voisin",
        slug="atelier-voisin",
    )

    response = client.get(URL)

    offered = response.context["form"].fields["points"].queryset
    assert set(offered) == {drive, relay}
    content = response.content.decode()
    assert "Marseille – Drive de la Joliette" in content
    assert "Lourmarin – Épicerie du village" in content
    assert closed.name not in content
    assert other_workshop.name not in content


def test_a_workshop_or_closed_point_cannot_be_posted_as_served(client, vendor, artisan):
    closed = PickupPointFactory(is_active=False)
    other_workshop = PickupPointFactory(
        kind=PickupPointKind.WORKSHOP, vendor=VendorFactory(), slug="atelier-voisin"
    )

    for point in (closed, other_workshop):
        response = client.post(URL, options_data(points=[point.pk]))

        assert response.status_code == 200
        assert error_codes(response.context["form"], "points") == ["invalid_choice"]
    assert not options_of(vendor).points.exists()


def test_serving_a_point_makes_its_slots_bookable(client, vendor, artisan):
    drive = PickupPointFactory()
    WeeklyScheduleFactory(point=drive)
    generate_slots(drive, timezone.localdate(), 21)
    assert not bookable_slots(drive, vendor).exists()

    client.post(URL, options_data(preparation_hours="0", points=[drive.pk]))

    # A fresh copy: the one above remembers it had no options.
    assert bookable_slots(drive, Vendor.objects.get(pk=vendor.pk)).exists()


def test_a_point_that_closed_stays_served_when_options_are_saved(
    client, vendor, artisan
):
    # Given a point the artisan serves, closed for now by the chamber
    closed = PickupPointFactory(is_active=False)
    open_point = PickupPointFactory()
    VendorFulfilmentFactory(vendor=vendor).points.add(closed)

    # When the artisan saves their options, where it is not offered
    client.post(URL, options_data(points=[open_point.pk]))

    # Then it is still served, ready for when it reopens
    assert set(options_of(vendor).points.all()) == {closed, open_point}


def test_workshop_pickup_needs_the_shops_address(client, artisan, vendor):
    vendor.address = ""
    vendor.save()

    response = client.post(URL, options_data(workshop_pickup="on"))

    assert response.status_code == 200
    form = response.context["form"]
    assert error_codes(form, "workshop_pickup") == ["workshop_address_missing"]
    assert "address, postcode and town" in response.content.decode()
    assert options_of(vendor).workshop_pickup is False
    assert not PickupPoint.objects.filter(vendor=vendor).exists()


def test_turning_every_method_off_is_refused(client, vendor, artisan):
    response = client.post(URL, options_data(delivers=None))

    assert response.status_code == 200
    assert error_codes(response.context["form"]) == ["no_fulfilment_method"]
    assert "Offer at least one way" in response.content.decode()
    assert options_of(vendor).delivers is True


@pytest.mark.parametrize(
    "field", ["delivery_flat_rate", "delivery_rate_per_kg", "free_delivery_above"]
)
def test_a_negative_amount_is_refused(client, vendor, artisan, field):
    response = client.post(URL, options_data(**{field: "-1.00"}))

    assert response.status_code == 200
    assert error_codes(response.context["form"], field) == ["min_value"]
    options = options_of(vendor)
    assert options.delivery_flat_rate == D("6.90")
    assert options.delivery_rate_per_kg == D("0")
    assert options.free_delivery_above is None


@pytest.mark.parametrize(("hours", "code"), [("337", "max_value"), ("-1", None)])
def test_preparation_time_stays_between_0_and_336_hours(
    client, vendor, artisan, hours, code
):
    response = client.post(URL, options_data(preparation_hours=hours))

    assert response.status_code == 200
    assert response.context["form"].errors["preparation_hours"]
    if code:
        assert code in error_codes(response.context["form"], "preparation_hours")
    assert options_of(vendor).preparation_hours == 24


def test_workshop_pickup_makes_the_workshop_point_its_opening_times_and_slots(
    client, vendor, artisan
):
    closed_day = timezone.localdate() + datetime.timedelta(days=10)

    response = client.post(
        URL,
        options_data(
            workshop_pickup="on",
            schedules=[WEDNESDAY_MORNING],
            closures=[
                {
                    "start_date": closed_day.isoformat(),
                    "end_date": closed_day.isoformat(),
                    "reason": "Salon des métiers d'art",
                }
            ],
        ),
    )

    assert response.status_code == 302
    workshop = workshop_of(vendor)
    assert workshop.slug == f"atelier-{vendor.slug}"
    assert workshop.is_active
    assert (workshop.address, workshop.postcode, workshop.commune) == (
        "3 place Morgan",
        "13300",
        "Salon-de-Provence",
    )
    schedule = WeeklySchedule.objects.get(point=workshop)
    assert (schedule.weekday, schedule.start, schedule.end) == (
        2,
        datetime.time(9),
        datetime.time(12),
    )
    assert (schedule.slot_minutes, schedule.capacity) == (60, 3)
    assert Closure.objects.get(point=workshop).reason == "Salon des métiers d'art"
    slots = Slot.objects.filter(point=workshop)
    # Three one-hour slots on each Wednesday of the next three weeks.
    assert slots.count() >= 6
    assert {slot.capacity for slot in slots} == {3}
    assert not slots.filter(starts_at__date=closed_day).exists()
    assert bookable_slots(workshop, vendor).exists()
    page = client.get(URL).content.decode()
    assert 'name="schedules-0-start" value="09:00"' in page
    upcoming = slots.filter(starts_at__gte=timezone.now()).count()
    assert f"{upcoming} slots are open over the next three weeks" in page


def test_saving_again_keeps_the_same_slots(client, vendor, artisan):
    client.post(URL, options_data(workshop_pickup="on", schedules=[WEDNESDAY_MORNING]))
    workshop = workshop_of(vendor)
    slots_before = set(Slot.objects.filter(point=workshop).values_list("pk"))
    schedule = WeeklySchedule.objects.get(point=workshop)

    client.post(
        URL,
        options_data(
            workshop_pickup="on",
            schedules=[{**WEDNESDAY_MORNING, "id": schedule.pk}],
            initial_schedules=1,
        ),
    )

    assert set(Slot.objects.filter(point=workshop).values_list("pk")) == slots_before
    assert WeeklySchedule.objects.filter(point=workshop).count() == 1


def test_removing_an_opening_time_removes_its_unbooked_slots(client, vendor, artisan):
    client.post(URL, options_data(workshop_pickup="on", schedules=[WEDNESDAY_MORNING]))
    workshop = workshop_of(vendor)
    schedule = WeeklySchedule.objects.get(point=workshop)
    assert Slot.objects.filter(point=workshop, starts_at__gte=timezone.now()).exists()

    client.post(
        URL,
        options_data(
            workshop_pickup="on",
            schedules=[{**WEDNESDAY_MORNING, "id": schedule.pk, "DELETE": "on"}],
            initial_schedules=1,
        ),
    )

    assert not WeeklySchedule.objects.filter(point=workshop).exists()
    assert not Slot.objects.filter(
        point=workshop, starts_at__gte=timezone.now()
    ).exists()


@pytest.mark.parametrize(
    ("row", "code"),
    [
        ({**WEDNESDAY_MORNING, "end": "08:00"}, "ends_before_start"),
        ({**WEDNESDAY_MORNING, "capacity": "0"}, "min_value"),
    ],
)
def test_a_wrong_opening_time_is_refused(client, vendor, artisan, row, code):
    response = client.post(URL, options_data(workshop_pickup="on", schedules=[row]))

    assert response.status_code == 200
    row_errors = response.context["schedules"].forms[0].errors.as_data()
    assert code in [error.code for errors in row_errors.values() for error in errors]
    assert options_of(vendor).workshop_pickup is False
    assert not WeeklySchedule.objects.exists()


def test_overlapping_opening_times_are_refused(client, vendor, artisan):
    response = client.post(
        URL,
        options_data(
            workshop_pickup="on",
            schedules=[WEDNESDAY_MORNING, {**WEDNESDAY_MORNING, "start": "11:00"}],
        ),
    )

    assert response.status_code == 200
    errors = response.context["schedules"].non_form_errors().as_data()
    assert [error.code for error in errors] == ["overlapping_schedules"]
    assert not WeeklySchedule.objects.exists()


def test_opening_times_without_workshop_pickup_are_refused(client, vendor, artisan):
    response = client.post(URL, options_data(schedules=[WEDNESDAY_MORNING]))

    assert response.status_code == 200
    assert error_codes(response.context["form"]) == ["no_workshop"]
    assert not PickupPoint.objects.filter(vendor=vendor).exists()
    assert not WeeklySchedule.objects.exists()


@pytest.fixture
def other_workshop():
    """Another artisan's workshop, with one opening time and one closure."""
    other = VendorFactory()
    VendorFulfilmentFactory(vendor=other, workshop_pickup=True)
    point = PickupPointFactory(
        kind=PickupPointKind.WORKSHOP, vendor=other, slug=f"atelier-{other.slug}"
    )
    WeeklyScheduleFactory(point=point, weekday=4)
    Closure.objects.create(
        point=point,
        start_date=datetime.date(2030, 8, 1),
        end_date=datetime.date(2030, 8, 15),
        reason="Congés",
    )
    return point


def schedules_and_closures_of(point):
    return (
        list(point.schedules.values_list("weekday", "start", "end", "capacity")),
        list(point.closures.values_list("start_date", "end_date", "reason")),
    )


@pytest.mark.parametrize("delete", [False, True], ids=["change", "delete"])
def test_another_artisans_opening_times_and_closures_cannot_be_posted(
    client, vendor, artisan, other_workshop, delete
):
    # Given the artisan's own workshop, with one opening time
    client.post(URL, options_data(workshop_pickup="on", schedules=[WEDNESDAY_MORNING]))
    own_schedule = WeeklySchedule.objects.get(point=workshop_of(vendor))
    before = schedules_and_closures_of(other_workshop)
    their_schedule = other_workshop.schedules.get()
    their_closure = other_workshop.closures.get()
    extra = {"DELETE": "on"} if delete else {}

    # When they post the other workshop's ids as rows of their own
    data = options_data(
        workshop_pickup="on",
        schedules=[
            {**WEDNESDAY_MORNING, "id": own_schedule.pk},
            {**WEDNESDAY_MORNING, "id": their_schedule.pk, "weekday": "0", **extra},
        ],
        initial_schedules=2,
    )
    data.update(
        {
            "closures-TOTAL_FORMS": "1",
            "closures-INITIAL_FORMS": "1",
            "closures-0-id": str(their_closure.pk),
            "closures-0-start_date": "2030-01-01",
            "closures-0-end_date": "2030-01-02",
            "closures-0-reason": "Détourné",
            **({"closures-0-DELETE": "on"} if delete else {}),
        }
    )
    response = client.post(URL, data)

    # Then nothing is saved, theirs or the artisan's own
    assert response.status_code == 200
    assert schedules_and_closures_of(other_workshop) == before
    assert list(WeeklySchedule.objects.filter(point=workshop_of(vendor))) == [
        own_schedule
    ]
    assert not Closure.objects.filter(point=workshop_of(vendor)).exists()


def test_a_new_row_carrying_another_artisans_id_creates_nothing_of_theirs(
    client, vendor, artisan, other_workshop
):
    before = schedules_and_closures_of(other_workshop)
    their_schedule = other_workshop.schedules.get()

    # An "extra" row (past INITIAL_FORMS) with a forged id
    client.post(
        URL,
        options_data(
            workshop_pickup="on",
            schedules=[{**WEDNESDAY_MORNING, "id": their_schedule.pk}],
        ),
    )

    assert schedules_and_closures_of(other_workshop) == before
    assert other_workshop.schedules.get().pk == their_schedule.pk


@pytest.mark.parametrize("who", ["consumer", "staff", "superuser"])
def test_consumers_and_staff_are_refused(client, vendor, who):
    user = {
        "consumer": lambda: UserFactory(email="cliente@example.fr"),
        "staff": lambda: StaffUserFactory(email="agent@cma-paca.fr"),
        "superuser": lambda: StaffUserFactory(
            email="admin@cma-paca.fr", is_superuser=True
        ),
    }[who]()
    sign_in_verified(client, user)

    assert client.get(URL).status_code == 403
    assert client.post(URL, options_data(delivers=None)).status_code == 403
    assert not VendorFulfilment.objects.exists()


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert reverse("customer:login") in response["Location"]
