"""Factories for the marketplace's tests, on top of Oscar's own."""

from decimal import Decimal as D

import factory
from django.contrib.auth import get_user_model
from django.utils.text import slugify
from oscar.apps.offer.applicator import Applicator
from oscar.core.loading import get_model
from oscar.test import factories as oscar_factories

from shop.apps.partner.strategy import ArtisanStrategy
from vendors.models import Vendor

Basket = get_model("basket", "Basket")
User = get_user_model()
DEFAULT_PASSWORD = "s3cret-passw0rd"


class UserFactory(factory.django.DjangoModelFactory):
    """An account that signs in with its e-mail address."""

    email = factory.Sequence(lambda n: f"client{n}@example.fr")
    username = factory.LazyAttribute(lambda o: o.email)
    first_name = "Camille"
    last_name = "Martin"
    password = factory.PostGenerationMethodCall("set_password", DEFAULT_PASSWORD)

    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class StaffUserFactory(UserFactory):
    is_staff = True


class VendorFactory(factory.django.DjangoModelFactory):
    """An artisan's shop with its Oscar partner."""

    partner = factory.SubFactory(
        oscar_factories.PartnerFactory,
        name=factory.Sequence(lambda n: f"Atelier {n}"),
    )
    slug = factory.LazyAttribute(lambda o: slugify(o.partner.name))
    metier = "Savonnier"
    commune = "Salon-de-Provence"
    description = "Savons saponifiés à froid."

    class Meta:
        model = Vendor


def create_artisan_product(
    vendor=None, title="Savon au lavande", price="7.50", stock=10
):
    """A public product sold by ``vendor`` at a TTC ``price`` with ``stock`` units."""
    vendor = vendor or VendorFactory()
    product = oscar_factories.create_product(
        title=title,
        product_class="Artisanat",
        partner_name=vendor.partner.name,
        price=D(price),
        num_in_stock=stock,
    )
    return product


def priced_basket(*items):
    """A basket priced by the marketplace's strategy holding (product, qty) items."""
    basket = Basket.objects.create()
    basket.strategy = ArtisanStrategy()
    for product, quantity in items:
        basket.add_product(product, quantity)
    return basket


def place_basket(basket, user=None, shipping_address=None, shipping_method=None):
    """Place ``basket`` through our order creator, offers applied: the order
    comes back split into one vendor order per artisan."""
    Applicator().apply(basket, user)
    return oscar_factories.create_order(
        basket=basket,
        user=user,
        shipping_address=shipping_address,
        shipping_method=shipping_method,
    )


def place_order(*items, user=None, shipping_address=None, shipping_method=None):
    """Place an order of (product, qty) items; see ``place_basket``."""
    return place_basket(
        priced_basket(*items),
        user=user,
        shipping_address=shipping_address,
        shipping_method=shipping_method,
    )
