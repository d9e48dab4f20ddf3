"""A small regional catalogue, and the search backends that answer over it.

Every behaviour test runs once per backend: ``database`` on the test database
(SQLite, or PostgreSQL with ``DATABASE_URL``) and ``elasticsearch`` on the real
node at ``ELASTICSEARCH_URL`` (skipped without it, which fails under CI=true).
"""

import uuid
from dataclasses import dataclass
from decimal import Decimal as D

import pytest
from oscar.apps.catalogue.categories import create_from_breadcrumbs
from oscar.core.loading import get_model

from delivery.models import PickupPointKind
from search.backends import get_search_backend
from search.backends.base import GeoPoint
from tests.factories import VendorFactory, create_artisan_product
from tests.factories.delivery import PickupPointFactory, serving

ProductCategory = get_model("catalogue", "ProductCategory")

MARSEILLE = GeoPoint(43.2965, 5.3698)


@dataclass
class Catalogue:
    vendors: dict
    products: dict
    categories: dict

    def ids(self, *names):
        return {self.products[name].pk for name in names}


def located(name, metier, commune, lat, lon, labels, **extra):
    vendor = VendorFactory(
        partner__name=name,
        metier=metier,
        commune=commune,
        latitude=D(lat),
        longitude=D(lon),
        labels=labels,
        **extra,
    )
    return vendor


def product(vendor, title, price, category, stock=10, description=""):
    item = create_artisan_product(vendor, title=title, price=price, stock=stock)
    if description:
        item.description = description
        item.save()
    ProductCategory.objects.create(product=item, category=category)
    return item


@pytest.fixture
def catalogue(db):
    categories = {
        "savons": create_from_breadcrumbs("Beauté > Savons"),
        "santons": create_from_breadcrumbs("Traditions > Santons"),
        "coffrets": create_from_breadcrumbs("Idées cadeaux > Coffrets"),
        "faiences": create_from_breadcrumbs("Maison > Faïences"),
    }
    savonnerie = located(
        "Savonnerie du Vieux Port",
        "Savonnier",
        "Marseille",
        "43.296500",
        "5.369800",
        ["fait_main", "produit_en_provence"],
    )
    serving(savonnerie, PickupPointFactory(kind=PickupPointKind.DRIVE))
    santonnier = located(
        "Santons Ferrari",
        "Santonnier",
        "Aubagne",
        "43.292700",
        "5.570800",
        ["artisan_art"],
    )
    fulfilment = serving(
        santonnier,
        PickupPointFactory(
            kind=PickupPointKind.WORKSHOP,
            vendor=santonnier,
            commune="Aubagne",
            slug="atelier-ferrari",
        ),
    )
    fulfilment.delivers = False
    fulfilment.save()
    potier = located(
        "Atelier de la Faïence",
        "Potier",
        "Moustiers-Sainte-Marie",
        "43.846600",
        "6.221400",
        ["maitre_artisan"],
    )
    serving(
        potier,
        PickupPointFactory(kind=PickupPointKind.RELAY, slug="relais-moustiers"),
    )
    suspended = located(
        "Savonnerie fermée",
        "Savonnier",
        "Marseille",
        "43.3",
        "5.37",
        [],
        status="suspended",
    )
    resting = located(
        "Savonnerie en congés",
        "Savonnier",
        "Marseille",
        "43.3",
        "5.37",
        [],
        vacation_mode=True,
    )
    c = categories
    products = {
        "savon_marseille": product(
            savonnerie, "Savon de Marseille à l'huile d'olive", "6.50", c["savons"]
        ),
        "savon_anesse": product(
            savonnerie, "Savon au lait d'ânesse", "8.00", c["savons"], stock=0
        ),
        "coffret_savons": product(
            savonnerie, "Coffret cadeau de savons", "29.00", c["coffrets"]
        ),
        "santon_berger": product(santonnier, "Santon du berger", "18.00", c["santons"]),
        "creche": product(santonnier, "Crèche de santons", "120.00", c["santons"]),
        "coffret_santons": product(
            santonnier, "Coffret cadeau santons", "45.00", c["coffrets"]
        ),
        "assiette": product(
            potier,
            "Poteries de Moustiers, assiette",
            "35.00",
            c["faiences"],
            description="Assiette peinte à la main, émail stannifère.",
        ),
        "bol_cafe": product(
            potier,
            "Bol à café",
            "22.00",
            c["faiences"],
            description="Assorti à notre assiette de Moustiers.",
        ),
        "savon_suspendu": product(suspended, "Savon interdit", "5.00", c["savons"]),
        "savon_conges": product(resting, "Savon en congés", "5.00", c["savons"]),
    }
    hidden = product(savonnerie, "Savon caché", "5.00", c["savons"])
    hidden.is_public = False
    hidden.save()
    products["savon_cache"] = hidden
    return Catalogue(
        vendors={
            "savonnerie": savonnerie,
            "santonnier": santonnier,
            "potier": potier,
            "suspended": suspended,
            "resting": resting,
        },
        products=products,
        categories=categories,
    )


@pytest.fixture(
    params=[
        "database",
        pytest.param("elasticsearch", marks=pytest.mark.service("elasticsearch")),
    ]
)
def backend_name(request, settings):
    """The backend under test, configured as the site's search backend."""
    settings.SEARCH_BACKEND = request.param
    if request.param == "elasticsearch":
        settings.ELASTICSEARCH_URL = request.getfixturevalue("elasticsearch_url")
        settings.ELASTICSEARCH_INDEX_PREFIX = f"test-{uuid.uuid4().hex[:12]}"
    yield request.param
    if request.param == "elasticsearch":
        get_search_backend("elasticsearch").delete_indices()


@pytest.fixture
def index(backend_name):
    """Bring the backend's index in line with the database (a no-op on it)."""

    def reindex():
        backend = get_search_backend(backend_name)
        if hasattr(backend, "rebuild"):
            backend.rebuild()
        backend.refresh()
        return backend

    return reindex


@pytest.fixture
def backend(catalogue, index):
    """The backend under test, its index built from ``catalogue``."""
    return index()
