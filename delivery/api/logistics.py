"""The logistics scanner's API: the points one runs, their manifests, check-in
and hand-over by the whole pickup code.

Built for a phone that scans the customer's QR code: ``POST …/hand-over/``
with ``{"code": "…"}`` hands the parcel over when there is nothing to collect
and it is the slot's day; otherwise the answer (``409``, problem+json) says
what is missing (the amount to collect and how it was paid, or the day to
confirm) and the phone sends the code again with it. Every step goes through
the order conductor exactly as the logistics console does (same lookup by the
whole code at that point, same counting of wrong codes per account and per
address). A logistics token reads manifests and moves parcels on: nothing else.
"""

import datetime

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from shop.apps.api.authentication import TokenAuthentication
from shop.apps.api.models import Scope, TokenKind
from shop.apps.api.permissions import scoped
from shop.apps.core.http import client_address
from shop.apps.payment.fetch import amounts_to_collect
from shop.apps.payment.models import CollectionMethod
from vendors.lifecycle import (
    Actor,
    Collection,
    CollectionNeeded,
    StepInput,
    StepNeedsConfirmation,
    StepRefused,
    hand_over_at_point,
    hand_over_preview,
    perform,
)
from vendors.models import PartAction

from ..fetch import customer_name, manifest_by_slot, points_with_day_counts
from ..models import ParcelStatus, PickupPoint, Reservation, ReservationStatus

PROBLEM_TYPE = "https://artisans.example/problems/"


def problem(status_code, title, detail, kind="step-refused", **extensions):
    """An RFC 9457 problem document, as the rest of the API answers errors."""
    body = {
        "type": PROBLEM_TYPE + kind,
        "title": str(title),
        "status": status_code,
        "detail": str(detail),
        **extensions,
    }
    return Response(body, status=status_code, content_type="application/problem+json")


def refusal_response(refusal):
    """What a refused step answers: the conductor's message, and for a part
    paid at pickup the amount to collect."""
    if isinstance(refusal, CollectionNeeded):
        return problem(
            status.HTTP_409_CONFLICT,
            _("Say how the customer paid"),
            refusal,
            kind="collection-needed",
            amount_to_collect=f"{refusal.amount:.2f}",
            collection_methods=list(CollectionMethod.values),
        )
    if isinstance(refusal, StepNeedsConfirmation):
        return problem(
            status.HTTP_409_CONFLICT,
            _("Confirm the day of the hand-over"),
            refusal,
            kind="confirmation-needed",
        )
    return problem(status.HTTP_409_CONFLICT, _("Step refused"), refusal)


class LogisticsView:
    """Token of kind logistics; ``logistics:read`` to read, ``logistics:write``
    to move parcels on. A point the account does not run is a 404."""

    authentication_classes = [TokenAuthentication]
    permission_classes = [
        scoped(TokenKind.LOGISTICS, Scope.LOGISTICS_READ, Scope.LOGISTICS_WRITE)
    ]

    def points(self):
        return PickupPoint.objects.run_by(self.request.user)

    def point(self):
        return get_object_or_404(self.points(), slug=self.kwargs["slug"])

    def actor(self, point):
        return Actor.logistics(
            self.request.user, point, address=client_address(self.request)
        )


# Serializers
# ------------------------------------------------------------------------------


class PointSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()
    kind = serializers.CharField()
    commune = serializers.CharField()
    awaited = serializers.IntegerField(help_text="Parcels of today still awaited.")
    received = serializers.IntegerField(help_text="Parcels of today at the point.")
    handed_over = serializers.IntegerField(help_text="Parcels of today collected.")
    no_show = serializers.IntegerField(help_text="Parcels of today not collected.")


class ParcelSerializer(serializers.Serializer):
    """A parcel of a manifest; never any part of its pickup code."""

    id = serializers.IntegerField(source="reservation.pk")
    order_number = serializers.CharField()
    artisan = serializers.CharField()
    customer = serializers.CharField()
    status = serializers.ChoiceField(choices=ParcelStatus.choices)
    status_label = serializers.CharField()
    can_check_in = serializers.BooleanField()
    amount_to_collect = serializers.DecimalField(
        max_digits=12, decimal_places=2, allow_null=True
    )


class ManifestSlotSerializer(serializers.Serializer):
    starts_at = serializers.DateTimeField(source="slot.starts_at")
    ends_at = serializers.DateTimeField(source="slot.ends_at")
    parcels = ParcelSerializer(many=True, source="rows")


class ManifestSerializer(serializers.Serializer):
    point = serializers.SlugField()
    date = serializers.DateField()
    parcel_count = serializers.IntegerField()
    slots = ManifestSlotSerializer(many=True)


class HandOverSerializer(serializers.Serializer):
    code = serializers.CharField(
        max_length=40, help_text="The whole pickup code, as scanned or typed."
    )
    collection_method = serializers.ChoiceField(
        choices=CollectionMethod.choices,
        required=False,
        help_text="How the customer paid, for a parcel paid at pickup.",
    )
    amount = serializers.DecimalField(
        max_digits=12,
        decimal_places=2,
        min_value=0,
        required=False,
        help_text="The amount collected (default: the amount to collect).",
    )
    confirm_off_day = serializers.BooleanField(
        default=False, help_text="Hand over outside the slot's day, within grace."
    )


class StepDoneSerializer(serializers.Serializer):
    order_number = serializers.CharField()
    part_number = serializers.CharField()
    status = serializers.CharField()
    parcel_status = serializers.ChoiceField(choices=ParcelStatus.choices)
    customer = serializers.CharField()
    collected = serializers.DecimalField(
        max_digits=12, decimal_places=2, allow_null=True
    )
    collection_method = serializers.CharField(allow_null=True)


def step_done(vendor_order, parcel_status, collection=None):
    return StepDoneSerializer(
        {
            "order_number": vendor_order.order.number,
            "part_number": vendor_order.number,
            "status": vendor_order.status,
            "parcel_status": parcel_status,
            "customer": customer_name(vendor_order.order),
            "collected": collection.amount if collection else None,
            "collection_method": collection.method if collection else None,
        }
    ).data


# Views
# ------------------------------------------------------------------------------


class PointListView(LogisticsView, generics.GenericAPIView):
    """The pickup points the token's account runs, with today's parcel counts."""

    serializer_class = PointSerializer
    pagination_class = None

    @extend_schema(responses={200: PointSerializer(many=True)})
    def get(self, request, *args, **kwargs):
        points = points_with_day_counts(request.user, timezone.localdate())
        return Response(self.get_serializer(points, many=True).data)


class ManifestView(LogisticsView, generics.GenericAPIView):
    """A point's parcels of a day (default: today), by slot: the logistics
    console's manifest."""

    serializer_class = ManifestSerializer
    pagination_class = None

    @extend_schema(
        parameters=[
            OpenApiParameter("date", datetime.date, description="YYYY-MM-DD"),
            OpenApiParameter(
                "q", str, description="A whole code, an order number or a name."
            ),
        ]
    )
    def get(self, request, *args, **kwargs):
        point = self.point()
        day = timezone.localdate()
        if request.query_params.get("date"):
            try:
                day = datetime.date.fromisoformat(request.query_params["date"])
            except ValueError:
                return problem(
                    status.HTTP_400_BAD_REQUEST,
                    _("Invalid day"),
                    _("“%(date)s” is not a valid day (YYYY-MM-DD).")
                    % {"date": request.query_params["date"][:20]},
                    kind="invalid-day",
                )
        query = request.query_params.get("q", "")[:100]
        slots = manifest_by_slot(point, day, query)
        rows = [row for manifest_slot in slots for row in manifest_slot.rows]
        due = amounts_to_collect(
            row.reservation.vendor_order
            for row in rows
            if row.reservation.vendor_order is not None
        )
        for row in rows:
            row.amount_to_collect = due.get(row.reservation.vendor_order_id)
        manifest = {
            "point": point.slug,
            "date": day,
            "parcel_count": len(rows),
            "slots": slots,
        }
        return Response(self.get_serializer(manifest).data)


class CheckInView(LogisticsView, APIView):
    """Record that an artisan brought a parcel booked at this point."""

    @extend_schema(request=None, responses={200: StepDoneSerializer})
    def post(self, request, *args, **kwargs):
        point = self.point()
        reservation = get_object_or_404(
            Reservation.objects.select_related("slot", "vendor_order__order"),
            pk=kwargs["id"],
            slot__point=point,
            status=ReservationStatus.CONFIRMED,
            vendor_order__isnull=False,
        )
        vendor_order = reservation.vendor_order
        try:
            perform(vendor_order, PartAction.CHECK_IN, self.actor(point))
        except StepRefused as refusal:
            return refusal_response(refusal)
        return Response(step_done(vendor_order, ParcelStatus.RECEIVED))


class HandOverView(LogisticsView, APIView):
    """Hand over the parcel whose whole code was scanned at this point.

    A part paid at pickup needs ``collection_method`` (409 ``collection-needed``
    says the amount); a hand-over off the slot's day needs ``confirm_off_day``
    (409 ``confirmation-needed``). A wrong code is refused and counted.
    """

    @extend_schema(request=HandOverSerializer, responses={200: StepDoneSerializer})
    def post(self, request, *args, **kwargs):
        point = self.point()
        given = HandOverSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        actor = self.actor(point)
        collection = None
        if data.get("collection_method"):
            amount = data.get("amount")
            if amount is None:
                try:
                    preview = hand_over_preview(point, data["code"], actor)
                except StepRefused as refusal:
                    return refusal_response(refusal)
                amount = preview.amount_to_collect or 0
            collection = Collection(data["collection_method"], amount)
        try:
            vendor_order = hand_over_at_point(
                point,
                data["code"],
                actor,
                StepInput(
                    collection=collection, confirm_off_day=data["confirm_off_day"]
                ),
            )
        except StepRefused as refusal:
            return refusal_response(refusal)
        return Response(step_done(vendor_order, ParcelStatus.HANDED_OVER, collection))
