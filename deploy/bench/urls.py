"""URLconf of ``make bench`` only: the shop's, plus stock Oscar's catalogue.

``deploy/bench/wsgi.py`` makes it the root URLconf of the bench's server;
production's is ``shop.urls``, which never includes this module.
"""

from django.urls import path

from shop.urls import handler403, handler404, handler500  # noqa: F401
from shop.urls import urlpatterns as shop_urlpatterns

from .stock_oscar import StockOscarCatalogueView

STOCK_OSCAR_CATALOGUE_PATH = "/__bench__/oscar/catalogue/"

urlpatterns = [
    path(
        STOCK_OSCAR_CATALOGUE_PATH.lstrip("/"),
        StockOscarCatalogueView.as_view(),
        name="bench-stock-oscar-catalogue",
    ),
    *shop_urlpatterns,
]
