"""Writes on an artisan's shop: storefront settings and the team that runs it."""

import logging
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_class, get_model

from vendors.models import InvitationStatus, TeamInvitation, Vendor

Partner = get_model("partner", "Partner")
normalise_email = get_class("customer.utils", "normalise_email")
logger = logging.getLogger(__name__)

# What an artisan may change on their own shop. Status, commission rate, slug
# and partner belong to the chamber's staff and are never written here.
STOREFRONT_FIELDS = (
    "description",
    "story",
    "logo",
    "banner",
    "address",
    "postcode",
    "commune",
    "latitude",
    "longitude",
    "phone",
    "email",
    "opening_hours",
    "labels",
    "vat_regime",
    "vacation_mode",
    "vacation_message",
    "siret",
    "legal_name",
    "legal_form",
    "vat_number",
)


class TeamChangeRefused(Exception):
    """A change to a shop's team that the rules do not allow (message for people)."""


@transaction.atomic
def update_shop_settings(vendor, changes):
    """Apply ``changes`` (field name -> cleaned form value) to the storefront.

    Only ``STOREFRONT_FIELDS`` are written; anything else in ``changes`` is
    ignored. File fields take what a form's ``cleaned_data`` holds (an upload,
    the current file, or ``False`` to clear). The story is sanitised by
    ``Vendor.save``.
    """
    fields = [name for name in STOREFRONT_FIELDS if name in changes]
    for name in fields:
        Vendor._meta.get_field(name).save_form_data(vendor, changes[name])
    if vendor.vacation_mode and not (vendor.vacation_message or "").strip():
        raise ValidationError(
            {
                "vacation_message": _(
                    "Tell your customers when you will be back: a message is "
                    "required in vacation mode."
                )
            }
        )
    vendor.save(update_fields=[*fields, "updated_at"])
    return vendor


@transaction.atomic
def invite_team_member(vendor, email, invited_by, use_https=True):
    """Invite ``email`` to run ``vendor``'s shop with its team.

    Whether the address has an account or not, the same invitation is
    e-mailed: the person joins once they accept it (see
    ``accept_team_invitation``). Inviting an address again renews its
    invitation (a new link, valid ``TEAM_INVITATION_DAYS`` days). Raises
    ``TeamChangeRefused`` only for an address of the team itself.
    """
    # Lock the partner so that concurrent team changes of one shop queue up.
    Partner._default_manager.select_for_update().get(pk=vendor.partner_id)
    email = normalise_email(email).lower()
    if vendor.partner.users.filter(email__iexact=email).exists():
        raise TeamChangeRefused(_("This person is already in your team."))
    expires_at = timezone.now() + timedelta(days=settings.TEAM_INVITATION_DAYS)
    invitation = (
        TeamInvitation.objects.select_for_update()
        .filter(vendor=vendor, email=email, status=InvitationStatus.PENDING)
        .first()
    )
    if invitation is None:
        invitation = TeamInvitation(vendor=vendor, email=email)
    invitation.invited_by = invited_by
    invitation.nonce = secrets.token_urlsafe(24)
    invitation.expires_at = expires_at
    invitation.save()

    from vendors.tasks import send_team_invitation_task

    nonce = invitation.nonce
    transaction.on_commit(
        lambda: send_team_invitation_task.delay(
            invitation.pk, nonce, use_https=use_https
        )
    )
    return invitation


@transaction.atomic
def revoke_team_invitation(vendor, invitation_id):
    """Withdraw one of ``vendor``'s invitations still waiting for an answer."""
    updated = TeamInvitation.objects.filter(
        pk=invitation_id, vendor=vendor, status=InvitationStatus.PENDING
    ).update(status=InvitationStatus.REVOKED, answered_at=timezone.now())
    if not updated:
        raise TeamChangeRefused(_("This invitation was already answered or withdrawn."))


@transaction.atomic
def accept_team_invitation(invitation, user):
    """``user`` accepts ``invitation`` and joins the shop's team.

    Only the account of the invited address may accept (the link went to that
    mailbox). Raises ``TeamChangeRefused`` when the invitation can no longer
    be answered, for another account, a staff account or an account that
    runs another shop; nothing changes then.
    """
    Partner._default_manager.select_for_update().get(pk=invitation.vendor.partner_id)
    locked = TeamInvitation.objects.select_for_update().get(pk=invitation.pk)
    vendor = invitation.vendor
    if locked.status != InvitationStatus.PENDING or (
        locked.expires_at <= timezone.now()
    ):
        raise TeamChangeRefused(_("This invitation is no longer valid."))
    if (user.email or "").lower() != locked.email:
        raise TeamChangeRefused(
            _(
                "This invitation was sent to another e-mail address. Sign in "
                "with the account of that address to accept it."
            )
        )
    if user.is_staff:
        raise TeamChangeRefused(
            _("This is a staff account of the chamber: it cannot join a shop.")
        )
    if Vendor.objects.for_user(user).exclude(pk=vendor.pk).exists():
        raise TeamChangeRefused(
            _(
                "Your account already runs another shop. An account can run one "
                "shop only: ask for an invitation at another e-mail address."
            )
        )
    vendor.partner.users.add(user)
    locked.status = InvitationStatus.ACCEPTED
    locked.accepted_by = user
    locked.answered_at = timezone.now()
    locked.save(update_fields=["status", "accepted_by", "answered_at"])
    logger.info(
        "account %s joined the team of shop %s (invitation %s)",
        user.pk,
        vendor.pk,
        locked.pk,
    )
    return locked


@transaction.atomic
def decline_team_invitation(invitation):
    """The invited person declines: the link stops working."""
    TeamInvitation.objects.filter(
        pk=invitation.pk, status=InvitationStatus.PENDING
    ).update(status=InvitationStatus.DECLINED, answered_at=timezone.now())


@transaction.atomic
def remove_team_member(vendor, user, removed_by=None):
    """Take ``user``'s access to ``vendor``'s back office away.

    Raises ``TeamChangeRefused`` when ``user`` is not in the team or is its
    last member (a shop always keeps someone to run it). The account itself
    is kept: it may still shop on the marketplace.
    """
    Partner._default_manager.select_for_update().get(pk=vendor.partner_id)
    members = vendor.partner.users
    if not members.filter(pk=user.pk).exists():
        raise TeamChangeRefused(_("This person is not in your team."))
    if members.count() <= 1:
        raise TeamChangeRefused(
            _(
                "You are the last member of your team: your shop needs at least "
                "one account. Invite someone else first."
            )
        )
    members.remove(user)
    logger.info(
        "account %s removed from the team of shop %s by %s",
        user.pk,
        vendor.pk,
        getattr(removed_by, "pk", None),
    )
    return user
