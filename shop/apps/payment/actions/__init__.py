"""Writes of the Stripe integration, one module per area; everything is
importable from ``shop.apps.payment.actions``.

Every function is safe to run again: repeated webhooks, retried tasks and
duplicate tasks find what the first run wrote (under row locks) and stop.
Stripe is only reached through ``stripe_api``. Nothing here moves an
artisan's order on: the order conductor (``vendors.lifecycle``) calls these.
"""

from .abandoned import (  # noqa: F401
    UnpaidOutcome,
    abandoned_orders,
    close_unpaid_payment,
)
from .common import (  # noqa: F401
    add_note,
    paid_intent_for,
    refunded_cents,
    stripe_timestamp,
)
from .connect import (  # noqa: F401
    ensure_connected_account,
    start_connect_onboarding,
    update_connected_account,
)
from .manual_refunds import (  # noqa: F401
    may_refund_at_pickup,
    record_refund_at_pickup,
)
from .paying import (  # noqa: F401
    PaymentClosed,
    PaymentStart,
    is_pending_payment,
    mark_payment_failed,
    mark_payment_succeeded,
    start_order_payment,
    start_payment,
    sync_payment_intent,
    was_abandoned,
)
from .payouts import (  # noqa: F401
    PAYABLE_STATUSES,
    PayoutNotPossible,
    artisan_due_cents,
    expects_payout,
    pay_artisan,
    waiting_payouts,
)
from .refunds import (  # noqa: F401
    RefundRefused,
    chamber_staff_emails,
    handle_dispute,
    is_paid_online,
    record_charge_refunded,
    refund_vendor_order,
    refundable_amount,
)
