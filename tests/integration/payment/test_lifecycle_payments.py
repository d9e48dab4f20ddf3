"""Steps of parts paid online, against stripe-mock: refunds when a part is
refused, cancelled or taken back after a no-show; the payment opening the
parts to their artisans; a refund Stripe cannot make changes nothing."""

import datetime
from decimal import Decimal as D

import pytest
import stripe
from django.core import mail
from oscar.core.loading import get_model
from oscar.test import factories as oscar_factories

from delivery.actions import confirm_reservation
from shop.apps.payment import actions, stripe_api
from shop.apps.payment.consts import to_cents
from shop.apps.payment.models import PaymentIntentRecord, Refund
from tests.factories import create_artisan_product, priced_basket
from tests.factories.delivery import PickupPointFactory, SlotFactory, serving
from tests.factories.orders import bring_to, step
from tests.integration.payment.fixtures import TEST_SECRET_KEY, requests_to
from vendors.lifecycle import StepRefused
from vendors.models import ActorRole, FulfilmentMethod, PartAction, VendorOrderStatus

StockRecord = get_model("partner", "StockRecord")

pytestmark = pytest.mark.service("stripe")

S, A, R = VendorOrderStatus, PartAction, ActorRole
CHARGE_ID = "ch_test_paid_parts"


@pytest.fixture
def paid_order(order, intent_record):
    actions.mark_payment_succeeded(
        intent_record, actions.stripe_timestamp(1_790_000_000), charge_id=CHARGE_ID
    )
    return order


def soap_part(order):
    return order.vendor_orders.order_by("number").first()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("source", "action", "role"),
    [
        (S.NEW, A.REFUSE, R.ARTISAN),
        (S.ACCEPTED, A.CANCEL, R.ARTISAN),
        (S.IN_PREPARATION, A.CANCEL, R.STAFF),
    ],
)
def test_a_part_paid_online_and_given_up_is_refunded_whole(
    paid_order, stripe_requests, source, action, role
):
    vendor_order = bring_to(soap_part(paid_order), source)
    stripe_requests.clear()

    event = step(vendor_order, action, role, reason="Four en panne.")

    (refund,) = Refund.objects.filter(vendor_order=vendor_order)
    assert refund.amount_cents == to_cents(vendor_order.total_incl_tax)
    assert event.details["refunded"] == str(vendor_order.total_incl_tax)
    (sent,) = requests_to(stripe_requests, "POST", "/v1/refunds")
    assert sent.params["charge"] == CHARGE_ID
    assert sent.params["amount"] == str(to_cents(vendor_order.total_incl_tax))
    # the other artisan's part is untouched
    other = paid_order.vendor_orders.exclude(pk=vendor_order.pk).get()
    assert not Refund.objects.filter(vendor_order=other).exists()


@pytest.mark.django_db
def test_a_no_show_paid_online_taken_back_is_refunded(paid_order, stripe_requests):
    vendor_order = soap_part(paid_order)
    point = PickupPointFactory()
    serving(vendor_order.vendor, point)
    vendor_order.fulfilment_method = FulfilmentMethod.POINT_PICKUP
    vendor_order.save(update_fields=["fulfilment_method"])
    slot = SlotFactory(point=point)
    confirm_reservation(
        slot,
        vendor_order.vendor,
        vendor_order,
        now=slot.starts_at - datetime.timedelta(days=3),
    )
    bring_to(vendor_order, S.NO_SHOW)

    step(vendor_order, A.TAKE_BACK, restock=True)

    vendor_order.refresh_from_db()
    assert vendor_order.status == S.RETURNED
    assert Refund.objects.get(vendor_order=vendor_order).amount_cents == to_cents(
        vendor_order.total_incl_tax
    )
    assert len(requests_to(stripe_requests, "POST", "/v1/refunds")) == 1


@pytest.mark.django_db
def test_a_refund_stripe_cannot_make_changes_nothing(
    paid_order, stripe_requests, monkeypatch
):
    # Stripe out of reach: the real client, pointed at a port nobody listens to.
    unreachable = stripe.StripeClient(
        TEST_SECRET_KEY,
        base_addresses={"api": "http://127.0.0.1:9"},
        max_network_retries=0,
    )
    monkeypatch.setattr(stripe_api, "get_client", lambda: unreachable)
    vendor_order = soap_part(paid_order)
    stock_before = StockRecord.objects.get(
        pk=vendor_order.lines.get().stockrecord_id
    ).num_allocated

    with pytest.raises(StepRefused):
        step(vendor_order, A.REFUSE, reason="Four en panne.")

    vendor_order.refresh_from_db()
    assert vendor_order.status == S.NEW
    assert not Refund.objects.exists()
    assert vendor_order.events.count() == 1
    assert (
        StockRecord.objects.get(
            pk=vendor_order.lines.get().stockrecord_id
        ).num_allocated
        == stock_before
    )


@pytest.mark.django_db
def test_the_payment_opens_the_parts_and_tells_each_artisan_once(
    two_artisans, stripe_requests, django_capture_on_commit_callbacks
):
    # given an order placed to pay online, its parts awaiting the payment
    savonnerie, calissons = two_artisans
    calissons.email = "calissons@example.fr"
    calissons.save()
    basket = priced_basket(
        (create_artisan_product(savonnerie, "Savon", price="7.50"), 2),
        (create_artisan_product(calissons, "Calissons", price="18.90"), 1),
    )
    with django_capture_on_commit_callbacks(execute=True):
        order = oscar_factories.create_order(basket=basket, awaiting_payment=True)
    assert set(order.vendor_orders.values_list("status", flat=True)) == {
        S.AWAITING_PAYMENT
    }
    assert mail.outbox == []
    record = PaymentIntentRecord.objects.create(
        order=order,
        intent_id="pi_test_opening",
        amount_cents=to_cents(order.total_incl_tax),
        currency="eur",
        status="requires_payment_method",
    )

    # when Stripe's success is recorded twice (the webhook, then the return)
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            actions.mark_payment_succeeded(
                PaymentIntentRecord.objects.get(pk=record.pk),
                actions.stripe_timestamp(1_790_000_000),
                charge_id=CHARGE_ID,
            )

    # then each part is new for its artisan, each artisan told once
    assert set(order.vendor_orders.values_list("status", flat=True)) == {S.NEW}
    to_artisans = sorted(m.to[0] for m in mail.outbox if m.to[0] != order.email)
    assert to_artisans == ["calissons@example.fr", "savonnerie@example.fr"]
    assert order.total_incl_tax == D("33.90")
