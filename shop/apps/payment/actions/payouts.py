"""Paying artisans through Stripe Connect: one transfer per vendor order, once.

Separate charges and transfers: the order's charge pays each artisan's net
amount once their part is completed, with ``source_transaction`` = the charge
and an idempotency key derived from the vendor order.
"""

import logging

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vendors.models import VendorOrder, VendorOrderStatus

from .. import stripe_api
from ..consts import artisan_due_cents, transfer_idempotency_key
from ..models import ConnectedAccount, Transfer, TransferStatus
from ..redaction import redact_secrets
from .common import paid_intent_for, refunded_cents

logger = logging.getLogger(__name__)

# A vendor order's artisan is paid once the customer has it.
PAYABLE_STATUSES = {VendorOrderStatus.COMPLETED}


class PayoutNotPossible(Exception):
    """The artisan cannot be paid for this vendor order (yet); says why."""


def source_transaction_for(vendor_order, charge_id):
    """The charge a part's transfer is drawn from, or "" for the platform's balance.

    A transfer tied to the customer's charge can never exceed it, and a
    discount the chamber or a partner funds makes the charge smaller than the
    artisan's net (a 15 € discount on a 20 € sale: a 5 € charge, a net of
    18 €). Such a part is paid from the chamber's Stripe balance, which the
    funders' payments replenish; the others keep the charge, so their money
    moves only once the charge's funds are available.
    """
    return "" if vendor_order.funded_discount else charge_id


def expects_payout(vendor_order):
    """True when the artisan is to be paid through Stripe for this part.

    That is when Stripe is configured and took the order's payment; a part
    paid at pickup is settled otherwise.
    """
    if not stripe_api.is_configured():
        return False
    payment = paid_intent_for(vendor_order.order)
    return payment is not None and bool(payment.latest_charge_id)


def waiting_payouts(vendor_id=None):
    """Completed parts paid online whose artisan is not paid yet, and can be.

    Their artisan's Stripe account can receive transfers, and no transfer
    went through for them (none made, or one that failed). Optionally of one
    artisan's shop only.
    """
    vendor_orders = VendorOrder.objects.filter(
        status__in=PAYABLE_STATUSES,
        vendor__stripe_account__transfers_active=True,
        vendor__stripe_account__payouts_enabled=True,
        order__payment_intents__paid_at__isnull=False,
    ).exclude(Q(transfer__isnull=False) & ~Q(transfer__transfer_id=""))
    if vendor_id is not None:
        vendor_orders = vendor_orders.filter(vendor_id=vendor_id)
    return vendor_orders.distinct().order_by("pk")


def pay_artisan(vendor_order):
    """Transfer the artisan's net amount for a completed vendor order, at most once.

    The ledger row is created first (one per vendor order, unique), then
    locked while Stripe is called with the vendor order's idempotency key: a
    retry or a concurrent duplicate waits for the lock, finds the transfer id
    and stops; a call that reached Stripe but was not recorded gets the same
    transfer back from Stripe. Raises ``PayoutNotPossible`` with the reason
    when the artisan cannot be paid yet. Returns the ledger entry (or None when
    nothing is due, e.g. fully refunded).
    """
    vendor_order = VendorOrder.objects.select_related("order", "vendor").get(
        pk=vendor_order.pk
    )
    if vendor_order.status not in PAYABLE_STATUSES:
        raise PayoutNotPossible(_("The order is not completed yet."))
    payment = paid_intent_for(vendor_order.order)
    if payment is None or not payment.latest_charge_id:
        raise PayoutNotPossible(_("The order was not paid through Stripe."))
    account = ConnectedAccount.objects.filter(vendor=vendor_order.vendor).first()
    if account is None or not account.can_receive_transfers:
        raise PayoutNotPossible(
            _("The artisan's Stripe account cannot receive transfers yet.")
        )

    existing = Transfer.objects.filter(vendor_order=vendor_order).first()
    if existing is not None and existing.is_paid:
        return existing

    error = None
    with transaction.atomic():
        # The vendor order first, as refunds do: one lock order, no deadlock.
        VendorOrder.objects.select_for_update().get(pk=vendor_order.pk)
        due = artisan_due_cents(vendor_order, refunded_cents(vendor_order))
        transfer, _created = Transfer.objects.get_or_create(
            vendor_order=vendor_order,
            defaults={
                "destination": account.account_id,
                "source_transaction": source_transaction_for(
                    vendor_order, payment.latest_charge_id
                ),
                "amount_cents": due,
                "idempotency_key": transfer_idempotency_key(vendor_order.number),
            },
        )
        transfer = Transfer.objects.select_for_update().get(pk=transfer.pk)
        if transfer.is_paid:
            return transfer
        if due == 0:
            logger.info("Vendor order %s: nothing left to pay", vendor_order.number)
            transfer.delete()
            return None
        transfer.amount_cents = due
        try:
            stripe_transfer = stripe_api.create_transfer(
                vendor_order,
                transfer.source_transaction,
                amount_cents=transfer.amount_cents,
                destination=transfer.destination,
            )
        except stripe_api.StripeError as exc:
            error = exc
            transfer.last_error = redact_secrets(f"{type(exc).__name__}: {exc}")
        else:
            transfer.transfer_id = stripe_transfer.id
            transfer.status = TransferStatus.TRANSFERRED
            transfer.transferred_at = timezone.now()
            transfer.last_error = ""
        transfer.save()
    if error is not None:
        logger.error(
            "Vendor order %s: transfer failed (%s)", vendor_order.number, error
        )
        raise error
    return transfer
