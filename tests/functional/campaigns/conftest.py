"""Campaign and portrait pages under a home page, with artisans in two
départements."""

import datetime
from decimal import Decimal as D

import pytest

from cms.campaigns.models import (
    CampaignArtisan,
    CampaignIndexPage,
    CampaignPage,
    CampaignProduct,
    PortraitIndexPage,
)
from cms.setup import ensure_home_page
from tests.factories import VendorFactory
from tests.factories.geo import CommuneFactory, DepartementFactory, EpciFactory


@pytest.fixture
def home():
    return ensure_home_page()


@pytest.fixture
def towns():
    var = DepartementFactory(code="83", name="Var")
    metropole = EpciFactory()
    marseille = CommuneFactory(insee="13055", name="Marseille", epci=metropole)
    return {
        "aubagne": CommuneFactory(insee="13005", name="Aubagne", epci=metropole),
        "marseille": marseille,
        "sixth": CommuneFactory(
            insee="13206",
            name="Marseille 6e Arrondissement",
            parent=marseille,
            epci=None,
        ),
        "toulon": CommuneFactory(insee="83137", name="Toulon", departement=var),
        "cassis": CommuneFactory(insee="13022", name="Cassis", epci=metropole),
    }


def artisan(name, town, **fields):
    return VendorFactory(
        partner__name=name,
        town=town,
        commune=town.name,
        latitude=D("43.29"),
        longitude=D("5.57"),
        **fields,
    )


@pytest.fixture
def campaign_index(home):
    return home.add_child(
        instance=CampaignIndexPage(title="Campagnes", slug="campagnes")
    )


def make_campaign(index, vendors=(), products=(), **fields):
    """A live campaign under ``index`` choosing ``vendors`` and ``products``
    in that order."""
    fields.setdefault("title", "Mon artisan enchante le quotidien")
    fields.setdefault("slug", "mon-artisan-enchante-le-quotidien")
    fields.setdefault("starts_on", datetime.date.today() - datetime.timedelta(days=3))
    page = CampaignPage(**fields)
    page.chosen_artisans = [
        CampaignArtisan(vendor=vendor, note=f"Choisi : {vendor.name}")
        for vendor in vendors
    ]
    page.chosen_products = [CampaignProduct(product=p) for p in products]
    index.add_child(instance=page)
    return page


@pytest.fixture
def portrait_index(home):
    return home.add_child(
        instance=PortraitIndexPage(title="Portraits", slug="portraits")
    )
