"""Background work of apprenticeship offers: the application e-mails and the
daily closing of offers past their date."""

import logging

from celery import shared_task
from django.conf import settings
from django.contrib.sites.models import Site
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from shop.apps.core import pagecache

from .models import ApprenticeshipApplication, ApprenticeshipOffer, OfferStatus

logger = logging.getLogger(__name__)


def render_email(name, context):
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(
            f"apprenticeship/emails/{name}_subject.txt", context
        ).strip()
        body = render_to_string(f"apprenticeship/emails/{name}_body.txt", context)
    return subject, body


@shared_task
def send_application_emails_task(application_id, use_https=True):
    """Tell the shop's team of a new application, and send the applicant a
    receipt. Only the accounts of the offer's shop are told."""
    application = (
        ApprenticeshipApplication.objects.select_related("offer__vendor__partner")
        .filter(pk=application_id)
        .first()
    )
    if application is None:
        return False
    vendor = application.offer.vendor
    site = Site.objects.get_current()
    base_url = "{}://{}".format("https" if use_https else "http", site.domain)
    context = {
        "application": application,
        "offer": application.offer,
        "vendor": vendor,
        "site": site,
        "inbox_url": base_url
        + reverse(
            "backoffice:apprenticeship-application",
            kwargs={"pk": application.pk},
        ),
    }
    team = list(
        vendor.partner.users.filter(is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    if team:
        subject, body = render_email("new_application", context)
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, team)
    subject, body = render_email("receipt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [application.email])
    return True


@shared_task
def close_past_offers_task():
    """Close the offers whose closing date has passed (run daily by beat)."""
    closed = ApprenticeshipOffer.objects.past_closing().update(
        status=OfferStatus.CLOSED
    )
    if closed:
        pagecache.changed()
    logger.info("apprenticeship offers closed: %s", closed)
    return closed
