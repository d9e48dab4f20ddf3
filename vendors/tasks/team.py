"""Background work for the teams that run artisans' shops."""

import logging

from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sites.models import Site
from django.core.cache import cache
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from oscar.core.loading import get_class

from vendors.models import Vendor

get_password_reset_url = get_class("customer.utils", "get_password_reset_url")
User = get_user_model()
logger = logging.getLogger(__name__)

# How long a sent invitation is remembered, to skip a duplicated task.
SENT_MEMORY_SECONDS = 7 * 24 * 3600


@shared_task
def send_team_invitation_task(
    user_id, vendor_id, invitation_key, invited_by_id=None, use_https=True
):
    """E-mail a person who was just given access to an artisan's back office.

    A new account (no usable password yet) gets a link to choose its
    password; an existing account gets a note with the back office's address.
    ``invitation_key`` is unique per invitation: a task delivered twice sends
    one e-mail. Nothing is sent when the person left the team meanwhile.
    """
    user = User._default_manager.get(pk=user_id)
    vendor = Vendor.objects.select_related("partner").get(pk=vendor_id)
    if not vendor.partner.users.filter(pk=user.pk).exists():
        logger.info("account %s left shop %s: no invitation sent", user_id, vendor_id)
        return False
    invited_by = (
        User._default_manager.filter(pk=invited_by_id).first()
        if invited_by_id
        else None
    )
    new_account = not user.has_usable_password()
    site = Site.objects.get_current()
    base_url = "{}://{}".format("https" if use_https else "http", site.domain)
    if new_account:
        action_url = base_url + get_password_reset_url(user)
    else:
        action_url = base_url + reverse("backoffice:overview")
    context = {
        "user": user,
        "vendor": vendor,
        "invited_by": invited_by,
        "new_account": new_account,
        "action_url": action_url,
        "site": site,
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(
            "vendors/emails/team_invitation_subject.txt", context
        ).strip()
        body = render_to_string("vendors/emails/team_invitation_body.txt", context)
    sent_key = f"vendors:team-invitation:{invitation_key}"
    if not cache.add(sent_key, True, SENT_MEMORY_SECONDS):
        logger.info("team invitation %s already sent: skipped", invitation_key)
        return False
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
    except Exception:
        cache.delete(sent_key)
        raise
    return True
