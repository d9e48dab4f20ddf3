"""Issuing invoices and credit notes in the artisan's name.

``issue_invoice`` writes the invoice of a part once it is paid; ``credit_refund``
and ``credit_what_remains`` write credit notes. Each runs in the transaction of
the step or the refund that calls for it (see ``receivers``), takes its number
from the artisan's series under that series' lock, and queues the PDF once the
transaction commits. Whatever happens, an invoice less its credit notes is what
was paid for the part (customer and funders) less what was refunded.
"""

import logging
from decimal import ROUND_HALF_UP
from decimal import Decimal as D

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shop.apps.partner.strategy import CENTS, split_tax_inclusive
from vendors.actions.orders import allocate_proportionally
from vendors.models import VAT_RATES, FulfilmentMethod, VatRegime

from . import numbering
from .models import (
    CreditNote,
    CreditReason,
    Invoice,
    InvoicingProfile,
    PaymentMethod,
)

logger = logging.getLogger(__name__)

DEFAULT_NUMBER_FORMAT = "{prefix}-{year}-{number:06d}"
ZERO = D("0.00")


class PrefixFrozen(Exception):
    """The prefix cannot change once the artisan's first document is issued."""


# The series and its prefix
# ------------------------------------------------------------------------------


def series_key(vendor):
    """The artisan's one series, shared by their invoices and credit notes."""
    return f"invoices:{vendor.pk}"


def default_prefix(vendor):
    return vendor.slug.upper()[:20].strip("-") or f"A{vendor.pk}"


def profile_of(vendor, lock=False):
    """The artisan's invoicing profile, created with the default prefix."""
    profile = InvoicingProfile.objects.filter(vendor=vendor).first()
    if profile is None:
        try:
            with transaction.atomic():
                profile = InvoicingProfile.objects.create(
                    vendor=vendor, number_prefix=default_prefix(vendor)
                )
        except IntegrityError:
            pass  # created by a concurrent first document
    if lock:
        return InvoicingProfile.objects.select_for_update().get(vendor=vendor)
    return profile or InvoicingProfile.objects.get(vendor=vendor)


def has_documents(vendor):
    return Invoice.objects.filter(vendor=vendor).exists()


@transaction.atomic
def change_number_prefix(vendor, prefix):
    """Set the prefix of the artisan's numbers; ``PrefixFrozen`` once issued."""
    profile = profile_of(vendor, lock=True)
    if has_documents(vendor):
        raise PrefixFrozen(
            _(
                "Your first invoice is issued: the prefix of your numbers can no "
                "longer change."
            )
        )
    profile.number_prefix = prefix
    profile.full_clean()
    profile.save(update_fields=["number_prefix", "updated_at"])
    return profile


def take_number(vendor, now=None):
    """The next ``(value, number, issued_at)`` of the artisan's series.

    The date is read once the series is locked, so that numbers follow the
    order of the documents' dates.
    """
    profile = profile_of(vendor, lock=True)
    issued_at = now or timezone.now()
    value = numbering.next_value(series_key(vendor))
    pattern = getattr(settings, "INVOICE_NUMBER_FORMAT", DEFAULT_NUMBER_FORMAT)
    number = numbering.format_number(
        pattern,
        prefix=profile.number_prefix,
        year=timezone.localtime(issued_at).year,
        value=value,
    )
    return value, number, issued_at


# What an invoice states
# ------------------------------------------------------------------------------


def _money(value):
    return str(D(value).quantize(CENTS))


def seller_of(vendor):
    """The artisan as the seller, as an invoice must name them."""
    subject_to_vat = vendor.vat_regime != VatRegime.FRANCHISE
    return {
        "name": vendor.registered_name,
        "shop_name": vendor.name,
        "legal_form": vendor.get_legal_form_display() if vendor.legal_form else "",
        "address": vendor.address,
        "postcode": vendor.postcode,
        "commune": vendor.commune,
        "siret": vendor.siret,
        "vat_number": vendor.vat_number if subject_to_vat else "",
        "vat_regime": vendor.vat_regime,
        "email": vendor.email,
        "phone": vendor.phone,
    }


def _address_lines(address):
    lines = [line for line in (address.line1, address.line2, address.line3) if line]
    town = " ".join(part for part in (address.postcode, address.line4) if part)
    if town:
        lines.append(town)
    country = getattr(address, "country", None)
    if country is not None and country.pk != "FR":
        lines.append(country.printable_name)
    return lines


def buyer_of(order):
    """The customer: the order's billing (else shipping) address, else the
    account's name and its default billing address."""
    address = order.billing_address or order.shipping_address
    user = order.user
    if address is None and user is not None:
        address = (
            user.addresses.filter(is_default_for_billing=True).first()
            or user.addresses.filter(is_default_for_shipping=True).first()
        )
    name = address.name if address is not None else ""
    if not name and user is not None:
        name = user.get_full_name()
    return {
        "name": name or order.email,
        "address": _address_lines(address) if address is not None else [],
        "email": order.email,
    }


def funders_of(vendor_order):
    """Who pays the part's funded discount, per funder and offer, as the
    promotions recorded it at placement (none when nobody does)."""
    rows = getattr(vendor_order, "funded_discounts", None)
    if rows is None:
        return []
    return [
        {"name": row.funder_name, "offer": row.offer_name, "amount": _money(row.amount)}
        for row in rows.select_related("funder").order_by("pk")
        if row.amount
    ]


def sale_prices_of_lines(vendor_order, lines):
    """Each line's share of the sale, TTC: what the customer paid for it plus
    what funders pay of its discounts (a funded discount is a means of
    payment, not a price cut). The funded part is shared over the lines in
    proportion to the funded offers' discounts on each, so the lines add up
    to the part's subtotal to the cent."""
    paid = [D(line.line_price_incl_tax).quantize(CENTS) for line in lines]
    funded = D(vendor_order.subtotal_incl_tax) - sum(paid, ZERO)
    if not funded or not lines:
        return paid
    funded_offers = set()
    rows = getattr(vendor_order, "funded_discounts", None)
    if rows is not None:
        funded_offers = set(
            rows.filter(on_fulfilment=False).values_list("offer_id", flat=True)
        )
    weights = [
        sum(
            (
                abs(D(discount.amount))
                for discount in line.discounts.all()
                if discount.order_discount.offer_id in funded_offers
            ),
            ZERO,
        )
        for line in lines
    ]
    if not any(weights):
        weights = [
            D(line.line_price_before_discounts_incl_tax or price) - price
            for line, price in zip(lines, paid, strict=True)
        ]
    if not any(weights):
        weights = paid
    shares = allocate_proportionally(funded, weights)
    return [price + share for price, share in zip(paid, shares, strict=True)]


def invoice_lines(vendor_order, rate):
    """The part's lines and its fulfilment fees at ``rate``, TTC split to the
    cent: each line's HT and VAT add up to its TTC."""
    rows = []
    lines = list(
        vendor_order.lines.prefetch_related("discounts__order_discount").order_by("pk")
    )
    for line, total_incl in zip(
        lines, sale_prices_of_lines(vendor_order, lines), strict=True
    ):
        total_excl, vat = split_tax_inclusive(total_incl, rate)
        rows.append(
            {
                "description": line.title,
                "reference": line.partner_sku or "",
                "quantity": line.quantity,
                "unit_price_excl_tax": _money(
                    (total_incl / line.quantity / (1 + rate)).quantize(
                        CENTS, rounding=ROUND_HALF_UP
                    )
                ),
                "vat_rate": str(rate),
                "vat": _money(vat),
                "total_excl_tax": _money(total_excl),
                "total_incl_tax": _money(total_incl),
                "is_fulfilment": False,
            }
        )
    if vendor_order.fulfilment_cost:
        total_incl = D(vendor_order.fulfilment_cost).quantize(CENTS)
        total_excl, vat = split_tax_inclusive(total_incl, rate)
        method = FulfilmentMethod(vendor_order.fulfilment_method)
        rows.append(
            {
                "description": str(
                    _("Fulfilment fees: %(method)s") % {"method": method.label}
                ),
                "reference": "",
                "quantity": 1,
                "unit_price_excl_tax": _money(total_excl),
                "vat_rate": str(rate),
                "vat": _money(vat),
                "total_excl_tax": _money(total_excl),
                "total_incl_tax": _money(total_incl),
                "is_fulfilment": True,
            }
        )
    return rows


def vat_breakdown_of(lines):
    """Totals per VAT rate of ``lines`` (sums of the lines, so to the cent)."""
    rates = {}
    for line in lines:
        row = rates.setdefault(
            line["vat_rate"], {"excl_tax": ZERO, "vat": ZERO, "incl_tax": ZERO}
        )
        row["excl_tax"] += D(line["total_excl_tax"])
        row["vat"] += D(line["vat"])
        row["incl_tax"] += D(line["total_incl_tax"])
    return [
        {
            "rate": rate,
            "excl_tax": _money(row["excl_tax"]),
            "vat": _money(row["vat"]),
            "incl_tax": _money(row["incl_tax"]),
        }
        for rate, row in sorted(rates.items(), key=lambda item: D(item[0]))
    ]


def _totals(breakdown):
    return {
        "total_excl_tax": sum((D(r["excl_tax"]) for r in breakdown), ZERO),
        "total_vat": sum((D(r["vat"]) for r in breakdown), ZERO),
        "total_incl_tax": sum((D(r["incl_tax"]) for r in breakdown), ZERO),
    }


# Invoices
# ------------------------------------------------------------------------------


def issue_invoice(vendor_order, payment_method, paid_at=None, now=None):
    """Issue the invoice of ``vendor_order`` (paid by ``payment_method`` at
    ``paid_at``), or return the one it has: a part is invoiced once.

    Runs in the caller's transaction (the step of the part, which holds its
    lock), or in its own.
    """
    with transaction.atomic():
        existing = Invoice.objects.filter(vendor_order=vendor_order).first()
        if existing is not None:
            return existing
        vendor = vendor_order.vendor
        rate = VAT_RATES[VatRegime(vendor.vat_regime)]
        lines = invoice_lines(vendor_order, rate)
        breakdown = vat_breakdown_of(lines)
        totals = _totals(breakdown)
        if totals["total_incl_tax"] != vendor_order.total_incl_tax:
            # The lines are the part's own, so this is a bug: never issue a
            # document that does not say what was sold.
            raise ValueError(
                f"{vendor_order.number}: lines total {totals['total_incl_tax']}, "
                f"the part {vendor_order.total_incl_tax}"
            )
        value, number, issued_at = take_number(vendor, now)
        invoice = Invoice.objects.create(
            vendor=vendor,
            vendor_order=vendor_order,
            number=number,
            sequence_value=value,
            issued_at=issued_at,
            currency=vendor_order.currency,
            seller=seller_of(vendor),
            buyer=buyer_of(vendor_order.order),
            lines=lines,
            vat_breakdown=breakdown,
            vat_mention=vendor.vat_mention,
            funded_discount=vendor_order.funded_discount,
            funders=funders_of(vendor_order),
            payment_method=payment_method,
            paid_at=paid_at,
            **totals,
        )
        logger.info(
            "vendor order %s: invoice %s issued (%s)",
            vendor_order.number,
            number,
            invoice.total_incl_tax,
        )
        queue_pdf(invoice)
        # A refund recorded before the part was invoiced is credited now.
        for refund in vendor_order.refunds.filter(credit_note__isnull=True).order_by(
            "pk"
        ):
            credit_refund(refund)
    return invoice


def payment_method_of_collection(collection):
    return PaymentMethod(collection.method)


# Credit notes
# ------------------------------------------------------------------------------


def outstanding(invoice):
    """What ``invoice`` still owes once its credit notes are taken off: per
    rate ``{rate: {excl_tax, vat, incl_tax}}``, and the funded share left."""
    left = {
        row["rate"]: {
            "excl_tax": D(row["excl_tax"]),
            "vat": D(row["vat"]),
            "incl_tax": D(row["incl_tax"]),
        }
        for row in invoice.vat_breakdown
    }
    funded = invoice.funded_discount
    for credit in invoice.credit_notes.all():
        for row in credit.vat_breakdown:
            for key in ("excl_tax", "vat", "incl_tax"):
                left[row["rate"]][key] -= D(row[key])
        funded -= credit.funded_share
    return left, funded


def allocate_credit(left, amount):
    """``amount`` TTC across the rates still owed, in proportion, to the cent.

    Crediting all that is left takes each rate's HT and VAT left exactly, so
    an invoice credited in full comes back to zero at every rate.
    """
    rates = [rate for rate, row in left.items() if row["incl_tax"] > 0]
    owed = sum((left[rate]["incl_tax"] for rate in rates), ZERO)
    if amount == owed:
        return [
            {"rate": rate, **{key: _money(v) for key, v in left[rate].items()}}
            for rate in rates
        ]
    shares = allocate_proportionally(amount, [left[rate]["incl_tax"] for rate in rates])
    rows = []
    for rate, share in zip(rates, shares, strict=True):
        if share <= 0:
            continue
        excl, vat = split_tax_inclusive(share, D(rate))
        # Never credit more VAT (or HT) at a rate than the invoice has left.
        if vat > left[rate]["vat"]:
            vat = left[rate]["vat"]
            excl = share - vat
        elif excl > left[rate]["excl_tax"]:
            excl = left[rate]["excl_tax"]
            vat = share - excl
        rows.append(
            {
                "rate": rate,
                "excl_tax": _money(excl),
                "vat": _money(vat),
                "incl_tax": _money(share),
            }
        )
    return rows


def credit_invoice(invoice, amount, reason, refund=None, details="", now=None):
    """Issue a credit note of ``amount`` TTC (at most what ``invoice`` still
    owes) on ``invoice``; None when nothing is left to credit."""
    with transaction.atomic():
        # The part's lock orders concurrent credits of one invoice.
        type(invoice.vendor_order).objects.select_for_update().get(
            pk=invoice.vendor_order_id
        )
        left, funded_left = outstanding(invoice)
        owed = sum((row["incl_tax"] for row in left.values()), ZERO)
        amount = min(D(amount).quantize(CENTS), owed)
        if amount <= 0:
            return None
        if reason == CreditReason.CANCELLATION:
            funded_share = funded_left
        else:
            # A refund gives back the customer's money first; funders' money
            # only once the customer's share is all refunded.
            funded_share = max(ZERO, amount - (owed - funded_left))
        breakdown = allocate_credit(left, amount)
        value, number, issued_at = take_number(invoice.vendor, now)
        credit = CreditNote.objects.create(
            vendor=invoice.vendor,
            invoice=invoice,
            number=number,
            sequence_value=value,
            issued_at=issued_at,
            currency=invoice.currency,
            seller=seller_of(invoice.vendor),
            buyer=invoice.buyer,
            lines=[
                {
                    "description": str(
                        _("Credit on invoice %(number)s") % {"number": invoice.number}
                    ),
                    "reference": "",
                    "quantity": 1,
                    "unit_price_excl_tax": row["excl_tax"],
                    "vat_rate": row["rate"],
                    "vat": row["vat"],
                    "total_excl_tax": row["excl_tax"],
                    "total_incl_tax": row["incl_tax"],
                    "is_fulfilment": False,
                }
                for row in breakdown
            ],
            vat_breakdown=breakdown,
            vat_mention=invoice.vat_mention,
            reason=reason,
            details=details,
            refund=refund,
            funded_share=funded_share,
            **_totals(breakdown),
        )
        logger.info(
            "invoice %s: credit note %s of %s (%s)",
            invoice.number,
            number,
            amount,
            reason,
        )
        queue_pdf(credit)
    return credit


def credit_refund(refund, now=None):
    """The credit note of ``refund`` on its part's invoice (once per refund);
    None when the part is not invoiced."""
    invoice = Invoice.objects.filter(vendor_order_id=refund.vendor_order_id).first()
    if invoice is None:
        return None
    existing = CreditNote.objects.filter(refund=refund).first()
    if existing is not None:
        return existing
    return credit_invoice(
        invoice,
        refund.amount,
        CreditReason.REFUND,
        refund=refund,
        details=refund.reason,
        now=now,
    )


def credit_what_remains(vendor_order, details="", now=None):
    """On a cancelled, refused or returned part: a credit note for what its
    invoice still owes (the funded share included); None when nothing is."""
    invoice = Invoice.objects.filter(vendor_order=vendor_order).first()
    if invoice is None:
        return None
    return credit_invoice(
        invoice,
        invoice.total_incl_tax,
        CreditReason.CANCELLATION,
        details=details,
        now=now,
    )


# PDF
# ------------------------------------------------------------------------------


def queue_pdf(document):
    """Render the document's PDF once the transaction that issued it commits."""
    from .tasks import render_document_pdf_task

    kind, pk = document.kind, document.pk
    # robust: when tasks run eagerly, a rendering error must not undo the
    # document (the download renders a missing PDF on the spot).
    transaction.on_commit(lambda: render_document_pdf_task.delay(kind, pk), robust=True)


# Catching up
# ------------------------------------------------------------------------------


def issue_missing_documents(vendor_orders):
    """Issue what the steps would have issued for parts that have none yet
    (e.g. parts paid before invoicing existed): the invoice of each part paid
    online or collected and paid at pickup, the credit note of each refund,
    and the credit of what a closed part's invoice still owes. Idempotent;
    returns ``(invoices, credit_notes)`` issued."""
    from shop.apps.payment.models import PaymentIntentRecord, PickupCollection
    from vendors.models import PartAction, VendorOrderStatus

    credited_statuses = {
        VendorOrderStatus.CANCELLED,
        VendorOrderStatus.REFUSED,
        VendorOrderStatus.RETURNED,
    }
    invoices = credit_notes = 0
    for vendor_order in vendor_orders.select_related("vendor", "order"):
        with transaction.atomic():
            vendor_order = (
                type(vendor_order)
                .objects.select_for_update(of=("self",))
                .select_related("vendor", "order")
                .get(pk=vendor_order.pk)
            )
            if not Invoice.objects.filter(vendor_order=vendor_order).exists():
                collection = PickupCollection.objects.filter(
                    vendor_order=vendor_order
                ).first()
                paid_event = vendor_order.events.filter(action=PartAction.PAY).first()
                if collection is not None:
                    issue_invoice(
                        vendor_order, collection.method, collection.collected_at
                    )
                elif paid_event is not None:
                    record = (
                        PaymentIntentRecord.objects.filter(
                            order=vendor_order.order, paid_at__isnull=False
                        )
                        .order_by("paid_at")
                        .first()
                    )
                    issue_invoice(
                        vendor_order,
                        PaymentMethod.CARD_ONLINE,
                        record.paid_at if record else paid_event.created_at,
                    )
                else:
                    continue
                invoices += 1
            for refund in vendor_order.refunds.filter(credit_note__isnull=True):
                credit_notes += credit_refund(refund) is not None
            if vendor_order.status in credited_statuses:
                credit_notes += credit_what_remains(vendor_order) is not None
    return invoices, credit_notes
