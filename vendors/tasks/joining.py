"""Background work around artisans' applications."""

import logging

from celery import shared_task
from django.conf import settings
from django.core.cache import cache
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

from vendors.models import VendorApplication

logger = logging.getLogger(__name__)

# How long a sent acknowledgement is remembered, to skip a duplicated task.
ACKNOWLEDGEMENT_MEMORY_SECONDS = 7 * 24 * 3600


@shared_task
def send_application_received_email_task(application_id):
    """E-mail an applicant that their application reached the chamber.

    Idempotent as far as the cache remembers (a week): a retried or duplicated
    task for an application already acknowledged sends nothing. A vanished
    application (account deleted meanwhile) is logged and skipped.
    """
    application = VendorApplication.objects.filter(pk=application_id).first()
    if application is None:
        logger.warning(
            "application %s vanished before its acknowledgement", application_id
        )
        return False
    # The submission time is part of the key: SQLite may reuse a deleted id.
    sent_key = (
        f"vendors:application-acknowledged:{application.pk}:"
        f"{application.created_at.timestamp()}"
    )
    if cache.get(sent_key):
        return False
    with translation.override(settings.LANGUAGE_CODE):
        context = {"application": application}
        subject = render_to_string(
            "vendors/emails/application_received_subject.txt", context
        ).strip()
        body = render_to_string("vendors/emails/application_received_body.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [application.email])
    cache.set(sent_key, True, ACKNOWLEDGEMENT_MEMORY_SECONDS)
    return True
