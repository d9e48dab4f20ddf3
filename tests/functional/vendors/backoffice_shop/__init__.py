"""Tests of the back office's overview, orders, shop settings and team.

Helpers shared by this package's modules: an artisan's account, orders
placed through Oscar's order creator so that they are split by artisan, parts
collected at a workshop or a drive point, and words as the site says them.
"""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone, translation
from django.utils.formats import localize
from django.utils.functional import Promise
from django.utils.translation import gettext
from oscar.core.loading import get_model
from oscar.test import factories as oscar_factories

from delivery.actions import confirm_reservation
from delivery.models import PickupPointKind
from tests import factories
from tests.factories import UserFactory, create_artisan_product
from tests.factories.delivery import PickupPointFactory, SlotFactory, serving
from tests.factories.orders import paid_at_pickup  # noqa: F401
from vendors.models import FulfilmentMethod

Basket = get_model("basket", "Basket")
StockRecord = get_model("partner", "StockRecord")


def artisan_account(vendor, email=None, **kwargs):
    """An account that runs ``vendor``'s shop."""
    user = UserFactory(email=email or f"atelier-{vendor.slug}@example.fr", **kwargs)
    vendor.partner.users.add(user)
    return user


def place_order(*items, user=None, shipping_address=True):
    """Place an order for (product, quantity) items; returns the Oscar order.

    ``shipping_address`` adds a French delivery address with a phone number.
    """
    address = None
    if shipping_address:
        address = oscar_factories.ShippingAddressFactory(
            first_name="Jeanne",
            last_name="Arnaud",
            line1="12 rue des Cigales",
            line2="",
            line4="Aubagne",
            postcode="13400",
            phone_number="+33612345678",
            country=oscar_factories.CountryFactory(
                iso_3166_1_a2="FR", printable_name="France"
            ),
        )
    return factories.place_order(*items, user=user, shipping_address=address)


def vendor_order_for(vendor, user=None, title="Savon", price="7.50", quantity=1):
    """One order holding one of ``vendor``'s products; returns its vendor order."""
    product = create_artisan_product(vendor, title, price=price, stock=1000)
    order = place_order((product, quantity), user=user)
    return order.vendor_orders.get(vendor=vendor)


def tr(message, **params):
    """``message`` (a string, or a lazy label such as a choice's) as the site
    says it (its default language), interpolated."""
    with translation.override(settings.LANGUAGE_CODE):
        text = str(message) if isinstance(message, Promise) else gettext(message)
        # Amounts as the site writes them (7,50 in French).
        params = {key: localize(value) for key, value in params.items()}
        return text % params if params else text


def messages_of(response):
    """The texts of the messages a page shows."""
    return [str(message) for message in response.context["messages"]]


def stock_of(vendor_order):
    """(in stock, allocated) of the stock record of the part's first line."""
    line = vendor_order.lines.order_by("pk").first()
    record = StockRecord._default_manager.get(pk=line.stockrecord_id)
    return record.num_in_stock, record.num_allocated


def workshop_part(vendor, user=None, slot_starts_at=None, quantity=1):
    """A part collected at ``vendor``'s workshop, booked in a slot starting at
    ``slot_starts_at``: by default now, so that it is handed over today (the
    back office hands over at the current time)."""
    workshop = PickupPointFactory(kind=PickupPointKind.WORKSHOP, vendor=vendor)
    serving(vendor, workshop)
    vendor_order = vendor_order_for(vendor, user=user, quantity=quantity)
    # What the checkout freezes for a workshop pickup.
    vendor_order.fulfilment_method = FulfilmentMethod.WORKSHOP_PICKUP
    vendor_order.save(update_fields=["fulfilment_method"])
    starts_at = (slot_starts_at or timezone.now()).replace(second=0, microsecond=0)
    slot = SlotFactory(
        point=workshop, starts_at=starts_at, ends_at=starts_at + timedelta(hours=1)
    )
    confirm_reservation(slot, vendor, vendor_order, now=starts_at - timedelta(days=1))
    return vendor_order


def point_part(vendor, user=None):
    """A part collected at a drive point, in a slot two days ahead."""
    drive = PickupPointFactory()
    serving(vendor, drive)
    vendor_order = vendor_order_for(vendor, user=user)
    vendor_order.fulfilment_method = FulfilmentMethod.POINT_PICKUP
    vendor_order.save(update_fields=["fulfilment_method"])
    confirm_reservation(SlotFactory(point=drive), vendor, vendor_order)
    return vendor_order
