"""Public API: the directory of artisans (approved shops only)."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_view,
    inline_serializer,
)
from oscar.core.loading import get_class
from rest_framework import generics, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from search.api import (
    PublicProductSerializer,
    decode_offset,
    load_products,
    offset_link,
    page_size_of,
)
from shop.apps.api.caching import ETagMixin
from vendors.fetch import (
    DEFAULT_PRODUCT_ORDERING,
    PRODUCT_ORDERINGS,
    storefront_product_ids,
)
from vendors.models import Vendor

Selector = get_class("partner.strategy", "Selector")


class PublicArtisanSerializer(serializers.ModelSerializer):
    """An artisan as the directory shows them."""

    name = serializers.CharField(source="partner.name")
    is_selling = serializers.BooleanField(
        help_text="False while the artisan is on vacation (orders paused)."
    )
    latitude = serializers.FloatField(allow_null=True)
    longitude = serializers.FloatField(allow_null=True)
    url = serializers.SerializerMethodField(help_text="The shop's page on the site.")

    class Meta:
        model = Vendor
        fields = [
            "slug",
            "name",
            "metier",
            "commune",
            "postcode",
            "latitude",
            "longitude",
            "labels",
            "description",
            "is_selling",
            "vacation_message",
            "url",
        ]

    def get_url(self, vendor) -> str:
        return self.context["request"].build_absolute_uri(vendor.get_absolute_url())

    def to_representation(self, vendor):
        data = super().to_representation(vendor)
        if vendor.is_selling:
            data["vacation_message"] = ""
        return data


class ArtisanQuerysetMixin:
    serializer_class = PublicArtisanSerializer

    def get_queryset(self):
        return Vendor.objects.approved().select_related("partner")


@extend_schema(
    parameters=[
        OpenApiParameter("commune", str, description="The artisan's town."),
        OpenApiParameter("metier", str, description="The artisan's craft."),
    ]
)
class ArtisanListView(ETagMixin, ArtisanQuerysetMixin, generics.ListAPIView):
    """Approved artisans (suspended or closed shops are not listed), by
    ``commune`` and ``metier`` (exact, case and accents as written)."""

    cursor_ordering = "slug"

    def get_queryset(self):
        artisans = super().get_queryset()
        for field in ("commune", "metier"):
            value = self.request.query_params.get(field, "").strip()
            if value:
                artisans = artisans.filter(**{f"{field}__iexact": value})
        return artisans


class ArtisanDetailView(ETagMixin, ArtisanQuerysetMixin, generics.RetrieveAPIView):
    """One approved artisan, by slug."""

    lookup_field = "slug"


ARTISAN_PRODUCT_PAGE = inline_serializer(
    "PublicArtisanProductPage",
    {
        "next": serializers.URLField(allow_null=True),
        "previous": serializers.URLField(allow_null=True),
        "count": serializers.IntegerField(),
        "results": PublicProductSerializer(many=True),
    },
)


@extend_schema_view(
    get=extend_schema(
        parameters=[
            OpenApiParameter("sort", str, enum=list(PRODUCT_ORDERINGS)),
            OpenApiParameter("cursor", str, description="From a page's next/previous."),
            OpenApiParameter("page_size", int, description="1 to 200 (default 50)."),
        ],
        responses={200: ARTISAN_PRODUCT_PAGE},
        operation_id="artisans_products_list",
    )
)
class ArtisanProductListView(ETagMixin, APIView):
    """An approved artisan's products, as their e-boutique lists them
    (``newest`` first by default)."""

    page_size = 50

    def get(self, request, slug):
        vendor = get_object_or_404(Vendor.objects.approved(), slug=slug)
        sort = request.query_params.get("sort", DEFAULT_PRODUCT_ORDERING)
        if sort not in PRODUCT_ORDERINGS:
            raise serializers.ValidationError(
                {"sort": [_("Choose one of: %s.") % ", ".join(PRODUCT_ORDERINGS)]}
            )
        limit = page_size_of(request, self.page_size)
        cursor = request.query_params.get("cursor")
        offset = decode_offset(cursor) if cursor else 0
        ids = storefront_product_ids(vendor, sort)
        total = ids.count()
        products = load_products(list(ids[offset : offset + limit]))
        context = {"request": request, "strategy": Selector().strategy(request)}
        return Response(
            {
                "next": offset_link(request, offset + limit, total),
                "previous": (
                    offset_link(request, max(offset - limit, 0), total)
                    if offset
                    else None
                ),
                "count": total,
                "results": PublicProductSerializer(
                    products, many=True, context=context
                ).data,
            }
        )
