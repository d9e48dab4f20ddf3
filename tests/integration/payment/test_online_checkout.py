"""Paying online: checkout -> PaymentIntent -> webhook -> paid, or swept unpaid.

Orders are placed through the real checkout views with Stripe pointed at
stripe-mock (stateless: every PaymentIntent it is asked about "requires a
payment method"). Where a test needs Stripe to say something stripe-mock
cannot, the docstring says which boundary is faked.
"""

import datetime
import threading
from types import SimpleNamespace

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_model

from delivery.actions import take_place
from delivery.models import Reservation, ReservationStatus
from shop.apps.payment import actions, stripe_api
from shop.apps.payment.consts import to_cents
from shop.apps.payment.models import PaymentIntentRecord, TransferStatus
from tests.factories import UserFactory
from tests.factories import place_order as factory_place_order
from tests.factories.orders import bring_to, step
from tests.functional.checkout.test_fulfilment_step import Shop
from tests.functional.checkout.test_pay_at_pickup import choose_a_delivery
from tests.integration.payment.fixtures import (
    enabled_account,
    intent_object,
    make_event,
    post_webhook,
    requests_to,
    stripe_signature,
)
from vendors import lifecycle
from vendors.models import PartAction, VendorOrderStatus
from vendors.scoping import vendor_orders_of

Country = get_model("address", "Country")
Order = get_model("order", "Order")
Source = get_model("payment", "Source")

pytestmark = pytest.mark.service("stripe")

PREVIEW_URL = reverse("checkout:preview")
PAYMENT_INTENTS = "/v1/payment_intents"


@pytest.fixture
def shop(db):
    Country.objects.create(
        iso_3166_1_a2="FR",
        iso_3166_1_a3="FRA",
        iso_3166_1_numeric="250",
        name="France",
        printable_name="France",
        is_shipping_country=True,
    )
    return Shop()


@pytest.fixture
def consumer(client):
    user = UserFactory(email="louise@example.fr")
    client.force_login(user)
    return user


def place_online_order(client, shop):
    """Soap collected at the drive, calissons delivered; placed to pay online."""
    choose_a_delivery(client, shop)
    client.get(reverse("checkout:payment-method"))
    client.get(reverse("checkout:payment-details"))
    response = client.post(PREVIEW_URL, {"action": "place_order"})
    assert response.status_code == 302, response.content.decode()
    order = Order.objects.latest("pk")
    assert response["Location"] == pay_url(order)
    return order


def intents_created(recorded):
    return [r for r in recorded if (r.method, r.path) == ("POST", PAYMENT_INTENTS)]


def pay_url(order):
    return reverse("checkout:pay", args=[order.number])


def return_url(order):
    return reverse("checkout:payment-return", args=[order.number])


def statuses(order):
    return sorted(order.vendor_orders.values_list("status", flat=True))


def age(order, minutes):
    Order.objects.filter(pk=order.pk).update(
        date_placed=timezone.now() - datetime.timedelta(minutes=minutes)
    )


def succeeded_intent(record, charge_id="ch_late"):
    """A PaymentIntent that Stripe reports as succeeded (stripe-mock cannot)."""
    return SimpleNamespace(
        id=record.intent_id,
        status="succeeded",
        latest_charge=charge_id,
        amount_received=record.amount_cents,
        client_secret=f"{record.intent_id}_secret_test",
    )


# The whole journey
# ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_checkout_paid_by_webhook_then_completed_transferred_and_refunded(
    client, consumer, shop, stripe_requests, django_capture_on_commit_callbacks
):
    # given a basket placed to be paid online (a pickup and a delivery)
    order = place_online_order(client, shop)

    # then the order waits for its payment: stock and slot held, artisans
    # not told, no confirmation yet
    assert order.status == "pending_payment"
    assert statuses(order) == [VendorOrderStatus.AWAITING_PAYMENT] * 2
    assert not vendor_orders_of(shop.savonnerie).exists()
    assert shop.soap.stockrecords.get().num_allocated == 1
    reservation = Reservation.objects.get(vendor_order__order=order)
    assert reservation.status == ReservationStatus.CONFIRMED
    assert mail.outbox == []

    # when the consumer opens the payment page
    page = client.get(pay_url(order))

    # then one PaymentIntent is created for the order total, in cents
    assert page.status_code == 200
    created = intents_created(stripe_requests)
    assert len(created) == 1
    params = created[0].params
    assert params["amount"] == str(to_cents(order.total_incl_tax))
    assert params["currency"] == "eur"
    assert params["transfer_group"] == order.number
    assert params["metadata[order_number]"] == order.number
    record = PaymentIntentRecord.objects.get(order=order)
    assert record.amount_cents == to_cents(order.total_incl_tax)
    html = page.content.decode()
    assert "https://js.stripe.com/v3/" in html
    assert page.context["client_secret"]
    assert page.context["return_url"].endswith(return_url(order))

    # when Stripe confirms the payment through a signed webhook
    payload = make_event(
        "payment_intent.succeeded",
        intent_object(record, charge_id="ch_journey"),
        created=1_790_000_000,
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = post_webhook(client, payload, stripe_signature(payload))

    # then the order is paid and out of "pending payment", the artisans see
    # their parts and the consumer gets the confirmation
    assert response.status_code == 200
    order.refresh_from_db()
    assert order.status == "placed"
    assert statuses(order) == [VendorOrderStatus.NEW] * 2
    assert vendor_orders_of(shop.savonnerie).to_handle().count() == 1
    source = Source.objects.get(order=order)
    assert source.amount_debited == order.total_incl_tax
    assert [m.to for m in mail.outbox] == [["louise@example.fr"]]
    assert order.number in mail.outbox[0].body

    # and the consumer coming back from Stripe gets the thank-you page
    back = client.get(return_url(order), {"payment_intent": record.intent_id})
    assert back.status_code == 302
    assert back["Location"] == reverse("checkout:thank-you")
    assert order.number in client.get(back["Location"]).content.decode()

    # when the delivered part is completed by its artisan
    vendor_order = order.vendor_orders.get(vendor=shop.calissons)
    enabled_account(shop.calissons)
    bring_to(vendor_order, VendorOrderStatus.SHIPPED)
    with django_capture_on_commit_callbacks(execute=True):
        step(vendor_order, PartAction.CONFIRM_DELIVERY)

    # then the artisan's net amount is transferred from the order's charge
    transfer = vendor_order.transfer
    assert transfer.status == TransferStatus.TRANSFERRED
    sent = requests_to(stripe_requests, "POST", "/v1/transfers")
    assert len(sent) == 1
    assert sent[0].params["transfer_group"] == order.number
    assert sent[0].params["source_transaction"] == "ch_journey"
    assert sent[0].params["amount"] == str(to_cents(vendor_order.net_amount))

    # when chamber staff refund that whole part
    refund = actions.refund_vendor_order(vendor_order, vendor_order.total_incl_tax)

    # then the charge is refunded and the artisan's transfer reversed
    transfer.refresh_from_db()
    assert transfer.status == TransferStatus.REVERSED
    assert refund.reversal_cents == to_cents(vendor_order.net_amount)
    refunds = requests_to(stripe_requests, "POST", "/v1/refunds")
    assert [r.params["charge"] for r in refunds] == ["ch_journey"]
    reversals = requests_to(
        stripe_requests, "POST", f"/v1/transfers/{transfer.transfer_id}/reversals"
    )
    assert len(reversals) == 1


# What the consumer's browser says proves nothing
# ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_return_naming_another_orders_paid_intent_changes_nothing(
    client, consumer, shop, stripe_requests, intent_record
):
    # given an order waiting for its payment, and another order's intent
    # that Stripe's webhook already marked as paid
    order = place_online_order(client, shop)
    client.get(pay_url(order))
    own = PaymentIntentRecord.objects.get(order=order)
    actions.mark_payment_succeeded(
        intent_record, actions.stripe_timestamp(1_790_000_000), charge_id="ch_other"
    )
    stripe_requests.clear()

    # when the consumer comes "back from Stripe" naming that other intent
    response = client.get(
        return_url(order),
        {"payment_intent": intent_record.intent_id, "redirect_status": "succeeded"},
    )

    # then only the order's own intent is checked with Stripe, which says it
    # is not paid: back to the payment page, the order still waits
    assert response.status_code == 302
    assert response["Location"] == pay_url(order)
    asked = [r.path for r in requests_to(stripe_requests, "GET", "/v1/payment_intents")]
    assert asked == [f"/v1/payment_intents/{own.intent_id}"]
    order.refresh_from_db()
    own.refresh_from_db()
    assert order.status == "pending_payment"
    assert not own.is_paid
    assert not Source.objects.filter(order=order).exists()
    assert statuses(order) == [VendorOrderStatus.AWAITING_PAYMENT] * 2


@pytest.mark.django_db
def test_another_user_cannot_open_someones_payment_pages(
    client, consumer, shop, stripe_requests
):
    order = place_online_order(client, shop)
    intruder = Client()
    intruder.force_login(UserFactory(email="mallory@example.fr"))

    for url in (pay_url(order), return_url(order)):
        assert intruder.get(url).status_code == 404
        # nor can a visitor without the session that placed it
        assert Client().get(url).status_code == 404

    assert stripe_requests == []
    assert not PaymentIntentRecord.objects.exists()


@pytest.mark.django_db
def test_an_order_not_paid_online_has_no_payment_page(
    client, consumer, shop, stripe_requests
):
    order = factory_place_order((shop.soap, 1), user=consumer)
    assert order.status == "placed"

    assert client.get(pay_url(order)).status_code == 404
    assert stripe_requests == []


@pytest.mark.django_db
def test_a_guest_pays_the_order_their_session_placed(shop, stripe_requests):
    guest = Client()
    guest.post(reverse("basket:add", args=[shop.sweets.pk]), {"quantity": 1})
    response = guest.post(
        reverse("checkout:index"),
        {"username": "invite@example.fr", "options": "anonymous"},
    )
    assert response.status_code == 302, response.content.decode()
    order = place_online_order(guest, shop)

    assert guest.get(pay_url(order)).status_code == 200
    assert Client().get(pay_url(order)).status_code == 404


# The sweep of abandoned payments
# ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_sweep_releases_stock_and_slot_of_an_abandoned_order_exactly_once(
    client, consumer, shop, stripe_requests, settings
):
    # given an order left on the payment page
    settings.PAYMENT_PENDING_MINUTES = 30
    order = place_online_order(client, shop)
    client.get(pay_url(order))
    record = PaymentIntentRecord.objects.get(order=order)
    stockrecord = shop.soap.stockrecords.get()
    slot = shop.drive_slot
    # another consumer's soap and place in the same slot, which must stay
    stockrecord.allocate(1)
    assert take_place(slot.pk)
    slot.refresh_from_db()
    stockrecord.refresh_from_db()
    assert (stockrecord.num_allocated, slot.reserved) == (2, 2)

    # when the sweep runs before the time is up, nothing happens
    assert lifecycle.cancel_abandoned_payments() == []
    order.refresh_from_db()
    assert order.status == "pending_payment"

    # when it runs twice after the time is up
    age(order, 31)
    first = lifecycle.cancel_abandoned_payments()
    second = lifecycle.cancel_abandoned_payments()

    # then the order is cancelled once: the intent cancelled at Stripe, the
    # stock allocation and the pickup slot given back once
    assert first == [order.number]
    assert second == []
    cancels = requests_to(
        stripe_requests, "POST", f"/v1/payment_intents/{record.intent_id}/cancel"
    )
    assert len(cancels) == 1
    order.refresh_from_db()
    stockrecord.refresh_from_db()
    slot.refresh_from_db()
    record.refresh_from_db()
    assert order.status == "cancelled"
    assert statuses(order) == [VendorOrderStatus.CANCELLED] * 2
    assert (stockrecord.num_allocated, slot.reserved) == (1, 1)
    assert (
        Reservation.objects.get(vendor_order__order=order).status
        == ReservationStatus.RELEASED
    )
    assert record.status == "canceled"
    # the artisans never see the order; the consumer is told on the page
    assert not vendor_orders_of(shop.savonnerie).exists()
    page = client.get(pay_url(order))
    assert page.status_code == 200
    assert page.context["payment_closed"] is True
    assert len(intents_created(stripe_requests)) == 1


@pytest.mark.django_db
def test_sweep_records_a_payment_stripe_reports_succeeded_instead_of_cancelling(
    client, consumer, shop, stripe_requests, monkeypatch
):
    """Faked boundary: ``stripe_api.retrieve_payment_intent`` answers
    "succeeded" (stripe-mock always answers "requires_payment_method")."""
    order = place_online_order(client, shop)
    client.get(pay_url(order))
    record = PaymentIntentRecord.objects.get(order=order)
    monkeypatch.setattr(
        stripe_api, "retrieve_payment_intent", lambda _id: succeeded_intent(record)
    )
    age(order, 60)

    assert lifecycle.cancel_abandoned_payments() == []

    order.refresh_from_db()
    record.refresh_from_db()
    assert order.status == "placed"
    assert statuses(order) == [VendorOrderStatus.NEW] * 2
    assert record.is_paid
    assert record.latest_charge_id == "ch_late"
    assert Source.objects.get(order=order).amount_debited == order.total_incl_tax
    assert requests_to(stripe_requests, "POST", "/v1/payment_intents/") == []
    assert shop.soap.stockrecords.get().num_allocated == 1
    assert (
        Reservation.objects.get(vendor_order__order=order).status
        == ReservationStatus.CONFIRMED
    )


@pytest.mark.django_db
def test_a_failed_attempt_keeps_the_order_for_another_try(
    client, consumer, shop, stripe_requests
):
    order = place_online_order(client, shop)
    client.get(pay_url(order))
    record = PaymentIntentRecord.objects.get(order=order)

    # stripe-mock answers "requires_payment_method": the card was declined
    response = client.get(return_url(order), {"payment_intent": record.intent_id})

    assert response["Location"] == pay_url(order)
    retry = client.get(pay_url(order))
    assert retry.status_code == 200
    assert "payment-pending-notice" in retry.content.decode()
    # the same intent is used again, none created
    assert PaymentIntentRecord.objects.filter(order=order).count() == 1
    assert len(intents_created(stripe_requests)) == 1


@pytest.mark.django_db
def test_payment_page_reopened_after_stripe_took_the_money_says_thank_you(
    client,
    consumer,
    shop,
    stripe_requests,
    monkeypatch,
    django_capture_on_commit_callbacks,
):
    """Faked boundary: ``stripe_api.retrieve_payment_intent`` answers
    "succeeded" before the webhook arrives (stripe-mock cannot)."""
    order = place_online_order(client, shop)
    client.get(pay_url(order))
    record = PaymentIntentRecord.objects.get(order=order)
    monkeypatch.setattr(
        stripe_api, "retrieve_payment_intent", lambda _id: succeeded_intent(record)
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(pay_url(order))

    assert response.status_code == 302
    assert response["Location"] == reverse("checkout:thank-you")
    order.refresh_from_db()
    assert order.status == "placed"
    assert Source.objects.get(order=order).amount_debited == order.total_incl_tax
    assert len(intents_created(stripe_requests)) == 1
    assert [m.to for m in mail.outbox] == [["louise@example.fr"]]


@pytest.mark.django_db(transaction=True)
def test_sweep_racing_a_late_success_records_the_payment_once(
    postgres_db, shop, stripe_requests, monkeypatch
):
    """Faked boundary: Stripe reports the intent succeeded (see above); the
    webhook's success and the sweep run at once on PostgreSQL row locks."""
    client = Client()
    client.force_login(UserFactory(email="louise@example.fr"))
    order = place_online_order(client, shop)
    client.get(pay_url(order))
    record = PaymentIntentRecord.objects.get(order=order)
    monkeypatch.setattr(
        stripe_api, "retrieve_payment_intent", lambda _id: succeeded_intent(record)
    )
    age(order, 60)
    barrier = threading.Barrier(2)
    errors = []

    def run(work):
        try:
            barrier.wait(timeout=10)
            work()
        except Exception as exc:  # reported below, with the thread's error
            errors.append(exc)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=run, args=(lifecycle.cancel_abandoned_payments,)),
        threading.Thread(
            target=run,
            args=(
                lambda: actions.mark_payment_succeeded(
                    PaymentIntentRecord.objects.get(pk=record.pk),
                    actions.stripe_timestamp(1_790_000_000),
                    charge_id="ch_late",
                ),
            ),
        ),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    order.refresh_from_db()
    assert order.status == "placed"
    assert statuses(order) == [VendorOrderStatus.NEW] * 2
    assert Source.objects.filter(order=order).count() == 1
    assert requests_to(stripe_requests, "POST", "/v1/payment_intents/") == []
    assert shop.soap.stockrecords.get().num_allocated == 1
