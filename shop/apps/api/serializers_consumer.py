"""What the customer's API answers and accepts: orders, basket, checkout.

The views build plain dicts (see ``shop.apps.api.consumer``); these
serializers say their shape, for the answers and for the published schema.
Amounts are decimal strings with 2 places, TTC, as the site shows them.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from vendors.models import FulfilmentMethod

MONEY = {"max_digits": 12, "decimal_places": 2}


class MeArtisanSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()


class MePointSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    address = serializers.CharField()
    postcode = serializers.CharField()
    commune = serializers.CharField()
    is_workshop = serializers.BooleanField()


class MeSlotSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()


class MeFreeSlotSerializer(MeSlotSerializer):
    remaining = serializers.IntegerField(help_text=_("Places still free."))


class MePickupSerializer(serializers.Serializer):
    point = MePointSerializer()
    slot = MeSlotSerializer()
    code = serializers.CharField(
        allow_blank=True,
        help_text=_(
            "The pickup code to show at collection (its QR code holds the "
            "same text); empty once collected, returned or cancelled."
        ),
    )


class MeFulfilmentSerializer(serializers.Serializer):
    method = serializers.ChoiceField(choices=FulfilmentMethod.choices)
    label = serializers.CharField()
    cost = serializers.DecimalField(**MONEY)


class MeOrderLineSerializer(serializers.Serializer):
    product = serializers.IntegerField(allow_null=True)
    title = serializers.CharField()
    quantity = serializers.IntegerField()
    unit_price_incl_tax = serializers.DecimalField(**MONEY)
    line_price_incl_tax = serializers.DecimalField(**MONEY)


class MeOrderPartSerializer(serializers.Serializer):
    number = serializers.CharField()
    artisan = MeArtisanSerializer()
    status = serializers.CharField()
    status_label = serializers.CharField()
    fulfilment = MeFulfilmentSerializer()
    subtotal_incl_tax = serializers.DecimalField(**MONEY)
    total_incl_tax = serializers.DecimalField(**MONEY)
    amount_to_collect = serializers.DecimalField(
        allow_null=True,
        help_text=_("What is still to pay at the pickup, if paid there."),
        **MONEY,
    )
    pickup = MePickupSerializer(allow_null=True)
    carrier = serializers.CharField(allow_blank=True)
    tracking_number = serializers.CharField(allow_blank=True)


class MeOrderPartWithLinesSerializer(MeOrderPartSerializer):
    lines = MeOrderLineSerializer(many=True)


class MeOrderSerializer(serializers.Serializer):
    number = serializers.CharField()
    status = serializers.CharField()
    status_label = serializers.CharField()
    placed_at = serializers.DateTimeField()
    currency = serializers.CharField()
    total_incl_tax = serializers.DecimalField(**MONEY)
    parts = MeOrderPartSerializer(many=True)


class MeOrderDetailSerializer(MeOrderSerializer):
    basket_total_incl_tax = serializers.DecimalField(**MONEY)
    shipping_incl_tax = serializers.DecimalField(**MONEY)
    parts = MeOrderPartWithLinesSerializer(many=True)


# Basket
# ------


class MeBasketLineSerializer(serializers.Serializer):
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


class MeBasketPartSerializer(serializers.Serializer):
    artisan = MeArtisanSerializer()
    subtotal_incl_tax = serializers.DecimalField(**MONEY)
    lines = MeBasketLineSerializer(many=True)


class MeDiscountSerializer(serializers.Serializer):
    name = serializers.CharField()
    amount = serializers.DecimalField(**MONEY)


class MeBasketSerializer(serializers.Serializer):
    id = serializers.IntegerField(allow_null=True)
    currency = serializers.CharField()
    num_items = serializers.IntegerField()
    total_incl_tax_excl_discounts = serializers.DecimalField(**MONEY)
    discounts = MeDiscountSerializer(many=True)
    total_incl_tax = serializers.DecimalField(
        help_text=_("With offers, before delivery costs."), **MONEY
    )
    parts = MeBasketPartSerializer(many=True)


class MeAddLineSerializer(serializers.Serializer):
    product = serializers.IntegerField(min_value=1)
    quantity = serializers.IntegerField(min_value=1, default=1)


class MeChangeLineSerializer(serializers.Serializer):
    quantity = serializers.IntegerField(min_value=0)


# Checkout
# --------


class MePickupOptionSerializer(serializers.Serializer):
    method = serializers.ChoiceField(choices=FulfilmentMethod.choices)
    label = serializers.CharField()
    point = MePointSerializer()
    slots = MeFreeSlotSerializer(many=True)


class MeFulfilmentOptionsSerializer(serializers.Serializer):
    artisan = MeArtisanSerializer()
    subtotal_incl_tax = serializers.DecimalField(**MONEY)
    accepts_pay_at_pickup = serializers.BooleanField()
    delivery_cost = serializers.DecimalField(
        allow_null=True,
        help_text=_("Null: home delivery is not offered (never with pay at pickup)."),
        **MONEY,
    )
    pickups = MePickupOptionSerializer(many=True)


class MeCheckoutOptionsSerializer(serializers.Serializer):
    payments = serializers.ListField(child=serializers.CharField())
    parts = MeFulfilmentOptionsSerializer(many=True)


PICKUPS = (FulfilmentMethod.WORKSHOP_PICKUP, FulfilmentMethod.POINT_PICKUP)


class MeChoiceSerializer(serializers.Serializer):
    method = serializers.CharField(
        help_text=_("“workshop_pickup” or “point_pickup”, as the options offer.")
    )
    point = serializers.IntegerField(min_value=1)
    slot = serializers.IntegerField(min_value=1)

    def validate_method(self, value):
        if value not in PICKUPS:
            raise serializers.ValidationError(
                _("Please choose a pickup: “workshop_pickup” or “point_pickup”.")
            )
        return value


class MeCheckoutSerializer(serializers.Serializer):
    fulfilment = serializers.DictField(
        child=MeChoiceSerializer(),
        help_text=_("One pickup choice per artisan of the basket, by artisan slug."),
    )
    payment = serializers.ChoiceField(choices=["pay_at_pickup"])
