"""On the demo: once its statements are built (``vendors.settlements.demo``),
chamber staff download the month's commission invoices and see the pickup
cash settlement of each artisan the demo consumer bought from."""

import io
import zipfile
from io import StringIO

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from pypdf import PdfReader

from shop.apps.core.demo.loader import LoadReport
from tests.factories.accounts import sign_in_verified
from vendors.settlements.demo import load_statements
from vendors.settlements.models import (
    CommissionInvoice,
    CommissionInvoiceKind,
    SettlementStatement,
)

User = get_user_model()
REPORT = "/boutique/dashboard/artisans/reglements/"


@pytest.fixture(scope="module", autouse=True)
def demo(django_db_setup, django_db_blocker):
    """The demo and its statements, loaded once for the module, rolled back
    after its last test."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            call_command("load_demo", stdout=StringIO())
            load_statements(LoadReport())
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            cache.clear()


pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(client):
    sign_in_verified(client, User.objects.get(email="admin@demo.fr"))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def months_built():
    """The months the demo's statements were built for (the demo's orders are
    of the last weeks: this month, or last month too in a month's first days)."""
    periods = SettlementStatement.objects.values_list("period", flat=True)
    return sorted({f"{period:%Y-%m}" for period in periods})


def test_the_demo_builds_no_month_in_the_future():
    assert months_built()
    assert max(months_built()) <= f"{timezone.localdate():%Y-%m}"


def test_staff_download_the_demo_months_commission_invoices(admin):
    invoices = CommissionInvoice.objects.select_related("statement")
    assert invoices.count() >= 1
    names = []
    for month in months_built():
        year, number = month.split("-")
        response = admin.get(f"{REPORT}{year}-{number}/factures.zip")
        assert response.status_code == 200
        archive = zipfile.ZipFile(io.BytesIO(response.content))
        for name in archive.namelist():
            invoice = invoices.get(number=name.removesuffix(".pdf"))
            assert f"{invoice.statement.period:%Y-%m}" == month
            assert invoice.kind == CommissionInvoiceKind.INVOICE
            page = PdfReader(io.BytesIO(archive.read(name))).pages[0]
            text = " ".join(page.extract_text().split())
            assert invoice.seller_name in text
            assert invoice.buyer_name in text
            names.append(name)
    assert sorted(names) == sorted(f"{i.number}.pdf" for i in invoices)


def test_staff_see_the_demos_pickup_cash_settlement(admin):
    statements = SettlementStatement.objects.select_related("vendor__partner")
    assert statements.exists()

    for month in months_built():
        report = admin.get(REPORT, {"month": month})
        csv = admin.get(REPORT, {"month": month, "format": "csv"})

        assert report.status_code == 200
        page = report.content.decode()
        for statement in statements.filter(period__startswith=month):
            assert statement.vendor.name in page
            detail = admin.get(f"{REPORT}encaissements/{statement.pk}/")
            assert detail.status_code == 200
        assert csv.status_code == 200
        assert csv.content.decode("utf-8").count("\r\n") == 1 + len(
            {row.vendor.pk for row in report.context["report"].rows}
        )
