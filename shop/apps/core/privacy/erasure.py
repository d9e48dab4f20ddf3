"""Deleting a person's account, and taking the particulars off old orders.

Orders, their artisans' parts, payments and payouts are accounting records,
kept ten years (``retention.ORDER_RETENTION_YEARS``): they stay, with their
amounts, dates and lines, but without the customer's name, e-mail, addresses
and phone number. Everything else about the person goes with their ``User``
row: Oscar's and our foreign keys to it cascade for what is personal (address
book, baskets, wish lists, reviews and votes, alerts, notifications, e-mails
sent, analytics, applications, devices) and are set to NULL for records that
must stay (``Order.user``, who took a step of a part, who collected a
payment). Deleting the row, rather than keeping an inactive one, lets the
database's own rules find every such record, those of apps added later too.
"""

import logging
import re
from datetime import timedelta
from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model

from shop.apps.payment.models import PaymentIntentRecord, Refund, StripeEvent
from vendors.models import (
    CLOSED_STATUSES,
    Vendor,
    VendorOrder,
    VendorOrderEvent,
    VendorStatus,
    VendorStatusChange,
)

from .retention import ORDER_RETENTION_YEARS

Order = get_model("order", "Order")
OrderNote = get_model("order", "OrderNote")
ShippingEvent = get_model("order", "ShippingEvent")
ProductAlert = get_model("customer", "ProductAlert")
Partner = get_model("partner", "Partner")
User = get_user_model()

logger = logging.getLogger(__name__)

# Stored on the records that stay, in the site's language: what replaces a
# person's name, and why a shop was closed.
PLACEHOLDER = gettext_noop("Deleted account")
SHOP_CLOSED_REASON = gettext_noop(
    "The last account running the shop was deleted at its owner's request."
)
# Keys of Stripe objects that carry a person's particulars.
STRIPE_PERSONAL_KEYS = frozenset(
    {
        "address",
        "billing_details",
        "customer_details",
        "email",
        "name",
        "phone",
        "receipt_email",
        "shipping",
    }
)
ADDRESS_FIELDS_CLEARED = (
    "title",
    "first_name",
    "line1",
    "line2",
    "line3",
    "line4",
    "state",
    "postcode",
)


class DeletionRefused(Exception):
    """The account cannot be deleted now (message for the person)."""


def stored_text(message):
    """``message`` in the site's language, as it is stored."""
    with translation.override(settings.LANGUAGE_CODE):
        return gettext(message)


# Why not now
# ------------------------------------------------------------------------------


def open_parts_of_customer(user):
    return VendorOrder.objects.filter(order__user=user).exclude(
        status__in=CLOSED_STATUSES
    )


def open_parts_of_shop(vendor):
    return VendorOrder.objects.filter(vendor=vendor).exclude(status__in=CLOSED_STATUSES)


def deletion_refusal(user):
    """Why ``user``'s account cannot be deleted now, or None."""
    if user.is_staff or user.is_superuser:
        return _(
            "A staff account of the chamber is closed by another member of the "
            "chamber's staff, not from the account area."
        )
    orders = sorted(
        set(open_parts_of_customer(user).values_list("order__number", flat=True))
    )
    if orders:
        return _(
            "Your orders %(numbers)s are still under way: your account can be "
            "deleted once they are completed or cancelled."
        ) % {"numbers": ", ".join(orders)}
    for vendor in Vendor.objects.for_user(user):
        others = vendor.partner.users.exclude(pk=user.pk).exists()
        if not others and open_parts_of_shop(vendor).exists():
            return _(
                "Your shop “%(name)s” has orders under way: close them (completed, "
                "refused or cancelled) before deleting your account, or invite "
                "someone to your team to run the shop."
            ) % {"name": vendor.name}
    return None


# Taking the particulars off orders
# ------------------------------------------------------------------------------


def _needles(values):
    """A pattern matching any of ``values`` as whole words (None if none)."""
    words = sorted(
        {value.strip() for value in values if value and len(value.strip()) >= 3},
        key=len,
        reverse=True,
    )
    if not words:
        return None
    return re.compile(
        r"(?<!\w)(" + "|".join(re.escape(word) for word in words) + r")(?!\w)",
        re.IGNORECASE,
    )


def _scrub_text(text, pattern, replacement):
    if not text or pattern is None:
        return text
    return pattern.sub(replacement, text)


def _scrub_stripe(value, pattern, replacement):
    """A copy of a Stripe object without its personal keys and words."""
    if isinstance(value, dict):
        return {
            key: (
                None
                if key in STRIPE_PERSONAL_KEYS and item
                else _scrub_stripe(item, pattern, replacement)
            )
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_scrub_stripe(item, pattern, replacement) for item in value]
    if isinstance(value, str):
        return _scrub_text(value, pattern, replacement)
    return value


def _clear_address(address, replacement):
    for name in ADDRESS_FIELDS_CLEARED:
        setattr(address, name, "")
    address.last_name = replacement
    for name in ("phone_number", "notes"):
        if hasattr(address, name):
            setattr(address, name, "")
    # Oscar's save() rebuilds the address's search text from these fields.
    address.save()


def _scrub_rows(queryset, field, pattern, replacement):
    for row in queryset.exclude(**{field: ""}).only("pk", field):
        cleaned = _scrub_text(getattr(row, field), pattern, replacement)
        if cleaned != getattr(row, field):
            setattr(row, field, cleaned)
            row.save(update_fields=[field])


def anonymise_order(order, words=()):
    """Take the customer's particulars off ``order`` (idempotent).

    Kept: number, dates, statuses, lines, amounts, payments, the artisans'
    parts and their steps. Removed: the e-mail, the names, addresses and
    phone number of the shipping and billing addresses, the link to the
    account, and those names and ``words`` wherever they were typed in the
    order's notes, reasons and Stripe's copies of its payments.
    """
    replacement = stored_text(PLACEHOLDER)
    words = list(words)
    if order.user_id:
        user = order.user
        words += [user.email, user.get_full_name(), user.first_name, user.last_name]
    words.append(order.guest_email)
    for address in (order.shipping_address, order.billing_address):
        if address is not None and address.last_name != replacement:
            words += [address.first_name, address.last_name, address.name]
            words += [address.line1, getattr(address, "phone_number", "") or ""]
    pattern = _needles(str(word) for word in words)

    for address in (order.shipping_address, order.billing_address):
        if address is not None:
            _clear_address(address, replacement)
    order.guest_email = ""
    order.user = None
    order.save(update_fields=["guest_email", "user"])

    parts = VendorOrder.objects.filter(order=order)
    _scrub_rows(
        OrderNote._default_manager.filter(order=order), "message", pattern, replacement
    )
    _scrub_rows(
        ShippingEvent._default_manager.filter(order=order),
        "notes",
        pattern,
        replacement,
    )
    _scrub_rows(parts, "status_reason", pattern, replacement)
    _scrub_rows(
        VendorOrderEvent.objects.filter(vendor_order__in=parts),
        "reason",
        pattern,
        replacement,
    )
    _scrub_rows(
        Refund.objects.filter(vendor_order__in=parts), "reason", pattern, replacement
    )

    payments = PaymentIntentRecord.objects.filter(order=order)
    stripe_ids = [
        value
        for value in payments.values_list("intent_id", "latest_charge_id")
        for value in value
        if value
    ]
    events = StripeEvent.objects.filter(
        Q(object_id__in=stripe_ids)
        | Q(payload__data__object__payment_intent__in=stripe_ids)
    )
    for event in events:
        payload = _scrub_stripe(event.payload, pattern, replacement)
        if payload != event.payload:
            event.payload = payload
            event.save(update_fields=["payload"])


def anonymise_expired_orders(now=None, limit=500):
    """Take the particulars off orders placed more than the retention period
    ago, ``limit`` at a time; returns how many were anonymised."""
    now = now or timezone.now()
    cutoff = now - timedelta(
        days=365 * ORDER_RETENTION_YEARS + ORDER_RETENTION_YEARS // 4
    )
    still_personal = (
        Q(user__isnull=False)
        | ~Q(guest_email="")
        | Q(shipping_address__line1__gt="")
        | Q(billing_address__line1__gt="")
    )
    orders = (
        Order._default_manager.filter(date_placed__lt=cutoff)
        .filter(still_personal)
        .select_related("user", "shipping_address", "billing_address")
        .order_by("pk")[:limit]
    )
    count = 0
    for order in orders:
        with transaction.atomic():
            anonymise_order(order)
        count += 1
    return count


# Deleting the account
# ------------------------------------------------------------------------------


def _session_keys_of(user):
    """The keys of ``user``'s live sessions, where the session engine keeps
    them in the database (``db`` and ``cached_db``)."""
    store_class = import_module(settings.SESSION_ENGINE).SessionStore
    if not hasattr(store_class, "get_model_class"):
        return store_class, []
    keys = []
    for session in (
        store_class.get_model_class()
        .objects.filter(expire_date__gt=timezone.now())
        .iterator()
    ):
        data = store_class().decode(session.session_data)
        if data.get("_auth_user_id") == str(user.pk):
            keys.append(session.session_key)
    return store_class, keys


def _leave_shops(user):
    """Take ``user`` off the teams they are in; a shop left with nobody to run
    it is closed (its orders, invoices and payouts stay)."""
    for vendor_pk in list(Vendor.objects.for_user(user).values_list("pk", flat=True)):
        vendor = (
            Vendor.objects.select_for_update()
            .select_related("partner")
            .get(pk=vendor_pk)
        )
        # As team changes do: concurrent changes of one shop's team queue up.
        Partner._default_manager.select_for_update().get(pk=vendor.partner_id)
        vendor.partner.users.remove(user)
        changed = []
        if vendor.email and vendor.email.lower() == user.email.lower():
            vendor.email = ""
            changed.append("email")
        if not vendor.partner.users.exists() and vendor.status != VendorStatus.CLOSED:
            from_status = vendor.status
            vendor.status = VendorStatus.CLOSED
            changed.append("status")
            VendorStatusChange.objects.create(
                vendor=vendor,
                from_status=from_status,
                to_status=VendorStatus.CLOSED,
                reason=stored_text(SHOP_CLOSED_REASON),
            )
        if changed:
            vendor.save(update_fields=[*changed, "updated_at"])


def _delete_sign_in_records(email):
    """Sign-in attempts recorded under ``email`` (django-axes), when installed."""
    if not apps.is_installed("axes"):
        return
    for name in ("AccessAttempt", "AccessLog", "AccessFailureLog"):
        apps.get_model("axes", name).objects.filter(username__iexact=email).delete()


@transaction.atomic
def delete_account(user):
    """Delete ``user``'s account and every personal record of theirs.

    Refused (``DeletionRefused``, nothing changed) for staff, and while the
    person's orders, or the orders of a shop only they run, are under way.
    Their orders are anonymised first (``anonymise_order``); they are signed
    out of every session.
    """
    user = User._default_manager.select_for_update().get(pk=user.pk)
    refusal = deletion_refusal(user)
    if refusal is not None:
        raise DeletionRefused(refusal)
    user_pk, email = user.pk, user.email
    words = [email, user.get_full_name(), user.first_name, user.last_name]
    orders = (
        Order._default_manager.filter(user=user)
        .select_related("user", "shipping_address", "billing_address")
        .order_by("pk")
    )
    for order in orders:
        anonymise_order(order, words)
    _leave_shops(user)
    ProductAlert._default_manager.filter(
        user__isnull=True, email__iexact=email
    ).delete()
    _delete_sign_in_records(email)
    store_class, session_keys = _session_keys_of(user)
    if session_keys:
        store_class.get_model_class().objects.filter(
            session_key__in=session_keys
        ).delete()
        # The cached copies (cached_db sessions) once the deletion holds.
        transaction.on_commit(
            lambda: [store_class(session_key=key).delete() for key in session_keys]
        )
    user.delete()
    logger.info("account %s deleted at its owner's request", user_pk)
