"""Slots and parcels: generating, holding, booking, checking in, handing over.

Plain functions, one module per area; everything is importable from
``delivery.actions``. When a parcel's step is also a step of its artisan's
order (received, handed over, not collected), the order conductor
(``vendors.lifecycle``) calls these; nothing here calls back.
"""

from .holds import (  # noqa: F401
    HOLD_MINUTES,
    check_hold_limits,
    confirm_reservation,
    hold_slot,
    hold_source,
    live_holds,
    release_booking,
    release_expired_hold,
    release_expired_holds,
    release_reservation,
)
from .parcels import (  # noqa: F401
    CODE_ALPHABET,
    CODE_LENGTH,
    HandOverDayToConfirm,
    PickupCodeRefused,
    booking_of,
    check_code_attempts,
    check_code_format,
    check_code_of,
    check_hand_over_day,
    check_in_parcel,
    code_matches,
    count_wrong_code,
    find_parcel,
    format_code,
    generate_pickup_code,
    hand_over_parcel,
    mark_parcel,
    mark_workshop_parcel_ready,
    normalise_code,
)
from .slots import (  # noqa: F401
    SlotUnavailable,
    bookable_slots,
    check_slot_choice,
    earliest_bookable_start,
    generate_slots,
    give_back_place,
    is_closed_on,
    open_slots,
    take_place,
    vendor_serves_point,
)
