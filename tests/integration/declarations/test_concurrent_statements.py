"""Two January runs at the same moment still build each artisan's yearly
statement once, and send its e-mail once (PostgreSQL row locks)."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from tests.factories import VendorFactory, create_artisan_product, place_order
from tests.factories.concurrency import at_the_same_moment
from tests.factories.orders import step
from vendors.declarations.models import YearlyStatement
from vendors.declarations.tasks import send_yearly_statements_task
from vendors.models import (
    ActorRole,
    PartAction,
    VendorOrder,
    VendorOrderEvent,
    VendorOrderStatus,
)


def sold_online_in_2025(vendor):
    product = create_artisan_product(vendor, "Santon", price="24.00")
    vendor_order = place_order((product, 1)).vendor_orders.get()
    VendorOrder.objects.filter(pk=vendor_order.pk).update(
        status=VendorOrderStatus.AWAITING_PAYMENT
    )
    vendor_order.refresh_from_db()
    event = step(vendor_order, PartAction.PAY, ActorRole.SYSTEM)
    VendorOrderEvent.objects.filter(pk=event.pk).update(
        created_at=timezone.make_aware(datetime.datetime(2025, 6, 1, 12))
    )


@pytest.mark.service("postgres")
@pytest.mark.django_db(transaction=True)
def test_two_runs_at_the_same_moment_build_and_email_each_statement_once(
    postgres_db,
):
    for n in range(3):
        sold_online_in_2025(
            VendorFactory(partner__name=f"Santonnier {n}", email=f"s{n}@example.fr")
        )

    mail.outbox.clear()  # the steps' own e-mails (new order, invoice)

    outcomes = at_the_same_moment(
        lambda: send_yearly_statements_task(2025),
        lambda: send_yearly_statements_task(2025),
    )

    assert all(isinstance(outcome, dict) for outcome in outcomes), outcomes
    assert sum(outcome["emailed"] for outcome in outcomes) == 3
    assert YearlyStatement.objects.filter(year=2025).count() == 3
    statements_sent = [m for m in mail.outbox if "242 bis" in m.subject]
    assert sorted(message.to[0] for message in statements_sent) == [
        "s0@example.fr",
        "s1@example.fr",
        "s2@example.fr",
    ]
