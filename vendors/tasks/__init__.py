"""Background work of the artisans' shops (Celery finds them here)."""

from .catalogue import (  # noqa: F401
    delete_stale_product_imports_task,
    import_products_csv_task,
)
from .joining import send_application_received_email_task  # noqa: F401
from .orders import send_vendor_order_event_emails_task  # noqa: F401
from .review import (  # noqa: F401
    send_application_approved_email_task,
    send_application_rejected_email_task,
    send_shop_reactivated_email_task,
    send_shop_suspended_email_task,
)
from .team import send_team_invitation_task  # noqa: F401
