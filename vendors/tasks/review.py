"""E-mails to artisans about the chamber's review of their application or shop.

Each task takes primary keys and sends at most one e-mail per review step.
A shop's suspension or reactivation is a ``VendorStatusChange`` row stamped
when its e-mail goes out. An application's review is remembered in the cache
by its review time (Redis wherever workers run, shared with the web process).
"""

import logging

from celery import shared_task
from django.conf import settings
from django.core.cache import cache
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from shop.apps.core.links import absolute_url
from vendors.models import (
    ApplicationStatus,
    VendorApplication,
    VendorStatus,
    VendorStatusChange,
)

logger = logging.getLogger(__name__)

# How long a sent e-mail is remembered, to skip a duplicated task.
SENT_MEMORY_SECONDS = 7 * 24 * 3600


def _backoffice_url():
    """Absolute address of the artisan's back office ("espace artisan")."""
    return absolute_url(reverse("backoffice:overview"))


def _send_once(sent_key, subject, body, recipients):
    """Send unless ``sent_key`` says it was sent; forget the key if sending fails."""
    if not cache.add(sent_key, True, SENT_MEMORY_SECONDS):
        logger.info("e-mail %s already sent: skipped", sent_key)
        return False
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
    except Exception:
        cache.delete(sent_key)
        raise
    return True


def _render_application_email(name, application, **extra):
    context = {"application": application, **extra}
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(
            f"vendors/emails/application_{name}_subject.txt", context
        ).strip()
        body = render_to_string(f"vendors/emails/application_{name}_body.txt", context)
    return subject, body


def _reviewed_application(application_id, status):
    """The application if it still has ``status``, else None (logged)."""
    application = (
        VendorApplication.objects.select_related("user", "vendor__partner")
        .filter(pk=application_id)
        .first()
    )
    if application is None or application.status != status:
        logger.warning(
            "application %s is no longer %s: no e-mail sent", application_id, status
        )
        return None
    return application


@shared_task
def send_application_approved_email_task(application_id):
    """E-mail an applicant that their shop is open, with the back office's link.

    Skipped when the application is no longer approved, or when this approval
    was already announced (a retried or duplicated task).
    """
    application = _reviewed_application(application_id, ApplicationStatus.APPROVED)
    if application is None:
        return False
    subject, body = _render_application_email(
        "approved",
        application,
        vendor=application.vendor,
        backoffice_url=_backoffice_url(),
    )
    sent_key = (
        f"vendors:application-approved:{application.pk}:"
        f"{application.reviewed_at.isoformat()}"
    )
    return _send_once(sent_key, subject, body, [application.email])


@shared_task
def send_application_rejected_email_task(application_id):
    """E-mail an applicant that their application was turned down, and why.

    Skipped when the application is no longer rejected, or when this
    rejection was already announced.
    """
    application = _reviewed_application(application_id, ApplicationStatus.REJECTED)
    if application is None:
        return False
    subject, body = _render_application_email("rejected", application)
    sent_key = (
        f"vendors:application-rejected:{application.pk}:"
        f"{application.reviewed_at.isoformat()}"
    )
    return _send_once(sent_key, subject, body, [application.email])


def _shop_recipients(vendor):
    """The shop's contact address, else the addresses of the accounts running it."""
    if vendor.email:
        return [vendor.email]
    return sorted({user.email for user in vendor.partner.users.all() if user.email})


def _notify_artisan_of_status_change(change_id, expected_status, write_email):
    """E-mail the shop about a status change, once, if the shop is still in it.

    ``write_email(change)`` returns (subject, paragraphs). The change row is
    locked and stamped in the same transaction as the send, so a duplicated
    or retried task sends one e-mail.
    """
    with transaction.atomic():
        change = (
            VendorStatusChange.objects.select_for_update()
            .select_related("vendor__partner")
            .get(pk=change_id)
        )
        vendor = change.vendor
        if change.artisan_notified_at is not None:
            logger.info("status change %s already notified: skipped", change.pk)
            return False
        if vendor.status != expected_status:
            logger.info(
                "shop %s is no longer %s: no e-mail", vendor.pk, expected_status
            )
            return False
        recipients = _shop_recipients(vendor)
        if not recipients:
            logger.warning("shop %s has no e-mail address to notify", vendor.pk)
            return False
        with translation.override(settings.LANGUAGE_CODE):
            subject, paragraphs = write_email(change)
        send_mail(
            str(subject),
            "\n\n".join(str(p) for p in paragraphs) + "\n",
            settings.DEFAULT_FROM_EMAIL,
            recipients,
        )
        change.artisan_notified_at = timezone.now()
        change.save(update_fields=["artisan_notified_at"])
    return True


@shared_task
def send_shop_suspended_email_task(status_change_id):
    """E-mail an artisan that the chamber suspended their shop, with the reason.

    Sent once per suspension; skipped when the shop was reactivated before
    the task ran.
    """

    def write_email(change):
        name = change.vendor.name
        return _("Your shop %(name)s is suspended") % {"name": name}, [
            _("Hello,"),
            _(
                "The chamber has suspended the shop %(name)s on the "
                "marketplace: its products can no longer be bought."
            )
            % {"name": name},
            _("Reason given by the chamber:") + "\n" + change.reason,
            _(
                "Please contact the chamber to discuss it. Your back office "
                "stays open: %(url)s"
            )
            % {"url": _backoffice_url()},
        ]

    return _notify_artisan_of_status_change(
        status_change_id, VendorStatus.SUSPENDED, write_email
    )


@shared_task
def send_shop_reactivated_email_task(status_change_id):
    """E-mail an artisan that their suspended shop is selling again.

    Sent once per reactivation; skipped when the shop was suspended again
    before the task ran.
    """

    def write_email(change):
        name = change.vendor.name
        return _("Your shop %(name)s is open again") % {"name": name}, [
            _("Hello,"),
            _(
                "The chamber has lifted the suspension of the shop %(name)s: "
                "customers can buy its products again."
            )
            % {"name": name},
            _("Your back office: %(url)s") % {"url": _backoffice_url()},
        ]

    return _notify_artisan_of_status_change(
        status_change_id, VendorStatus.APPROVED, write_email
    )
