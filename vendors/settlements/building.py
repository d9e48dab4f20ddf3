"""The monthly build: each artisan's commission statement, the chamber's
commission invoice and the pickup cash settlement of one month.

What a month's commission statement counts, in the site's time zone:

- each part *invoiced* in the month, once: paid online (its ``pay`` step) or,
  when paid at pickup, handed over (its ``PickupCollection``); the commission
  is the one frozen on the part at placement, on its sale (``total_incl_tax``);
- less each refund made in the month (``payment.Refund``), whatever month the
  part was invoiced in: the chamber gives back its share of the refund, the
  artisan bears the rest, as the payout does (``artisan_due_cents``), computed
  on the part's cumulated refunds so that no cent drifts.

Precisely: what happened *up to the month's end* and no statement counted
yet. Built month after month, that is the month's activity; and nothing is
ever left out (a month built early in the demo, a payment recorded late: it
goes to the next statement).

A part cancelled or refused before being paid is never invoiced, so never
counted. The settlement statement counts the payments collected at pickup in
the month, and the refunds given back at pickup in the month by whoever held
the money (each side bearing its share, as above).

Building is idempotent: an artisan's month is built once (a unique statement
per artisan and month, taken under the artisan's row lock), and each part,
refund and collection belongs to one statement at most (unique constraints).
Only months that are over are built.
"""

import datetime
import logging
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal as D

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shop.apps.partner.strategy import split_tax_inclusive
from shop.apps.payment.consts import artisan_due_cents, from_cents, to_cents
from shop.apps.payment.models import CollectionHolder, PickupCollection, Refund
from vendors.invoicing.numbering import format_number, next_value
from vendors.models import PartAction, Vendor, VendorOrder, VendorOrderEvent

from .models import (
    ZERO,
    CommissionInvoice,
    CommissionInvoiceKind,
    CommissionLine,
    CommissionLineKind,
    CommissionStatement,
    SettlementEntry,
    SettlementStatement,
)
from .rendering import render_commission_invoice_task

logger = logging.getLogger(__name__)

COMMISSION_SERIES = "chamber-commission"


class MonthNotOver(ValueError):
    """A month is built once it is over, never while parts may still come."""


@dataclass
class BuildResult:
    """What one build made: the new statements and invoices."""

    commission_statements: list = field(default_factory=list)
    invoices: list = field(default_factory=list)
    settlement_statements: list = field(default_factory=list)

    @property
    def nothing_new(self):
        return not (self.commission_statements or self.settlement_statements)


def first_of_month(day):
    return day.replace(day=1)


def next_month(period):
    return (period + datetime.timedelta(days=32)).replace(day=1)


def previous_month(today=None):
    """The first day of the month before ``today``'s (local date)."""
    today = today or timezone.localdate()
    return first_of_month(first_of_month(today) - datetime.timedelta(days=1))


def month_bounds(period):
    """``[start, end)`` of ``period``'s month as aware datetimes (local time)."""

    def midnight(day):
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))

    return midnight(period), midnight(next_month(period))


def _before(end, lookup):
    return {f"{lookup}__lt": end}


def parts_invoiced_before(end):
    """``{vendor_order_id: when invoiced}`` for parts invoiced before ``end``
    and not counted in any statement yet."""
    invoiced = {}
    for vendor_order_id, when in (
        VendorOrderEvent.objects.filter(
            action=PartAction.PAY, **_before(end, "created_at")
        )
        .exclude(vendor_order__commission_lines__kind=CommissionLineKind.SALE)
        .values_list("vendor_order_id", "created_at")
    ):
        invoiced.setdefault(vendor_order_id, when)
    for vendor_order_id, when in (
        PickupCollection.objects.filter(**_before(end, "collected_at"))
        .exclude(vendor_order__commission_lines__kind=CommissionLineKind.SALE)
        .values_list("vendor_order_id", "collected_at")
    ):
        invoiced[vendor_order_id] = min(when, invoiced.get(vendor_order_id, when))
    return invoiced


def commission_credit_cents(vendor_order, refunded_before, refunded_after):
    """``(commission, net)`` given back, in cents, when a part's cumulated
    refunds go from ``refunded_before`` to ``refunded_after`` (cents)."""

    def artisan_share(refunded):
        return to_cents(vendor_order.net_amount) - artisan_due_cents(
            vendor_order, refunded
        )

    net = artisan_share(refunded_after) - artisan_share(refunded_before)
    return (refunded_after - refunded_before) - net, net


def _refund_lines(refunds):
    """Commission lines (unsaved, without statement) for ``refunds``."""
    vendor_order_ids = {refund.vendor_order_id for refund in refunds}
    cumulated = defaultdict(int)
    before = {}
    for refund in Refund.objects.filter(vendor_order_id__in=vendor_order_ids).order_by(
        "created_at", "id"
    ):
        before[refund.pk] = cumulated[refund.vendor_order_id]
        cumulated[refund.vendor_order_id] += refund.amount_cents
    lines = []
    for refund in refunds:
        commission, net = commission_credit_cents(
            refund.vendor_order,
            before[refund.pk],
            before[refund.pk] + refund.amount_cents,
        )
        lines.append(
            CommissionLine(
                vendor_order=refund.vendor_order,
                kind=CommissionLineKind.REFUND,
                refund=refund,
                occurred_at=refund.created_at,
                base=-from_cents(refund.amount_cents),
                commission=-from_cents(commission),
                net=-from_cents(net),
            )
        )
    return lines


def _settlement_entry(collection):
    """What one payment collected at pickup makes each side owe."""
    vendor_order = collection.vendor_order
    if collection.holder == CollectionHolder.CHAMBER:
        owed_to_artisan, owed_to_chamber = vendor_order.net_amount, ZERO
    else:
        # The artisan keeps what was paid; the chamber is owed the rest of
        # it beyond the artisan's net (its commission, less a funded
        # discount it owes the artisan: then the balance goes the other way).
        kept_beyond_net = collection.amount - vendor_order.net_amount
        owed_to_chamber = max(kept_beyond_net, ZERO)
        owed_to_artisan = max(-kept_beyond_net, ZERO)
    return SettlementEntry(
        collection=collection,
        vendor_order=vendor_order,
        collected_at=collection.collected_at,
        holder=collection.holder,
        amount=collection.amount,
        net_amount=vendor_order.net_amount,
        owed_to_artisan=owed_to_artisan,
        owed_to_chamber=owed_to_chamber,
    )


def _refund_entries(refunds):
    """Settlement entries (unsaved) for refunds given back at pickup by
    whoever held the money: each side bears its share of a refund as the
    commission lines say, so the holder owes the other side that much less."""
    entries = []
    for refund, line in zip(refunds, _refund_lines(refunds), strict=True):
        artisan_share = -line.net
        chamber_share = -line.commission
        if refund.holder == CollectionHolder.CHAMBER:
            owed_to_artisan, owed_to_chamber = -artisan_share, ZERO
        else:
            owed_to_artisan, owed_to_chamber = ZERO, -chamber_share
        entries.append(
            SettlementEntry(
                refund=refund,
                vendor_order=refund.vendor_order,
                collected_at=refund.created_at,
                holder=refund.holder,
                amount=line.base,
                net_amount=line.net,
                owed_to_artisan=owed_to_artisan,
                owed_to_chamber=owed_to_chamber,
            )
        )
    return entries


def chamber_identity():
    """The chamber as a seller: from the site's legal settings, else settings."""
    from cms.models import LegalSettings

    legal = LegalSettings.load()
    return {
        "seller_name": legal.publisher_name or settings.CHAMBER_LEGAL_NAME,
        "seller_address": legal.publisher_address or settings.CHAMBER_ADDRESS,
        "seller_siret": legal.publisher_siret or settings.CHAMBER_SIRET,
        "seller_vat_number": legal.publisher_vat_number or settings.CHAMBER_VAT_NUMBER,
    }


def artisan_identity(vendor):
    """The artisan as the buyer of the chamber's services."""
    address = "\n".join(
        part
        for part in (vendor.address, f"{vendor.postcode} {vendor.commune}".strip())
        if part
    )
    return {
        "buyer_name": vendor.registered_name,
        "buyer_legal_form": vendor.get_legal_form_display()
        if vendor.legal_form
        else "",
        "buyer_address": address,
        "buyer_siret": vendor.siret,
        "buyer_vat_number": vendor.vat_number,
    }


def issue_commission_invoice(statement, issued_on):
    """The chamber's invoice (or credit note) for ``statement``'s commission,
    numbered in the chamber's series; in the statement's transaction."""
    rate = D(str(settings.CHAMBER_COMMISSION_VAT_RATE))
    incl_tax = abs(statement.commission)
    excl_tax, vat = split_tax_inclusive(incl_tax, rate)
    value = next_value(COMMISSION_SERIES)
    return CommissionInvoice.objects.create(
        statement=statement,
        kind=(
            CommissionInvoiceKind.CREDIT_NOTE
            if statement.commission < 0
            else CommissionInvoiceKind.INVOICE
        ),
        number=format_number(
            settings.CHAMBER_COMMISSION_INVOICE_NUMBER_FORMAT,
            prefix=settings.CHAMBER_DOCUMENT_PREFIX,
            year=issued_on.year,
            value=value,
        ),
        sequence_value=value,
        issued_on=issued_on,
        amount_excl_tax=excl_tax,
        vat_rate=rate,
        vat_amount=vat,
        amount_incl_tax=incl_tax,
        **chamber_identity(),
        **artisan_identity(statement.vendor),
    )


def _build_commission(vendor, period, lines, issued_on, result):
    if CommissionStatement.objects.filter(vendor=vendor, period=period).exists():
        return
    sales = [line for line in lines if line.kind == CommissionLineKind.SALE]
    statement = CommissionStatement.objects.create(
        vendor=vendor,
        period=period,
        part_count=len(sales),
        sales=sum((line.base for line in lines), ZERO),
        commission=sum((line.commission for line in lines), ZERO),
        net=sum((line.net for line in lines), ZERO),
    )
    for line in lines:
        line.statement = statement
    CommissionLine.objects.bulk_create(lines)
    result.commission_statements.append(statement)
    if statement.commission != 0:
        invoice = issue_commission_invoice(statement, issued_on)
        result.invoices.append(invoice)
        transaction.on_commit(
            lambda pk=invoice.pk: render_commission_invoice_task.delay(pk)
        )


def _build_settlement(vendor, period, entries, result):
    if SettlementStatement.objects.filter(vendor=vendor, period=period).exists():
        return
    statement = SettlementStatement.objects.create(
        vendor=vendor,
        period=period,
        collected=sum((entry.amount for entry in entries), ZERO),
        held_by_chamber=sum(
            (e.amount for e in entries if e.holder == CollectionHolder.CHAMBER), ZERO
        ),
        held_by_artisan=sum(
            (e.amount for e in entries if e.holder == CollectionHolder.ARTISAN), ZERO
        ),
        chamber_owes=sum((entry.owed_to_artisan for entry in entries), ZERO),
        artisan_owes=sum((entry.owed_to_chamber for entry in entries), ZERO),
    )
    for entry in entries:
        entry.statement = statement
    SettlementEntry.objects.bulk_create(entries)
    result.settlement_statements.append(statement)


def build_month(period, today=None, so_far=False):
    """Build the statements and invoices of ``period``'s month (any day of it)
    for every artisan with activity not counted yet, and only what is not
    built yet.

    Raises ``MonthNotOver`` for the current month or a later one, unless
    ``so_far`` (the demo's: the month as it stands, issued today; what comes
    later in the month goes to the next month's statements).
    """
    period = first_of_month(period)
    today = today or timezone.localdate()
    if so_far:
        if period > first_of_month(today):
            raise MonthNotOver(_("A month can be built once it is over."))
        end = month_bounds(period)[1]
        issued_on = min(today, next_month(period) - datetime.timedelta(days=1))
    else:
        if period >= first_of_month(today):
            raise MonthNotOver(_("A month can be built once it is over."))
        end = month_bounds(period)[1]
        # Issued on the last day of the month it invoices.
        issued_on = next_month(period) - datetime.timedelta(days=1)

    invoiced = parts_invoiced_before(end)
    parts = VendorOrder.objects.in_bulk(list(invoiced))
    month_refunds = list(
        Refund.objects.filter(**_before(end, "created_at"))
        .filter(Q(commission_line=None) | (~Q(holder="") & Q(settlement_entry=None)))
        .select_related("vendor_order", "commission_line", "settlement_entry")
        .order_by("created_at", "id")
    )
    refunds = [r for r in month_refunds if not hasattr(r, "commission_line")]
    collections = list(
        PickupCollection.objects.filter(
            **_before(end, "collected_at"), settlement_entry=None
        )
        .select_related("vendor_order")
        .order_by("collected_at", "id")
    )

    commission_lines = defaultdict(list)
    for vendor_order_id, when in sorted(invoiced.items(), key=lambda i: i[1]):
        part = parts[vendor_order_id]
        commission_lines[part.vendor_id].append(
            CommissionLine(
                vendor_order=part,
                kind=CommissionLineKind.SALE,
                occurred_at=when,
                base=part.total_incl_tax,
                commission=part.commission_amount,
                net=part.net_amount,
            )
        )
    for line in _refund_lines(refunds):
        commission_lines[line.vendor_order.vendor_id].append(line)
    settlement_entries = defaultdict(list)
    for collection in collections:
        settlement_entries[collection.vendor_order.vendor_id].append(
            _settlement_entry(collection)
        )
    given_back_at_pickup = [
        refund
        for refund in month_refunds
        if refund.holder and not hasattr(refund, "settlement_entry")
    ]
    for entry in _refund_entries(given_back_at_pickup):
        settlement_entries[entry.vendor_order.vendor_id].append(entry)
    settlement_entries = {
        vendor_id: sorted(entries, key=lambda entry: entry.collected_at)
        for vendor_id, entries in settlement_entries.items()
    }

    result = BuildResult()
    for vendor_id in sorted(set(commission_lines) | set(settlement_entries)):
        with transaction.atomic():
            # One build of an artisan's month at a time: a second one waits
            # here, then finds the statements made.
            vendor = Vendor.objects.select_for_update().get(pk=vendor_id)
            if vendor_id in commission_lines:
                _build_commission(
                    vendor, period, commission_lines[vendor_id], issued_on, result
                )
            if vendor_id in settlement_entries:
                _build_settlement(vendor, period, settlement_entries[vendor_id], result)
    logger.info(
        "Month %s built: %d commission statements, %d invoices, %d settlements",
        period,
        len(result.commission_statements),
        len(result.invoices),
        len(result.settlement_statements),
    )
    return result
