"""Refunds made at pickup: chamber staff record the money given back by hand
(cash, cheque, card terminal) on a completed part paid at pickup.

Nothing is debited at Stripe; the refund is a ``Refund`` row like Stripe's,
the order's pay-at-pickup source records it, and the part's invoice gets its
credit note.
"""

import datetime
from decimal import Decimal as D

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_model

from delivery.actions import confirm_reservation
from delivery.models import PickupPointKind
from shop.apps.payment.actions import RefundRefused, record_refund_at_pickup
from shop.apps.payment.models import (
    CollectionHolder,
    CollectionMethod,
    PaymentIntentRecord,
    Refund,
)
from tests.factories import (
    StaffUserFactory,
    UserFactory,
    VendorFactory,
    create_artisan_product,
    place_order,
)
from tests.factories.accounts import sign_in_verified
from tests.factories.concurrency import at_the_same_moment
from tests.factories.delivery import PickupPointFactory, SlotFactory, serving
from tests.factories.orders import artisan_account, bring_to, paid_at_pickup
from vendors.invoicing.models import CreditNote, Invoice
from vendors.models import FulfilmentMethod, VendorOrderStatus

OrderNote = get_model("order", "OrderNote")
Source = get_model("payment", "Source")

# Two soaps at 7.50 €: 15.00 € paid at the hand-over.
PAID = D("15.00")


def completed_part(method=FulfilmentMethod.POINT_PICKUP, collected_by="cash"):
    """A part of two soaps collected at a drive point (or the workshop) and
    paid there by ``collected_by``."""
    vendor = VendorFactory(partner__name="Savonnerie du Vieux-Port")
    point = (
        PickupPointFactory(kind=PickupPointKind.WORKSHOP, vendor=vendor)
        if method == FulfilmentMethod.WORKSHOP_PICKUP
        else PickupPointFactory()
    )
    serving(vendor, point)
    product = create_artisan_product(vendor, price="7.50", stock=10)
    order = place_order(
        (product, 2), user=UserFactory(email="lucie@example.fr", first_name="Lucie")
    )
    vendor_order = order.vendor_orders.get()
    vendor_order.fulfilment_method = method
    vendor_order.save(update_fields=["fulfilment_method"])
    slot = SlotFactory(point=point)
    confirm_reservation(
        slot, vendor, vendor_order, now=slot.starts_at - datetime.timedelta(days=3)
    )
    paid_at_pickup(vendor_order)
    bring_to(vendor_order, VendorOrderStatus.COMPLETED)
    return vendor_order


def completed_part_paid_online():
    """A delivered part whose order Stripe charged."""
    vendor = VendorFactory(partner__name="Savonnerie en ligne")
    product = create_artisan_product(vendor, price="7.50", stock=10)
    order = place_order((product, 2), user=UserFactory(email="paul@example.fr"))
    PaymentIntentRecord.objects.create(
        order=order,
        intent_id="pi_refund_at_pickup_test",
        amount_cents=1500,
        currency="EUR",
        status="succeeded",
        latest_charge_id="ch_refund_at_pickup_test",
        paid_at=timezone.now(),
    )
    vendor_order = order.vendor_orders.get()
    bring_to(vendor_order, VendorOrderStatus.COMPLETED)
    return vendor_order


def staff_client(client):
    sign_in_verified(client, StaffUserFactory(email="chambre@example.fr"))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def form_url(vendor_order):
    return reverse(
        "payments-dashboard:refund-at-pickup", kwargs={"number": vendor_order.number}
    )


def detail_url(vendor_order):
    return reverse(
        "vendors-dashboard:vendor-order-detail", kwargs={"number": vendor_order.number}
    )


def ledger_of(vendor_order):
    """What a refund writes: refunds, notes, the source's refunded amount."""
    source = Source.objects.get(order=vendor_order.order)
    return (
        list(Refund.objects.filter(vendor_order=vendor_order).values()),
        OrderNote.objects.filter(order=vendor_order.order).count(),
        source.amount_refunded,
        CreditNote.objects.filter(invoice__vendor_order=vendor_order).count(),
    )


# The action
# ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_refund_made_at_a_drive_point_is_recorded_as_given_back_by_the_chamber():
    vendor_order = completed_part()
    staff = StaffUserFactory()

    refund = record_refund_at_pickup(
        vendor_order, D("7.50"), method="cash", by=staff, reason="Savon cassé."
    )

    assert refund.refund_id == f"pickup-{vendor_order.number}-1"
    assert refund.amount == D("7.50")
    assert refund.method == CollectionMethod.CASH
    assert refund.holder == CollectionHolder.CHAMBER
    assert refund.created_by == staff
    assert refund.reason == "Savon cassé."
    assert refund.reversal_cents == 0
    assert Source.objects.get(order=vendor_order.order).amount_refunded == D("7.50")
    assert OrderNote.objects.filter(
        order=vendor_order.order, message__contains=refund.refund_id
    ).exists()


@pytest.mark.django_db
def test_a_refund_made_at_the_workshop_is_given_back_by_the_artisan():
    vendor_order = completed_part(FulfilmentMethod.WORKSHOP_PICKUP, collected_by="card")

    refund = record_refund_at_pickup(vendor_order, D("2.00"), method="card")

    assert refund.holder == CollectionHolder.ARTISAN
    assert refund.method == CollectionMethod.CARD


@pytest.mark.django_db
def test_the_refund_issues_a_credit_note_on_the_parts_invoice():
    vendor_order = completed_part()
    invoice = Invoice.objects.get(vendor_order=vendor_order)

    refund = record_refund_at_pickup(vendor_order, D("7.50"), method="cheque")

    credit_note = CreditNote.objects.get(refund=refund)
    assert credit_note.invoice == invoice


@pytest.mark.django_db
def test_refunds_add_up_to_what_was_paid_and_no_more():
    vendor_order = completed_part()
    record_refund_at_pickup(vendor_order, D("10.00"), method="cash")

    second = record_refund_at_pickup(vendor_order, D("5.00"), method="cheque")
    with pytest.raises(RefundRefused, match="0.00"):
        record_refund_at_pickup(vendor_order, D("0.01"), method="cash")

    assert second.refund_id == f"pickup-{vendor_order.number}-2"
    assert sum(r.amount for r in vendor_order.refunds.all()) == PAID


@pytest.mark.django_db
@pytest.mark.parametrize(
    "amount, method", [(D("15.01"), "cash"), (D("0"), "cash"), (D("-3"), "cash")]
)
def test_an_amount_beyond_what_remains_or_not_positive_changes_nothing(amount, method):
    vendor_order = completed_part()
    before = ledger_of(vendor_order)

    with pytest.raises(RefundRefused):
        record_refund_at_pickup(vendor_order, amount, method=method)

    assert ledger_of(vendor_order) == before


@pytest.mark.django_db
def test_an_unknown_means_of_refund_changes_nothing():
    vendor_order = completed_part()
    before = ledger_of(vendor_order)

    with pytest.raises(RefundRefused):
        record_refund_at_pickup(vendor_order, D("5.00"), method="bitcoin")

    assert ledger_of(vendor_order) == before


@pytest.mark.django_db
def test_a_part_paid_online_is_not_refunded_at_pickup():
    vendor_order = completed_part_paid_online()

    with pytest.raises(RefundRefused, match="Stripe"):
        record_refund_at_pickup(vendor_order, D("5.00"), method="cash")

    assert not Refund.objects.exists()


@pytest.mark.django_db
def test_a_part_not_collected_yet_is_not_refunded_at_pickup():
    vendor = VendorFactory()
    point = PickupPointFactory()
    serving(vendor, point)
    order = place_order((create_artisan_product(vendor, stock=5), 1))
    vendor_order = order.vendor_orders.get()
    paid_at_pickup(vendor_order)

    with pytest.raises(RefundRefused):
        record_refund_at_pickup(vendor_order, D("1.00"), method="cash")

    assert not Refund.objects.exists()


@pytest.mark.service("postgres")
@pytest.mark.django_db(transaction=True)
def test_two_refunds_recorded_at_once_never_give_back_more_than_was_paid(
    postgres_db,
):
    vendor_order = completed_part()

    def refund_ten_euros():
        try:
            record_refund_at_pickup(vendor_order, D("10.00"), method="cash")
        except RefundRefused:
            return "refused"
        return "done"

    outcomes = at_the_same_moment(refund_ten_euros, refund_ten_euros)

    assert sorted(outcomes) == ["done", "refused"]
    assert [r.amount for r in Refund.objects.filter(vendor_order=vendor_order)] == [
        D("10.00")
    ]


# The staff dashboard
# ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_staff_find_the_form_on_the_parts_page(client):
    vendor_order = completed_part()

    page = staff_client(client).get(detail_url(vendor_order)).content.decode()

    assert "Record a refund made at pickup" in page
    assert f'action="{form_url(vendor_order)}"' in page
    assert 'id="pickup-refundable"' in page


@pytest.mark.django_db
def test_staff_record_a_refund_from_the_form(client):
    vendor_order = completed_part()
    client = staff_client(client)

    response = client.post(
        form_url(vendor_order),
        {"amount": "7.50", "method": "cheque", "reason": "Savon fendu."},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == detail_url(vendor_order)
    [refund] = Refund.objects.filter(vendor_order=vendor_order)
    assert refund.amount == D("7.50")
    assert refund.method == CollectionMethod.CHEQUE
    assert refund.reason == "Savon fendu."
    page = response.content.decode()
    assert "Refund of 7.50 € recorded" in page
    assert 'id="pickup-refund-list"' in page


@pytest.mark.django_db
def test_an_over_refund_from_the_form_is_refused_with_a_message(client):
    vendor_order = completed_part()
    before = ledger_of(vendor_order)

    response = staff_client(client).post(
        form_url(vendor_order),
        {"amount": "20.00", "method": "cash", "reason": "Trop rendu."},
    )

    assert response.status_code == 200
    assert "can still be refunded on" in response.content.decode()
    assert ledger_of(vendor_order) == before


@pytest.mark.django_db
def test_a_form_without_means_or_reason_says_what_is_missing(client):
    vendor_order = completed_part()

    response = staff_client(client).post(form_url(vendor_order), {"amount": "5"})

    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"method", "reason"}
    assert not Refund.objects.exists()


@pytest.mark.django_db
def test_a_part_paid_online_gets_no_form_and_its_post_is_refused(client):
    vendor_order = completed_part_paid_online()
    client = staff_client(client)

    page = client.get(detail_url(vendor_order)).content.decode()
    response = client.post(
        form_url(vendor_order),
        {"amount": "5.00", "method": "cash", "reason": "Essai."},
    )

    assert 'id="pickup-refund"' not in page
    assert response.status_code == 200
    assert "not paid at pickup" in response.content.decode()
    assert not Refund.objects.exists()


@pytest.mark.django_db
def test_only_staff_record_refunds_at_pickup(client):
    vendor_order = completed_part()
    data = {"amount": "5.00", "method": "cash", "reason": "Essai."}

    anonymous = client.post(form_url(vendor_order), data)
    client.force_login(artisan_account(vendor_order.vendor))
    artisan = client.post(form_url(vendor_order), data)

    assert anonymous.status_code == 302
    assert reverse("dashboard:login") in anonymous["Location"]
    assert artisan.status_code in (302, 403)
    assert not Refund.objects.exists()


@pytest.mark.django_db
def test_an_unknown_order_number_is_not_found(client):
    response = staff_client(client).get(
        reverse("payments-dashboard:refund-at-pickup", kwargs={"number": "999-1"})
    )

    assert response.status_code == 404
