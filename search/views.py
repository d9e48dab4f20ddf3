"""Catalogue browsing and search, through the configured search backend.

The catalogue, a category and the search results are one list view: words,
facets (``?metier=…&commune=…&fulfilment=drive&price=10-25&in_stock=1``), a
sort, and a point to measure distances from (a known commune typed in
``near``, or the browser's ``lat``/``lon``).
"""

import logging
import re
from urllib.parse import unquote, urlencode

from django.conf import settings
from django.contrib import messages
from django.core.paginator import InvalidPage, Paginator
from django.http import Http404, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView
from oscar.core.loading import get_class, get_model

from vendors.models import VendorLabel

from .backends import ProductQuery, get_search_backend
from .backends.base import (
    FACETS,
    FULFILMENT_LABELS,
    FULFILMENT_VALUES,
    PRICE_RANGE_LABELS,
    PRICE_RANGES,
    GeoPoint,
    SearchUnavailable,
)
from .facts import commune_point
from .fetch import SearchResults
from .place import remember_place

logger = logging.getLogger(__name__)

SearchForm = get_class("search.forms", "SearchForm")
BrowseCategoryForm = get_class("search.forms", "BrowseCategoryForm")
CategoryForm = get_class("search.forms", "CategoryForm")
Category = get_model("catalogue", "Category")

MAX_VALUES_PER_FACET = 20
# As deep as a list goes, on either backend (Elasticsearch's default window):
# a page past it, or past the last one, does not exist.
MAX_LISTED_RESULTS = 10_000
PAGE_NUMBER = re.compile(r"[0-9]{1,9}")
MAX_VALUE_LENGTH = 80
FACET_TITLES = {
    "category": _("Category"),
    "fulfilment": _("Delivery or pickup"),
    "commune": _("Town"),
    "metier": _("Craft"),
    "price": _("Price"),
    "label": _("Labels"),
    "in_stock": _("Availability"),
}
FACET_ORDER = (
    "category",
    "fulfilment",
    "commune",
    "metier",
    "price",
    "label",
    "in_stock",
)


def town_point(request, name):
    """``(name, GeoPoint)`` of a town the marketplace knows, or ``("", None)``
    with a message telling the visitor it is unknown."""
    known = commune_point(name)
    if known is None:
        messages.warning(
            request,
            _("We do not know the town “%(name)s”: try a nearby one.") % {"name": name},
        )
        return "", None
    return known


def selected_facets(params):
    """The facet values in a query string, bounded: ``((facet, values), ...)``."""
    selected = []
    for name in FACETS:
        values = []
        for value in params.getlist(name)[: MAX_VALUES_PER_FACET * 2]:
            value = value.strip()[:MAX_VALUE_LENGTH]
            if value and value not in values:
                values.append(value)
        if values:
            selected.append((name, tuple(values[:MAX_VALUES_PER_FACET])))
    return tuple(selected)


class ProductListView(TemplateView):
    """A paginated, sortable, faceted list of products found by the backend."""

    form_class = SearchForm
    context_object_name = "products"
    default_sort = "newest"

    def get(self, request, *args, **kwargs):
        self.form = self.form_class(request.GET or None)
        cleaned = self.form.cleaned_data if self.form.is_valid() else {}
        self.near_name, near = self.get_point(cleaned)
        self.query = self.build_query(cleaned, near)
        self.results = SearchResults(get_search_backend(), self.query)
        per_page = settings.OSCAR_PRODUCTS_PER_PAGE
        raw_page = (request.GET.get("page") or "1").strip()
        number = int(raw_page) if PAGE_NUMBER.fullmatch(raw_page) else 0
        if number < 1 or (number - 1) * per_page >= MAX_LISTED_RESULTS:
            raise Http404(_("This page of results does not exist."))
        try:
            self.results.fetch((number - 1) * per_page, per_page)
        except SearchUnavailable as exc:
            if self.query.text:
                logger.error("Search backend unavailable for a search: %s", exc)
                return search_unavailable_response(request, self.query.text)
            # Browsing needs no search engine: the database lists the products.
            logger.warning("Search backend unavailable, listed from the database")
            self.results = SearchResults(get_search_backend("database"), self.query)
            self.results.fetch((number - 1) * per_page, per_page)
        paginator = Paginator(self.results, per_page)
        try:
            self.page = paginator.page(number)
        except InvalidPage:
            raise Http404(_("This page of results does not exist.")) from None
        return super().get(request, *args, **kwargs)

    def get_point(self, cleaned):
        """Where distances are measured from: the browser's point or a commune
        (remembered for the product and home pages, see ``search.place``)."""
        name, point = "", None
        if cleaned.get("lat") is not None:
            name, point = (
                gettext("your position"),
                GeoPoint(cleaned["lat"], cleaned["lon"]),
            )
        elif cleaned.get("near"):
            name, point = town_point(self.request, cleaned["near"])
        remember_place(self.request, name, point)
        return name, point

    def build_query(self, cleaned, near):
        sort = cleaned.get("sort_by") or self.default_sort
        if sort == "distance" and near is None:
            sort = self.default_sort
        if sort == "relevancy":
            sort = "relevance"
        return ProductQuery(
            text=cleaned.get("q", ""),
            category_ids=self.get_category_ids(),
            filters=selected_facets(self.request.GET),
            sort=sort,
            near=near,
            max_km=cleaned.get("km") if near is not None else None,
            with_facets=True,
        )

    def get_category_ids(self):
        return ()

    def facet_data(self):
        """Facets for the template: each value's label, count, and the URL
        that selects or deselects it (the page number dropped)."""
        counts = self.results.page.facets if self.results.page else {}
        selected = self.query.selected
        names = {}
        if counts.get("category") or selected.get("category"):
            wanted = set(counts.get("category", {})) | set(selected.get("category", ()))
            ids = [int(v) for v in wanted if v.isdigit() and len(v) < 10]
            names = {
                str(pk): name
                for pk, name in Category.objects.filter(pk__in=ids).values_list(
                    "pk", "name"
                )
            }
        labels = {
            "category": names,
            "label": dict(VendorLabel.choices),
            "fulfilment": FULFILMENT_LABELS,
            "price": PRICE_RANGE_LABELS,
            "in_stock": {"1": _("In stock")},
        }
        order = {
            "fulfilment": list(FULFILMENT_VALUES),
            "price": list(PRICE_RANGES),
        }
        facets = []
        for name in FACET_ORDER:
            facet_counts = dict(counts.get(name, {}))
            for value in selected.get(name, ()):
                facet_counts.setdefault(value, 0)
            if name in labels:
                facet_counts = {
                    v: n for v, n in facet_counts.items() if v in labels[name]
                }
            if not facet_counts:
                continue
            if name in order:
                values = [v for v in order[name] if v in facet_counts]
            else:
                values = sorted(
                    facet_counts,
                    key=lambda v: (-facet_counts[v], str(v)),
                )
            items = []
            for value in values:
                is_selected = value in selected.get(name, ())
                items.append(
                    {
                        "value": value,
                        "label": labels.get(name, {}).get(value, value),
                        "count": facet_counts[value],
                        "selected": is_selected,
                        "url": self.toggle_url(name, value),
                    }
                )
            facets.append({"name": name, "title": FACET_TITLES[name], "items": items})
        return facets

    def toggle_url(self, name, value):
        params = self.request.GET.copy()
        params.pop("page", None)
        values = params.getlist(name)
        if value in values:
            values.remove(value)
        else:
            values.append(value)
        params.setlist(name, values)
        encoded = params.urlencode()
        return f"?{encoded}" if encoded else self.request.path

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(
            {
                "form": self.form,
                "search_form": self.form,
                "page_obj": self.page,
                "page": self.page,
                "paginator": self.page.paginator,
                self.context_object_name: self.page.object_list,
                "query": self.query.text,
                "facets": self.facet_data(),
                "has_facets": bool(self.query.with_facets),
                "selected_facets": [],
                # How many facet values are ticked, shown on the "Filter" button.
                "selected_count": sum(len(v) for v in self.query.selected.values()),
                "near_name": self.near_name,
                "clear_url": self.request.path
                + (f"?{urlencode({'q': self.query.text})}" if self.query.text else ""),
            }
        )
        return ctx


class CatalogueView(ProductListView):
    """Browse all products in the catalogue."""

    form_class = BrowseCategoryForm
    template_name = "oscar/catalogue/browse.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["summary"] = _("All products")
        return ctx


class ProductCategoryView(ProductListView):
    """Browse the products of a category and its sub-categories."""

    form_class = CategoryForm
    template_name = "oscar/catalogue/category.html"

    def get(self, request, *args, **kwargs):
        self.category = get_object_or_404(Category, pk=self.kwargs["pk"])
        if not (self.category.is_public or request.user.is_staff):
            raise Http404
        expected_path = self.category.get_absolute_url()
        if unquote(expected_path) != unquote(request.path):
            return HttpResponsePermanentRedirect(expected_path)
        return super().get(request, *args, **kwargs)

    def get_category_ids(self):
        return tuple(
            self.category.get_descendants_and_self().values_list("id", flat=True)
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["category"] = self.category
        ctx["summary"] = self.category.name
        return ctx


class FacetedSearchView(ProductListView):
    """Full-text search over the catalogue (``/boutique/search/?q=``)."""

    form_class = SearchForm
    template_name = "oscar/search/results.html"
    context_object_name = "results"
    default_sort = "relevancy"

    def get_context_data(self, **kwargs):
        # Imported here: cms loads after the search app.
        from cms.news.fetch import editorial_pages_matching

        ctx = super().get_context_data(**kwargs)
        # The editorial pages ("À lire") matching the words, beside the
        # products; none when Wagtail's search fails.
        ctx["editorial_pages"] = editorial_pages_matching(self.query.text)
        return ctx


# Seconds a visitor is asked to wait when the search engine is away.
SEARCH_RETRY_AFTER = 120


def search_unavailable_response(request, query):
    """The page saying search is away for a moment (503, ``Retry-After``)."""
    response = render(request, "search/unavailable.html", {"query": query}, status=503)
    response["Retry-After"] = str(SEARCH_RETRY_AFTER)
    return response


@require_GET
def suggest(request):
    """Autocomplete for the search box: ``{"suggestions": [...]}``."""
    text = (request.GET.get("q") or "").strip()[:100]
    try:
        suggestions = get_search_backend().autocomplete(text) if text else []
    except SearchUnavailable:
        logger.exception("Search backend unavailable for suggestions")
        response = JsonResponse({"suggestions": [], "unavailable": True}, status=503)
        response["Retry-After"] = str(SEARCH_RETRY_AFTER)
        return response
    return JsonResponse(
        {
            "suggestions": [
                {
                    "kind": s.kind,
                    "label": s.label,
                    "url": s.url,
                    "detail": s.detail,
                }
                for s in suggestions
            ]
        }
    )
