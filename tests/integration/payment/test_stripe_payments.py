"""Payments, Connect accounts, payouts and refunds against stripe-mock."""

import logging
import threading
from decimal import Decimal as D

import pytest
from django.db import connection
from oscar.core.loading import get_model

from shop.apps.payment import actions, stripe_api
from shop.apps.payment.consts import to_cents
from shop.apps.payment.models import (
    ConnectedAccount,
    PaymentIntentRecord,
    Refund,
    Transfer,
    TransferStatus,
)
from shop.apps.payment.tasks import pay_artisan_task, pay_waiting_artisans_task
from tests.factories import UserFactory
from tests.factories.orders import bring_to, step
from tests.integration.payment.fixtures import (
    TEST_SECRET_KEY,
    enabled_account,
    intent_object,
    make_event,
    post_webhook,
    requests_to,
    stripe_signature,
)
from vendors.models import PartAction, VendorOrder, VendorOrderStatus

Source = get_model("payment", "Source")

pytestmark = pytest.mark.service("stripe")

CHARGE_ID = "ch_test_paid"


@pytest.fixture
def paid_intent(intent_record):
    actions.mark_payment_succeeded(
        intent_record, actions.stripe_timestamp(1_790_000_000), charge_id=CHARGE_ID
    )
    intent_record.refresh_from_db()
    return intent_record


@pytest.fixture
def completed_vendor_order(paid_intent):
    """The first artisan's part of a paid order, completed, their account enabled."""
    vendor_order = paid_intent.order.vendor_orders.order_by("number").first()
    VendorOrder.objects.filter(pk=vendor_order.pk).update(
        status=VendorOrderStatus.COMPLETED
    )
    vendor_order.refresh_from_db()
    enabled_account(vendor_order.vendor)
    return vendor_order


# Paying
# ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_payment_intent_for_the_order_total_in_cents_with_transfer_group(
    order, stripe_requests
):
    assert order.total_incl_tax == D("33.90")

    record, client_secret = actions.start_payment(order)

    [sent] = requests_to(stripe_requests, "POST", "/v1/payment_intents")
    assert sent.params["amount"] == "3390"
    assert sent.params["currency"] == "eur"
    assert sent.params["transfer_group"] == str(order.number)
    assert sent.params["automatic_payment_methods[enabled]"] == "true"
    assert sent.params["metadata[order_number]"] == str(order.number)
    assert sent.params["metadata[vendor_orders]"] == ",".join(
        vo.number for vo in order.vendor_orders.order_by("number")
    )
    assert sent.headers["Idempotency-Key"] == f"payment-intent-{order.number}-1"
    # stripe-mock echoes the amount and answers with an id and a client secret
    assert record.intent_id.startswith("pi_")
    assert record.amount_cents == 3390
    assert record.currency == "eur"
    assert record.order == order
    assert not record.is_paid
    assert client_secret.startswith("pi_")
    assert PaymentIntentRecord.objects.get(order=order) == record


@pytest.mark.django_db
def test_coming_back_to_pay_reuses_the_live_intent(order, stripe_requests):
    first, _secret = actions.start_payment(order)

    again, client_secret = actions.start_payment(order)

    assert again == first
    assert client_secret
    assert len(requests_to(stripe_requests, "POST", "/v1/payment_intents")) == 1
    assert [r.path for r in requests_to(stripe_requests, "GET", "/v1/")] == [
        f"/v1/payment_intents/{first.intent_id}"
    ]


@pytest.mark.django_db
def test_the_real_client_reaches_stripe_mock_without_logging_the_key(
    order, stripe_mock, caplog
):
    # No recording client here: the client comes from settings (base address).
    caplog.set_level(logging.DEBUG)
    stripe_api._build_client.cache_clear()

    record, _secret = actions.start_payment(order)

    assert record.intent_id.startswith("pi_")
    assert record.amount_cents == 3390
    assert "stripe" in caplog.text.lower()  # Stripe's client did log the call
    assert TEST_SECRET_KEY not in caplog.text


@pytest.mark.django_db
def test_a_rejected_key_stays_out_of_logs_and_stored_errors(
    order, stripe_mock, settings, caplog
):
    # stripe-mock rejects this key and echoes it in its error message, which
    # Stripe's client logs at INFO: the key must still not reach the logs.
    rejected_key = "sk_test_not_valid_looking_SECRET"
    settings.STRIPE_SECRET_KEY = rejected_key
    caplog.set_level(logging.DEBUG)

    with pytest.raises(stripe_api.StripeError) as error:
        actions.start_payment(order)

    assert rejected_key in str(error.value)  # what stripe-mock answered...
    assert "Stripe v1 API error received" in caplog.text
    assert rejected_key not in caplog.text  # ...is masked in the logs
    assert not PaymentIntentRecord.objects.exists()


# Connect accounts
# ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_express_account_is_created_once_and_onboarding_link_returned(
    two_artisans, stripe_requests
):
    vendor = two_artisans[0]

    url = actions.start_connect_onboarding(
        vendor, "https://shop.test/stripe/connect/", "https://shop.test/retour/"
    )
    url_again = actions.start_connect_onboarding(
        vendor, "https://shop.test/stripe/connect/", "https://shop.test/retour/"
    )

    [created] = requests_to(stripe_requests, "POST", "/v1/accounts")
    assert created.params["type"] == "express"
    assert created.params["country"] == "FR"
    assert created.params["capabilities[transfers][requested]"] == "true"
    assert created.params["email"] == "savonnerie@example.fr"
    assert created.params["metadata[vendor_id]"] == str(vendor.pk)
    account = ConnectedAccount.objects.get(vendor=vendor)
    assert account.account_id.startswith("acct_")
    assert not account.can_receive_transfers  # until account.updated says so
    links = requests_to(stripe_requests, "POST", "/v1/account_links")
    assert len(links) == 2
    assert links[0].params == {
        "account": account.account_id,
        "refresh_url": "https://shop.test/stripe/connect/",
        "return_url": "https://shop.test/retour/",
        "type": "account_onboarding",
    }
    assert url.startswith("https://") and url_again.startswith("https://")


# Paying artisans
# ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_artisan_is_paid_their_net_amount_once_even_when_asked_twice(
    completed_vendor_order, stripe_requests
):
    vendor_order = completed_vendor_order

    first = actions.pay_artisan(vendor_order)
    second = actions.pay_artisan(vendor_order)
    pay_artisan_task.delay(vendor_order.pk)  # a duplicate task

    [sent] = requests_to(stripe_requests, "POST", "/v1/transfers")
    assert sent.params["amount"] == str(to_cents(vendor_order.net_amount))
    assert sent.params["currency"] == "eur"
    assert sent.params["source_transaction"] == CHARGE_ID
    assert sent.params["destination"] == vendor_order.vendor.stripe_account.account_id
    assert sent.params["transfer_group"] == str(vendor_order.order.number)
    assert sent.headers["Idempotency-Key"] == f"transfer-{vendor_order.number}"
    transfer = Transfer.objects.get()
    assert first == second == transfer
    assert transfer.transfer_id.startswith("tr_")
    assert transfer.status == TransferStatus.TRANSFERRED
    assert transfer.amount == vendor_order.net_amount
    assert transfer.idempotency_key == f"transfer-{vendor_order.number}"


@pytest.mark.django_db
def test_a_part_with_a_funded_discount_is_paid_its_whole_net_from_the_balance(
    completed_vendor_order, stripe_requests
):
    # The chamber funds more than the customer paid for this part: the
    # charge could not carry the artisan's net, the platform's balance does.
    vendor_order = completed_vendor_order
    funded = vendor_order.total_incl_tax - D("1.00")
    VendorOrder.objects.filter(pk=vendor_order.pk).update(funded_discount=funded)
    vendor_order.refresh_from_db()

    transfer = actions.pay_artisan(vendor_order)

    [sent] = requests_to(stripe_requests, "POST", "/v1/transfers")
    assert sent.params["amount"] == str(to_cents(vendor_order.net_amount))
    assert "source_transaction" not in sent.params
    assert transfer.source_transaction == ""
    assert transfer.amount == vendor_order.net_amount > vendor_order.customer_total
    assert transfer.status == TransferStatus.TRANSFERRED


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_payouts_of_one_vendor_order_transfer_once(
    postgres_db, completed_vendor_order, stripe_requests
):
    barrier = threading.Barrier(2)
    results, errors = [], []

    def pay():
        try:
            barrier.wait(timeout=10)
            results.append(actions.pay_artisan(completed_vendor_order))
        except Exception as exc:  # reported below, with the thread's error
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=pay) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert len(requests_to(stripe_requests, "POST", "/v1/transfers")) == 1
    transfer = Transfer.objects.get()
    assert transfer.status == TransferStatus.TRANSFERRED
    assert [r.transfer_id for r in results] == [transfer.transfer_id] * 2


@pytest.mark.django_db
def test_artisan_without_an_enabled_account_is_not_paid(paid_intent, stripe_requests):
    vendor_order = paid_intent.order.vendor_orders.order_by("number").first()
    VendorOrder.objects.filter(pk=vendor_order.pk).update(
        status=VendorOrderStatus.COMPLETED
    )
    ConnectedAccount.objects.create(vendor=vendor_order.vendor, account_id="acct_x")

    with pytest.raises(actions.PayoutNotPossible):
        actions.pay_artisan(vendor_order)

    assert requests_to(stripe_requests, "POST", "/v1/transfers") == []
    assert not Transfer.objects.exists()


@pytest.mark.django_db
def test_vendor_order_not_completed_is_not_paid(paid_intent, stripe_requests):
    vendor_order = paid_intent.order.vendor_orders.first()
    enabled_account(vendor_order.vendor)

    with pytest.raises(actions.PayoutNotPossible):
        actions.pay_artisan(vendor_order)

    assert stripe_requests == []


@pytest.mark.django_db
def test_a_delivered_part_paid_online_queues_its_payout_on_commit(
    paid_intent, stripe_requests, django_capture_on_commit_callbacks
):
    vendor_order = paid_intent.order.vendor_orders.order_by("number").first()
    enabled_account(vendor_order.vendor)
    bring_to(vendor_order, VendorOrderStatus.SHIPPED)
    assert not Transfer.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        step(vendor_order, PartAction.CONFIRM_DELIVERY)

    transfer = Transfer.objects.get(vendor_order=vendor_order)
    assert transfer.is_paid
    assert len(requests_to(stripe_requests, "POST", "/v1/transfers")) == 1


@pytest.mark.django_db
def test_account_enabled_later_pays_the_waiting_completed_orders(
    client, paid_intent, stripe_requests, django_capture_on_commit_callbacks
):
    # given a completed part whose artisan's account could not be paid yet
    vendor_order = paid_intent.order.vendor_orders.order_by("number").first()
    other = paid_intent.order.vendor_orders.order_by("number").last()
    VendorOrder.objects.filter(pk__in=[vendor_order.pk, other.pk]).update(
        status=VendorOrderStatus.COMPLETED
    )
    account = ConnectedAccount.objects.create(
        vendor=vendor_order.vendor, account_id="acct_test_later"
    )

    # when Stripe tells, through its webhook, that the account is enabled
    payload = make_event(
        "account.updated",
        {
            "id": account.account_id,
            "object": "account",
            "charges_enabled": True,
            "payouts_enabled": True,
            "details_submitted": True,
            "capabilities": {"transfers": "active"},
            "requirements": {"currently_due": []},
        },
        account=account.account_id,
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = post_webhook(client, payload, stripe_signature(payload))

    # then that artisan's waiting part is paid, and only theirs
    assert response.status_code == 200
    [sent] = requests_to(stripe_requests, "POST", "/v1/transfers")
    assert sent.params["destination"] == "acct_test_later"
    assert Transfer.objects.get(vendor_order=vendor_order).is_paid
    assert not Transfer.objects.filter(vendor_order=other).exists()
    # and the beat's catch-up finds nothing more to pay
    assert pay_waiting_artisans_task() == 0


# Refunds
# ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_partial_refund_before_payout_refunds_the_charge_only(
    completed_vendor_order, stripe_requests, admin_user
):
    vendor_order = completed_vendor_order

    refund = actions.refund_vendor_order(
        vendor_order, D("5.00"), by=admin_user, reason="Savon cassé"
    )

    [sent] = requests_to(stripe_requests, "POST", "/v1/refunds")
    assert sent.params["charge"] == CHARGE_ID
    assert sent.params["amount"] == "500"
    assert sent.headers["Idempotency-Key"] == f"refund-{vendor_order.number}-1"
    assert requests_to(stripe_requests, "POST", "/v1/transfers") == []
    assert refund.refund_id.startswith("re_")
    assert refund.amount == D("5.00")
    assert refund.reversal_id == ""
    assert refund.created_by == admin_user
    assert actions.refundable_amount(vendor_order) == vendor_order.total_incl_tax - 5
    source = Source.objects.get(order=vendor_order.order)
    assert source.amount_refunded == D("5.00")

    # The artisan's later payout is their net amount less their share of it.
    transfer = actions.pay_artisan(vendor_order)
    assert transfer.amount_cents == actions.artisan_due_cents(vendor_order, 500)
    assert transfer.amount_cents < to_cents(vendor_order.net_amount)


@pytest.mark.django_db
def test_refund_above_what_remains_is_refused_and_changes_nothing(
    completed_vendor_order, stripe_requests
):
    vendor_order = completed_vendor_order
    actions.refund_vendor_order(vendor_order, vendor_order.total_incl_tax - D("1.00"))
    sent_before = len(stripe_requests)

    with pytest.raises(actions.RefundRefused) as refused:
        actions.refund_vendor_order(vendor_order, D("1.01"))

    assert "1.00" in str(refused.value)
    assert len(stripe_requests) == sent_before
    assert Refund.objects.count() == 1
    assert actions.refundable_amount(vendor_order) == D("1.00")


@pytest.mark.django_db
def test_refund_of_another_artisans_money_is_refused(
    completed_vendor_order, stripe_requests
):
    with pytest.raises(actions.RefundRefused):
        actions.refund_vendor_order(completed_vendor_order, D("0"))
    with pytest.raises(actions.RefundRefused):
        actions.refund_vendor_order(
            completed_vendor_order, completed_vendor_order.order.total_incl_tax
        )

    assert stripe_requests == []


@pytest.mark.django_db
def test_refunds_after_payout_reverse_the_artisans_share(
    completed_vendor_order, stripe_requests
):
    vendor_order = completed_vendor_order  # 15.00, 10 % commission: net 13.50
    assert (vendor_order.total_incl_tax, vendor_order.net_amount) == (
        D("15.00"),
        D("13.50"),
    )
    transfer = actions.pay_artisan(vendor_order)

    half = actions.refund_vendor_order(vendor_order, D("7.50"))

    [reversal] = requests_to(stripe_requests, "POST", "/v1/transfers/")
    assert reversal.path == f"/v1/transfers/{transfer.transfer_id}/reversals"
    assert reversal.params["amount"] == "675"
    assert half.reversal_id.startswith("trr_")
    assert half.reversal_cents == 675
    transfer.refresh_from_db()
    assert transfer.reversed_cents == 675
    assert transfer.status == TransferStatus.PARTIALLY_REVERSED

    rest = actions.refund_vendor_order(vendor_order, D("7.50"))

    transfer.refresh_from_db()
    assert rest.reversal_cents == 675
    assert transfer.reversed_cents == transfer.amount_cents == 1350
    assert transfer.status == TransferStatus.REVERSED
    assert actions.refundable_amount(vendor_order) == D("0.00")
    refunds = requests_to(stripe_requests, "POST", "/v1/refunds")
    assert [r.params["amount"] for r in refunds] == ["750", "750"]


# The whole journey
# ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_order_paid_by_webhook_then_completed_then_transferred_then_refunded(
    client, order, stripe_requests, django_capture_on_commit_callbacks
):
    # The order's PaymentIntent, created at stripe-mock.
    record, _secret = actions.start_payment(order)
    # Stripe confirms the payment through a signed webhook.
    payload = make_event(
        "payment_intent.succeeded",
        intent_object(record, charge_id="ch_journey"),
        created=1_790_000_000,
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = post_webhook(client, payload, stripe_signature(payload))
    assert response.status_code == 200
    record.refresh_from_db()
    assert record.is_paid
    # The artisan ships the parcel, the customer gets it: completed.
    vendor_order = order.vendor_orders.order_by("number").first()
    enabled_account(vendor_order.vendor)
    bring_to(vendor_order, VendorOrderStatus.SHIPPED)
    # Its delivery confirmed, the artisan's payout is queued by itself.
    with django_capture_on_commit_callbacks(execute=True):
        step(vendor_order, PartAction.CONFIRM_DELIVERY)
    transfer = Transfer.objects.get(vendor_order=vendor_order)
    assert transfer.status == TransferStatus.TRANSFERRED
    assert transfer.source_transaction == "ch_journey"

    # Chamber staff refund the artisan's whole part.
    actions.refund_vendor_order(vendor_order, vendor_order.total_incl_tax)

    transfer.refresh_from_db()
    assert transfer.status == TransferStatus.REVERSED
    assert [
        r.params.get("charge") for r in stripe_requests if r.path == "/v1/refunds"
    ] == ["ch_journey"]


# The artisan's onboarding pages
# ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_artisan_is_sent_to_stripe_onboarding_with_our_return_urls(
    client, two_artisans, stripe_requests
):
    vendor = two_artisans[0]
    artisan = UserFactory(email="artisan@example.fr")
    vendor.partner.users.add(artisan)
    client.force_login(artisan)

    response = client.get("/stripe/connect/")

    assert response.status_code == 302
    assert response["Location"].startswith("https://")
    [link] = requests_to(stripe_requests, "POST", "/v1/account_links")
    assert link.params["refresh_url"] == "http://testserver/stripe/connect/"
    assert link.params["return_url"] == "http://testserver/stripe/connect/retour/"
    account = ConnectedAccount.objects.get(vendor=vendor)
    assert link.params["account"] == account.account_id


@pytest.mark.django_db
def test_accounts_without_a_shop_cannot_open_stripe_onboarding(client, stripe_requests):
    client.force_login(UserFactory(email="client@example.fr"))

    response = client.get("/stripe/connect/")

    assert response.status_code == 403
    assert stripe_requests == []
    assert not ConnectedAccount.objects.exists()
