"""The chamber's commission report: per artisan and period, on screen and CSV."""

import datetime
from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_model

from tests.factories import (
    StaffUserFactory,
    VendorFactory,
    create_artisan_product,
    place_order,
)
from tests.factories.accounts import sign_in_verified
from tests.factories.orders import step
from vendors.models import PartAction, VendorOrder
from vendors.reports import current_month

Basket = get_model("basket", "Basket")

pytestmark = pytest.mark.django_db

REPORT_URL = reverse("vendors-dashboard:commission-report")


@pytest.fixture
def staff_client(client):
    sign_in_verified(client, StaffUserFactory(email="chambre@example.fr"))
    return client


@pytest.fixture
def month_of_sales(settings):
    """Two artisans' sales this month, plus a cancelled part and last month's."""
    settings.MARKETPLACE_COMMISSION_RATE = "0.10"
    savonnerie = VendorFactory(
        partner__name="Savonnerie Marius", siret="73282932000074"
    )
    calissons = VendorFactory(
        partner__name="Calissons du Roy René", commission_rate=D("0.08")
    )
    soap = create_artisan_product(savonnerie, "Savon", price="7.50")
    sweets = create_artisan_product(calissons, "Calissons", price="18.90")

    place_order((soap, 2), (sweets, 1))  # 15.00 soap, 18.90 sweets
    place_order((soap, 1))  # 7.50 soap
    cancelled = place_order((sweets, 1)).vendor_orders.get()
    step(cancelled, PartAction.REFUSE, reason="Rupture de stock")
    last_month = place_order((soap, 3)).vendor_orders.get()
    first_day, _last_day = current_month()
    VendorOrder.objects.filter(pk=last_month.pk).update(
        created_at=timezone.make_aware(
            datetime.datetime.combine(
                first_day - datetime.timedelta(days=1), datetime.time(12)
            )
        )
    )
    return savonnerie, calissons


def test_report_sums_each_artisans_orders_of_the_month(staff_client, month_of_sales):
    savonnerie, calissons = month_of_sales

    response = staff_client.get(REPORT_URL)

    assert response.status_code == 200
    report = response.context["report"]
    assert (report.date_from, report.date_to) == current_month()
    rows = {row["vendor_id"]: row for row in report.rows}
    assert set(rows) == {savonnerie.pk, calissons.pk}
    assert rows[savonnerie.pk]["order_count"] == 2
    assert rows[savonnerie.pk]["sales"] == D("22.50")
    assert rows[savonnerie.pk]["commission"] == D("2.25")
    assert rows[savonnerie.pk]["net"] == D("20.25")
    # The cancelled box of calissons is left out; the rate is the artisan's own.
    assert rows[calissons.pk]["order_count"] == 1
    assert rows[calissons.pk]["sales"] == D("18.90")
    assert rows[calissons.pk]["commission"] == D("1.51")
    assert rows[calissons.pk]["net"] == D("17.39")
    assert report.totals == {
        "order_count": 3,
        "sales": D("41.40"),
        "commission": D("3.76"),
        "net": D("37.64"),
    }
    assert [row["name"] for row in report.rows] == [
        "Calissons du Roy René",
        "Savonnerie Marius",
    ]


def test_report_covers_the_period_asked_for(staff_client, month_of_sales):
    savonnerie, _calissons = month_of_sales
    first_day, _last_day = current_month()
    day_before = first_day - datetime.timedelta(days=1)

    response = staff_client.get(
        REPORT_URL,
        {"date_from": day_before.replace(day=1), "date_to": day_before},
    )

    [row] = response.context["report"].rows
    assert row["vendor_id"] == savonnerie.pk
    assert (row["order_count"], row["sales"]) == (1, D("22.50"))


def test_a_period_that_ends_before_it_starts_is_refused(staff_client):
    response = staff_client.get(
        REPORT_URL, {"date_from": "2026-03-31", "date_to": "2026-03-01"}
    )

    assert response.status_code == 200
    assert response.context["report"] is None
    assert response.context["form"].non_field_errors()


def test_csv_export_has_a_header_and_one_line_per_artisan(staff_client, month_of_sales):
    response = staff_client.get(REPORT_URL, {"format": "csv"})

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert len(lines) == 3
    assert len(lines[0].split(";")) == 6
    assert lines[1:] == [
        "Calissons du Roy René;;1;18,90;1,51;17,39",
        "Savonnerie Marius;73282932000074;2;22,50;2,25;20,25",
    ]


def test_report_query_count_does_not_grow_with_the_number_of_artisans(
    staff_client, django_assert_max_num_queries
):
    def one_order_across(count):
        items = [
            (create_artisan_product(VendorFactory(), f"Savon {n}", price="10.00"), 1)
            for n in range(count)
        ]
        place_order(*items)

    one_order_across(2)
    with CaptureQueriesContext(connection) as two:
        staff_client.get(REPORT_URL)
    with CaptureQueriesContext(connection) as two_csv:
        staff_client.get(REPORT_URL, {"format": "csv"})

    one_order_across(6)
    with django_assert_max_num_queries(10) as eight:
        response = staff_client.get(REPORT_URL)
    with django_assert_max_num_queries(10) as eight_csv:
        csv_response = staff_client.get(REPORT_URL, {"format": "csv"})

    assert len(response.context["report"].rows) == 8
    assert len(csv_response.content.decode("utf-8-sig").splitlines()) == 9
    assert len(eight) == len(two)
    assert len(eight_csv) == len(two_csv)


def test_csv_export_does_not_let_a_shop_name_run_as_a_formula(staff_client):
    vendor = VendorFactory(partner__name='=HYPERLINK("http://evil.example")')
    place_order((create_artisan_product(vendor, "Savon", price="10.00"), 1))

    response = staff_client.get(REPORT_URL, {"format": "csv"})

    line = response.content.decode("utf-8-sig").splitlines()[1]
    assert line.startswith("\"'=HYPERLINK(")
