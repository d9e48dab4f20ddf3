"""Stripe's webhook: signed events only, each applied once, in any order."""

import logging
import threading

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from oscar.core.loading import get_model

from shop.apps.payment.models import (
    ConnectedAccount,
    PaymentIntentRecord,
    StripeEvent,
    StripeEventStatus,
)
from tests.factories import StaffUserFactory
from tests.integration.payment.fixtures import (
    TEST_SECRET_KEY,
    TEST_WEBHOOK_SECRET,
    intent_object,
    make_event,
    post_webhook,
    stripe_signature,
)

Source = get_model("payment", "Source")
OrderNote = get_model("order", "OrderNote")

pytestmark = pytest.mark.usefixtures("stripe_settings")

T0 = 1_790_000_000  # a Stripe ``created`` time; later events add seconds


def deliver(client, payload, capture):
    """POST a correctly signed event and run what the view queues on commit."""
    with capture(execute=True):
        return post_webhook(client, payload, stripe_signature(payload))


@pytest.mark.django_db
def test_signed_payment_succeeded_marks_the_order_paid(
    client, intent_record, django_capture_on_commit_callbacks
):
    # given a signed payment_intent.succeeded for the order's intent
    payload = make_event(
        "payment_intent.succeeded", intent_object(intent_record), created=T0
    )

    # when Stripe delivers it
    response = deliver(client, payload, django_capture_on_commit_callbacks)

    # then it is accepted, recorded, processed and the order is paid
    assert response.status_code == 200
    event = StripeEvent.objects.get()
    assert event.status == StripeEventStatus.PROCESSED
    assert event.object_id == intent_record.intent_id
    assert event.processed_at is not None
    intent_record.refresh_from_db()
    assert intent_record.is_paid
    assert intent_record.status == "succeeded"
    assert intent_record.latest_charge_id == "ch_test_1"
    source = Source.objects.get(order=intent_record.order)
    assert source.amount_debited == intent_record.order.total_incl_tax
    assert source.reference == intent_record.intent_id


@pytest.mark.django_db
def test_missing_signature_gets_400_and_records_nothing(
    client, intent_record, django_capture_on_commit_callbacks
):
    payload = make_event("payment_intent.succeeded", intent_object(intent_record))

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = post_webhook(client, payload, signature=None)

    assert response.status_code == 400
    assert callbacks == []
    assert not StripeEvent.objects.exists()
    intent_record.refresh_from_db()
    assert not intent_record.is_paid


@pytest.mark.django_db
@pytest.mark.parametrize(
    "forge",
    [
        pytest.param(
            lambda payload: (payload, stripe_signature(payload, secret="whsec_other")),
            id="signed-with-another-secret",
        ),
        pytest.param(
            lambda payload: (
                payload.replace('"livemode": false', '"livemode": true'),
                stripe_signature(payload),
            ),
            id="body-changed-after-signing",
        ),
        pytest.param(
            lambda payload: (payload, stripe_signature(payload, timestamp=T0)),
            id="signed-too-long-ago",
        ),
        pytest.param(
            lambda payload: (payload, "t=1,v1=not-a-signature"),
            id="garbage-header",
        ),
    ],
)
def test_bad_signature_gets_400_and_records_nothing(
    client, intent_record, forge, django_capture_on_commit_callbacks
):
    payload, signature = forge(
        make_event("payment_intent.succeeded", intent_object(intent_record))
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = post_webhook(client, payload, signature)

    assert response.status_code == 400
    assert not StripeEvent.objects.exists()
    intent_record.refresh_from_db()
    assert not intent_record.is_paid
    assert not Source.objects.exists()


@pytest.mark.django_db
def test_replayed_event_has_no_second_effect(
    client, intent_record, django_capture_on_commit_callbacks
):
    payload = make_event(
        "payment_intent.succeeded", intent_object(intent_record), created=T0
    )
    first = deliver(client, payload, django_capture_on_commit_callbacks)
    notes_after_first = OrderNote.objects.count()

    # Stripe delivers the same event again (a retry, or an attacker's replay
    # within the tolerance): same id, freshly signed.
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        second = post_webhook(client, payload, stripe_signature(payload))

    assert first.status_code == second.status_code == 200
    assert second.json() == {"received": True, "duplicate": True}
    assert callbacks == []
    assert StripeEvent.objects.count() == 1
    assert Source.objects.filter(order=intent_record.order).count() == 1
    assert OrderNote.objects.count() == notes_after_first


@pytest.mark.django_db
@pytest.mark.parametrize("failed_at", [T0 - 30, T0 + 30], ids=["older", "newer"])
def test_failure_after_success_never_unpays_the_order(
    client, intent_record, failed_at, django_capture_on_commit_callbacks
):
    # given the order paid by an event created at T0
    succeeded = make_event(
        "payment_intent.succeeded", intent_object(intent_record), created=T0
    )
    deliver(client, succeeded, django_capture_on_commit_callbacks)

    # when a payment_failed event arrives afterwards (out of order)
    failed = make_event(
        "payment_intent.payment_failed",
        intent_object(
            intent_record,
            status="requires_payment_method",
            last_payment_error={"message": "Your card was declined."},
        ),
        created=failed_at,
    )
    response = deliver(client, failed, django_capture_on_commit_callbacks)

    # then it is recorded but the order stays paid
    assert response.status_code == 200
    assert StripeEvent.objects.get(type="payment_intent.payment_failed").status == (
        StripeEventStatus.PROCESSED
    )
    intent_record.refresh_from_db()
    assert intent_record.is_paid
    assert intent_record.status == "succeeded"
    assert Source.objects.get(order=intent_record.order).amount_debited == (
        intent_record.order.total_incl_tax
    )


@pytest.mark.django_db
def test_older_failure_does_not_overwrite_a_newer_one(
    client, intent_record, django_capture_on_commit_callbacks
):
    newer = make_event(
        "payment_intent.payment_failed",
        intent_object(intent_record, status="requires_payment_method"),
        created=T0 + 60,
    )
    older = make_event(
        "payment_intent.payment_failed",
        intent_object(intent_record, status="requires_action"),
        created=T0,
    )

    deliver(client, newer, django_capture_on_commit_callbacks)
    deliver(client, older, django_capture_on_commit_callbacks)

    intent_record.refresh_from_db()
    assert intent_record.status == "requires_payment_method"
    assert intent_record.last_event_created.timestamp() == T0 + 60


@pytest.mark.django_db
def test_account_updated_sets_what_the_artisan_can_do(
    client, two_artisans, django_capture_on_commit_callbacks
):
    vendor = two_artisans[0]
    account = ConnectedAccount.objects.create(vendor=vendor, account_id="acct_test_1")
    stripe_account = {
        "id": "acct_test_1",
        "object": "account",
        "type": "express",
        "charges_enabled": True,
        "payouts_enabled": False,
        "details_submitted": True,
        "capabilities": {"card_payments": "active", "transfers": "active"},
        "requirements": {"currently_due": ["external_account"]},
    }

    payload = make_event(
        "account.updated", stripe_account, created=T0, account="acct_test_1"
    )
    response = deliver(client, payload, django_capture_on_commit_callbacks)

    assert response.status_code == 200
    account.refresh_from_db()
    assert account.charges_enabled is True
    assert account.payouts_enabled is False
    assert account.details_submitted is True
    assert account.transfers_active is True
    assert account.requirements_due == ["external_account"]
    assert account.can_receive_transfers is False

    # An older update delivered late changes nothing.
    stale = make_event(
        "account.updated",
        {**stripe_account, "charges_enabled": False, "requirements": {}},
        created=T0 - 100,
    )
    deliver(client, stale, django_capture_on_commit_callbacks)
    account.refresh_from_db()
    assert account.charges_enabled is True
    assert account.requirements_due == ["external_account"]


@pytest.mark.django_db
def test_unknown_event_type_is_recorded_and_ignored(
    client, django_capture_on_commit_callbacks
):
    payload = make_event("customer.created", {"id": "cus_test_1"})

    response = deliver(client, payload, django_capture_on_commit_callbacks)

    assert response.status_code == 200
    event = StripeEvent.objects.get()
    assert event.type == "customer.created"
    assert event.status == StripeEventStatus.IGNORED


@pytest.mark.django_db
def test_dispute_marks_the_order_and_alerts_chamber_staff(
    client, intent_record, settings, django_capture_on_commit_callbacks
):
    settings.ADMINS = []
    staff = StaffUserFactory(email="chambre@example.fr")
    deliver(
        client,
        make_event(
            "payment_intent.succeeded", intent_object(intent_record), created=T0
        ),
        django_capture_on_commit_callbacks,
    )
    dispute = {
        "id": "dp_test_1",
        "object": "dispute",
        "amount": 1500,
        "charge": "ch_test_1",
        "payment_intent": intent_record.intent_id,
        "reason": "product_not_received",
        "status": "needs_response",
    }
    payload = make_event("charge.dispute.created", dispute, created=T0 + 10)

    deliver(client, payload, django_capture_on_commit_callbacks)
    deliver(client, payload, django_capture_on_commit_callbacks)  # replayed

    intent_record.refresh_from_db()
    assert intent_record.dispute_id == "dp_test_1"
    notes = OrderNote.objects.filter(
        order=intent_record.order, note_type=OrderNote.ERROR
    )
    assert notes.count() == 1
    assert "dp_test_1" in notes.get().message
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [staff.email]
    assert intent_record.order.number in mail.outbox[0].subject


@pytest.mark.django_db
def test_event_that_fails_to_process_is_acknowledged_and_kept_as_failed(
    client, intent_record, caplog, django_capture_on_commit_callbacks
):
    # A dispute without its id cannot be applied: Stripe still gets its 200
    # (the event is recorded), the failure is logged and kept on the event.
    broken = {"object": "dispute", "payment_intent": intent_record.intent_id}
    payload = make_event("charge.dispute.created", broken)

    response = deliver(client, payload, django_capture_on_commit_callbacks)

    assert response.status_code == 200
    event = StripeEvent.objects.get()
    assert event.status == StripeEventStatus.FAILED
    assert event.processed_at is None
    assert "KeyError" in event.last_error
    assert "processing failed" in caplog.text
    intent_record.refresh_from_db()
    assert intent_record.dispute_id == ""


@pytest.mark.django_db
def test_refund_made_outside_the_marketplace_is_flagged_on_the_order(
    client, intent_record, django_capture_on_commit_callbacks
):
    deliver(
        client,
        make_event(
            "payment_intent.succeeded", intent_object(intent_record), created=T0
        ),
        django_capture_on_commit_callbacks,
    )
    charge = {
        "id": "ch_test_1",
        "object": "charge",
        "amount": intent_record.amount_cents,
        "amount_refunded": 1000,
        "payment_intent": intent_record.intent_id,
        "refunded": False,
    }

    deliver(
        client,
        make_event("charge.refunded", charge, created=T0 + 5),
        django_capture_on_commit_callbacks,
    )

    intent_record.refresh_from_db()
    assert intent_record.amount_refunded_cents == 1000
    assert OrderNote.objects.filter(
        order=intent_record.order,
        note_type=OrderNote.WARNING,
        message__contains="10.00",
    ).exists()


@pytest.mark.django_db
def test_secrets_appear_neither_in_logs_nor_in_the_400(
    client, intent_record, caplog, django_capture_on_commit_callbacks
):
    caplog.set_level(logging.DEBUG)
    payload = make_event("payment_intent.succeeded", intent_object(intent_record))

    bad = post_webhook(client, payload, stripe_signature(payload, secret="whsec_x"))
    missing = post_webhook(client, payload)
    good = deliver(client, payload, django_capture_on_commit_callbacks)

    assert bad.status_code == missing.status_code == 400
    assert good.status_code == 200
    assert "Stripe webhook refused" in caplog.text  # the refusal is logged...
    for secret in (TEST_WEBHOOK_SECRET, TEST_SECRET_KEY):
        assert secret not in caplog.text  # ...without any secret
        assert secret.encode() not in bad.content
        assert secret.encode() not in missing.content


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_deliveries_of_one_event_have_one_effect(
    postgres_db, intent_record, settings
):
    # Tasks run eagerly in the delivering thread once its request commits.
    payload = make_event(
        "payment_intent.succeeded", intent_object(intent_record), created=T0
    )
    signature = stripe_signature(payload)
    barrier = threading.Barrier(2)
    responses = []

    def deliver_in_thread():
        try:
            barrier.wait(timeout=10)
            responses.append(post_webhook(Client(), payload, signature))
        finally:
            connection.close()

    threads = [threading.Thread(target=deliver_in_thread) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(r.status_code for r in responses) == [200, 200]
    assert sorted(r.json()["duplicate"] for r in responses) == [False, True]
    assert StripeEvent.objects.count() == 1
    assert StripeEvent.objects.get().status == StripeEventStatus.PROCESSED
    assert PaymentIntentRecord.objects.get(pk=intent_record.pk).is_paid
    assert Source.objects.filter(order=intent_record.order).count() == 1
