"""Who may read which documents, and the lists the pages show.

One rule per audience: an artisan reads their own documents, a customer those
of the orders they placed, chamber staff all of them. A document outside the
reader's scope is simply not found (404).
"""

from dataclasses import dataclass

from .models import CreditNote, Invoice

KINDS = {"invoice": Invoice, "credit_note": CreditNote}


def _related(queryset):
    if queryset.model is Invoice:
        return queryset.select_related("vendor_order__order", "vendor__partner")
    return queryset.select_related(
        "invoice__vendor_order__order", "vendor__partner", "refund"
    )


def documents_for_vendor(kind, vendor):
    return _related(KINDS[kind].objects.of_vendor(vendor))


def documents_for_customer(kind, user):
    return _related(KINDS[kind].objects.of_customer(user))


def documents_for_staff(kind):
    return _related(KINDS[kind].objects.all())


def documents_for_guest(kind, order):
    """The documents of ``order``, for whoever holds its verification link
    (Oscar's order-status page of a guest's order)."""
    return _related(KINDS[kind].objects.filter(**{KINDS[kind].ORDER_PATH: order}))


def order_of_guest_link(number, verification_hash):
    """The order of a guest's order-status link, or None when it is not one."""
    from oscar.core.loading import get_model

    Order = get_model("order", "Order")
    order = Order._default_manager.filter(number=number, user__isnull=True).first()
    if order is None or not order.check_verification_hash(verification_hash):
        return None
    return order


@dataclass
class OrderDocuments:
    invoices: list
    credit_notes: list

    def __bool__(self):
        return bool(self.invoices or self.credit_notes)


def documents_of_order(order, user, guest_hash=""):
    """The invoices and credit notes of ``order`` its customer ``user`` reads
    (or a guest holding the order's verification link ``guest_hash``)."""
    if guest_hash:
        if order_of_guest_link(order.number, guest_hash) is None:
            return OrderDocuments(invoices=[], credit_notes=[])
        invoices = documents_for_guest("invoice", order)
        credit_notes = documents_for_guest("credit_note", order)
    else:
        invoices = documents_for_customer("invoice", user).filter(
            vendor_order__order=order
        )
        credit_notes = documents_for_customer("credit_note", user).filter(
            invoice__vendor_order__order=order
        )
    return OrderDocuments(
        invoices=list(invoices.order_by("vendor_order__number")),
        credit_notes=list(credit_notes.order_by("issued_at", "pk")),
    )


def vendor_documents(vendor, year=None, month=None):
    """The artisan's invoices and credit notes, newest first, in one list
    (two queries whatever their number), optionally of one month."""
    invoices = documents_for_vendor("invoice", vendor)
    credit_notes = documents_for_vendor("credit_note", vendor)
    if year and month:
        invoices = invoices.in_month(year, month)
        credit_notes = credit_notes.in_month(year, month)
    documents = [*invoices, *credit_notes]
    documents.sort(key=lambda d: (d.issued_at, d.sequence_value), reverse=True)
    return documents
