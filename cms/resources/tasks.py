"""Mails of Déclic and the scheduled publishing of Wagtail pages."""

from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.core.management import call_command
from django.template.loader import render_to_string

from .models import DiagnosticRequest


def chamber_staff_emails():
    """The chamber's staff: active staff accounts with an address."""
    return list(
        get_user_model()
        .objects.filter(is_staff=True, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )


@shared_task
def notify_chamber_of_diagnostic_task(diagnostic_pk):
    """Tell the chamber's staff that an artisan asks for a DEAR diagnostic."""
    diagnostic = (
        DiagnosticRequest.objects.select_related("vendor__partner", "user")
        .filter(pk=diagnostic_pk)
        .first()
    )
    staff = chamber_staff_emails()
    if diagnostic is None or not staff:
        return
    context = {"diagnostic": diagnostic}
    subject = render_to_string(
        "resources/emails/diagnostic_subject.txt", context
    ).strip()
    body = render_to_string("resources/emails/diagnostic_body.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, staff)


@shared_task
def publish_scheduled_pages_task():
    """Publish the pages whose go-live time has come and unpublish the
    expired ones (Wagtail's ``publish_scheduled`` command); idempotent."""
    call_command("publish_scheduled")
