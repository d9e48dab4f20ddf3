"""What a product tile shows beyond the product itself: its promotion.

::

    {% load tiles %}
    {% tile_promotion product as promotion %}
    {% if promotion %}-{{ promotion.percent }} %{% endif %}

The site's open percentage offers (the artisans' shop promotions, the
chamber's and territories' campaigns) are read once per request, with the
products each covers, so a list of tiles asks the same queries however many
tiles it has. Voucher offers need a code and are not shown on tiles.
"""

from dataclasses import dataclass

from django import template
from oscar.core.loading import get_model

register = template.Library()

ConditionalOffer = get_model("offer", "ConditionalOffer")
Benefit = get_model("offer", "Benefit")

# Beyond this many open site offers, the tiles show the first ones only.
MAX_OFFERS_ON_TILES = 20


@dataclass(frozen=True)
class TilePromotion:
    name: str
    percent: int
    product_ids: frozenset


def site_promotions():
    """Open percentage site offers with the ids of the products they cover,
    best rate first."""
    offers = (
        ConditionalOffer.active.filter(
            offer_type=ConditionalOffer.SITE,
            benefit__type=Benefit.PERCENTAGE,
            benefit__range__isnull=False,
        )
        .select_related("benefit__range")
        .order_by("-benefit__value", "pk")[:MAX_OFFERS_ON_TILES]
    )
    return [
        TilePromotion(
            name=offer.name,
            percent=int(offer.benefit.value or 0),
            product_ids=frozenset(
                offer.benefit.range.all_products().values_list("id", flat=True)
            ),
        )
        for offer in offers
        if offer.benefit.value
    ]


@register.simple_tag(takes_context=True)
def tile_promotion(context, product):
    """The best promotion discounting ``product``, or None."""
    request = context.get("request")
    promotions = getattr(request, "_tile_promotions", None)
    if promotions is None:
        promotions = site_promotions()
        if request is not None:
            request._tile_promotions = promotions
    for promotion in promotions:
        if product.pk in promotion.product_ids:
            return promotion
    return None
