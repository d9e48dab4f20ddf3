"""Writes of the Stripe integration: payments, artisans' payouts, refunds, disputes.

Every function here is safe to run again: repeated webhooks, retried tasks and
duplicate tasks find what the first run wrote (under row locks) and stop.
Stripe is only reached through ``stripe_api``.
"""

import datetime
import logging
from collections import namedtuple
from decimal import Decimal as D

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _gettext
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model

from delivery.actions import release_reservation
from delivery.models import Reservation, ReservationStatus
from vendors.actions import (
    OrderStatus,
    cancel_unpaid_vendor_orders,
    open_paid_vendor_orders,
)
from vendors.models import VendorOrder, VendorOrderStatus

from . import signals, stripe_api
from .consts import (
    CENTS,
    INTENT_CANCELED,
    INTENT_PROCESSING,
    INTENT_SUCCEEDED,
    SOURCE_TYPE_NAME,
    from_cents,
    to_cents,
    transfer_idempotency_key,
)
from .models import (
    ConnectedAccount,
    PaymentIntentRecord,
    Refund,
    Transfer,
    TransferStatus,
)
from .redaction import redact_secrets

logger = logging.getLogger(__name__)

Order = get_model("order", "Order")
OrderNote = get_model("order", "OrderNote")
Source = get_model("payment", "Source")
SourceType = get_model("payment", "SourceType")

# A vendor order's artisan is paid once the customer has it.
PAYABLE_STATUSES = {VendorOrderStatus.COMPLETED}

PaymentStart = namedtuple("PaymentStart", ["record", "client_secret"])


class PayoutNotPossible(Exception):
    """The artisan cannot be paid for this vendor order (yet); says why."""


class RefundRefused(Exception):
    """A refund a person asked for that cannot be made; says why, changes nothing."""


class PaymentClosed(Exception):
    """The order no longer waits for a payment (paid, or cancelled unpaid)."""


def stripe_timestamp(created):
    """Stripe's ``created`` (seconds since the epoch) as an aware datetime."""
    return datetime.datetime.fromtimestamp(int(created), tz=datetime.UTC)


def _is_older(event_created, last_seen):
    return last_seen is not None and event_created < last_seen


def _add_note(order, message, note_type=None):
    OrderNote.objects.create(
        order=order, message=message, note_type=note_type or OrderNote.SYSTEM
    )


def paid_intent_for(order):
    """The order's PaymentIntent that Stripe confirmed, or None."""
    return (
        PaymentIntentRecord.objects.filter(order=order, paid_at__isnull=False)
        .order_by("paid_at")
        .first()
    )


# Paying
# ------------------------------------------------------------------------------


def start_payment(order):
    """Create (or reuse) the order's PaymentIntent; return record and client secret.

    One PaymentIntent per order: a consumer coming back to the payment step
    after a failed attempt reuses the live intent. The client secret goes to
    Stripe's Payment Element only and is not stored.
    """
    live = (
        order.payment_intents.exclude(status=INTENT_CANCELED)
        .order_by("-created_at")
        .first()
    )
    if live is not None:
        intent = stripe_api.retrieve_payment_intent(live.intent_id)
        if intent.status != INTENT_CANCELED:
            return PaymentStart(live, intent.client_secret)
        live.status = intent.status
        live.save(update_fields=["status", "updated_at"])
    attempt = order.payment_intents.count() + 1
    intent = stripe_api.create_payment_intent(
        order, idempotency_key=f"payment-intent-{order.number}-{attempt}"
    )
    record, _created = PaymentIntentRecord.objects.get_or_create(
        intent_id=intent.id,
        defaults={
            "order": order,
            "amount_cents": intent.amount,
            "currency": intent.currency,
            "status": intent.status,
        },
    )
    return PaymentStart(record, intent.client_secret)


@transaction.atomic
def mark_payment_succeeded(
    intent_record, event_created, charge_id="", amount_received=None
):
    """Record that Stripe took the payment: once, whatever the order of events.

    Success is final: it is applied even when an older-looking event comes
    late (the money was taken), and nothing afterwards un-pays the order.
    Records an Oscar payment source debited with the amount. Returns True when
    this call recorded the payment.
    """
    # The order first, as the sweep of abandoned payments does: one lock
    # order (order, then intent), no deadlock between a late success and it.
    Order._default_manager.select_for_update().get(pk=intent_record.order_id)
    record = PaymentIntentRecord.objects.select_for_update().get(pk=intent_record.pk)
    if record.last_event_created is None or event_created > record.last_event_created:
        record.last_event_created = event_created
    if charge_id:
        record.latest_charge_id = charge_id
    if record.paid_at is not None:
        record.save()
        return False
    record.status = INTENT_SUCCEEDED
    record.paid_at = timezone.now()
    record.save()

    received_cents = record.amount_cents if amount_received is None else amount_received
    source_type, _created = SourceType.objects.get_or_create(name=SOURCE_TYPE_NAME)
    source = Source.objects.create(
        order=record.order,
        source_type=source_type,
        currency=record.currency.upper(),
        amount_allocated=record.amount,
        reference=record.intent_id,
    )
    source.debit(
        from_cents(received_cents),
        reference=record.latest_charge_id,
        status="succeeded",
    )
    _add_note(
        record.order,
        _gettext("Payment of %(amount)s € received through Stripe (%(intent)s).")
        % {"amount": from_cents(received_cents), "intent": record.intent_id},
    )
    if received_cents != record.amount_cents:
        logger.error(
            "Order #%s: PaymentIntent %s received %s cents, %s expected",
            record.order.number,
            record.intent_id,
            received_cents,
            record.amount_cents,
        )
    signals.payment_succeeded.send(
        sender=PaymentIntentRecord, record=record, order=record.order
    )
    intent_record.status, intent_record.paid_at = record.status, record.paid_at
    return True


@transaction.atomic
def mark_payment_failed(intent_record, event_created, status, message=""):
    """Record a failed payment attempt, unless a newer event was already applied.

    A failure never un-pays an order that Stripe confirmed. Returns True when
    the failure was recorded.
    """
    record = PaymentIntentRecord.objects.select_for_update().get(pk=intent_record.pk)
    if record.paid_at is not None or _is_older(
        event_created, record.last_event_created
    ):
        logger.info(
            "PaymentIntent %s: failure event of %s ignored (paid or older)",
            record.intent_id,
            event_created.isoformat(),
        )
        return False
    record.status = status
    record.last_event_created = event_created
    record.save()
    _add_note(
        record.order,
        _gettext("Stripe payment attempt failed (%(intent)s): %(message)s")
        % {"intent": record.intent_id, "message": message or "-"},
        note_type=OrderNote.WARNING,
    )
    signals.payment_failed.send(
        sender=PaymentIntentRecord, record=record, order=record.order, message=message
    )
    return True


def sync_payment_intent(intent_record):
    """Ask Stripe for the intent's state (a return from Stripe proves nothing).

    Records the payment when Stripe says it succeeded, else keeps Stripe's
    status on an unpaid record (e.g. "processing"); returns the record.
    """
    intent = stripe_api.retrieve_payment_intent(intent_record.intent_id)
    if intent.status == INTENT_SUCCEEDED:
        mark_payment_succeeded(
            intent_record,
            timezone.now(),
            charge_id=intent.latest_charge or "",
            amount_received=intent.amount_received,
        )
    elif intent.status != intent_record.status:
        PaymentIntentRecord.objects.filter(
            pk=intent_record.pk, paid_at__isnull=True
        ).update(status=intent.status, updated_at=timezone.now())
    intent_record.refresh_from_db()
    return intent_record


# Orders paid online: from "pending payment" to paid, or cancelled unpaid
# ------------------------------------------------------------------------------


def is_pending_payment(order):
    return order.status == OrderStatus.PENDING_PAYMENT


def was_abandoned(order):
    """True for an order cancelled by the sweep, never paid."""
    return (
        order.status == OrderStatus.CANCELLED
        and order.vendor_orders.exists()
        and not order.vendor_orders.seen_by_artisans().exists()
    )


@transaction.atomic
def start_order_payment(order):
    """Start (or resume) paying an order placed online; see ``start_payment``.

    Raises ``PaymentClosed`` when the order no longer waits for a payment;
    returns None when Stripe says the live intent succeeded (the webhook is
    late): the payment is recorded now and there is nothing left to pay.
    The order row is locked so that the sweep of abandoned payments cannot
    cancel it while a new PaymentIntent is being created for it.
    """
    locked = Order._default_manager.select_for_update().get(pk=order.pk)
    if not is_pending_payment(locked):
        raise PaymentClosed(order.number)
    live = (
        locked.payment_intents.exclude(status=INTENT_CANCELED)
        .order_by("-created_at", "-pk")
        .first()
    )
    if live is not None and sync_payment_intent(live).is_paid:
        return None
    return start_payment(locked)


def on_order_paid(order):
    """The payment of ``order`` is recorded: it leaves "pending payment".

    Called in the transaction that records the payment (``payment_succeeded``).
    The artisans' parts become new orders for them and the consumer gets the
    order's confirmation, once. An order paid at pickup, or already opened,
    is left as it is.
    """
    locked = Order._default_manager.select_for_update().get(pk=order.pk)
    if open_paid_vendor_orders(locked):
        from .tasks import send_order_confirmation_task

        order_id = locked.pk
        transaction.on_commit(lambda: send_order_confirmation_task.delay(order_id))
        return True
    if locked.status == OrderStatus.CANCELLED:
        # Stripe refuses to cancel an intent that succeeded, so this should
        # not happen; if it does, money was taken for a cancelled order.
        logger.error("Order #%s: paid after it was cancelled unpaid", locked.number)
        _add_note(
            locked,
            _gettext(
                "Payment received for an order cancelled for non-payment: "
                "refund the customer from the Stripe Dashboard."
            ),
            note_type=OrderNote.ERROR,
        )
    return False


def release_order_stock_and_slots(order):
    """Give back the stock allocated to ``order`` and its booked pickup slots.

    Stock records in a fixed order (by id), as allocation takes them.
    """
    lines = (
        order.lines.filter(stockrecord__isnull=False)
        .select_related("stockrecord")
        .order_by("stockrecord_id", "pk")
    )
    for line in lines:
        line.stockrecord.cancel_allocation(line.quantity)
    reservations = Reservation.objects.filter(
        vendor_order__order=order, status=ReservationStatus.CONFIRMED
    ).order_by("pk")
    for reservation in reservations:
        release_reservation(reservation)


@transaction.atomic
def cancel_unpaid_order(order):
    """Cancel an order still pending payment, once; True when this call did it.

    Stripe is asked first, under the order's row lock: an intent that
    succeeded meanwhile is recorded as the payment (the order is then paid,
    not cancelled), one still processing is left for a later sweep, any other
    is cancelled at Stripe. Then the stock allocations and the pickup slots
    are given back and the artisans' parts cancelled. A Stripe error rolls
    everything back (the next sweep tries again).
    """
    locked = Order._default_manager.select_for_update().get(pk=order.pk)
    if not is_pending_payment(locked):
        return False
    records = PaymentIntentRecord.objects.select_for_update().filter(
        order=locked, paid_at__isnull=True
    )
    for record in records.exclude(status=INTENT_CANCELED).order_by("pk"):
        intent = stripe_api.retrieve_payment_intent(record.intent_id)
        if intent.status == INTENT_SUCCEEDED:
            logger.info(
                "Order #%s: PaymentIntent %s succeeded, not cancelled",
                locked.number,
                record.intent_id,
            )
            mark_payment_succeeded(
                record,
                timezone.now(),
                charge_id=intent.latest_charge or "",
                amount_received=intent.amount_received,
            )
            return False
        if intent.status == INTENT_PROCESSING:
            logger.info(
                "Order #%s: PaymentIntent %s still processing, not cancelled yet",
                locked.number,
                record.intent_id,
            )
            return False
        if intent.status != INTENT_CANCELED:
            stripe_api.cancel_payment_intent(record.intent_id)
        record.status = INTENT_CANCELED
        record.save(update_fields=["status", "updated_at"])
    release_order_stock_and_slots(locked)
    cancel_unpaid_vendor_orders(locked, _gettext("Payment not received in time."))
    _add_note(
        locked,
        _gettext(
            "Cancelled: no payment received within %(minutes)s minutes; stock "
            "and pickup slots released."
        )
        % {"minutes": settings.PAYMENT_PENDING_MINUTES},
    )
    logger.info("Order #%s: cancelled, payment abandoned", locked.number)
    return True


def cancel_abandoned_payments(now=None):
    """Cancel the orders still pending payment ``PAYMENT_PENDING_MINUTES`` after
    they were placed; returns the numbers of the orders cancelled.

    An order Stripe cannot be asked about now is logged and left for the next
    sweep; the others are still swept.
    """
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(minutes=settings.PAYMENT_PENDING_MINUTES)
    abandoned = Order._default_manager.filter(
        status=OrderStatus.PENDING_PAYMENT, date_placed__lt=cutoff
    ).order_by("pk")
    cancelled = []
    for order in abandoned:
        try:
            if cancel_unpaid_order(order):
                cancelled.append(order.number)
        except stripe_api.StripeError:
            logger.exception(
                "Order #%s: abandoned payment not cancelled (Stripe error)",
                order.number,
            )
    return cancelled


@transaction.atomic
def record_charge_refunded(intent_record, event_created, amount_refunded_cents):
    """Keep what Stripe says was refunded; flag refunds made outside the shop."""
    record = PaymentIntentRecord.objects.select_for_update().get(pk=intent_record.pk)
    if amount_refunded_cents <= record.amount_refunded_cents:
        return False
    record.amount_refunded_cents = amount_refunded_cents
    record.save(update_fields=["amount_refunded_cents", "updated_at"])
    ours = (
        Refund.objects.filter(vendor_order__order=record.order).aggregate(
            total=Sum("amount_cents")
        )["total"]
        or 0
    )
    if amount_refunded_cents > ours:
        logger.warning(
            "Order #%s: Stripe reports %s cents refunded, the marketplace %s",
            record.order.number,
            amount_refunded_cents,
            ours,
        )
        _add_note(
            record.order,
            _gettext(
                "Stripe reports %(stripe)s € refunded, of which %(ours)s € through "
                "the marketplace: check the artisans' ledger."
            )
            % {"stripe": from_cents(amount_refunded_cents), "ours": from_cents(ours)},
            note_type=OrderNote.WARNING,
        )
    return True


# Disputes
# ------------------------------------------------------------------------------


def chamber_staff_emails():
    """Who hears about disputes: ``settings.ADMINS``, else active staff accounts."""
    emails = [email for _name, email in settings.ADMINS]
    if emails:
        return emails
    return list(
        get_user_model()
        .objects.filter(is_staff=True, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )


@transaction.atomic
def handle_dispute(intent_record, dispute_id, amount_cents, reason=""):
    """Mark the order as disputed (an order note) and alert chamber staff once."""
    record = PaymentIntentRecord.objects.select_for_update().get(pk=intent_record.pk)
    if record.dispute_id == dispute_id:
        return False
    record.dispute_id = dispute_id
    record.save(update_fields=["dispute_id", "updated_at"])
    order = record.order
    values = {
        "number": order.number,
        "amount": from_cents(amount_cents),
        "reason": reason or "-",
        "dispute": dispute_id,
    }
    message = (
        _gettext(
            "The customer disputes the payment of order %(number)s: %(amount)s €, "
            "reason “%(reason)s” (Stripe dispute %(dispute)s). Answer it from the "
            "Stripe Dashboard before the deadline."
        )
        % values
    )
    _add_note(order, message, note_type=OrderNote.ERROR)
    logger.warning("Order #%s: dispute %s opened at Stripe", order.number, dispute_id)
    recipients = chamber_staff_emails()
    if recipients:
        subject = _gettext("Payment disputed: order %(number)s") % values
        transaction.on_commit(
            lambda: send_mail(subject, message, settings.DEFAULT_FROM_EMAIL, recipients)
        )
    return True


# Connect: artisans' accounts
# ------------------------------------------------------------------------------


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
    becomes able to receive transfers, their completed orders waiting for a
    payout are paid.
    """
    account = (
        ConnectedAccount.objects.select_for_update()
        .filter(account_id=account_object["id"])
        .first()
    )
    if account is None:
        logger.warning("account.updated for unknown account %s", account_object["id"])
        return None
    if _is_older(event_created, account.last_event_created):
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
    if account.can_receive_transfers and not could_receive:
        waiting = VendorOrder.objects.filter(
            vendor_id=account.vendor_id, status__in=PAYABLE_STATUSES
        ).exclude(transfer__transfer_id__gt="")
        for vendor_order in waiting:
            on_vendor_order_completed(vendor_order)
    return account


# Connect: paying artisans
# ------------------------------------------------------------------------------


def _refunded_cents(vendor_order):
    return vendor_order.refunds.aggregate(total=Sum("amount_cents"))["total"] or 0


def artisan_due_cents(vendor_order, refunded_cents):
    """The artisan's net amount, less their share of ``refunded_cents``.

    The artisan bears refunds in proportion of net to total, computed on the
    cumulated refunds so partial refunds never drift by a cent.
    """
    net = to_cents(vendor_order.net_amount)
    total = to_cents(vendor_order.total_incl_tax)
    if total == 0:
        return 0
    share = (D(net) * refunded_cents / total).quantize(D("1"))
    return max(net - int(share), 0)


def on_vendor_order_completed(vendor_order):
    """Queue the artisan's payout once the current transaction commits.

    Call it when a vendor order becomes completed. Without Stripe keys (pay at
    pickup only) there is nothing to transfer.
    """
    if not stripe_api.is_configured():
        return
    from .tasks import pay_artisan_task

    vendor_order_id = vendor_order.pk
    # robust: when tasks run eagerly, a Stripe outage must not fail the
    # request that completed the order (the error is logged and kept on the
    # ledger entry; the payout can be retried).
    transaction.on_commit(lambda: pay_artisan_task.delay(vendor_order_id), robust=True)


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
        due = artisan_due_cents(vendor_order, _refunded_cents(vendor_order))
        transfer, _created = Transfer.objects.get_or_create(
            vendor_order=vendor_order,
            defaults={
                "destination": account.account_id,
                "source_transaction": payment.latest_charge_id,
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


# Refunds
# ------------------------------------------------------------------------------


def refundable_amount(vendor_order):
    """What can still be refunded on a vendor order, in euros."""
    return from_cents(
        to_cents(vendor_order.total_incl_tax) - _refunded_cents(vendor_order)
    )


@transaction.atomic
def refund_vendor_order(vendor_order, amount, by=None, reason=""):
    """Refund ``amount`` (Decimal euros) of a vendor order on the order's charge.

    Refuses (``RefundRefused``, nothing changed) a non-positive amount or more
    than what remains. When the artisan was already paid, their share of the
    refund is reversed from the transfer. Stripe is called with keys derived
    from the vendor order and the refund's rank, so retrying a refund that
    failed half-way refunds and reverses once.
    """
    amount = D(amount).quantize(CENTS)
    if amount <= 0:
        raise RefundRefused(_("The amount to refund must be more than zero."))
    vendor_order = (
        VendorOrder.objects.select_for_update()
        .select_related("order", "vendor")
        .get(pk=vendor_order.pk)
    )
    refunded = _refunded_cents(vendor_order)
    remaining = to_cents(vendor_order.total_incl_tax) - refunded
    cents = to_cents(amount)
    if cents > remaining:
        raise RefundRefused(
            _("At most %(remaining)s € can still be refunded on %(number)s.")
            % {"remaining": from_cents(remaining), "number": vendor_order.number}
        )
    payment = paid_intent_for(vendor_order.order)
    if payment is None or not payment.latest_charge_id:
        raise RefundRefused(_("This order was not paid through Stripe."))

    rank = vendor_order.refunds.count() + 1
    stripe_refund = stripe_api.create_refund(
        payment.latest_charge_id,
        cents,
        idempotency_key=f"refund-{vendor_order.number}-{rank}",
        metadata={"vendor_order": vendor_order.number},
    )
    refund = Refund(
        vendor_order=vendor_order,
        refund_id=stripe_refund.id,
        amount_cents=cents,
        reason=reason,
        created_by=by if by is not None and by.is_authenticated else None,
    )

    transfer = (
        Transfer.objects.select_for_update().filter(vendor_order=vendor_order).first()
    )
    if transfer is not None and transfer.is_paid:
        still_paid = transfer.amount_cents - transfer.reversed_cents
        to_reverse = still_paid - artisan_due_cents(vendor_order, refunded + cents)
        if to_reverse > 0:
            reversal = stripe_api.create_transfer_reversal(
                transfer.transfer_id,
                to_reverse,
                idempotency_key=f"reversal-{vendor_order.number}-{rank}",
            )
            refund.reversal_id = reversal.id
            refund.reversal_cents = to_reverse
            transfer.reversed_cents += to_reverse
            transfer.status = (
                TransferStatus.REVERSED
                if transfer.reversed_cents >= transfer.amount_cents
                else TransferStatus.PARTIALLY_REVERSED
            )
            transfer.save()
    refund.save()

    source = Source.objects.filter(
        order=vendor_order.order, reference=payment.intent_id
    ).first()
    if source is not None:
        source.refund(amount, reference=refund.refund_id, status=stripe_refund.status)
    _add_note(
        vendor_order.order,
        _gettext("Refund of %(amount)s € on %(number)s (%(refund)s).")
        % {"amount": amount, "number": vendor_order.number, "refund": refund.refund_id},
    )
    logger.info(
        "Vendor order %s: refund %s of %s cents, reversal %s of %s cents",
        vendor_order.number,
        refund.refund_id,
        cents,
        refund.reversal_id or "-",
        refund.reversal_cents,
    )
    return refund
