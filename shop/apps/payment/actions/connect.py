"""Stripe Connect: the artisans' Express accounts and what Stripe says of them."""

import logging

from django.db import transaction

from .. import stripe_api
from ..models import ConnectedAccount
from .common import is_older

logger = logging.getLogger(__name__)


@transaction.atomic
def ensure_connected_account(vendor):
    """The artisan's Express account, created at Stripe the first time."""
    type(vendor).objects.select_for_update().get(pk=vendor.pk)
    account = ConnectedAccount.objects.filter(vendor=vendor).first()
    if account is not None:
        return account
    stripe_account = stripe_api.create_express_account(vendor)
    return ConnectedAccount.objects.create(
        vendor=vendor,
        account_id=stripe_account.id,
        charges_enabled=bool(stripe_account.charges_enabled),
        payouts_enabled=bool(stripe_account.payouts_enabled),
        details_submitted=bool(stripe_account.details_submitted),
    )


def start_connect_onboarding(vendor, refresh_url, return_url):
    """The Stripe onboarding URL of the artisan's account (Account Link).

    What the artisan can do afterwards comes from ``account.updated``, never
    from them coming back to ``return_url``.
    """
    account = ensure_connected_account(vendor)
    link = stripe_api.create_account_link(account.account_id, refresh_url, return_url)
    return link.url


@transaction.atomic
def update_connected_account(account_object, event_created):
    """Apply Stripe's account object (from ``account.updated``) to our copy.

    An event older than the last one applied is ignored. When the artisan
    becomes able to receive transfers, the payment tasks pay their completed
    orders waiting for a payout (``waiting_payouts``).
    """
    account = (
        ConnectedAccount.objects.select_for_update()
        .filter(account_id=account_object["id"])
        .first()
    )
    if account is None:
        logger.warning("account.updated for unknown account %s", account_object["id"])
        return None
    account.became_payable = False
    if is_older(event_created, account.last_event_created):
        return account
    could_receive = account.can_receive_transfers
    account.charges_enabled = bool(account_object.get("charges_enabled"))
    account.payouts_enabled = bool(account_object.get("payouts_enabled"))
    account.details_submitted = bool(account_object.get("details_submitted"))
    capabilities = account_object.get("capabilities") or {}
    account.transfers_active = capabilities.get("transfers") == "active"
    requirements = account_object.get("requirements") or {}
    account.requirements_due = list(requirements.get("currently_due") or [])
    account.last_event_created = event_created
    account.save()
    account.became_payable = account.can_receive_transfers and not could_receive
    return account
