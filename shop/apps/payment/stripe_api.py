"""Every call the marketplace makes to Stripe, and nothing else.

The client is built from settings when first needed (never at import time):
``STRIPE_SECRET_KEY`` and, for stripe-mock in tests or a proxy, ``STRIPE_API_BASE``
as the base address of every Stripe API. Amounts cross this boundary in cents.
Secrets are never logged: only object ids and amounts are.
"""

import functools
import logging

import stripe
from django.conf import settings
from django.utils.translation import gettext

from .consts import CURRENCY, to_cents, transfer_idempotency_key

logger = logging.getLogger(__name__)

# Re-exported so callers catch Stripe's errors without importing the SDK.
StripeError = stripe.StripeError
SignatureVerificationError = stripe.SignatureVerificationError


class StripeNotConfigured(Exception):
    """No secret key: Stripe cannot be used (pay at pickup still works)."""


def is_configured():
    """True when a Stripe secret key is set."""
    return bool(settings.STRIPE_SECRET_KEY)


@functools.lru_cache(maxsize=4)
def _build_client(api_key, api_base):
    base_addresses = (
        {"api": api_base, "connect": api_base, "files": api_base} if api_base else None
    )
    return stripe.StripeClient(
        api_key, base_addresses=base_addresses, max_network_retries=2
    )


def get_client():
    """The Stripe client for the current settings (cached per key and base)."""
    if not is_configured():
        raise StripeNotConfigured("STRIPE_SECRET_KEY is not set")
    return _build_client(settings.STRIPE_SECRET_KEY, settings.STRIPE_API_BASE or "")


# Payments
# ------------------------------------------------------------------------------


def payment_intent_params(order, vendor_orders):
    """What the marketplace asks Stripe for one order: one charge, EUR, in cents.

    ``transfer_group`` ties the charge to the artisans' transfers that follow.
    """
    return {
        "amount": to_cents(order.total_incl_tax),
        "currency": CURRENCY,
        "transfer_group": order.number,
        "automatic_payment_methods": {"enabled": True},
        "description": gettext("Order %(number)s") % {"number": order.number},
        "metadata": {
            "order_number": order.number,
            "vendor_orders": ",".join(vo.number for vo in vendor_orders),
        },
    }


def create_payment_intent(order, idempotency_key):
    """Create the PaymentIntent for ``order`` (amount = order total in cents)."""
    vendor_orders = list(order.vendor_orders.order_by("number"))
    intent = get_client().v1.payment_intents.create(
        params=payment_intent_params(order, vendor_orders),
        options={"idempotency_key": idempotency_key},
    )
    logger.info("Order #%s: PaymentIntent %s created", order.number, intent.id)
    return intent


def retrieve_payment_intent(intent_id):
    """The PaymentIntent as Stripe knows it now (to verify a return from Stripe)."""
    return get_client().v1.payment_intents.retrieve(intent_id)


def cancel_payment_intent(intent_id):
    """Cancel an abandoned PaymentIntent; Stripe refuses once it has succeeded."""
    intent = get_client().v1.payment_intents.cancel(
        intent_id,
        params={"cancellation_reason": "abandoned"},
        options={"idempotency_key": f"cancel-{intent_id}"},
    )
    logger.info("PaymentIntent %s cancelled", intent_id)
    return intent


# Connect
# ------------------------------------------------------------------------------


def create_express_account(vendor):
    """Create the artisan's Express connected account (transfers, card payments)."""
    params = {
        "type": "express",
        "country": settings.STRIPE_CONNECT_COUNTRY,
        "capabilities": {
            "card_payments": {"requested": True},
            "transfers": {"requested": True},
        },
        "business_profile": {"name": vendor.name},
        "metadata": {"vendor_id": str(vendor.pk), "vendor_slug": vendor.slug},
    }
    if vendor.email:
        params["email"] = vendor.email
    account = get_client().v1.accounts.create(
        params=params, options={"idempotency_key": f"express-account-{vendor.pk}"}
    )
    logger.info("Artisan %s: Express account %s created", vendor.pk, account.id)
    return account


def create_account_link(account_id, refresh_url, return_url):
    """A one-time onboarding link for a connected account."""
    return get_client().v1.account_links.create(
        params={
            "account": account_id,
            "refresh_url": refresh_url,
            "return_url": return_url,
            "type": "account_onboarding",
        }
    )


def create_transfer(
    vendor_order, source_transaction, amount_cents=None, destination=None
):
    """Transfer an artisan's share of a charge to their connected account.

    ``amount_cents`` defaults to the vendor order's net amount, ``destination``
    to the artisan's connected account. The idempotency key derives from the
    vendor order: Stripe answers a repeated request with the first transfer
    instead of paying again.
    """
    if amount_cents is None:
        amount_cents = to_cents(vendor_order.net_amount)
    if destination is None:
        destination = vendor_order.vendor.stripe_account.account_id
    params = {
        "amount": amount_cents,
        "currency": CURRENCY,
        "destination": destination,
        "transfer_group": vendor_order.order.number,
        "metadata": {"vendor_order": vendor_order.number},
    }
    if source_transaction:
        # Without it, the transfer is drawn from the platform's balance.
        params["source_transaction"] = source_transaction
    transfer = get_client().v1.transfers.create(
        params=params,
        options={"idempotency_key": transfer_idempotency_key(vendor_order.number)},
    )
    logger.info(
        "Vendor order %s: transfer %s of %s cents to %s",
        vendor_order.number,
        transfer.id,
        amount_cents,
        destination,
    )
    return transfer


# Refunds
# ------------------------------------------------------------------------------


def _options(idempotency_key):
    return {"idempotency_key": idempotency_key} if idempotency_key else {}


def create_refund(charge_id, amount_cents, idempotency_key=None, metadata=None):
    """Refund ``amount_cents`` of a charge."""
    return get_client().v1.refunds.create(
        params={
            "charge": charge_id,
            "amount": amount_cents,
            "metadata": metadata or {},
        },
        options=_options(idempotency_key),
    )


def create_transfer_reversal(transfer_id, amount_cents, idempotency_key=None):
    """Take ``amount_cents`` of a transfer back from the artisan's account."""
    return get_client().v1.transfers.reversals.create(
        transfer_id,
        params={"amount": amount_cents},
        options=_options(idempotency_key),
    )


# Webhooks
# ------------------------------------------------------------------------------


def construct_event(payload, sig_header):
    """Verify a webhook's ``Stripe-Signature`` and return the event.

    Raises ``SignatureVerificationError`` (bad or missing signature, or no
    endpoint secret configured) or ``ValueError`` (not JSON). Stripe's own
    verification is used, with its default five-minute tolerance.
    """
    secret = settings.STRIPE_WEBHOOK_SECRET
    if not secret:
        raise SignatureVerificationError(
            "No webhook endpoint secret is configured", sig_header
        )
    return stripe.Webhook.construct_event(payload, sig_header, secret)
