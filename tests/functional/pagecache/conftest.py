"""The page cache turned on (tests run without it), and a shop's product."""

import pytest
from wagtail.models import Site

from cms.models import LegalSettings
from tests.factories import VendorFactory, create_artisan_product


@pytest.fixture(autouse=True)
def page_cache(settings, db):
    settings.PAGE_CACHE_SECONDS = 300
    settings.SEARCH_BACKEND = "database"
    # The footer's settings exist, as on any site that served a page: their
    # first reading creates them (a change, which starts a new generation).
    # (A transactional test's database has no site until one is made.)
    site = Site.objects.filter(is_default_site=True).first()
    if site is not None:
        LegalSettings.load(request_or_site=site)


@pytest.fixture
def shop(db):
    return VendorFactory(partner__name="Savonnerie du Vallon", commune="Marseille")


@pytest.fixture
def soap(shop):
    return create_artisan_product(shop, "Savon à la lavande", price="7.50", stock=4)
