"""Public API: products found through the site's search backend, and the
catalogue's categories.

The products listed are those the site lists (the backends' rule, in
``search.backends.base``): public products of artisans who are selling. A
product's page is readable while its artisan is approved (on vacation too,
as on the site, with ``available: false``); a suspended artisan's, never.
"""

import base64
import binascii
import logging

from django.db.models import prefetch_related_objects
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_view,
    inline_serializer,
)
from oscar.core.loading import get_class, get_model
from rest_framework import exceptions, generics, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from shop.apps.api.caching import ETagMixin
from vendors.models import Vendor

from .backends import ProductQuery, get_search_backend
from .backends.base import FACETS, SORTS, SearchUnavailable
from .fetch import products_for_display
from .views import MAX_LISTED_RESULTS, selected_facets

logger = logging.getLogger(__name__)

Product = get_model("catalogue", "Product")
Category = get_model("catalogue", "Category")
Selector = get_class("partner.strategy", "Selector")


def cents(value):
    return None if value is None else f"{value:.2f}"


class PublicArtisanRefSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()


class PublicProductSerializer(serializers.Serializer):
    """A product as a tile shows it: price TTC, availability, artisan."""

    id = serializers.IntegerField()
    title = serializers.CharField()
    url = serializers.URLField(help_text="The product's page on the site.")
    price_incl_tax = serializers.CharField(
        allow_null=True, help_text="Price TTC, in euros, 2 decimals."
    )
    currency = serializers.CharField(allow_null=True)
    available = serializers.BooleanField()
    availability = serializers.CharField(help_text="What the site says about it.")
    artisan = PublicArtisanRefSerializer(allow_null=True)
    categories = serializers.ListField(child=serializers.IntegerField())
    image = serializers.URLField(allow_null=True)
    distance_km = serializers.FloatField(allow_null=True, required=False)

    def to_representation(self, product):
        request = self.context["request"]
        info = self.context["strategy"].fetch_for_product(product)
        vendor = None
        if info.stockrecord is not None:
            vendor = getattr(info.stockrecord.partner, "vendor", None)
        price = info.price
        images = list(product.get_all_images())
        return {
            "id": product.pk,
            "title": product.get_title(),
            "url": request.build_absolute_uri(product.get_absolute_url()),
            "price_incl_tax": cents(price.incl_tax) if price.exists else None,
            "currency": price.currency if price.exists else None,
            "available": info.availability.is_available_to_buy,
            "availability": str(info.availability.message),
            "artisan": {"slug": vendor.slug, "name": vendor.name} if vendor else None,
            # Prefetched by ``load_products`` (listed products are no variants).
            "categories": [category.pk for category in product.categories.all()],
            "image": (
                request.build_absolute_uri(images[0].original.url)
                if images and images[0].original
                else None
            ),
            "distance_km": getattr(product, "distance_km", None),
        }


class PublicProductDetailSerializer(PublicProductSerializer):
    description = serializers.CharField()
    images = serializers.ListField(child=serializers.URLField())

    def to_representation(self, product):
        data = super().to_representation(product)
        request = self.context["request"]
        data.pop("distance_km", None)
        data["description"] = product.description or ""
        data["images"] = [
            request.build_absolute_uri(image.original.url)
            for image in product.get_all_images()
            if image.original
        ]
        return data


FACET_COUNTS = inline_serializer(
    "FacetValue",
    {"value": serializers.CharField(), "count": serializers.IntegerField()},
)
PRODUCT_PAGE = inline_serializer(
    "ProductPage",
    {
        "next": serializers.URLField(allow_null=True),
        "previous": serializers.URLField(allow_null=True),
        "count": serializers.IntegerField(),
        "facets": serializers.DictField(
            child=serializers.ListField(child=FACET_COUNTS),
            help_text="Per facet, the values and how many products each gives.",
        ),
        "results": PublicProductSerializer(many=True),
    },
)


def load_products(product_ids, distances=None):
    """The products of a search in order, as the site loads them, with their
    categories in one more query."""
    products = products_for_display(product_ids, distances)
    prefetch_related_objects(products, "categories")
    return products


def encode_offset(offset):
    return base64.urlsafe_b64encode(f"o={offset}".encode()).decode().rstrip("=")


def decode_offset(cursor):
    """The offset an opaque cursor stands for; a 404 for a forged one."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        key, value = raw.split("=", 1)
        offset = int(value)
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise exceptions.NotFound(_("Invalid cursor")) from None
    if key != "o" or not 0 <= offset < MAX_LISTED_RESULTS:
        raise exceptions.NotFound(_("Invalid cursor"))
    return offset


def offset_link(request, offset, total):
    """The address of the page starting at ``offset``, or None past the end."""
    if offset >= min(total, MAX_LISTED_RESULTS):
        return None
    params = request.query_params.copy()
    params["cursor"] = encode_offset(offset)
    return request.build_absolute_uri(request.path + "?" + params.urlencode())


def page_size_of(request, default):
    """``?page_size=``, 1 to 200; a 400 problem otherwise."""
    raw = request.query_params.get("page_size")
    if raw is None:
        return default
    field = serializers.IntegerField(min_value=1, max_value=200)
    try:
        return field.run_validation(raw)
    except serializers.ValidationError as exc:
        raise serializers.ValidationError({"page_size": exc.detail}) from None


class ProductQuerySerializer(serializers.Serializer):
    q = serializers.CharField(required=False, allow_blank=True, max_length=200)
    sort = serializers.ChoiceField(
        choices=[sort for sort in SORTS if sort != "distance"], required=False
    )
    page_size = serializers.IntegerField(min_value=1, max_value=200, required=False)


@extend_schema_view(
    get=extend_schema(
        parameters=[
            OpenApiParameter("q", str, description="Words to look for."),
            OpenApiParameter("sort", str, enum=[s for s in SORTS if s != "distance"]),
            OpenApiParameter("cursor", str, description="From a page's next/previous."),
            OpenApiParameter("page_size", int, description="1 to 200 (default 50)."),
            *[
                OpenApiParameter(
                    facet,
                    str,
                    many=True,
                    description="A facet value (repeat for several: any of them).",
                )
                for facet in FACETS
            ],
        ],
        responses={200: PRODUCT_PAGE},
        operation_id="products_list",
    )
)
class ProductListView(ETagMixin, APIView):
    """Products on sale, by words and facets, as the site's search finds them.

    ``category`` takes category ids; ``metier``, ``commune``, ``label``,
    ``fulfilment`` (delivery, workshop, drive, relay), ``price`` (0-10,
    10-25, 25-50, 50-100, 100+) and ``in_stock`` (1) the values listed in
    ``facets``. Within a facet values are alternatives; across facets all
    apply.
    """

    page_size = 50

    def get(self, request):
        params = ProductQuerySerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        text = params.validated_data.get("q", "")
        query = ProductQuery(
            text=text,
            filters=selected_facets(request.query_params),
            sort=params.validated_data.get("sort")
            or ("relevance" if text else "newest"),
            with_facets=True,
        )
        limit = params.validated_data.get("page_size", self.page_size)
        cursor = request.query_params.get("cursor")
        offset = decode_offset(cursor) if cursor else 0
        try:
            page = get_search_backend().search(query, offset, limit)
        except SearchUnavailable as exc:
            if text:
                logger.error("Search backend unavailable for an API search: %s", exc)
                raise exceptions.APIException(exc.user_message) from None
            # Browsing needs no search engine, as on the site.
            page = get_search_backend("database").search(query, offset, limit)
        products = load_products(page.product_ids, page.distances)
        context = {"request": request, "strategy": Selector().strategy(request)}
        return Response(
            {
                "next": self.link(offset + limit, page.total),
                "previous": self.link(max(offset - limit, 0), page.total)
                if offset
                else None,
                "count": page.total,
                "facets": {
                    name: [
                        {"value": str(value), "count": count}
                        for value, count in sorted(
                            counts.items(), key=lambda item: (-item[1], str(item[0]))
                        )
                    ]
                    for name, counts in page.facets.items()
                },
                "results": PublicProductSerializer(
                    products, many=True, context=context
                ).data,
            }
        )

    def link(self, offset, total):
        return offset_link(self.request, offset, total)


def readable_products():
    """Products whose page the site shows: public, of an approved artisan."""
    return (
        Product._default_manager.browsable()
        .filter(stockrecords__partner__vendor__in=Vendor.objects.approved())
        .distinct()
    )


@extend_schema_view(
    get=extend_schema(
        responses={200: PublicProductDetailSerializer}, operation_id="products_retrieve"
    )
)
class ProductDetailView(ETagMixin, APIView):
    """One product: price TTC, availability, images, description, artisan."""

    def get(self, request, pk):
        get_object_or_404(readable_products(), pk=pk)
        (product,) = load_products([pk])
        context = {"request": request, "strategy": Selector().strategy(request)}
        return Response(PublicProductDetailSerializer(product, context=context).data)


class PublicCategorySerializer(serializers.ModelSerializer):
    parent = serializers.SerializerMethodField()

    class Meta:
        model = Category
        fields = ["id", "name", "slug", "depth", "parent"]

    def get_parent(self, category) -> int | None:
        return self.context["ids_by_path"].get(category.path[: -category.steplen])


class CategoryListView(ETagMixin, generics.ListAPIView):
    """The catalogue's public categories, as a tree (``parent`` is an id);
    ``category`` of the products' list takes these ids."""

    serializer_class = PublicCategorySerializer
    cursor_ordering = "path"

    def get_queryset(self):
        return Category._default_manager.filter(is_public=True)

    def get_serializer_context(self):
        context = super().get_serializer_context()
        # One query for every row's parent (categories are a few hundred).
        context["ids_by_path"] = dict(
            Category._default_manager.values_list("path", "pk")
        )
        return context
