"""Factories for pickup points, schedules and artisans' fulfilment options."""

import datetime
from decimal import Decimal as D

import factory

from delivery.models import (
    PickupPoint,
    PickupPointKind,
    Slot,
    VendorFulfilment,
    WeeklySchedule,
)


class PickupPointFactory(factory.django.DjangoModelFactory):
    kind = PickupPointKind.DRIVE
    name = factory.Sequence(lambda n: f"Drive fermier {n}")
    slug = factory.Sequence(lambda n: f"drive-{n}")
    address = "Parking du marché"
    postcode = "13001"
    commune = "Marseille"
    latitude = D("43.296500")
    longitude = D("5.369800")
    cutoff_hours = 2

    class Meta:
        model = PickupPoint


class WeeklyScheduleFactory(factory.django.DjangoModelFactory):
    point = factory.SubFactory(PickupPointFactory)
    weekday = 2
    start = datetime.time(17, 0)
    end = datetime.time(19, 0)
    slot_minutes = 60
    capacity = 5

    class Meta:
        model = WeeklySchedule


class VendorFulfilmentFactory(factory.django.DjangoModelFactory):
    preparation_hours = 0

    class Meta:
        model = VendorFulfilment
        django_get_or_create = ("vendor",)


class SlotFactory(factory.django.DjangoModelFactory):
    point = factory.SubFactory(PickupPointFactory)
    starts_at = factory.LazyFunction(
        lambda: (
            datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=2)
        ).replace(minute=0, second=0, microsecond=0)
    )
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=1))
    capacity = 5

    class Meta:
        model = Slot


def serving(vendor, point):
    """Make ``vendor`` serve ``point`` and return the vendor's options."""
    fulfilment = VendorFulfilmentFactory(vendor=vendor)
    if point.kind == PickupPointKind.WORKSHOP:
        fulfilment.workshop_pickup = True
        fulfilment.save()
    else:
        fulfilment.points.add(point)
    return fulfilment
