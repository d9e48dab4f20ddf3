"""Catalogue browsing and search, through the configured search backend."""

from urllib.parse import unquote

from django.conf import settings
from django.contrib import messages
from django.core.paginator import InvalidPage, Paginator
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from oscar.core.loading import get_class, get_model

from .backends import ProductQuery, get_search_backend
from .fetch import SearchResults

SearchForm = get_class("search.forms", "SearchForm")
BrowseCategoryForm = get_class("search.forms", "BrowseCategoryForm")
CategoryForm = get_class("search.forms", "CategoryForm")
Category = get_model("catalogue", "Category")


class ProductListView(TemplateView):
    """A paginated, sortable list of products found by the search backend."""

    form_class = SearchForm
    context_object_name = "products"
    default_sort = "newest"

    def get(self, request, *args, **kwargs):
        self.form = self.form_class(request.GET or None)
        cleaned = self.form.cleaned_data if self.form.is_valid() else {}
        self.query = self.build_query(cleaned)
        results = SearchResults(get_search_backend(), self.query)
        paginator = Paginator(results, settings.OSCAR_PRODUCTS_PER_PAGE)
        try:
            self.page = paginator.page(request.GET.get("page") or 1)
        except InvalidPage:
            messages.error(request, _("The given page number was invalid."))
            return redirect(request.path)
        return super().get(request, *args, **kwargs)

    def build_query(self, cleaned):
        return ProductQuery(
            text=cleaned.get("q", ""),
            sort=cleaned.get("sort_by") or self.default_sort,
            category_ids=self.get_category_ids(),
        )

    def get_category_ids(self):
        return ()

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
                "has_facets": False,
                "selected_facets": [],
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
