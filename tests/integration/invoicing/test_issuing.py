"""When an artisan's part is invoiced and credited, and what the documents
state: the artisan as seller, lines HT / VAT / TTC, fulfilment fees as their
own line, totals per rate, the payment; numbers in one series; documents that
never change once issued."""

import datetime
from decimal import Decimal as D

import pytest
from django.utils import timezone

from shop.apps.payment.models import PickupCollection
from tests.factories.invoicing import (
    artisan,
    billing_address,
    create_artisan_product,
    customer,
    paid_online,
    pay,
    pickup_part,
    place_online,
)
from tests.factories.orders import bring_to, hand_over, step
from vendors.invoicing import actions
from vendors.invoicing.models import (
    CreditNote,
    CreditReason,
    DocumentIsImmutable,
    Invoice,
    PaymentMethod,
)
from vendors.models import ActorRole, PartAction, VatRegime, VendorOrderStatus

pytestmark = pytest.mark.django_db


def test_a_part_paid_online_is_invoiced_in_the_artisans_name():
    # given an artisan at 20 % VAT and one at 5.5 %, in one basket
    soap_shop = artisan(VatRegime.STANDARD, name="Savonnerie Marius")
    sweets_shop = artisan(VatRegime.REDUCED, name="Calissons du Roy")
    soap = create_artisan_product(soap_shop, "Savon lavande", price="7.50")
    sweets = create_artisan_product(sweets_shop, "Calissons", price="18.90")
    buyer = customer()

    # when the order is paid online, with 6.00 € of delivery shared
    order = paid_online(
        (soap, 2), (sweets, 1), user=buyer, shipping="6.00", billing=billing_address()
    )

    # then each part has its invoice, in its artisan's name
    soap_part = order.vendor_orders.get(vendor=soap_shop)
    invoice = Invoice.objects.get(vendor_order=soap_part)
    assert invoice.vendor == soap_shop
    assert invoice.number == f"{soap_shop.slug.upper()}-{timezone.now().year}-000001"
    assert invoice.seller["name"] == "Savonnerie Marius SARL"
    assert invoice.seller["siret"] == soap_shop.siret
    assert invoice.seller["vat_number"] == "FR40303265045"
    assert invoice.buyer["name"] == "Jeanne Roux"
    assert invoice.buyer["address"] == ["4 cours Mirabeau", "13100 Aix-en-Provence"]
    assert invoice.payment_method == PaymentMethod.CARD_ONLINE
    assert invoice.paid_at is not None
    assert invoice.vat_mention == ""
    # its lines: the soaps, and the fulfilment fees as their own line
    product_line, fees_line = invoice.line_rows
    assert product_line["description"] == "Savon lavande"
    assert product_line["quantity"] == 2
    assert product_line["total_incl_tax"] == D("15.00")
    assert product_line["total_excl_tax"] == D("12.50")
    assert product_line["vat"] == D("2.50")
    assert product_line["unit_price_excl_tax"] == D("6.25")
    assert product_line["vat_rate"] == D("0.20")
    assert fees_line["is_fulfilment"]
    assert fees_line["total_incl_tax"] == soap_part.fulfilment_cost
    # its totals add up to the part, at every rate
    assert invoice.total_incl_tax == soap_part.total_incl_tax
    assert invoice.total_excl_tax + invoice.total_vat == invoice.total_incl_tax
    assert [row["rate"] for row in invoice.vat_rows] == [D("0.20")]
    other = Invoice.objects.get(vendor_order__vendor=sweets_shop)
    assert other.vat_rows[0]["rate"] == D("0.055")
    assert other.number.endswith("-000001")  # each artisan has their own series


def test_a_franchise_artisan_invoices_without_vat_and_with_the_293_b_mention():
    shop = artisan(VatRegime.FRANCHISE, name="Poterie Audibert")
    order = paid_online((create_artisan_product(shop, "Bol", price="24.00"), 1))

    invoice = Invoice.objects.get(vendor_order__order=order)

    assert invoice.vat_mention == "TVA non applicable, art. 293 B du CGI"
    assert invoice.seller["vat_number"] == ""
    assert invoice.total_vat == D("0.00")
    assert invoice.total_excl_tax == invoice.total_incl_tax == D("24.00")


@pytest.mark.service("stripe")
def test_each_artisans_documents_follow_one_series_that_never_reuses_a_number(
    stripe_requests,
):
    shop = artisan()
    soap = create_artisan_product(shop, "Savon", price="5.00", stock=50)
    first = paid_online((soap, 1))
    second_order, record = place_online((soap, 2))
    pay(record)
    pay(record)  # Stripe's confirmation twice: one invoice

    part = second_order.vendor_orders.get()
    assert Invoice.objects.filter(vendor_order=part).count() == 1
    bring_to(part, VendorOrderStatus.CANCELLED)  # refunded: a credit note
    third = paid_online((soap, 1))

    numbers = [
        *Invoice.objects.filter(vendor=shop).values_list("sequence_value", "number"),
        *CreditNote.objects.filter(vendor=shop).values_list("sequence_value", "number"),
    ]
    assert sorted(value for value, _number in numbers) == [1, 2, 3, 4]
    assert len({number for _value, number in numbers}) == 4
    assert Invoice.objects.get(vendor_order__order=first).sequence_value == 1
    assert Invoice.objects.get(vendor_order__order=third).sequence_value == 4


@pytest.mark.service("stripe")
def test_a_refused_invoiced_part_is_credited_in_full_funded_share_included(
    stripe_requests,
):
    shop = artisan()
    order, record = place_online((create_artisan_product(shop, "Savon"), 2))
    part = order.vendor_orders.get()
    # a discount the chamber funds: the customer pays less, the invoice does not
    type(part).objects.filter(pk=part.pk).update(funded_discount=D("3.00"))
    pay(record)
    invoice = Invoice.objects.get(vendor_order=part)
    assert invoice.total_incl_tax == D("15.00")
    assert invoice.funded_discount == D("3.00")
    assert invoice.customer_paid == D("12.00")

    # when the artisan refuses it: the customer is refunded what they paid
    part.refresh_from_db()
    step(part, PartAction.REFUSE, reason="Rupture de stock.")

    refund_credit, rest = invoice.credit_notes.order_by("sequence_value")
    assert refund_credit.reason == CreditReason.REFUND
    assert refund_credit.refund == part.refunds.get()
    assert refund_credit.total_incl_tax == D("12.00")
    assert refund_credit.funded_share == D("0.00")
    # and what the funder no longer pays is credited too
    assert rest.reason == CreditReason.CANCELLATION
    assert rest.details == "Rupture de stock."
    assert rest.total_incl_tax == D("3.00")
    assert rest.funded_share == D("3.00")
    credited_vat = refund_credit.total_vat + rest.total_vat
    credited_excl = refund_credit.total_excl_tax + rest.total_excl_tax
    assert (credited_vat, credited_excl) == (invoice.total_vat, invoice.total_excl_tax)
    assert rest.sequence_value == invoice.sequence_value + 2
    # nothing is left to credit: a second call credits nothing
    assert actions.credit_what_remains(part) is None


def test_a_part_paid_at_a_pickup_point_is_invoiced_at_its_hand_over():
    shop = artisan()
    product = create_artisan_product(shop, "Savon", price="7.50")
    part = pickup_part(shop, product, quantity=2, user=customer())
    bring_to(part, VendorOrderStatus.READY)
    assert not Invoice.objects.filter(vendor_order=part).exists()

    hand_over(part, method="cheque")

    invoice = Invoice.objects.get(vendor_order=part)
    collection = PickupCollection.objects.get(vendor_order=part)
    assert invoice.payment_method == PaymentMethod.CHEQUE
    assert invoice.paid_at == collection.collected_at
    assert invoice.total_incl_tax == D("15.00")
    assert invoice.buyer["name"] == "Jeanne Roux"


def test_a_pickup_part_never_collected_is_never_invoiced():
    shop = artisan()
    part = pickup_part(shop, create_artisan_product(shop, "Savon"))
    bring_to(part, VendorOrderStatus.NO_SHOW)
    step(
        part, PartAction.TAKE_BACK, ActorRole.ARTISAN, reason="Pas venu.", restock=True
    )

    assert not Invoice.objects.filter(vendor_order=part).exists()
    assert not CreditNote.objects.exists()


def test_an_issued_invoice_never_changes():
    shop = artisan()
    order = paid_online((create_artisan_product(shop, "Savon"), 1))
    invoice = Invoice.objects.get(vendor_order__order=order)

    invoice.total_incl_tax = D("1.00")
    with pytest.raises(DocumentIsImmutable):
        invoice.save()
    with pytest.raises(DocumentIsImmutable):
        Invoice.objects.filter(pk=invoice.pk).update(total_incl_tax=D("1.00"))
    with pytest.raises(DocumentIsImmutable):
        invoice.delete()
    with pytest.raises(DocumentIsImmutable):
        Invoice.objects.filter(pk=invoice.pk).delete()

    assert Invoice.objects.get(pk=invoice.pk).total_incl_tax == D("7.50")


def test_a_later_change_of_the_shop_leaves_issued_invoices_as_they_were():
    shop = artisan(name="Savonnerie Marius")
    order = paid_online((create_artisan_product(shop, "Savon"), 1))

    shop.legal_name = "Nouveau Nom SAS"
    shop.siret = "73282932000009"
    shop.save()

    invoice = Invoice.objects.get(vendor_order__order=order)
    assert invoice.seller["name"] == "Savonnerie Marius SARL"
    assert invoice.seller["siret"] != "73282932000009"


def test_the_prefix_can_change_until_the_first_invoice_then_it_is_frozen(settings):
    settings.INVOICE_NUMBER_FORMAT = "FA-{prefix}-{year}-{number:04d}"
    shop = artisan()
    actions.change_number_prefix(shop, "MARIUS")
    order = paid_online((create_artisan_product(shop, "Savon"), 1))

    invoice = Invoice.objects.get(vendor_order__order=order)
    year = timezone.localtime(invoice.issued_at).year
    assert invoice.number == f"FA-MARIUS-{year}-0001"
    with pytest.raises(actions.PrefixFrozen):
        actions.change_number_prefix(shop, "AUTRE")
    assert actions.profile_of(shop).number_prefix == "MARIUS"


def test_a_credit_split_across_rates_loses_no_cent():
    left = {
        "0.20": {"excl_tax": D("10.00"), "vat": D("2.00"), "incl_tax": D("12.00")},
        "0.055": {"excl_tax": D("10.00"), "vat": D("0.55"), "incl_tax": D("10.55")},
    }

    rows = actions.allocate_credit(left, D("0.01"))

    assert sum(D(row["incl_tax"]) for row in rows) == D("0.01")
    for row in rows:
        assert D(row["excl_tax"]) + D(row["vat"]) == D(row["incl_tax"])
    whole = actions.allocate_credit(left, D("22.55"))
    assert {row["rate"]: D(row["vat"]) for row in whole} == {
        "0.20": D("2.00"),
        "0.055": D("0.55"),
    }


def test_an_invoice_is_dated_when_issued_not_when_ordered():
    shop = artisan()
    order, record = place_online((create_artisan_product(shop, "Savon"), 1))
    before = timezone.now() - datetime.timedelta(seconds=1)
    pay(record)

    invoice = Invoice.objects.get(vendor_order__order=order)
    assert invoice.issued_at >= before


def test_parts_paid_before_invoicing_existed_are_invoiced_once_on_catching_up():
    from vendors.invoicing import receivers
    from vendors.models import VendorOrder
    from vendors.signals import vendor_order_stepped

    shop = artisan()
    soap = create_artisan_product(shop, "Savon", price="7.50", stock=20)
    # given parts paid online and at pickup while no document was issued
    vendor_order_stepped.disconnect(dispatch_uid="invoicing-documents-of-step")
    try:
        online = paid_online((soap, 1), user=customer()).vendor_orders.get()
        at_pickup = pickup_part(shop, soap, quantity=1, user=customer())
        bring_to(at_pickup, VendorOrderStatus.READY)
        hand_over(at_pickup, method="cash")
    finally:
        receivers.connect()
    assert not Invoice.objects.filter(vendor=shop).exists()

    issued = actions.issue_missing_documents(VendorOrder.objects.filter(vendor=shop))
    again = actions.issue_missing_documents(VendorOrder.objects.filter(vendor=shop))

    assert issued == (2, 0)
    assert again == (0, 0)
    assert Invoice.objects.get(vendor_order=online).payment_method == "card_online"
    assert Invoice.objects.get(vendor_order=at_pickup).payment_method == "cash"


def test_a_chamber_funded_offer_keeps_the_invoice_at_the_sale_price():
    from oscar.test import factories as oscar_factories

    # given the chamber's 20 % off everything (an offer nobody else funds)
    oscar_factories.create_offer()
    shop = artisan()
    soap = create_artisan_product(shop, "Savon", price="7.45")
    bowl = create_artisan_product(shop, "Porte-savon", price="12.00")

    order = paid_online((soap, 3), (bowl, 1), user=customer(), shipping="4.00")

    part = order.vendor_orders.get()
    invoice = Invoice.objects.get(vendor_order=part)
    assert part.funded_discount > 0
    # the sale: the lines before the funded discount, plus the fees
    assert invoice.total_incl_tax == part.total_incl_tax == D("38.35")
    assert invoice.funded_discount == part.funded_discount
    soap_line, bowl_line, _fees = invoice.line_rows
    assert soap_line["total_incl_tax"] == D("22.35")
    assert bowl_line["total_incl_tax"] == D("12.00")
    assert invoice.customer_paid == part.customer_total
