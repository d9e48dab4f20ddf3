"""E-mails to artisans about the chamber's review of their application or shop.

Each task takes primary keys and sends at most one e-mail per review step:
the step's identity (the application's review time, the admin log entry) is
remembered in the cache once the e-mail is sent, so a retried or duplicated
task sends nothing more. The models have no "notified at" field for these
steps; the cache is Redis wherever workers run, shared with the web process.
"""

import logging

from celery import shared_task
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.core.cache import cache
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from shop.apps.core.links import absolute_url
from vendors.models import ApplicationStatus, Vendor, VendorApplication, VendorStatus

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


def _shop_change(log_entry_id):
    """The admin log entry of a shop's status change and its shop."""
    entry = LogEntry.objects.get(pk=log_entry_id)
    vendor = (
        Vendor.objects.select_related("partner")
        .prefetch_related("partner__users")
        .get(pk=entry.object_id)
    )
    return entry, vendor


def _shop_change_key(kind, entry):
    return f"vendors:shop-{kind}:{entry.pk}:{entry.action_time.isoformat()}"


def _shop_recipients(vendor):
    """The shop's contact address, else the addresses of the accounts running it."""
    if vendor.email:
        return [vendor.email]
    return sorted({user.email for user in vendor.partner.users.all() if user.email})


@shared_task
def send_shop_suspended_email_task(log_entry_id):
    """E-mail an artisan that the chamber suspended their shop, with the reason.

    ``log_entry_id`` is the admin log entry ``suspend_vendor`` wrote; its
    message is the reason. Sent once per suspension; skipped when the shop
    was reactivated before the task ran.
    """
    entry, vendor = _shop_change(log_entry_id)
    if vendor.status != VendorStatus.SUSPENDED:
        logger.info("shop %s is no longer suspended: no e-mail sent", vendor.pk)
        return False
    recipients = _shop_recipients(vendor)
    if not recipients:
        logger.warning("shop %s has no e-mail address to notify", vendor.pk)
        return False
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Your shop %(name)s is suspended") % {"name": vendor.name}
        body = "\n\n".join(
            [
                _("Hello,"),
                _(
                    "The chamber has suspended the shop %(name)s on the "
                    "marketplace: its products can no longer be bought."
                )
                % {"name": vendor.name},
                _("Reason given by the chamber:") + "\n" + entry.change_message,
                _(
                    "Please contact the chamber to discuss it. Your back office "
                    "stays open: %(url)s"
                )
                % {"url": _backoffice_url()},
            ]
        )
    return _send_once(
        _shop_change_key("suspended", entry), subject, body + "\n", recipients
    )


@shared_task
def send_shop_reactivated_email_task(log_entry_id):
    """E-mail an artisan that their suspended shop is selling again.

    Sent once per reactivation; skipped when the shop was suspended again
    before the task ran.
    """
    entry, vendor = _shop_change(log_entry_id)
    if vendor.status != VendorStatus.APPROVED:
        logger.info("shop %s is no longer approved: no e-mail sent", vendor.pk)
        return False
    recipients = _shop_recipients(vendor)
    if not recipients:
        logger.warning("shop %s has no e-mail address to notify", vendor.pk)
        return False
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Your shop %(name)s is open again") % {"name": vendor.name}
        body = "\n\n".join(
            [
                _("Hello,"),
                _(
                    "The chamber has lifted the suspension of the shop %(name)s: "
                    "customers can buy its products again."
                )
                % {"name": vendor.name},
                _("Your back office: %(url)s") % {"url": _backoffice_url()},
            ]
        )
    return _send_once(
        _shop_change_key("reactivated", entry), subject, body + "\n", recipients
    )
