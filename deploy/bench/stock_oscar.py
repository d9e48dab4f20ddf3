"""Stock Oscar's catalogue page, for ``make bench`` only (``deploy/bench/urls.py``).

The shop's ``/boutique/catalogue/`` is our forked ``search`` app's view. The
bench measures it beside the catalogue Oscar 4.2 ships, on the same data and
server: ``oscar.apps.search.views.catalogue.CatalogueView``, imported
directly. (``oscar.apps.catalogue.views.CatalogueView`` is only
``get_class("search.views", "CatalogueView")``: in this project, our fork.)

What had to stand in for what Oscar expects, and nothing else:

- Oscar's catalogue is a django-haystack faceted search view, answered in
  production by Solr or Elasticsearch 7 through haystack; neither is part of
  this project (haystack is not even an installed app). ``OrmSearchBackend``
  answers the catalogue's one question in their place, the way an engine
  would: how many browsable products, and the primary keys of this page's
  (two SQL queries). It returns no facet counts, so the page draws no "Refine
  by" block (a real engine would add that work to Oscar's side). It is
  haystack's default connection in the bench's server. Each result then
  loads its product as Oscar's browse does with any engine: one by one,
  through Oscar's ``ProductIndex.read_queryset()`` (Oscar's form skips
  haystack's ``load_all`` when no words are typed).
- The view's form is Oscar's ``BrowseCategoryForm`` (the class name Oscar's
  module looks up through ``get_class`` is our fork's, which is no haystack
  form).
- Templates: Oscar's packaged ones (``oscar/templates/``), through a template
  engine of this view's own whose only directory is Oscar's: the page,
  ``oscar/layout.html`` and every ``{% include %}`` are Oscar's. One piece is
  ours: Oscar's ``{% render_product %}`` tag picks the product tile with
  Django's default engine, where our ``templates/oscar/catalogue/partials/
  product.html`` comes first, so the 24 tiles are drawn with our tile.
- None of our caching: the page cache (``shop.apps.core.pagecache``) keeps
  only the views it lists, and this is none of them; Oscar's templates hold
  no fragment cache of ours. The middleware (sessions, basket, headers) is
  the shop's, as for every page measured.
"""

import copy
from pathlib import Path

import oscar
from django.conf import settings
from django.template.backends.django import DjangoTemplates
from django.template.response import TemplateResponse
from haystack import connections
from haystack.backends import BaseEngine, BaseSearchBackend
from haystack.backends.simple_backend import SimpleSearchQuery
from haystack.constants import DEFAULT_ALIAS
from haystack.models import SearchResult
from haystack.utils.loading import UnifiedIndex
from oscar.apps.search.forms import BrowseCategoryForm
from oscar.apps.search.search_indexes import ProductIndex
from oscar.apps.search.views.catalogue import CatalogueView
from oscar.core.loading import get_model

Product = get_model("catalogue", "Product")

OSCAR_TEMPLATE_DIR = Path(oscar.__file__).resolve().parent / "templates"


class ProductOnlyIndex(UnifiedIndex):
    """Oscar's ``ProductIndex`` alone: haystack finds indexes in installed
    apps' ``search_indexes`` modules, and Oscar's is in ``oscar.apps.search``,
    which our fork replaces."""

    def collect_indexes(self):
        return [ProductIndex()]


class OrmSearchBackend(BaseSearchBackend):
    """Answers Oscar's browse query (every browsable product, a page of them)
    from the database, as a search engine would: a count and a page of keys."""

    def search(self, query_string, start_offset=0, end_offset=None, **kwargs):
        products = Product._default_manager.browsable()
        keys = products.order_by("-date_updated", "-pk").values_list("pk", flat=True)
        page = keys[start_offset:end_offset]
        return {
            "results": [
                SearchResult("catalogue", "product", pk, 1.0) for pk in list(page)
            ],
            "hits": products.count(),
            "facets": {},
            "spelling_suggestion": None,
        }

    def update(self, index, iterable, commit=True):
        raise NotImplementedError("the bench's backend indexes nothing")

    def remove(self, obj_or_string, commit=True):
        raise NotImplementedError("the bench's backend indexes nothing")

    def clear(self, models=None, commit=True):
        raise NotImplementedError("the bench's backend indexes nothing")


class OrmSearchEngine(BaseEngine):
    backend = OrmSearchBackend
    query = SimpleSearchQuery
    unified_index = ProductOnlyIndex


def register_haystack_connection():
    """Make the bench's engine haystack's default connection.

    The shop never searches through haystack (its ``HAYSTACK_CONNECTIONS``
    only lets Oscar's modules import), and Oscar's code reads the default
    connection in places a view cannot redirect: a search result loads its
    product through the default connection's index. Haystack reads its
    connections' settings lazily, from the dict it was given at import.
    """
    connections.connections_info[DEFAULT_ALIAS] = {
        "ENGINE": f"{OrmSearchEngine.__module__}.{OrmSearchEngine.__qualname__}"
    }
    connections.reload(DEFAULT_ALIAS)


def oscar_template_engine():
    """A Django template engine that finds only Oscar's packaged templates,
    with the shop's context processors (Oscar's need ``request``, the basket
    and the shop's name)."""
    options = copy.deepcopy(settings.TEMPLATES[0]["OPTIONS"])
    options.pop("loaders", None)
    return DjangoTemplates(
        {
            "NAME": "bench_stock_oscar",
            "DIRS": [OSCAR_TEMPLATE_DIR],
            "APP_DIRS": False,
            "OPTIONS": options,
        }
    )


class StockOscarCatalogueView(CatalogueView):
    """Oscar 4.2's catalogue view, unchanged but for its form class (Oscar's)
    and its template engine (Oscar's templates)."""

    form_class = BrowseCategoryForm
    _engine = None

    def render_to_response(self, context, **response_kwargs):
        engine = type(self)._engine
        if engine is None:
            engine = type(self)._engine = oscar_template_engine()
        template = engine.get_template(self.template_name)
        return TemplateResponse(self.request, template, context, **response_kwargs)


register_haystack_connection()
