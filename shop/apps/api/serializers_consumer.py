"""What the customer's API answers and accepts: orders, basket, checkout.

The views build plain dicts (see ``shop.apps.api.consumer``); these
serializers say their shape, for the answers and for the published schema.
Amounts are decimal strings with 2 places, TTC, as the site shows them.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from vendors.models import FulfilmentMethod

MONEY = {"max_digits": 12, "decimal_places": 2}


class ArtisanSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()


class PointSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    address = serializers.CharField()
    postcode = serializers.CharField()
    commune = serializers.CharField()
    is_workshop = serializers.BooleanField()


class SlotSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()


class FreeSlotSerializer(SlotSerializer):
    remaining = serializers.IntegerField(help_text=_("Places still free."))


class PickupSerializer(serializers.Serializer):
    point = PointSerializer()
    slot = SlotSerializer()
    code = serializers.CharField(
        allow_blank=True,
        help_text=_(
            "The pickup code to show at collection (its QR code holds the "
            "same text); empty once collected, returned or cancelled."
        ),
    )


class FulfilmentSerializer(serializers.Serializer):
    method = serializers.ChoiceField(choices=FulfilmentMethod.choices)
    label = serializers.CharField()
    cost = serializers.DecimalField(**MONEY)


class OrderLineSerializer(serializers.Serializer):
    product = serializers.IntegerField(allow_null=True)
    title = serializers.CharField()
    quantity = serializers.IntegerField()
    unit_price_incl_tax = serializers.DecimalField(**MONEY)
    line_price_incl_tax = serializers.DecimalField(**MONEY)


class OrderPartSerializer(serializers.Serializer):
    number = serializers.CharField()
    artisan = ArtisanSerializer()
    status = serializers.CharField()
    status_label = serializers.CharField()
    fulfilment = FulfilmentSerializer()
    subtotal_incl_tax = serializers.DecimalField(**MONEY)
    total_incl_tax = serializers.DecimalField(**MONEY)
    amount_to_collect = serializers.DecimalField(
        allow_null=True,
        help_text=_("What is still to pay at the pickup, if paid there."),
        **MONEY,
    )
    pickup = PickupSerializer(allow_null=True)
    carrier = serializers.CharField(allow_blank=True)
    tracking_number = serializers.CharField(allow_blank=True)


class OrderPartWithLinesSerializer(OrderPartSerializer):
    lines = OrderLineSerializer(many=True)


class OrderSerializer(serializers.Serializer):
    number = serializers.CharField()
    status = serializers.CharField()
    status_label = serializers.CharField()
    placed_at = serializers.DateTimeField()
    currency = serializers.CharField()
    total_incl_tax = serializers.DecimalField(**MONEY)
    parts = OrderPartSerializer(many=True)


class OrderDetailSerializer(OrderSerializer):
    basket_total_incl_tax = serializers.DecimalField(**MONEY)
    shipping_incl_tax = serializers.DecimalField(**MONEY)
    parts = OrderPartWithLinesSerializer(many=True)


# Basket
# ------


class BasketLineSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    product = serializers.IntegerField()
    title = serializers.CharField()
    quantity = serializers.IntegerField()
    unit_price_incl_tax = serializers.DecimalField(allow_null=True, **MONEY)
    line_price_incl_tax = serializers.DecimalField(
        allow_null=True,
        help_text=_("With the offers applied to this line."),
        **MONEY,
    )
    available = serializers.BooleanField()
    availability = serializers.CharField()


class BasketPartSerializer(serializers.Serializer):
    artisan = ArtisanSerializer()
    subtotal_incl_tax = serializers.DecimalField(**MONEY)
    lines = BasketLineSerializer(many=True)


class DiscountSerializer(serializers.Serializer):
    name = serializers.CharField()
    amount = serializers.DecimalField(**MONEY)


class BasketSerializer(serializers.Serializer):
    id = serializers.IntegerField(allow_null=True)
    currency = serializers.CharField()
    num_items = serializers.IntegerField()
    total_incl_tax_excl_discounts = serializers.DecimalField(**MONEY)
    discounts = DiscountSerializer(many=True)
    total_incl_tax = serializers.DecimalField(
        help_text=_("With offers, before delivery costs."), **MONEY
    )
    parts = BasketPartSerializer(many=True)


class AddLineSerializer(serializers.Serializer):
    product = serializers.IntegerField(min_value=1)
    quantity = serializers.IntegerField(min_value=1, default=1)


class ChangeLineSerializer(serializers.Serializer):
    quantity = serializers.IntegerField(min_value=0)


# Checkout
# --------


class PickupOptionSerializer(serializers.Serializer):
    method = serializers.ChoiceField(choices=FulfilmentMethod.choices)
    label = serializers.CharField()
    point = PointSerializer()
    slots = FreeSlotSerializer(many=True)


class FulfilmentOptionsSerializer(serializers.Serializer):
    artisan = ArtisanSerializer()
    subtotal_incl_tax = serializers.DecimalField(**MONEY)
    accepts_pay_at_pickup = serializers.BooleanField()
    delivery_cost = serializers.DecimalField(
        allow_null=True,
        help_text=_("Null: home delivery is not offered (never with pay at pickup)."),
        **MONEY,
    )
    pickups = PickupOptionSerializer(many=True)


class CheckoutOptionsSerializer(serializers.Serializer):
    payments = serializers.ListField(child=serializers.CharField())
    parts = FulfilmentOptionsSerializer(many=True)


class ChoiceSerializer(serializers.Serializer):
    method = serializers.ChoiceField(
        choices=[
            FulfilmentMethod.WORKSHOP_PICKUP.value,
            FulfilmentMethod.POINT_PICKUP.value,
        ]
    )
    point = serializers.IntegerField(min_value=1)
    slot = serializers.IntegerField(min_value=1)


class CheckoutSerializer(serializers.Serializer):
    fulfilment = serializers.DictField(
        child=ChoiceSerializer(),
        help_text=_("One pickup choice per artisan of the basket, by artisan slug."),
    )
    payment = serializers.ChoiceField(choices=["pay_at_pickup"])
