"""Writes on artisans' shops, as plain functions (views stay thin).

One module per area; everything is importable from ``vendors.actions``.
"""

from .orders import (  # noqa: F401
    CLOSED,
    NEEDS_REASON,
    TRANSITIONS,
    InvalidTransition,
    OrderStatus,
    allocate_proportionally,
    change_vendor_order_status,
    commission_split,
    derive_order_status,
    refresh_order_status,
    split_order_by_vendor,
)
