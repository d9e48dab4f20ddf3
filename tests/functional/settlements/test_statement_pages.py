"""The monthly statements' pages: staff's report, CSV, invoices (PDF, ZIP),
building a month and settling the pickup cash; the artisan's own statements,
and nobody else's."""

import csv
import io
import zipfile
from decimal import Decimal as D

import pytest
from django.conf import settings
from pypdf import PdfReader

from cms.models import LegalSettings
from tests.factories import StaffUserFactory, UserFactory
from tests.factories.accounts import sign_in_verified
from tests.factories.orders import artisan_account
from tests.factories.settlements import (
    MONTH,
    artisan_shop,
    part_paid_at_pickup,
    part_paid_online,
)
from vendors.settlements.building import build_month
from vendors.settlements.models import (
    CommissionInvoice,
    CommissionStatement,
    ImmutableDocument,
    SettlementMethod,
    SettlementStatement,
)

pytestmark = pytest.mark.django_db

REPORT = "/boutique/dashboard/artisans/reglements/"
STATEMENTS = "/espace-artisan/releves/"


@pytest.fixture
def chamber():
    legal = LegalSettings.load()
    legal.publisher_name = "Chambre de Métiers et de l'Artisanat PACA"
    legal.publisher_address = "5 boulevard Pèbre, 13008 Marseille"
    legal.publisher_siret = "13002798000015"
    legal.publisher_vat_number = "FR12130027980"
    legal.save()
    return legal


@pytest.fixture
def march(chamber, django_capture_on_commit_callbacks):
    """Two artisans' March: one sells online, at a drive and at the workshop;
    the other at the workshop only."""
    savonnerie = artisan_shop(
        "Savonnerie Marius", siret="73282932000074", commune="Salon-de-Provence"
    )
    part_paid_online(savonnerie, quantity=2)
    part_paid_at_pickup(savonnerie, quantity=3)
    part_paid_at_pickup(savonnerie, quantity=1, at_workshop=True)
    santons = artisan_shop("=Santons Fouque", price="20.00")
    part_paid_at_pickup(santons, quantity=1, at_workshop=True)
    # The invoices' PDFs are rendered once the build commits.
    with django_capture_on_commit_callbacks(execute=True):
        build_month(MONTH)
    return savonnerie, santons


@pytest.fixture
def staff(client):
    user = StaffUserFactory(email="compta@cma-paca.example")
    sign_in_verified(client, user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return user


def in_english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_staff_see_each_artisans_month(client, staff, march):
    savonnerie, santons = march

    response = client.get(REPORT, {"month": "2026-03"})

    assert response.status_code == 200
    rows = response.context["report"].rows
    assert [row.vendor for row in rows] == [santons, savonnerie]
    assert rows[1].commission.commission == D("4.50")
    assert rows[1].settlement.balance == D("19.50")
    assert response.context["report"].totals["held_by_artisan"] == D("27.50")
    assert response.context["report"].totals["held_by_chamber"] == D("22.50")
    page = response.content.decode()
    assert "CMA-COM-2026-00000" in page
    assert "the chamber pays" in page and "the artisan pays" in page


def test_the_report_takes_as_many_queries_for_many_artisans_as_for_one(
    client, staff, chamber, django_assert_max_num_queries
):
    one = artisan_shop("Atelier seul")
    part_paid_at_pickup(one, at_workshop=True)
    build_month(MONTH)
    client.get(REPORT, {"month": "2026-03"})  # sessions, settings: warmed up
    with django_assert_max_num_queries(50) as few:
        client.get(REPORT, {"month": "2026-03"})
    for n in range(5):
        shop = artisan_shop(f"Atelier {n}")
        part_paid_online(shop)
        part_paid_at_pickup(shop, at_workshop=True)
    build_month(MONTH)

    with django_assert_max_num_queries(len(few)):
        response = client.get(REPORT, {"month": "2026-03"})

    assert len(response.context["report"].rows) == 6


def test_the_csv_has_one_line_per_artisan_with_french_decimals(client, staff, march):
    response = client.get(REPORT, {"month": "2026-03", "format": "csv"})

    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert rows[0][:3] == ["Month", "Artisan", "SIRET"]
    by_name = {row[1]: row for row in rows[1:]}
    # A name starting with "=" cannot become a spreadsheet formula.
    assert set(by_name) == {"Savonnerie Marius", "'=Santons Fouque"}
    savonnerie = by_name["Savonnerie Marius"]
    assert savonnerie[2] == "73282932000074"
    assert savonnerie[3:7] == ["3", "45,00", "4,50", "40,50"]
    assert savonnerie[7].startswith("CMA-COM-2026-")
    assert savonnerie[8:13] == ["22,50", "7,50", "20,25", "0,75", "19,50"]
    santons = by_name["'=Santons Fouque"]
    assert santons[12] == "-2,00"


def test_the_chambers_invoice_pdf_states_both_parties_and_the_vat(client, staff, march):
    savonnerie, _santons = march
    invoice = CommissionInvoice.objects.get(statement__vendor=savonnerie)
    assert invoice.pdf  # rendered by its task when the month was built

    response = client.get(f"{REPORT}factures/{invoice.pk}/pdf/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pdf = PdfReader(io.BytesIO(b"".join(response.streaming_content)))
    text = " ".join(page.extract_text() for page in pdf.pages)
    for expected in (
        invoice.number,
        "Chambre de Métiers et de l'Artisanat PACA",
        "13002798000015",
        "FR12130027980",
        "Savonnerie Marius",
        "73282932000074",
        "HT",
        "TVA",
        "TTC",
        "20 %",
        "3,75",  # HT
        "0,75",  # VAT
        "4,50",  # TTC
    ):
        assert expected in text, expected


def test_staff_download_the_months_invoices_as_one_zip(client, staff, march):
    response = client.get(f"{REPORT}2026-03/factures.zip")

    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    numbers = sorted(CommissionInvoice.objects.values_list("number", flat=True))
    assert sorted(archive.namelist()) == [f"{number}.pdf" for number in numbers]
    assert archive.read(archive.namelist()[0]).startswith(b"%PDF")


def test_staff_build_a_month_once_from_the_dashboard(client, staff, chamber):
    shop = artisan_shop()
    part_paid_online(shop)

    first = client.post(f"{REPORT}construire/", {"month": "2026-03"}, follow=True)
    again = client.post(f"{REPORT}construire/", {"month": "2026-03"}, follow=True)

    assert CommissionStatement.objects.filter(vendor=shop, period=MONTH).count() == 1
    assert CommissionInvoice.objects.count() == 1
    assert "1 commission statements" in first.content.decode()
    assert "Nothing new to build" in again.content.decode()


def test_the_current_month_cannot_be_built_from_the_dashboard(client, staff):
    from django.utils import timezone

    month = f"{timezone.localdate():%Y-%m}"

    response = client.post(f"{REPORT}construire/", {"month": month}, follow=True)

    assert "once it is over" in response.content.decode()
    assert not CommissionStatement.objects.exists()


def test_staff_mark_a_settlement_settled_once(client, staff, march):
    savonnerie, _santons = march
    statement = SettlementStatement.objects.get(vendor=savonnerie)
    url = f"{REPORT}encaissements/{statement.pk}/"

    response = client.post(
        f"{url}regler/",
        {"method": SettlementMethod.BANK_TRANSFER, "note": "Virement n° 4512"},
    )
    again = client.post(f"{url}regler/", {"method": SettlementMethod.BANK_TRANSFER})

    assert response.status_code == 302
    statement.refresh_from_db()
    assert statement.is_settled
    assert statement.settled_by == staff
    assert statement.settlement_method == SettlementMethod.BANK_TRANSFER
    assert statement.settlement_note == "Virement n° 4512"
    assert again.status_code == 400
    assert "settled already" in again.content.decode()
    page = client.get(url).content.decode()
    assert "Virement n° 4512" in page


def test_a_settled_statement_cannot_change(client, staff, march):
    savonnerie, _santons = march
    statement = SettlementStatement.objects.get(vendor=savonnerie)
    client.post(
        f"{REPORT}encaissements/{statement.pk}/regler/",
        {"method": SettlementMethod.BANK_TRANSFER},
    )
    statement.refresh_from_db()

    statement.settlement_note = "changed"
    with pytest.raises(ImmutableDocument):
        statement.save(update_fields=["settlement_note"])
    entry = statement.entries.first()
    entry.amount = D("1.00")
    with pytest.raises(ImmutableDocument):
        entry.save()
    with pytest.raises(ImmutableDocument):
        statement.delete()


def test_what_the_chamber_owes_cannot_be_netted_off_transfers(client, staff, march):
    savonnerie, _santons = march
    statement = SettlementStatement.objects.get(vendor=savonnerie)

    response = client.post(
        f"{REPORT}encaissements/{statement.pk}/regler/",
        {"method": SettlementMethod.STRIPE_NETTING},
    )

    assert response.status_code == 400
    statement.refresh_from_db()
    assert not statement.is_settled


@pytest.mark.parametrize(
    "path",
    [REPORT, f"{REPORT}2026-03/factures.zip", f"{REPORT}construire/"],
)
def test_the_pages_are_for_staff_only(client, march, path):
    savonnerie, _santons = march
    client.force_login(artisan_account(savonnerie))

    response = client.get(path) if "construire" not in path else client.post(path)

    assert response.status_code in (302, 403)
    assert CommissionStatement.objects.count() == 2


def test_staff_without_their_second_factor_do_not_see_the_report(client, march):
    client.force_login(StaffUserFactory(email="nofactor@cma-paca.example"))

    response = client.get(REPORT, {"month": "2026-03"})

    assert response.status_code == 302
    assert "report" not in (response.context or {})


def test_the_artisan_sees_their_own_statements_and_invoice(client, march):
    savonnerie, santons = march
    sign_in_verified(client, artisan_account(savonnerie))
    in_english(client)

    response = client.get(STATEMENTS)

    assert response.status_code == 200
    [(period, commission, settlement)] = response.context["months"]
    assert commission.vendor == savonnerie and settlement.vendor == savonnerie
    invoice = commission.invoice
    assert invoice.number in response.content.decode()
    pdf = client.get(f"{STATEMENTS}commission/factures/{invoice.pk}/pdf/")
    assert pdf.status_code == 200
    detail = client.get(f"{STATEMENTS}encaissements/{settlement.pk}/")
    assert "the chamber pays the artisan" in detail.content.decode()
    lines = client.get(f"{STATEMENTS}commission/{commission.pk}/")
    assert len(lines.context["lines"]) == 3


def test_an_artisan_cannot_open_another_artisans_statements(client, march):
    savonnerie, santons = march
    sign_in_verified(client, artisan_account(savonnerie))
    theirs = CommissionStatement.objects.get(vendor=santons)
    their_settlement = SettlementStatement.objects.get(vendor=santons)

    for path in (
        f"{STATEMENTS}commission/{theirs.pk}/",
        f"{STATEMENTS}commission/factures/{theirs.invoice.pk}/pdf/",
        f"{STATEMENTS}encaissements/{their_settlement.pk}/",
    ):
        assert client.get(path).status_code == 404, path
    listed = client.get(STATEMENTS).context["months"]
    assert all(commission.vendor == savonnerie for _p, commission, _s in listed)


def test_a_customer_has_no_statements_page(client, march):
    client.force_login(UserFactory(email="jeanne@example.fr"))

    assert client.get(STATEMENTS).status_code == 403


def test_an_invoice_whose_pdf_failed_is_rendered_when_asked_for(client, staff, chamber):
    shop = artisan_shop()
    part_paid_online(shop)
    build_month(MONTH)  # its rendering never ran (no commit in this test)
    invoice = CommissionInvoice.objects.get()
    assert not invoice.pdf

    response = client.get(f"{REPORT}factures/{invoice.pk}/pdf/")

    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    invoice.refresh_from_db()
    assert invoice.pdf


def test_the_artisans_statements_take_as_many_queries_for_many_months(
    client, chamber, django_assert_max_num_queries
):
    import datetime

    from tests.factories.settlements import moment

    shop = artisan_shop()
    sign_in_verified(client, artisan_account(shop))
    part_paid_at_pickup(shop, at_workshop=True, on=moment(5))
    build_month(MONTH)
    client.get(STATEMENTS)
    with django_assert_max_num_queries(50) as few:
        client.get(STATEMENTS)
    for month in (4, 5, 6, 7):
        period = datetime.date(2026, month, 1)
        part_paid_online(shop, on=moment(5, month=period))
        part_paid_at_pickup(shop, at_workshop=True, on=moment(6, month=period))
        build_month(period)

    with django_assert_max_num_queries(len(few)):
        response = client.get(STATEMENTS)

    assert len(response.context["months"]) == 5
