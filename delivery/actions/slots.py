"""Slots: generated from weekly schedules, and which ones a consumer may book.

Capacity is enforced by one conditional UPDATE (``reserved < capacity``), so
concurrent checkouts can never overbook a slot, whatever the database.
"""

from datetime import datetime, timedelta

from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shop.apps.core import pagecache

from ..models import Closure, PickupPointKind, Slot


class SlotUnavailable(Exception):
    """The chosen slot cannot be booked; the message says why, for the person."""


def is_closed_on(point, day):
    return Closure.objects.filter(
        point=point, start_date__lte=day, end_date__gte=day
    ).exists()


def generate_slots(point, start_date, days):
    """Create the slots of ``point`` for ``days`` days from ``start_date``.

    Idempotent: existing slots are kept (their reservations with them), and
    closed days get no slot. Returns the number of slots created.
    """
    tz = timezone.get_current_timezone()
    schedules = list(point.schedules.all())
    closures = list(
        point.closures.filter(
            end_date__gte=start_date, start_date__lte=start_date + timedelta(days)
        )
    )
    slots = []
    for offset in range(days):
        day = start_date + timedelta(days=offset)
        if any(c.start_date <= day <= c.end_date for c in closures):
            continue
        for schedule in schedules:
            if schedule.weekday != day.weekday():
                continue
            start = timezone.make_aware(datetime.combine(day, schedule.start), tz)
            close = timezone.make_aware(datetime.combine(day, schedule.end), tz)
            length = timedelta(minutes=schedule.slot_minutes)
            while start + length <= close:
                slots.append(
                    Slot(
                        point=point,
                        starts_at=start,
                        ends_at=start + length,
                        capacity=schedule.capacity,
                    )
                )
                start += length
    before = Slot.objects.filter(point=point).count()
    Slot.objects.bulk_create(slots, ignore_conflicts=True)
    pagecache.changed()
    return Slot.objects.filter(point=point).count() - before


def earliest_bookable_start(point, vendor, now=None):
    """The earliest slot start a consumer may book for ``vendor`` at ``point``."""
    now = now or timezone.now()
    lead_hours = point.cutoff_hours
    fulfilment = getattr(vendor, "fulfilment", None)
    if fulfilment is not None:
        lead_hours = max(lead_hours, fulfilment.preparation_hours)
    return now + timedelta(hours=lead_hours)


def vendor_serves_point(vendor, point):
    """True when ``vendor`` offers pickups at ``point``."""
    fulfilment = getattr(vendor, "fulfilment", None)
    if fulfilment is None or not point.is_active:
        return False
    if point.kind == PickupPointKind.WORKSHOP:
        return fulfilment.workshop_pickup and point.vendor_id == vendor.pk
    return fulfilment.points.filter(pk=point.pk).exists()


def open_slots(point, vendor=None, now=None, closed_days=None):
    """Slots of ``point`` with room, not on a closed day, from the earliest a
    consumer may book (for ``vendor``'s preparation time, when one is given).

    ``closed_days``, the point's ``(start_date, end_date)`` closures, may be
    given by a page that read the closures of many points in one query."""
    if closed_days is None:
        closed_days = Closure.objects.filter(point=point).values_list(
            "start_date", "end_date"
        )
    slots = Slot.objects.filter(
        point=point, starts_at__gte=earliest_bookable_start(point, vendor, now)
    ).with_room()
    for start_date, end_date in closed_days:
        slots = slots.exclude(
            starts_at__date__gte=start_date, starts_at__date__lte=end_date
        )
    return slots.order_by("starts_at")


def bookable_slots(point, vendor, now=None):
    """Slots of ``point`` a consumer can choose for ``vendor``'s goods."""
    if not vendor_serves_point(vendor, point):
        return Slot.objects.none()
    return open_slots(point, vendor, now)


def check_slot_choice(slot, vendor, now=None):
    """Raise ``SlotUnavailable`` with the reason when ``slot`` cannot be booked."""
    now = now or timezone.now()
    point = slot.point
    if not vendor_serves_point(vendor, point):
        raise SlotUnavailable(
            _("%(vendor)s does not offer pickups at %(point)s.")
            % {"vendor": vendor.name, "point": point.name}
        )
    if slot.starts_at < now:
        raise SlotUnavailable(_("This time slot is already over."))
    if slot.starts_at < earliest_bookable_start(point, vendor, now):
        raise SlotUnavailable(
            _("This time slot is too soon: the artisan needs time to prepare.")
        )
    if is_closed_on(point, timezone.localtime(slot.starts_at).date()):
        raise SlotUnavailable(_("The pickup point is closed on that day."))


def take_place(slot_id):
    """Take one place in the slot if one is left; True when taken."""
    taken = bool(
        Slot.objects.filter(pk=slot_id, reserved__lt=F("capacity")).update(
            reserved=F("reserved") + 1
        )
    )
    if taken:
        pagecache.changed()
    return taken


def give_back_place(slot_id):
    if Slot.objects.filter(pk=slot_id, reserved__gt=0).update(
        reserved=F("reserved") - 1
    ):
        pagecache.changed()
