"""Writes on an artisan's shop: storefront settings and the team that runs it."""

import logging
import uuid

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_class, get_model

from vendors.models import Vendor

Partner = get_model("partner", "Partner")
generate_username = get_class("customer.forms", "generate_username")
normalise_email = get_class("customer.utils", "normalise_email")
User = get_user_model()
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
    """Give the account with ``email`` access to ``vendor``'s back office.

    An existing account is added to the shop's partner; an unknown address
    gets a new account without a usable password. Either way the person is
    e-mailed (a link to set a password for a new account). Returns
    ``(user, created)``. Raises ``TeamChangeRefused`` for staff accounts,
    accounts running another shop, and accounts already in the team.
    """
    # Lock the partner so that concurrent team changes of one shop queue up.
    Partner._default_manager.select_for_update().get(pk=vendor.partner_id)
    email = normalise_email(email)
    matches = list(User._default_manager.filter(email__iexact=email)[:2])
    if len(matches) > 1:
        raise TeamChangeRefused(
            _(
                "Several accounts use this e-mail address. Please contact the "
                "chamber so that we can sort it out."
            )
        )
    created = not matches
    if created:
        user = User(username=generate_username(), email=email)
        user.set_unusable_password()
        user.save()
    else:
        user = matches[0]
        if user.is_staff:
            raise TeamChangeRefused(
                _("This is a staff account of the chamber: it cannot join a shop.")
            )
        if not user.is_active:
            raise TeamChangeRefused(_("This account is deactivated."))
        if vendor.partner.users.filter(pk=user.pk).exists():
            raise TeamChangeRefused(_("This person is already in your team."))
        if Vendor.objects.for_user(user).exclude(pk=vendor.pk).exists():
            raise TeamChangeRefused(
                _(
                    "This account already runs another shop. An account can run "
                    "one shop only: please use another e-mail address."
                )
            )
    vendor.partner.users.add(user)

    from vendors.tasks import send_team_invitation_task

    invitation_key = uuid.uuid4().hex
    transaction.on_commit(
        lambda: send_team_invitation_task.delay(
            user.pk,
            vendor.pk,
            invitation_key,
            invited_by_id=invited_by.pk if invited_by else None,
            use_https=use_https,
        )
    )
    return user, created


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
