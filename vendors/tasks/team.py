"""Background work for the teams that run artisans' shops."""

import logging

from celery import shared_task
from django.conf import settings
from django.contrib.sites.models import Site
from django.core.cache import cache
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from vendors.invitations import invitation_token
from vendors.models import InvitationStatus, TeamInvitation

logger = logging.getLogger(__name__)

# How long a sent invitation is remembered, to skip a duplicated task.
SENT_MEMORY_SECONDS = 7 * 24 * 3600


@shared_task
def send_team_invitation_task(invitation_id, nonce, use_https=True):
    """E-mail the link that accepts or declines an invitation to a shop's team.

    The same e-mail goes to every address, with an account or not. Sent once
    per ``nonce``: a task delivered twice sends one e-mail, and nothing is
    sent for an invitation withdrawn, answered or renewed meanwhile.
    """
    invitation = (
        TeamInvitation.objects.select_related("vendor", "invited_by")
        .filter(pk=invitation_id)
        .first()
    )
    if (
        invitation is None
        or invitation.status != InvitationStatus.PENDING
        or invitation.nonce != nonce
    ):
        logger.info("team invitation %s changed meanwhile: not sent", invitation_id)
        return False
    site = Site.objects.get_current()
    base_url = "{}://{}".format("https" if use_https else "http", site.domain)
    context = {
        "invitation": invitation,
        "vendor": invitation.vendor,
        "invited_by": invitation.invited_by,
        "action_url": base_url
        + reverse(
            "backoffice:team-invitation",
            kwargs={"token": invitation_token(invitation)},
        ),
        "site": site,
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(
            "vendors/emails/team_invitation_subject.txt", context
        ).strip()
        body = render_to_string("vendors/emails/team_invitation_body.txt", context)
    sent_key = f"vendors:team-invitation:{invitation.pk}:{nonce}"
    if not cache.add(sent_key, True, SENT_MEMORY_SECONDS):
        logger.info("team invitation %s already sent: skipped", invitation_id)
        return False
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [invitation.email])
    except Exception:
        cache.delete(sent_key)
        raise
    return True
