"""The places a map shows: artisans' workshops and pickup points.

Each function returns ``map_places``, a list of plain dicts (name, kind, its
label, town, address, link, coordinates) for ``templates/maps/partials/map.html``:
the page lists them all, and static/js/map.js puts those with coordinates on
the map. One query per kind of place, however many there are.
"""

from django.db.models import Q
from django.utils.translation import gettext as _

from delivery.models import PickupPoint, PickupPointKind
from vendors.models import Vendor

ARTISAN = "artisan"


def kind_labels():
    return {
        ARTISAN: _("Artisan"),
        PickupPointKind.WORKSHOP: _("Workshop pickup"),
        PickupPointKind.DRIVE: _("Drive point"),
        PickupPointKind.RELAY: _("Relay point"),
    }


def coordinates(place):
    if place.latitude is None or place.longitude is None:
        return None, None
    return float(place.latitude), float(place.longitude)


def artisan_place(vendor, labels):
    lat, lng = coordinates(vendor)
    return {
        "id": f"artisan-{vendor.pk}",
        "kind": ARTISAN,
        "kind_label": labels[ARTISAN],
        "name": vendor.partner.name,
        "detail": vendor.metier,
        "commune": vendor.commune,
        "address": "",
        "url": vendor.get_absolute_url(),
        "lat": lat,
        "lng": lng,
    }


def point_place(point, labels):
    lat, lng = coordinates(point)
    return {
        "id": f"point-{point.pk}",
        "kind": point.kind,
        "kind_label": labels.get(point.kind, point.kind),
        "name": point.name,
        "detail": "",
        "commune": point.commune,
        "address": f"{point.address}, {point.postcode} {point.commune}".strip(", "),
        "url": "",
        "lat": lat,
        "lng": lng,
    }


def public_points():
    """Active drive and relay points (a workshop is shown as its artisan)."""
    return (
        PickupPoint.objects.active()
        .exclude(kind=PickupPointKind.WORKSHOP)
        .order_by("commune", "name", "pk")
    )


def artisans_and_points(vendors=None):
    """``vendors`` (approved artisans by default) and the public pickup points."""
    labels = kind_labels()
    if vendors is None:
        vendors = Vendor.objects.approved()
    vendors = vendors.select_related("partner").order_by("partner__name", "pk")
    return [artisan_place(vendor, labels) for vendor in vendors] + [
        point_place(point, labels) for point in public_points()
    ]


def storefront_places(vendor):
    """The artisan's workshop and the points where their customers collect:
    the drive and relay points they serve, and their workshop's pickup point
    if they offer click & collect there."""
    labels = kind_labels()
    points = (
        PickupPoint.objects.active()
        .filter(
            Q(served_by__vendor=vendor)
            | Q(
                vendor=vendor,
                kind=PickupPointKind.WORKSHOP,
                vendor__fulfilment__workshop_pickup=True,
            )
        )
        .distinct()
        .order_by("commune", "name", "pk")
    )
    return [artisan_place(vendor, labels)] + [
        point_place(point, labels) for point in points
    ]
