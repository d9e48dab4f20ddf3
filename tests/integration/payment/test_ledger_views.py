"""The payout ledger and refund pages: artisan's back office and staff dashboard."""

import datetime
import uuid
from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from shop.apps.payment import actions
from shop.apps.payment.models import ConnectedAccount, Refund, Transfer, TransferStatus
from tests.factories import (
    StaffUserFactory,
    UserFactory,
    VendorFactory,
    create_artisan_product,
)
from tests.factories.accounts import sign_in_verified
from tests.integration.payment.fixtures import (
    enabled_account,
    place_order,
    requests_to,
)
from vendors.models import VendorOrder, VendorOrderStatus

pytestmark = pytest.mark.django_db

CHARGE_ID = "ch_test_ledger"
LEDGER_URL = "/espace-artisan/paiements/"
STAFF_LEDGER_URL = "/boutique/dashboard/paiements/"


def refund_url(vendor_order):
    return f"/espace-artisan/paiements/commandes/{vendor_order.number}/remboursement/"


def staff_refund_url(vendor_order):
    return (
        f"/boutique/dashboard/paiements/commandes/{vendor_order.number}/remboursement/"
    )


def artisan_of(vendor, email):
    user = UserFactory(email=email)
    vendor.partner.users.add(user)
    return user


def complete(vendor_order):
    VendorOrder.objects.filter(pk=vendor_order.pk).update(
        status=VendorOrderStatus.COMPLETED
    )
    vendor_order.refresh_from_db()
    return vendor_order


def transferred(vendor_order, reversed_cents=0, status=TransferStatus.TRANSFERRED):
    """A ledger entry as a payout leaves it, written without calling Stripe."""
    return Transfer.objects.create(
        vendor_order=vendor_order,
        transfer_id=f"tr_test_{uuid.uuid4().hex[:10]}",
        destination="acct_test_ledger",
        source_transaction=CHARGE_ID,
        amount_cents=int(vendor_order.net_amount * 100),
        reversed_cents=reversed_cents,
        status=status,
        idempotency_key=f"transfer-{vendor_order.number}",
        transferred_at=timezone.now(),
    )


@pytest.fixture(autouse=True)
def english(settings):
    """Pages and files are checked in English, whatever the French catalogue says."""
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def paid_order(intent_record):
    """``order`` (15.00 from the first artisan, 18.90 from the second), paid."""
    actions.mark_payment_succeeded(
        intent_record, actions.stripe_timestamp(1_790_000_000), charge_id=CHARGE_ID
    )
    return intent_record.order


@pytest.fixture
def vendor_orders(paid_order, two_artisans):
    """Both artisans' parts of the paid order, completed, in artisan order."""
    savonnerie, calissons = two_artisans
    return (
        complete(paid_order.vendor_orders.get(vendor=savonnerie)),
        complete(paid_order.vendor_orders.get(vendor=calissons)),
    )


@pytest.fixture
def artisan(two_artisans):
    return artisan_of(two_artisans[0], "artisan@example.fr")


@pytest.fixture
def staff():
    return StaffUserFactory(email="chambre@example.fr")


# The artisan's ledger
# ------------------------------------------------------------------------------


def test_artisan_ledger_shows_only_their_own_vendor_orders(
    client, artisan, vendor_orders
):
    own, others = vendor_orders
    transferred(own)
    transferred(others)
    client.force_login(artisan)

    response = client.get(LEDGER_URL)

    assert response.status_code == 200
    rows = response.context["ledger"].rows
    assert [row.vendor_order for row in rows] == [own]
    assert rows[0].transfer_status == TransferStatus.TRANSFERRED
    assert rows[0].transferred == own.net_amount == D("13.50")
    assert response.context["ledger"].totals["net"] == D("13.50")
    assert own.number in response.content.decode()
    assert others.number not in response.content.decode()


def test_artisan_ledger_lists_completed_orders_waiting_for_a_transfer(
    client, artisan, vendor_orders, two_artisans
):
    own, _others = vendor_orders
    not_completed = place_order(
        (create_artisan_product(two_artisans[0], "Savon noir", price="5.00"), 1)
    ).vendor_orders.get()
    client.force_login(artisan)

    response = client.get(LEDGER_URL)

    [row] = response.context["ledger"].rows
    assert row.vendor_order == own
    assert row.transfer_status == TransferStatus.PENDING
    assert row.transferred == D("0.00")
    assert not_completed.number not in response.content.decode()


def test_artisan_ledger_shows_reversed_amounts_and_totals(
    client, artisan, two_artisans
):
    vendor = two_artisans[0]
    product = create_artisan_product(vendor, "Savon", price="10.00")
    first = complete(place_order((product, 1)).vendor_orders.get())
    second = complete(place_order((product, 2)).vendor_orders.get())
    transferred(first, reversed_cents=900, status=TransferStatus.REVERSED)
    transferred(second, reversed_cents=500, status=TransferStatus.PARTIALLY_REVERSED)
    client.force_login(artisan)

    response = client.get(LEDGER_URL)

    ledger = response.context["ledger"]
    statuses = {row.vendor_order: row.transfer_status for row in ledger.rows}
    assert statuses == {
        first: TransferStatus.REVERSED,
        second: TransferStatus.PARTIALLY_REVERSED,
    }
    assert ledger.totals["total"] == D("30.00")
    assert ledger.totals["commission"] == D("3.00")
    assert ledger.totals["transferred"] == D("27.00")
    assert ledger.totals["reversed"] == D("14.00")
    assert "Partially reversed" in response.content.decode()


def test_artisan_ledger_csv_has_the_rows_with_semicolons_and_decimal_commas(
    client, artisan, vendor_orders
):
    own, others = vendor_orders
    transferred(own, reversed_cents=675, status=TransferStatus.PARTIALLY_REVERSED)
    client.force_login(artisan)

    response = client.get(LEDGER_URL, {"format": "csv"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    lines = response.content.decode("utf-8").lstrip("\ufeff").splitlines()
    assert lines[0] == (
        "Order number;Placed;Total incl. tax (EUR);Commission (EUR);Net (EUR);"
        "Refunded (EUR);Transfer status;Transferred (EUR);Reversed (EUR)"
    )
    placed = timezone.localtime(own.created_at).strftime("%Y-%m-%d %H:%M")
    assert lines[1:] == [
        f"{own.number};{placed};15,00;1,50;13,50;0,00;Partially reversed;13,50;6,75"
    ]


def test_artisan_without_an_enabled_account_sees_what_is_missing_and_a_link(
    client, artisan, two_artisans
):
    ConnectedAccount.objects.create(
        vendor=two_artisans[0],
        account_id="acct_test_missing",
        requirements_due=["external_account", "individual.dob.day"],
    )
    client.force_login(artisan)

    response = client.get(LEDGER_URL)

    content = response.content.decode()
    assert "cannot receive transfers" in content
    assert "external_account" in content and "individual.dob.day" in content
    assert 'href="/stripe/connect/"' in content


def test_artisan_with_an_enabled_account_gets_no_onboarding_link(
    client, artisan, two_artisans
):
    enabled_account(two_artisans[0])
    client.force_login(artisan)

    response = client.get(LEDGER_URL)

    assert "can receive transfers" in response.content.decode()
    assert 'href="/stripe/connect/"' not in response.content.decode()


def test_customers_and_staff_cannot_open_the_artisans_ledger(client, staff):
    client.force_login(UserFactory(email="client@example.fr"))
    assert client.get(LEDGER_URL).status_code == 403

    sign_in_verified(client, staff)
    assert client.get(LEDGER_URL).status_code == 403


def _orders_of(vendor, count):
    product = create_artisan_product(vendor, "Savon", price="7.50", stock=100)
    for _ in range(count):
        vendor_order = complete(place_order((product, 1)).vendor_orders.get())
        transferred(vendor_order)
        Refund.objects.create(
            vendor_order=vendor_order,
            refund_id=f"re_test_{uuid.uuid4().hex[:10]}",
            amount_cents=100,
        )


def _queries_of(client, url, **params):
    """Queries of a page once warm (caches filled by a first request)."""
    client.get(url, params)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(queries), response


def test_artisan_ledger_queries_are_the_same_for_3_and_15_rows(
    client, artisan, two_artisans, django_assert_max_num_queries
):
    client.force_login(artisan)
    _orders_of(two_artisans[0], 3)
    queries_for_3, _response = _queries_of(client, LEDGER_URL)
    csv_queries_for_3, _response = _queries_of(client, LEDGER_URL, format="csv")
    _orders_of(two_artisans[0], 12)

    with django_assert_max_num_queries(queries_for_3):
        response = client.get(LEDGER_URL)
    with django_assert_max_num_queries(csv_queries_for_3):
        csv_response = client.get(LEDGER_URL, {"format": "csv"})

    assert len(response.context["ledger"].rows) == 15
    assert response.context["ledger"].totals["refunded"] == D("15.00")
    assert len(csv_response.content.decode().splitlines()) == 16


# The staff ledger
# ------------------------------------------------------------------------------


def test_staff_ledger_shows_every_artisan_and_filters_by_artisan(
    client, staff, vendor_orders, two_artisans
):
    savonnerie_order, calissons_order = vendor_orders
    sign_in_verified(client, staff)

    everyone = client.get(STAFF_LEDGER_URL)
    one = client.get(STAFF_LEDGER_URL, {"vendor": two_artisans[1].pk})

    assert {row.vendor_order for row in everyone.context["ledger"].rows} == {
        savonnerie_order,
        calissons_order,
    }
    assert [row.vendor_order for row in one.context["ledger"].rows] == [calissons_order]


def test_staff_ledger_filters_by_period(client, staff, vendor_orders):
    old, recent = vendor_orders
    VendorOrder.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=60)
    )
    today = timezone.localdate()
    sign_in_verified(client, staff)

    response = client.get(
        STAFF_LEDGER_URL,
        {
            "date_from": (today - datetime.timedelta(days=7)).isoformat(),
            "date_to": today.isoformat(),
        },
    )

    assert [row.vendor_order for row in response.context["ledger"].rows] == [recent]


def test_staff_ledger_csv_names_the_artisan_and_keeps_the_filter(
    client, staff, vendor_orders, two_artisans
):
    _savonnerie_order, calissons_order = vendor_orders
    sign_in_verified(client, staff)

    page = client.get(STAFF_LEDGER_URL, {"vendor": two_artisans[1].pk})
    response = client.get(
        STAFF_LEDGER_URL, {"vendor": two_artisans[1].pk, "format": "csv"}
    )

    assert f"vendor={two_artisans[1].pk}&amp;format=csv" in page.content.decode()
    lines = response.content.decode("utf-8").lstrip("\ufeff").splitlines()
    assert lines[0].startswith("Order number;Artisan;Placed;")
    [line] = lines[1:]
    assert line.startswith(f"{calissons_order.number};{two_artisans[1].name};")
    assert ";18,90;" in line


def test_staff_ledger_lists_approved_artisans_who_cannot_be_paid(client, staff):
    missing_details = VendorFactory(status="approved")
    ConnectedAccount.objects.create(
        vendor=missing_details,
        account_id="acct_test_incomplete",
        requirements_due=["external_account"],
    )
    no_account = VendorFactory(status="approved")
    paid = VendorFactory(status="approved")
    enabled_account(paid)
    sign_in_verified(client, staff)

    response = client.get(STAFF_LEDGER_URL)

    unpayable = {
        vendor: vendor.account for vendor in response.context["unpayable_vendors"]
    }
    assert set(unpayable) == {missing_details, no_account}
    assert unpayable[no_account] is None
    content = response.content.decode()
    assert "external_account" in content
    assert "No Stripe account yet." in content


def test_staff_ledger_queries_are_the_same_for_3_and_15_rows(
    client, staff, two_artisans, django_assert_max_num_queries
):
    sign_in_verified(client, staff)
    _orders_of(two_artisans[0], 2)
    _orders_of(two_artisans[1], 1)
    queries_for_3, _response = _queries_of(client, STAFF_LEDGER_URL)
    _orders_of(two_artisans[0], 6)
    _orders_of(two_artisans[1], 6)

    with django_assert_max_num_queries(queries_for_3):
        response = client.get(STAFF_LEDGER_URL)

    assert len(response.context["ledger"].rows) == 15
    assert {row.vendor_order.vendor for row in response.context["ledger"].rows} == (
        set(two_artisans)
    )


def test_customers_and_artisans_cannot_open_the_staff_pages(
    client, artisan, vendor_orders
):
    own, _others = vendor_orders
    for user in (UserFactory(email="client@example.fr"), artisan):
        client.force_login(user)
        assert client.get(STAFF_LEDGER_URL).status_code == 403
        assert client.get(staff_refund_url(own)).status_code == 403
        assert client.post(staff_refund_url(own), {"amount": "1.00"}).status_code == (
            403
        )
    assert not Refund.objects.exists()


# Refunds
# ------------------------------------------------------------------------------


@pytest.mark.service("stripe")
def test_artisan_refunds_part_of_their_order_and_it_is_recorded(
    client, artisan, vendor_orders, stripe_requests
):
    own, _others = vendor_orders
    client.force_login(artisan)

    response = client.post(
        refund_url(own), {"amount": "5.00", "reason": "Savon cassé"}, follow=True
    )

    assert response.redirect_chain[-1][0] == LEDGER_URL
    [sent] = requests_to(stripe_requests, "POST", "/v1/refunds")
    assert sent.params["amount"] == "500"
    assert sent.params["charge"] == CHARGE_ID
    refund = Refund.objects.get()
    assert refund.vendor_order == own
    assert refund.amount == D("5.00")
    assert refund.reason == "Savon cassé"
    assert refund.created_by == artisan
    assert actions.refundable_amount(own) == D("10.00")
    [row] = response.context["ledger"].rows
    assert row.refunded == D("5.00")


@pytest.mark.service("stripe")
def test_artisan_working_in_french_types_the_amount_with_a_decimal_comma(
    client, artisan, vendor_orders, stripe_requests, settings
):
    own, _others = vendor_orders
    settings.LANGUAGE_CODE = "fr"
    client.force_login(artisan)

    response = client.post(refund_url(own), {"amount": "2,50", "reason": "Rayure"})

    assert response.status_code == 302
    assert Refund.objects.get().amount == D("2.50")
    [sent] = requests_to(stripe_requests, "POST", "/v1/refunds")
    assert sent.params["amount"] == "250"


@pytest.mark.service("stripe")
def test_staff_refund_of_a_paid_artisan_reverses_their_share(
    client, staff, vendor_orders, stripe_requests
):
    own, _others = vendor_orders
    enabled_account(own.vendor)
    transfer = actions.pay_artisan(own)
    sign_in_verified(client, staff)

    response = client.post(
        staff_refund_url(own), {"amount": "15.00", "reason": "Colis perdu"}
    )

    assert response.status_code == 302
    assert response["Location"] == STAFF_LEDGER_URL
    refund = Refund.objects.get()
    assert refund.created_by == staff
    assert refund.reversal_cents == 1350
    transfer.refresh_from_db()
    assert transfer.status == TransferStatus.REVERSED
    assert requests_to(stripe_requests, "POST", f"/v1/transfers/{transfer.transfer_id}")


@pytest.mark.service("stripe")
def test_refund_above_what_remains_is_refused_with_the_reason_and_changes_nothing(
    client, artisan, vendor_orders, stripe_requests
):
    own, _others = vendor_orders
    actions.refund_vendor_order(own, D("14.00"))
    sent_before = len(stripe_requests)
    client.force_login(artisan)

    response = client.post(refund_url(own), {"amount": "1.01", "reason": "Encore"})

    assert response.status_code == 200
    assert "At most 1.00 € can still be refunded" in response.content.decode()
    assert len(stripe_requests) == sent_before
    assert Refund.objects.count() == 1
    assert actions.refundable_amount(own) == D("1.00")


@pytest.mark.service("stripe")
def test_staff_refund_above_what_remains_is_refused(
    client, staff, vendor_orders, stripe_requests
):
    _own, others = vendor_orders
    sign_in_verified(client, staff)

    response = client.post(
        staff_refund_url(others), {"amount": "18.91", "reason": "Trop"}
    )

    assert response.status_code == 200
    assert "At most 18.90 € can still be refunded" in response.content.decode()
    assert stripe_requests == []
    assert not Refund.objects.exists()


def test_artisan_cannot_open_or_refund_another_artisans_order(
    client, artisan, vendor_orders
):
    _own, others = vendor_orders
    client.force_login(artisan)

    assert client.get(refund_url(others)).status_code == 404
    response = client.post(refund_url(others), {"amount": "1.00", "reason": "x"})

    assert response.status_code == 404
    assert not Refund.objects.exists()


def test_refund_page_shows_what_can_still_be_refunded(client, staff, vendor_orders):
    own, _others = vendor_orders
    sign_in_verified(client, staff)

    response = client.get(staff_refund_url(own))

    assert response.status_code == 200
    assert response.context["refundable"] == D("15.00")
    assert 'id="refund-form"' in response.content.decode()
