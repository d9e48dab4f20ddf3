"""Public API: pickup points and their free slots."""

from datetime import timedelta

from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers

from delivery.actions.slots import bookable_slots, open_slots
from delivery.models import PickupPoint, PickupPointKind, Slot
from shop.apps.api.caching import ETagMixin
from vendors.models import Vendor

DEFAULT_DAYS = 14
MAX_DAYS = 31


def public_points():
    """Active points; a workshop only while its artisan is approved."""
    return (
        PickupPoint.objects.active()
        .filter(
            ~Q(kind=PickupPointKind.WORKSHOP) | Q(vendor__in=Vendor.objects.approved())
        )
        .select_related("vendor")
    )


class PublicPickupPointSerializer(serializers.ModelSerializer):
    latitude = serializers.FloatField(allow_null=True)
    longitude = serializers.FloatField(allow_null=True)
    artisan = serializers.SlugRelatedField(
        source="vendor",
        slug_field="slug",
        read_only=True,
        allow_null=True,
        help_text="The artisan, for a workshop.",
    )

    class Meta:
        model = PickupPoint
        fields = [
            "slug",
            "kind",
            "name",
            "address",
            "postcode",
            "commune",
            "latitude",
            "longitude",
            "opening_hours",
            "access_instructions",
            "artisan",
        ]


@extend_schema(
    parameters=[
        OpenApiParameter("commune", str, description="The point's town."),
        OpenApiParameter("kind", str, enum=PickupPointKind.values),
    ]
)
class PickupPointListView(ETagMixin, generics.ListAPIView):
    """Pickup points open to consumers (drive, relay, artisans' workshops),
    by ``commune`` and ``kind``."""

    serializer_class = PublicPickupPointSerializer
    cursor_ordering = "slug"

    def get_queryset(self):
        points = public_points()
        commune = self.request.query_params.get("commune", "").strip()
        if commune:
            points = points.filter(commune__iexact=commune)
        kind = self.request.query_params.get("kind", "").strip()
        if kind:
            points = points.filter(kind=kind)
        return points


class PickupPointDetailView(ETagMixin, generics.RetrieveAPIView):
    """One pickup point, by slug."""

    serializer_class = PublicPickupPointSerializer
    lookup_field = "slug"

    def get_queryset(self):
        return public_points()


class PublicFreeSlotSerializer(serializers.ModelSerializer):
    places_left = serializers.IntegerField(source="remaining")

    class Meta:
        model = Slot
        fields = ["id", "starts_at", "ends_at", "capacity", "places_left"]


class SlotQuerySerializer(serializers.Serializer):
    days = serializers.IntegerField(min_value=1, max_value=MAX_DAYS, required=False)
    artisan = serializers.SlugField(required=False)


@extend_schema(
    parameters=[
        OpenApiParameter(
            "days", int, description=f"How far ahead, 1 to {MAX_DAYS} days."
        ),
        OpenApiParameter(
            "artisan",
            str,
            description="An artisan's slug: only the slots one can book for "
            "their goods (their preparation time, the points they serve).",
        ),
    ]
)
class FreeSlotListView(ETagMixin, generics.ListAPIView):
    """Slots of a point with places left, in the next ``days`` days (14 by
    default), from the first one a consumer may still book."""

    serializer_class = PublicFreeSlotSerializer
    cursor_ordering = ("starts_at", "id")

    def get_queryset(self):
        point = get_object_or_404(public_points(), slug=self.kwargs["slug"])
        params = SlotQuerySerializer(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        now = timezone.now()
        until = now + timedelta(days=params.validated_data.get("days", DEFAULT_DAYS))
        slug = params.validated_data.get("artisan")
        if slug:
            vendor = get_object_or_404(Vendor.objects.selling(), slug=slug)
            slots = bookable_slots(point, vendor, now)
        else:
            slots = open_slots(point, now=now)
        return slots.filter(starts_at__lt=until)
