"""Tests of the back office's overview, orders, shop settings and team.

Helpers shared by this package's modules: an artisan's account, and orders
placed through Oscar's order creator so that they are split by artisan.
"""

from oscar.core.loading import get_model
from oscar.test import factories as oscar_factories

from tests import factories
from tests.factories import UserFactory, create_artisan_product

Basket = get_model("basket", "Basket")


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
