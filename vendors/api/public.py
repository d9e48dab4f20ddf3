"""Public API: the directory of artisans (approved shops only)."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers

from shop.apps.api.caching import ETagMixin
from vendors.models import Vendor


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
