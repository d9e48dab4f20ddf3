"""The demo's promotions load once, however often the loader runs."""

import pytest
from oscar.core.loading import get_model

from tests.factories import VendorFactory
from vendors.promotions.demo import load_demo_promotions
from vendors.promotions.models import FunderKind, OfferFunding

ConditionalOffer = get_model("offer", "ConditionalOffer")

pytestmark = pytest.mark.django_db


def test_demo_promotions_are_idempotent():
    VendorFactory()
    load_demo_promotions()
    load_demo_promotions()

    kinds = sorted(OfferFunding.objects.values_list("kind", flat=True))
    assert kinds == [FunderKind.ARTISAN, FunderKind.TERRITORY]
    assert ConditionalOffer.objects.count() == 2
