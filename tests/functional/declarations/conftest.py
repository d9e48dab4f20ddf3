"""The savonnerie and its year of sales, for the figures the law asks of the
platform (scenes in ``scenes.py``)."""

import pytest

from tests.factories import create_artisan_product
from tests.factories.orders import step
from vendors.models import PartAction

from .scenes import artisan, local, refund, sell_at_workshop, sell_online


@pytest.fixture
def savonnerie(settings):
    settings.MARKETPLACE_COMMISSION_RATE = "0.10"
    vendor = artisan(
        "Savonnerie Marius",
        legal_name="Marius Fabre",
        legal_form="ei",
        siret="73282932000074",
        address="12 cours Carnot",
        postcode="13300",
        commune="Salon-de-Provence",
        email="atelier@savonnerie.example",
    )
    vendor.soap = create_artisan_product(vendor, "Savon", price="7.50", stock=100)
    return vendor


@pytest.fixture
def year_of_sales(savonnerie):
    """The savonnerie's 2025: online sales in Q1 and Q3, a workshop sale in Q2,
    a partial refund in Q3, a sale refunded in full, a refused part, and sales
    of the year before and after."""
    soap = savonnerie.soap
    parts = {
        "q1_online": sell_online(soap, 2, local(2025, 1, 15)),  # 15.00
        "q2_workshop": sell_at_workshop(savonnerie, soap, 4, local(2025, 5, 2)),  # 30
        "q3_online": sell_online(soap, 1, local(2025, 9, 30, 20)),  # 7.50
        "q3_refunded": sell_online(soap, 3, local(2025, 8, 1)),  # 22.50, refunded
        "before": sell_online(soap, 1, local(2024, 12, 31, 22)),
        "after": sell_online(soap, 1, local(2026, 1, 1, 0)),
    }
    refund(parts["q3_online"], 250)  # 2.50 of the 7.50 back
    refund(parts["q3_refunded"], 2250)
    refused = sell_online(soap, 2, local(2025, 3, 1))
    step(refused, PartAction.REFUSE, reason="Rupture de stock")
    parts["refused"] = refused
    return parts
