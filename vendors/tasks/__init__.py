"""Background work of the artisans' shops (Celery finds them here)."""

from .orders import notify_customer_of_vendor_order_event_task  # noqa: F401
