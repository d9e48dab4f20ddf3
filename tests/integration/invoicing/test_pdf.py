"""The PDF of an invoice and of a credit note, read back with pypdf: what the
law asks an invoice to state is in the text, rendered by the Celery task once
the invoice is committed and kept on the private storage."""

import io
from decimal import Decimal as D

import pytest
from django.core.files.storage import storages
from django.utils import formats, timezone, translation
from pypdf import PdfReader

from tests.factories.invoicing import (
    artisan,
    billing_address,
    create_artisan_product,
    customer,
    pay,
    place_online,
)
from tests.factories.orders import step
from vendors.invoicing.documents import render_document_pdf
from vendors.invoicing.models import CreditNote, Invoice, PaymentMethod
from vendors.models import PartAction, VatRegime

pytestmark = pytest.mark.django_db

FRANCHISE = "TVA non applicable, art. 293 B du CGI"


def text_of(pdf_bytes):
    reader = PdfReader(io.BytesIO(pdf_bytes))
    # pypdf may break lines anywhere: compare on single spaces
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def in_french(value):
    """``value`` as the PDF writes it (the shop's language, French)."""
    with translation.override("fr"):
        if isinstance(value, D):
            return formats.number_format(value, 2)
        if hasattr(value, "tzinfo"):
            return formats.date_format(timezone.localtime(value), "DATE_FORMAT")
        return str(value)


def invoiced(regime, django_capture_on_commit_callbacks, shipping="4.90"):
    shop = artisan(regime, name="Savonnerie Marius")
    order, record = place_online(
        (create_artisan_product(shop, "Savon au miel", price="7.50"), 2),
        user=customer(),
        billing=billing_address(),
        shipping=shipping,
    )
    with django_capture_on_commit_callbacks(execute=True):
        pay(record)
    return Invoice.objects.get(vendor_order__order=order)


def test_the_invoice_pdf_states_seller_buyer_lines_totals_and_payment(
    django_capture_on_commit_callbacks,
):
    invoice = invoiced(VatRegime.STANDARD, django_capture_on_commit_callbacks)

    # the task stored it on the private storage once the payment committed
    assert invoice.pdf_file
    with storages["private"].open(invoice.pdf_file, "rb") as stored:
        text = text_of(stored.read())

    assert invoice.number in text
    assert "Savonnerie Marius SARL" in text
    assert invoice.seller["siret"] in text
    assert "FR40303265045" in text  # VAT number of an artisan subject to VAT
    assert "Jeanne Roux" in text
    assert "4 cours Mirabeau" in text and "13100 Aix-en-Provence" in text
    product, fees = invoice.line_rows
    assert "Savon au miel" in text
    for amount in (
        product["unit_price_excl_tax"],  # 6,25
        product["vat"],  # 2,50
        product["total_excl_tax"],
        fees["total_incl_tax"],  # the fulfilment fees' own line
        invoice.total_excl_tax,
        invoice.total_vat,
        invoice.total_incl_tax,
    ):
        assert in_french(amount) in text, amount
    assert "20 %" in text.replace("\u00a0", " ")
    assert in_french(invoice.paid_at) in text
    assert in_french(PaymentMethod.CARD_ONLINE.label) in text
    assert FRANCHISE not in text


def test_a_franchise_artisans_invoice_pdf_carries_the_293_b_mention(
    django_capture_on_commit_callbacks,
):
    invoice = invoiced(VatRegime.FRANCHISE, django_capture_on_commit_callbacks)

    text = text_of(render_document_pdf(invoice))

    assert FRANCHISE in text
    assert "FR40303265045" not in text
    assert in_french(invoice.total_incl_tax) in text
    assert invoice.total_vat == D("0.00")


@pytest.mark.service("stripe")
def test_a_refund_credit_note_pdf_refers_to_its_invoice(
    stripe_requests, django_capture_on_commit_callbacks
):
    invoice = invoiced(VatRegime.REDUCED, django_capture_on_commit_callbacks)
    part = invoice.vendor_order
    part.refresh_from_db()

    with django_capture_on_commit_callbacks(execute=True):
        step(part, PartAction.REFUSE, reason="Four en panne.")

    credit = CreditNote.objects.get(invoice=invoice)
    assert credit.refund is not None
    assert credit.pdf_file
    with storages["private"].open(credit.pdf_file, "rb") as stored:
        text = text_of(stored.read())
    assert credit.number in text
    assert invoice.number in text
    assert in_french(credit.total_incl_tax) in text
    assert "Four en panne." in text
    assert "5,5 %" in text.replace("\u00a0", " ")


def test_a_discount_a_territory_funds_is_stated_as_paid_by_it(
    django_capture_on_commit_callbacks,
):
    from vendors.models import VendorOrder
    from vendors.promotions.models import FundedDiscount, Funder, FunderKind

    shop = artisan(VatRegime.STANDARD, name="Savonnerie Marius")
    order, record = place_online(
        (create_artisan_product(shop, "Savon", price="20.00"), 2), user=customer()
    )
    part = order.vendor_orders.get()
    # as the placement records a campaign the Métropole funds
    metropole = Funder.objects.create(name="Métropole Aix-Marseille-Provence")
    FundedDiscount.objects.create(
        vendor_order=part,
        offer_name="15 € offerts dès 30 €",
        kind=FunderKind.TERRITORY,
        funder=metropole,
        amount=D("15.00"),
    )
    VendorOrder.objects.filter(pk=part.pk).update(funded_discount=D("15.00"))
    pay(record)

    invoice = Invoice.objects.get(vendor_order=part)
    text = text_of(render_document_pdf(invoice))

    assert invoice.total_incl_tax == D("40.00")  # the sale, not lowered
    # the unit price HT is the artisan's TTC price split, rounded once
    assert invoice.line_rows[0]["unit_price_excl_tax"] == D("16.67")
    assert invoice.funders == [
        {
            "name": "Métropole Aix-Marseille-Provence",
            "offer": "15 € offerts dès 30 €",
            "amount": "15.00",
        }
    ]
    assert "Métropole Aix-Marseille-Provence" in text.replace("- ", "-")
    assert in_french(D("15.00")) in text
    assert in_french(invoice.customer_paid) in text  # 25,00
