"""What a checkout bench checks in the database once the consumers are done.

- Oversold stock: a stock record holding more units than it has. The rule is
  the one ``shop.apps.partner.stock.allocate`` enforces at placement
  (``num_allocated <= num_in_stock``), read twice: from the record's own
  counter, and from the order lines that still hold units of it (a lost
  update of the counter would hide an oversale from the first reading, never
  from the second).
- Overbooked slots: a pickup slot with more places taken than its capacity,
  read from its ``reserved`` counter and from the reservations that hold a
  place (held during a checkout, or confirmed by an order).

Both functions return the offending rows; a consistent database gives empty
lists. Imported by ``checkout_bench.py`` once Django is set up, and by the
tests.
"""

from django.db.models import Count, Q, Sum
from oscar.core.loading import get_model

from delivery.models import ReservationStatus, Slot

Line = get_model("order", "Line")
StockRecord = get_model("partner", "StockRecord")

# Reservations that take a place in their slot (``delivery.actions.holds``:
# a hold takes it, a confirmation keeps it, only a release gives it back).
PLACE_TAKING = (ReservationStatus.HELD, ReservationStatus.CONFIRMED)


def units_held_by_lines():
    """Stock record id -> units its order lines still hold (allocated, neither
    used up nor given back), for products whose stock is tracked."""
    tracked = Q(product__product_class__track_stock=True) | Q(
        product__parent__product_class__track_stock=True
    )
    rows = (
        Line._default_manager.filter(
            tracked,
            stockrecord__isnull=False,
            allocation_cancelled=False,
            num_allocated__gt=0,
        )
        .values("stockrecord_id")
        .annotate(units=Sum("num_allocated"))
    )
    return {row["stockrecord_id"]: row["units"] for row in rows}


def oversold_stock_records():
    """The stock records holding more units than they have, with by how many.

    Each row: ``stockrecord_id``, ``in_stock``, ``allocated`` (the record's
    counter), ``held_by_lines`` and ``oversold`` (units beyond the stock, by
    the larger of the two readings).
    """
    held = units_held_by_lines()
    records = StockRecord._default_manager.filter(
        Q(num_allocated__gt=0) | Q(pk__in=list(held))
    ).values("pk", "num_in_stock", "num_allocated")
    rows = []
    for record in records:
        in_stock = record["num_in_stock"] or 0
        allocated = record["num_allocated"] or 0
        by_lines = held.get(record["pk"], 0)
        oversold = max(allocated, by_lines) - in_stock
        if oversold > 0:
            rows.append(
                {
                    "stockrecord_id": record["pk"],
                    "in_stock": in_stock,
                    "allocated": allocated,
                    "held_by_lines": by_lines,
                    "oversold": oversold,
                }
            )
    return rows


def allocation_mismatches():
    """Stock records whose counter differs from what their lines hold
    (informative: not an oversale by itself)."""
    held = units_held_by_lines()
    records = StockRecord._default_manager.filter(
        Q(num_allocated__gt=0) | Q(pk__in=list(held))
    ).values_list("pk", "num_allocated")
    return [
        {"stockrecord_id": pk, "allocated": allocated or 0, "held_by_lines": units}
        for pk, allocated in records
        if (allocated or 0) != (units := held.get(pk, 0))
    ]


def overbooked_slots():
    """The slots with more places taken than their capacity, with by how many.

    Each row: ``slot_id``, ``capacity``, ``reserved`` (the slot's counter),
    ``taken`` (reservations holding a place) and ``overbooked`` (places beyond
    the capacity, by the larger of the two readings).
    """
    slots = Slot.objects.annotate(
        taken=Count("reservations", filter=Q(reservations__status__in=PLACE_TAKING))
    ).values("pk", "capacity", "reserved", "taken")
    rows = []
    for slot in slots:
        overbooked = max(slot["reserved"], slot["taken"]) - slot["capacity"]
        if overbooked > 0:
            rows.append(
                {
                    "slot_id": slot["pk"],
                    "capacity": slot["capacity"],
                    "reserved": slot["reserved"],
                    "taken": slot["taken"],
                    "overbooked": overbooked,
                }
            )
    return rows


def reservation_mismatches():
    """Slots whose counter differs from the places their reservations take
    (informative: not an overbooking by itself)."""
    slots = Slot.objects.annotate(
        taken=Count("reservations", filter=Q(reservations__status__in=PLACE_TAKING))
    ).values("pk", "reserved", "taken")
    return [
        {"slot_id": s["pk"], "reserved": s["reserved"], "taken": s["taken"]}
        for s in slots
        if s["reserved"] != s["taken"]
    ]


def consistency_report():
    """Totals of the checks, as the bench prints and records them."""
    oversold = oversold_stock_records()
    overbooked = overbooked_slots()
    return {
        "oversold_units": sum(row["oversold"] for row in oversold),
        "oversold_records": oversold,
        "overbooked_places": sum(row["overbooked"] for row in overbooked),
        "overbooked_slots": overbooked,
        "allocation_mismatches": allocation_mismatches(),
        "reservation_mismatches": reservation_mismatches(),
    }
