"""Scenes of invoiced parts: artisans of each VAT regime, parts paid online
(Stripe's confirmation recorded, as the webhook records it) and parts paid at
a pickup point. Every step goes through the order conductor, so the invoices
and credit notes are the ones its receivers issue.
"""

import datetime
import uuid
from decimal import Decimal as D

from oscar.apps.offer.applicator import Applicator
from oscar.apps.shipping.methods import FixedPrice
from oscar.test import factories as oscar_factories

from delivery.actions import confirm_reservation
from shop.apps.payment import actions as payment
from shop.apps.payment.consts import to_cents
from shop.apps.payment.models import PaymentIntentRecord
from tests.factories import (
    UserFactory,
    VendorFactory,
    create_artisan_product,
    priced_basket,
)
from tests.factories.delivery import PickupPointFactory, SlotFactory, serving
from tests.factories.orders import paid_at_pickup
from vendors.models import FulfilmentMethod, LegalForm, VatRegime

CHARGE_ID = "ch_test_invoicing"


def valid_siret(n):
    """The ``n``-th 14-digit SIRET passing the Luhn check, from 732 829 320."""
    from vendors.validators import luhn_is_valid

    value = 73282932000000
    found = -1
    while True:
        if luhn_is_valid(str(value)):
            found += 1
            if found == n:
                return str(value)
        value += 1


_artisans = iter(range(10_000))


def artisan(regime=VatRegime.STANDARD, name="Savonnerie Marius", **fields):
    """An artisan's shop with the legal identity an invoice states."""
    defaults = {
        "partner__name": name,
        "legal_name": f"{name} SARL",
        "legal_form": LegalForm.SARL,
        "siret": valid_siret(next(_artisans) % 50),
        "vat_regime": regime,
        "vat_number": "" if regime == VatRegime.FRANCHISE else "FR40303265045",
        "address": "12 rue des Savonniers",
        "postcode": "13300",
        "commune": "Salon-de-Provence",
        "email": f"{uuid.uuid4().hex[:8]}@atelier.example",
    }
    defaults.update(fields)
    return VendorFactory(**defaults)


def customer(email="jeanne@example.fr"):
    return UserFactory(email=email, first_name="Jeanne", last_name="Roux")


def billing_address(name_first="Jeanne", name_last="Roux"):
    return oscar_factories.BillingAddressFactory(
        first_name=name_first,
        last_name=name_last,
        line1="4 cours Mirabeau",
        line2="",
        line4="Aix-en-Provence",
        postcode="13100",
        country=oscar_factories.CountryFactory(
            iso_3166_1_a2="FR", printable_name="FRANCE"
        ),
    )


def place_online(*items, user=None, shipping=None, billing=None):
    """An order of (product, qty) ``items`` placed to pay online (its parts
    wait for the payment), with its PaymentIntent not yet paid."""
    basket = priced_basket(*items)
    Applicator().apply(basket, user)
    extra = {}
    if shipping is not None:
        extra["shipping_method"] = FixedPrice(
            charge_excl_tax=D(shipping), charge_incl_tax=D(shipping)
        )
    order = oscar_factories.create_order(
        basket=basket,
        user=user,
        billing_address=billing,
        awaiting_payment=True,
        **extra,
    )
    record = PaymentIntentRecord.objects.create(
        order=order,
        intent_id=f"pi_test_{uuid.uuid4().hex[:12]}",
        amount_cents=to_cents(order.total_incl_tax),
        currency="eur",
        status="requires_payment_method",
    )
    return order, record


def pay(record):
    """Stripe's confirmation of ``record``, as the webhook records it: the
    parts go to their artisans (the ``pay`` step) and are invoiced."""
    payment.mark_payment_succeeded(
        PaymentIntentRecord.objects.get(pk=record.pk),
        payment.stripe_timestamp(1_790_000_000),
        charge_id=CHARGE_ID,
    )


def paid_online(*items, **kwargs):
    """An order of ``items`` placed and paid online; its parts invoiced."""
    order, record = place_online(*items, **kwargs)
    pay(record)
    return order


def pickup_part(vendor, product, quantity=2, user=None):
    """A part collected at a drive point and paid there, its slot booked."""
    point = PickupPointFactory(name=f"Drive de la Joliette {uuid.uuid4().hex[:4]}")
    serving(vendor, point)
    order = oscar_factories.create_order(
        basket=priced_basket((product, quantity)), user=user
    )
    vendor_order = order.vendor_orders.get()
    vendor_order.fulfilment_method = FulfilmentMethod.POINT_PICKUP
    vendor_order.save(update_fields=["fulfilment_method"])
    slot = SlotFactory(point=point, capacity=5)
    confirm_reservation(
        slot, vendor, vendor_order, now=slot.starts_at - datetime.timedelta(days=3)
    )
    paid_at_pickup(vendor_order)
    return vendor_order


__all__ = [
    "artisan",
    "billing_address",
    "create_artisan_product",
    "customer",
    "paid_online",
    "pay",
    "pickup_part",
    "place_online",
]
