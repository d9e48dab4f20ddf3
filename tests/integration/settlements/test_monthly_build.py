"""The monthly build: commission statements, the chamber's commission invoices
and the pickup cash settlements of a month, from parts taken through the order
conductor; built once, numbered without a gap, never changed after."""

import datetime
from decimal import Decimal as D

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction

from cms.models import LegalSettings
from shop.apps.payment.models import CollectionHolder
from tests.factories.concurrency import at_the_same_moment
from tests.factories.settlements import (
    MONTH,
    artisan_shop,
    moment,
    part_paid_at_pickup,
    part_paid_online,
    refund,
)
from vendors.settlements.building import MonthNotOver, build_month
from vendors.settlements.models import (
    CommissionInvoice,
    CommissionInvoiceKind,
    CommissionLine,
    CommissionLineKind,
    CommissionStatement,
    ImmutableDocument,
    SettlementStatement,
)

APRIL = datetime.date(2026, 4, 1)


@pytest.fixture
def chamber(db):
    legal = LegalSettings.load()
    legal.publisher_name = "Chambre de Métiers et de l'Artisanat PACA"
    legal.publisher_address = "5 boulevard Pèbre\n13008 Marseille"
    legal.publisher_siret = "13002798000015"
    legal.publisher_vat_number = "FR12130027980"
    legal.save()
    return legal


@pytest.fixture
def month_of_sales(chamber):
    """In March: a part paid online (15.00), one paid at a drive (22.50), one
    paid at the workshop (7.50); 10 % commission on each."""
    shop = artisan_shop(
        siret="73282932000074", address="2 rue des Savonniers", postcode="13300"
    )
    shop.online = part_paid_online(shop, quantity=2)
    shop.at_point = part_paid_at_pickup(shop, quantity=3)
    shop.at_workshop = part_paid_at_pickup(shop, quantity=1, at_workshop=True)
    return shop


def test_a_month_counts_each_part_invoiced_with_its_commission(month_of_sales):
    shop = month_of_sales

    build_month(MONTH)

    statement = CommissionStatement.objects.get(vendor=shop, period=MONTH)
    assert statement.part_count == 3
    assert statement.sales == D("45.00")
    assert statement.commission == D("4.50")
    assert statement.net == D("40.50")
    lines = {line.vendor_order_id: line for line in statement.lines.all()}
    assert lines.keys() == {shop.online.pk, shop.at_point.pk, shop.at_workshop.pk}
    assert lines[shop.at_point.pk].commission == D("2.25")
    assert lines[shop.at_point.pk].base == D("22.50")


def test_the_chambers_invoice_bills_the_commission_with_20_percent_vat(
    month_of_sales,
):
    build_month(MONTH)

    invoice = CommissionInvoice.objects.get(statement__vendor=month_of_sales)
    assert invoice.kind == CommissionInvoiceKind.INVOICE
    assert invoice.amount_incl_tax == D("4.50")
    assert invoice.amount_excl_tax == D("3.75")
    assert invoice.vat_amount == D("0.75")
    assert invoice.vat_rate == D("0.20")
    assert invoice.seller_name == "Chambre de Métiers et de l'Artisanat PACA"
    assert invoice.seller_siret == "13002798000015"
    assert invoice.buyer_name == month_of_sales.registered_name
    assert invoice.buyer_siret == "73282932000074"
    assert invoice.issued_on == datetime.date(2026, 3, 31)
    assert invoice.number == "CMA-COM-2026-000001"


def test_the_ledger_says_who_holds_the_pickup_money_and_who_owes_whom(
    month_of_sales,
):
    shop = month_of_sales

    build_month(MONTH)

    statement = SettlementStatement.objects.get(vendor=shop, period=MONTH)
    entries = {entry.vendor_order_id: entry for entry in statement.entries.all()}
    # Paid at the drive: the chamber holds 22.50 and owes the artisan's net.
    point = entries[shop.at_point.pk]
    assert point.holder == CollectionHolder.CHAMBER
    assert (point.amount, point.owed_to_artisan, point.owed_to_chamber) == (
        D("22.50"),
        D("20.25"),
        D("0.00"),
    )
    # Paid at the workshop: the artisan holds 7.50 and owes the commission.
    workshop = entries[shop.at_workshop.pk]
    assert workshop.holder == CollectionHolder.ARTISAN
    assert (workshop.owed_to_artisan, workshop.owed_to_chamber) == (
        D("0.00"),
        D("0.75"),
    )
    assert shop.online.pk not in entries
    assert statement.collected == D("30.00")
    assert (statement.held_by_chamber, statement.held_by_artisan) == (
        D("22.50"),
        D("7.50"),
    )
    assert (statement.chamber_owes, statement.artisan_owes) == (D("20.25"), D("0.75"))
    assert statement.balance == D("19.50")
    assert statement.chamber_pays and not statement.artisan_pays


def test_refunds_given_back_at_pickup_lower_what_the_holder_owes(month_of_sales):
    shop = month_of_sales
    # 4.50 of the drive's 22.50 given back by the chamber; the workshop's
    # 7.50 given back whole by the artisan.
    refund(shop.at_point, 450, holder=CollectionHolder.CHAMBER)
    refund(shop.at_workshop, 750, holder=CollectionHolder.ARTISAN)

    build_month(MONTH)

    statement = SettlementStatement.objects.get(vendor=shop)
    given_back = {
        entry.vendor_order_id: entry
        for entry in statement.entries.all()
        if entry.is_refund
    }
    # The artisan bears 90 % of a refund, the chamber its 10 % commission.
    assert given_back[shop.at_point.pk].owed_to_artisan == D("-4.05")
    assert given_back[shop.at_workshop.pk].owed_to_chamber == D("-0.75")
    assert (statement.chamber_owes, statement.artisan_owes) == (D("16.20"), D("0.00"))
    assert statement.balance == D("16.20")
    assert (statement.held_by_chamber, statement.held_by_artisan) == (
        D("18.00"),
        D("0.00"),
    )
    commission = CommissionStatement.objects.get(vendor=shop)
    assert commission.commission == D("4.50") - D("0.45") - D("0.75")


def test_an_artisan_paid_at_the_workshop_only_pays_the_chamber(chamber):
    shop = artisan_shop()
    part_paid_at_pickup(shop, quantity=4, at_workshop=True)

    build_month(MONTH)

    statement = SettlementStatement.objects.get(vendor=shop)
    assert statement.balance == D("-3.00")
    assert statement.artisan_pays
    assert statement.amount_due == D("3.00")


def test_building_a_month_twice_builds_nothing_new(month_of_sales):
    first = build_month(MONTH)
    again = build_month(MONTH)
    call_command("build_monthly_statements", "--month", "2026-03")

    assert len(first.commission_statements) == 1
    assert again.nothing_new
    assert CommissionStatement.objects.count() == 1
    assert CommissionInvoice.objects.count() == 1
    assert SettlementStatement.objects.count() == 1
    assert CommissionLine.objects.count() == 3


def test_a_month_that_is_not_over_is_not_built(month_of_sales):
    with pytest.raises(MonthNotOver):
        build_month(MONTH, today=datetime.date(2026, 3, 31))

    assert not CommissionStatement.objects.exists()


def test_a_part_counts_in_the_month_it_was_invoiced_only(month_of_sales):
    build_month(MONTH)
    build_month(APRIL)

    assert not CommissionStatement.objects.filter(period=APRIL).exists()
    assert (
        CommissionLine.objects.filter(vendor_order=month_of_sales.online).count() == 1
    )


def test_a_refund_next_month_gives_the_chambers_share_back_on_a_credit_note(
    month_of_sales,
):
    shop = month_of_sales
    build_month(MONTH)
    # 5.00 of the 15.00 paid online refunded in April: the chamber gives back
    # 10 % of it, the artisan bears the rest.
    refund(shop.online, 500, on=moment(5, month=APRIL))

    build_month(APRIL)

    april = CommissionStatement.objects.get(vendor=shop, period=APRIL)
    line = april.lines.get()
    assert line.kind == CommissionLineKind.REFUND
    assert (line.base, line.commission, line.net) == (
        D("-5.00"),
        D("-0.50"),
        D("-4.50"),
    )
    assert april.part_count == 0
    credit = april.invoice
    assert credit.kind == CommissionInvoiceKind.CREDIT_NOTE
    assert (credit.amount_excl_tax, credit.vat_amount, credit.amount_incl_tax) == (
        D("0.42"),
        D("0.08"),
        D("0.50"),
    )
    assert credit.number == "CMA-COM-2026-000002"


def test_partial_refunds_give_back_the_whole_commission_without_a_cent_lost(
    chamber,
):
    shop = artisan_shop(price="3.33")
    part = part_paid_online(shop, quantity=1)
    for day in (11, 12, 13):
        refund(part, 111, on=moment(day))

    build_month(MONTH)

    statement = CommissionStatement.objects.get(vendor=shop)
    assert statement.commission == D("0.00")
    assert statement.net == D("0.00")
    assert statement.sales == D("0.00")
    # Nothing to bill: no invoice for the month.
    assert not CommissionInvoice.objects.filter(statement=statement).exists()
    credited = sum(
        line.commission
        for line in statement.lines.filter(kind=CommissionLineKind.REFUND)
    )
    assert -credited == part.commission_amount


def test_invoices_of_one_month_are_numbered_without_a_gap(chamber):
    shops = [artisan_shop(name=f"Atelier {n}") for n in range(4)]
    for shop in shops:
        part_paid_online(shop)

    build_month(MONTH)

    values = sorted(CommissionInvoice.objects.values_list("sequence_value", flat=True))
    assert values == [1, 2, 3, 4]


def test_an_issued_statement_and_invoice_cannot_change(month_of_sales):
    build_month(MONTH)
    statement = CommissionStatement.objects.get()
    invoice = statement.invoice

    statement.commission = D("0.01")
    with pytest.raises(ImmutableDocument):
        statement.save()
    invoice.amount_incl_tax = D("1.00")
    with pytest.raises(ImmutableDocument):
        invoice.save()
    with pytest.raises(ImmutableDocument):
        invoice.delete()
    invoice.refresh_from_db()
    assert invoice.amount_incl_tax == D("4.50")


def test_a_part_sale_cannot_be_counted_in_two_statements(month_of_sales):
    build_month(MONTH)
    other = CommissionStatement.objects.create(vendor=month_of_sales, period=APRIL)

    with pytest.raises(IntegrityError), transaction.atomic():
        CommissionLine.objects.create(
            statement=other,
            vendor_order=month_of_sales.online,
            kind=CommissionLineKind.SALE,
            occurred_at=moment(1, month=APRIL),
            base=D("15.00"),
            commission=D("1.50"),
            net=D("13.50"),
        )


@pytest.mark.service("postgres")
@pytest.mark.django_db(transaction=True)
def test_two_builds_at_the_same_moment_build_the_month_once(postgres_db, chamber):
    shops = [artisan_shop(name=f"Atelier {n}") for n in range(3)]
    for shop in shops:
        part_paid_online(shop)
        part_paid_at_pickup(shop, at_workshop=True)

    outcomes = at_the_same_moment(
        lambda: len(build_month(MONTH).invoices),
        lambda: len(build_month(MONTH).invoices),
    )

    # Each artisan's month is built by one of the two, whichever came first.
    assert all(isinstance(made, int) for made in outcomes), outcomes
    assert sum(outcomes) == 3
    assert CommissionStatement.objects.count() == 3
    assert SettlementStatement.objects.count() == 3
    assert sorted(
        CommissionInvoice.objects.values_list("sequence_value", flat=True)
    ) == [1, 2, 3]


def test_what_happened_before_a_built_month_goes_to_the_next_statement(chamber):
    shop = artisan_shop()
    part_paid_online(shop, on=moment(3))
    build_month(MONTH)
    # Recorded late, dated in March after March was built.
    late = part_paid_at_pickup(shop, at_workshop=True, on=moment(30))

    build_month(APRIL)

    april = CommissionStatement.objects.get(vendor=shop, period=APRIL)
    assert [line.vendor_order_id for line in april.lines.all()] == [late.pk]
    assert SettlementStatement.objects.get(vendor=shop).period == APRIL


def test_the_demo_builds_the_month_so_far_once(chamber):
    from django.utils import timezone

    from shop.apps.core.demo.loader import LoadReport
    from vendors.settlements.demo import load_statements

    shop = artisan_shop()
    just_now = timezone.now() - datetime.timedelta(minutes=5)
    part_paid_online(shop, on=just_now)
    part_paid_at_pickup(shop, on=just_now)
    first, again = LoadReport(), LoadReport()

    load_statements(first)
    load_statements(again)

    this_month = timezone.localdate().replace(day=1)
    statement = CommissionStatement.objects.get(vendor=shop, period=this_month)
    assert statement.part_count == 2
    assert statement.invoice.issued_on == timezone.localdate()
    assert first.created["commission invoices"] == 1
    assert first.created["pickup settlements"] == 1
    assert not again.anything_created


def test_beat_builds_last_month_and_renders_its_invoices(
    month_of_sales, django_capture_on_commit_callbacks
):
    from vendors.settlements.building import previous_month
    from vendors.settlements.tasks import build_previous_month_task

    with django_capture_on_commit_callbacks(execute=True):
        made = build_previous_month_task.delay().get()
    again = build_previous_month_task.delay().get()

    assert made == {
        "commission_statements": 1,
        "invoices": 1,
        "settlement_statements": 1,
    }
    assert again == {
        "commission_statements": 0,
        "invoices": 0,
        "settlement_statements": 0,
    }
    invoice = CommissionInvoice.objects.get()
    assert invoice.statement.period == previous_month()
    assert invoice.pdf.endswith(".pdf")
