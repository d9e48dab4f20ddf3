"""Scenes for the personal data tests: a person with something of everything
the marketplace records about a customer, and a search of the whole database
for what would identify them."""

from dataclasses import dataclass, field

from django.apps import apps
from django.db import models
from django.db.models import Q, TextField
from django.db.models.functions import Cast
from oscar.core.loading import get_model
from oscar.test.factories import ProductReviewFactory, ShippingAddressFactory

from shop.apps.payment.models import PaymentIntentRecord, StripeEvent
from tests.factories import UserFactory, create_artisan_product, place_order
from tests.factories.orders import bring_to
from vendors.models import VendorOrderStatus

UserAddress = get_model("address", "UserAddress")
Country = get_model("address", "Country")
Basket = get_model("basket", "Basket")
WishList = get_model("wishlists", "WishList")
ProductAlert = get_model("customer", "ProductAlert")
Notification = get_model("communication", "Notification")
OrderNote = get_model("order", "OrderNote")


@dataclass
class Customer:
    """A customer and the words that identify them."""

    user: object
    words: list
    orders: list = field(default_factory=list)


def customer_with_history(first_name, last_name, street, vendor, phone):
    """An account with an address book, an order delivered by ``vendor`` (and
    its Stripe payment), a review, a wish list, a basket, an alert and a
    notification, all carrying the person's name or e-mail."""
    email = f"{first_name.lower()}.{last_name.lower()}@example.fr"
    user = UserFactory(email=email, first_name=first_name, last_name=last_name)
    country, _ = Country._default_manager.get_or_create(
        iso_3166_1_a2="FR",
        defaults={
            "name": "France",
            "printable_name": "France",
            "is_shipping_country": True,
        },
    )
    UserAddress._default_manager.create(
        user=user,
        first_name=first_name,
        last_name=last_name,
        line1=street,
        line4="Arles",
        postcode="13200",
        country=country,
        phone_number=phone,
    )
    product = create_artisan_product(vendor, title=f"Savon pour {first_name}")
    order = place_order(
        (product, 1),
        user=user,
        shipping_address=ShippingAddressFactory(
            first_name=first_name,
            last_name=last_name,
            line1=street,
            line4="Arles",
            postcode="13200",
            phone_number=phone,
            notes=f"Sonner chez {last_name}",
        ),
    )
    for part in order.vendor_orders.all():
        bring_to(part, VendorOrderStatus.COMPLETED)
    OrderNote._default_manager.create(
        order=order, message=f"{first_name} {last_name} a appelé pour sa livraison."
    )
    intent = PaymentIntentRecord.objects.create(
        order=order,
        intent_id=f"pi_{order.number}",
        amount_cents=int(order.total_incl_tax * 100),
        currency="eur",
        status="succeeded",
        latest_charge_id=f"ch_{order.number}",
    )
    StripeEvent.objects.create(
        event_id=f"evt_{order.number}",
        type="payment_intent.succeeded",
        object_id=intent.intent_id,
        created=order.date_placed,
        payload={
            "data": {
                "object": {
                    "id": intent.intent_id,
                    "receipt_email": email,
                    "amount": intent.amount_cents,
                    "charges": {
                        "data": [
                            {
                                "id": intent.latest_charge_id,
                                "billing_details": {
                                    "name": f"{first_name} {last_name}"
                                },
                            }
                        ]
                    },
                }
            }
        },
    )
    ProductReviewFactory(
        product=product, user=user, title="Superbe", body=f"Signé {last_name}"
    )
    WishList._default_manager.create(owner=user, name=f"Idées de {first_name}")
    basket = Basket._default_manager.create(owner=user)
    basket.lines.create(
        product=product,
        stockrecord=product.stockrecords.first(),
        line_reference=f"{product.pk}_{last_name}",
        quantity=2,
        price_incl_tax=product.stockrecords.first().price,
        price_currency="EUR",
    )
    ProductAlert._default_manager.create(user=user, product=product)
    Notification._default_manager.create(
        recipient=user, subject=f"Bonjour {first_name}", body="Votre colis est parti."
    )
    return Customer(
        user=user,
        words=[email, last_name, street, phone.replace(" ", "")[-9:]],
        orders=[order],
    )


def _text_fields(model):
    for model_field in model._meta.concrete_fields:
        if isinstance(model_field, (models.CharField, models.TextField)):
            yield model_field.name, False
        elif isinstance(model_field, models.JSONField):
            yield model_field.name, True


def rows_mentioning(word):
    """``["app.Model.field (n rows)"]`` wherever ``word`` is stored, in any
    text or JSON column of any table of the project's models."""
    found = []
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        queryset = model._base_manager.all()
        for name, is_json in _text_fields(model):
            if is_json:
                matches = queryset.annotate(_as_text=Cast(name, TextField())).filter(
                    _as_text__icontains=word
                )
            else:
                matches = queryset.filter(Q(**{f"{name}__icontains": word}))
            count = matches.count()
            if count:
                found.append(f"{model._meta.label}.{name} ({count} rows)")
    return found
