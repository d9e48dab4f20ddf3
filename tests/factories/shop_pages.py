"""A shop to look at in a browser: a home page with its campaign, artisans
with a workshop and points, a categorised product with reviews, an order."""

import datetime
from decimal import Decimal as D

from django.utils import timezone
from oscar.apps.catalogue.categories import create_from_breadcrumbs
from oscar.core.loading import get_model
from oscar.test import factories as oscar_factories

from cms.setup import ensure_home_page
from delivery.models import PickupPointKind
from tests.factories import (
    UserFactory,
    VendorFactory,
    create_artisan_product,
    place_order,
)
from tests.factories.delivery import PickupPointFactory, SlotFactory, serving
from vendors.models import VatRegime, VendorLabel

ProductCategory = get_model("catalogue", "ProductCategory")
ProductReview = get_model("reviews", "ProductReview")


def shop_pages_scene():
    """``dict`` of what the pages show: ``product``, ``category``, ``vendor``,
    ``user`` (with an ``order``)."""
    home = ensure_home_page(introduction="Les e-boutiques des artisans de Provence.")
    home.body = [
        (
            "call_to_action",
            {
                "title": "Mon artisan enchante le quotidien",
                "text": "Des créations faites à la main, près de chez vous.",
                "link_label": "Découvrir le catalogue",
                "link_url": "/boutique/catalogue/",
            },
        ),
        ("latest_products", {"title": "Nouveautés des ateliers", "count": 8}),
        ("heading", {"text": "Consommez local", "size": "h2"}),
    ]
    home.save_revision().publish()

    santons = VendorFactory(
        partner__name="Santons Magali Fabre",
        metier="Santonnier",
        commune="Aubagne",
        address="12 cours Foch",
        postcode="13400",
        latitude=D("43.292800"),
        longitude=D("5.570800"),
        opening_hours="Du mardi au samedi, 9 h - 18 h",
        description="Santons d'argile peints à la main.",
        story="<p>Santons d'argile peints à la main depuis 1985.</p>",
        labels=[VendorLabel.FAIT_MAIN],
    )
    savons = VendorFactory(
        partner__name="Savonnerie du Vieux Port",
        commune="Marseille",
        latitude=D("43.296500"),
        longitude=D("5.369800"),
        vat_regime=VatRegime.FRANCHISE,
    )
    workshop = PickupPointFactory(
        kind=PickupPointKind.WORKSHOP,
        vendor=santons,
        name="Atelier Fabre",
        slug="atelier-fabre",
        address="12 cours Foch",
        commune="Aubagne",
        latitude=D("43.292800"),
        longitude=D("5.570800"),
    )
    serving(santons, workshop)
    drive = PickupPointFactory(name="Drive de la Joliette", slug="drive-joliette")
    serving(santons, drive)
    start = (timezone.now() + datetime.timedelta(days=3)).replace(
        hour=17, minute=0, second=0, microsecond=0
    )
    for hours in range(3):
        SlotFactory(point=drive, starts_at=start + datetime.timedelta(hours=hours))
    SlotFactory(point=workshop, starts_at=start)

    category = create_from_breadcrumbs("Santons > Crèche")
    santon = create_artisan_product(santons, "Santon du berger", price="24.00")
    santon.description = "<p>Un berger et son agneau, argile de Provence.</p>"
    santon.save()
    ProductCategory.objects.create(product=santon, category=category)
    for title in ["Santon de la lavandière", "Santon du meunier"]:
        ProductCategory.objects.create(
            product=create_artisan_product(santons, title, price="18.00"),
            category=category,
        )
    soap = create_artisan_product(savons, "Savon à la lavande", price="4.80")
    oscar_factories.ProductReviewFactory(
        product=santon,
        score=5,
        title="Magnifique",
        body="Très finement peint.",
        name="Camille",
        email="camille@example.fr",
        status=ProductReview.APPROVED,
    )
    user = UserFactory(email="louise@example.fr", first_name="Louise")
    order = place_order((santon, 1), (soap, 2), user=user)
    return {
        "product": santon,
        "category": category,
        "vendor": santons,
        "user": user,
        "order": order,
    }
