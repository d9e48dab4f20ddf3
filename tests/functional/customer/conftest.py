"""Two customers with a history in one shop, for the personal-data tests."""

import pytest

from tests.factories import VendorFactory
from tests.factories.privacy import customer_with_history


@pytest.fixture
def shop():
    return VendorFactory(partner__name="Savonnerie du Vallon")


@pytest.fixture
def ysaline(shop):
    return customer_with_history(
        "Ysaline", "Trouvadec", "14 impasse des Grillons", shop, "+33 6 12 34 56 78"
    )


@pytest.fixture
def bertrand(shop):
    return customer_with_history(
        "Bertrand", "Zolavien", "3 chemin des Cigales", shop, "+33 6 98 76 54 32"
    )
