"""Demo promotions: a campaign the metropolis funds, and an artisan's own.

``load_demo_promotions()`` is idempotent; the demo loader calls it once the
demo shops and products exist.
"""

import datetime
from decimal import Decimal as D

from django.utils import timezone
from oscar.core.loading import get_model

from vendors.models import Vendor

from .actions import create_shop_promotion, save_funding
from .models import Funder, FunderKind

Benefit = get_model("offer", "Benefit")
Condition = get_model("offer", "Condition")
ConditionalOffer = get_model("offer", "ConditionalOffer")
Range = get_model("offer", "Range")

METROPOLE = "Métropole Aix-Marseille-Provence"
CAMPAIGN = "15 € offerts dès 30 € d'achat, avec la Métropole"


def territory_campaign(
    name=CAMPAIGN,
    funder_name=METROPOLE,
    threshold=D("30.00"),
    amount=D("15.00"),
    budget=D("1500.00"),
    per_customer_limit=1,
):
    """A site offer of ``amount`` off baskets of ``threshold`` or more, funded
    by a partner territory within ``budget``, once per customer."""
    funder, _created = Funder.objects.get_or_create(
        name=funder_name,
        defaults={
            "contact_name": "Direction du développement économique",
            "contact_email": "commerce-local@ampmetropole.example",
            "address": "BP 48014, 13567 Marseille Cedex 02",
        },
    )
    offer = ConditionalOffer.objects.filter(name=name).first()
    if offer is None:
        every_product, _created = Range.objects.get_or_create(
            name="Tous les produits", defaults={"includes_all_products": True}
        )
        offer = ConditionalOffer.objects.create(
            name=name,
            offer_type=ConditionalOffer.SITE,
            condition=Condition.objects.create(
                range=every_product, type=Condition.VALUE, value=threshold
            ),
            benefit=Benefit.objects.create(
                range=every_product, type=Benefit.FIXED, value=amount
            ),
            max_basket_applications=1,
        )
    save_funding(
        offer,
        kind=FunderKind.TERRITORY,
        funder=funder,
        budget=budget,
        limit=per_customer_limit,
    )
    return offer


def load_demo_promotions(now=None):
    """The Métropole's campaign, and 10 % off the first demo shop for a month."""
    now = now or timezone.now()
    offers = [territory_campaign()]
    vendor = Vendor.objects.filter(partner__users__email="artisan@demo.fr").first()
    if vendor is None:
        vendor = Vendor.objects.order_by("pk").first()
    if vendor is not None:
        name = "10 % sur tout l'atelier"
        existing = ConditionalOffer.objects.filter(
            funding__vendor=vendor, name__startswith=name
        ).first()
        offers.append(
            existing
            or create_shop_promotion(
                vendor,
                name=name,
                percent=D("10"),
                start=now,
                end=now + datetime.timedelta(days=30),
            )
        )
    return offers
