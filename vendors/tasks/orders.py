"""E-mails of the steps of artisans' orders, sent in the background."""

from celery import shared_task
from django.db import transaction

from vendors import notifications


@shared_task
def send_vendor_order_event_emails_task(event_id):
    """E-mail the customer and/or the artisan about one step of an artisan's order.

    Idempotent: each e-mail of the step is sent once (``*_notified_at`` on the
    event), so a retried or duplicated task sends nothing again.
    """
    return notifications.send_event_emails(event_id)


def queue_event_emails(events):
    """Queue the e-mails of ``events`` that call for one, once committed."""
    for event in events:
        if event.customer_email or event.artisan_email:
            event_id = event.pk
            # robust: when tasks run eagerly, a mail server down must not fail
            # the step that was committed (the e-mail is logged, and unsent).
            transaction.on_commit(
                lambda event_id=event_id: send_vendor_order_event_emails_task.delay(
                    event_id
                ),
                robust=True,
            )
