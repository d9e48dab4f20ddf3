"""Checkout scenes: a consumer with a basket and choices, ready to place it."""

from types import SimpleNamespace

from django.test import Client
from django.urls import reverse
from oscar.core.loading import get_class, get_model

from delivery.checkout import stored_choice
from tests.factories import UserFactory
from vendors.models import FulfilmentMethod

Basket = get_model("basket", "Basket")
ArtisanFulfilment = get_class("shipping.methods", "ArtisanFulfilment")
CheckoutSessionData = get_class("checkout.utils", "CheckoutSessionData")


def consumer_at_the_preview(email, product, vendor, slot, quantity=1):
    """A signed-in consumer (a test ``Client``) with ``quantity`` of
    ``product`` in their basket and ``slot`` chosen for ``vendor``'s part,
    without a hold (as after an expired one), ready to place the order."""
    client = Client()
    client.force_login(UserFactory(email=email))
    response = client.post(
        reverse("basket:add", args=[product.pk]), {"quantity": quantity}
    )
    assert response.status_code == 302
    basket = Basket.objects.get(owner__email=email, status="Open")
    session = client.session
    checkout = CheckoutSessionData(SimpleNamespace(session=session))
    checkout.set_fulfilment(
        {
            vendor.pk: stored_choice(
                vendor, FulfilmentMethod.POINT_PICKUP, point=slot.point, slot=slot
            )
        },
        basket,
    )
    checkout.use_shipping_method(ArtisanFulfilment.code)
    session.save()
    return client
