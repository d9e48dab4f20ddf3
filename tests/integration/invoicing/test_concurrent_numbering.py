"""Many parts of one artisan invoiced at the same moment, on PostgreSQL: the
series' lock gives them consecutive numbers, none skipped or given twice, in
the order of their dates."""

import pytest

from tests.factories.concurrency import at_the_same_moment
from tests.factories.invoicing import (
    artisan,
    create_artisan_product,
    customer,
    pay,
    place_online,
)
from vendors.invoicing.models import DocumentSequence, Invoice

PARTS = 20


@pytest.mark.service("postgres")
@pytest.mark.django_db(transaction=True)
def test_twenty_parts_paid_at_the_same_moment_get_twenty_consecutive_numbers(
    postgres_db,
):
    # given twenty orders of one artisan, placed and waiting for their payment
    shop = artisan(name="Savonnerie Marius")
    soap = create_artisan_product(shop, "Savon", price="5.00", stock=PARTS * 2)
    records = [
        place_online((soap, 1), user=customer(f"client{n}@example.fr"))[1]
        for n in range(PARTS)
    ]
    # another artisan's series runs at the same moment, on its own
    other = artisan(name="Calissons du Roy")
    sweets = create_artisan_product(other, "Calissons", price="9.00", stock=5)
    other_record = place_online((sweets, 1))[1]

    # when Stripe confirms them all at once (as concurrent webhooks would)
    outcomes = at_the_same_moment(
        *[lambda record=record: pay(record) for record in [*records, other_record]]
    )

    # then each part has one invoice, numbered 1 to 20 without a gap
    assert outcomes == [None] * (PARTS + 1), outcomes
    invoices = list(Invoice.objects.filter(vendor=shop).order_by("sequence_value"))
    assert [invoice.sequence_value for invoice in invoices] == list(range(1, PARTS + 1))
    assert len({invoice.number for invoice in invoices}) == PARTS
    assert invoices[-1].number.endswith(f"-{PARTS:06d}")
    # in the order of their dates
    dates = [invoice.issued_at for invoice in invoices]
    assert dates == sorted(dates)
    assert len({invoice.vendor_order_id for invoice in invoices}) == PARTS
    assert DocumentSequence.objects.get(key=f"invoices:{shop.pk}").last_value == PARTS
    assert Invoice.objects.get(vendor=other).sequence_value == 1
