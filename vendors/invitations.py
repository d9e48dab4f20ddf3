"""The signed links of team invitations (``TeamInvitation``)."""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.utils import timezone
from django.utils.crypto import constant_time_compare

from .models import InvitationStatus, TeamInvitation

INVITATION_SALT = "vendors.team-invitation"


def invitation_token(invitation):
    """The unguessable token of the e-mailed link (signed; names the
    invitation and its current nonce)."""
    return signing.dumps(
        {"invitation": invitation.pk, "nonce": invitation.nonce},
        salt=INVITATION_SALT,
    )


def invitation_from_token(token):
    """The invitation a link's token names, while it may still be answered;
    ``None`` for a forged, outdated, expired or answered one."""
    try:
        payload = signing.loads(
            token,
            salt=INVITATION_SALT,
            max_age=timedelta(days=settings.TEAM_INVITATION_DAYS),
        )
        invitation = TeamInvitation.objects.select_related(
            "vendor__partner", "invited_by"
        ).get(pk=payload["invitation"], status=InvitationStatus.PENDING)
    except (signing.BadSignature, KeyError, TypeError, TeamInvitation.DoesNotExist):
        return None
    if not constant_time_compare(payload.get("nonce", ""), invitation.nonce):
        return None
    if invitation.expires_at <= timezone.now():
        return None
    return invitation
