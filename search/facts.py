"""What search knows about each selling artisan, read in a constant number of queries.

Artisans are few (hundreds) next to products (tens of thousands): the database
backend filters, counts and measures distances per artisan in Python, then
narrows products by artisan id in SQL.
"""

import math
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from delivery.models import PickupPoint, PickupPointKind, VendorFulfilment
from shop.apps.geo.lookup import find_place
from vendors.models import Vendor

from .backends.base import EARTH_RADIUS_KM, GeoPoint


def fold(text):
    """``text`` in lower case without accents: "Poterie à Apt" -> "poterie a apt"."""
    decomposed = unicodedata.normalize("NFKD", (text or "").casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def stem(word):
    """The folded word without a final plural mark: "Poteries" -> "poterie"."""
    word = fold(word)
    if len(word) > 3 and word[-1] in "sx":
        word = word[:-1]
    return word


@lru_cache(maxsize=4096)
def words_of(text):
    """The set of stemmed words of ``text`` ("Marseille 6e" -> marseille, 6e).

    Kept for the texts seen last: every search reads the same artisans' and
    categories' names, and folding them took longer than the search's SQL.
    """
    cleaned = "".join(ch if ch.isalnum() else " " for ch in fold(text))
    return frozenset(stem(word) for word in cleaned.split())


def distance_km(lat1, lon1, lat2, lon2):
    """Great-circle distance (haversine) between two points, in kilometres."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlmb = math.radians(lon2 - lon1)
    a = (
        math.sin(dphi / 2) ** 2
        + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


@dataclass
class ArtisanFacts:
    id: int
    name: str
    slug: str
    metier: str
    commune: str
    partner_id: int | None = None
    labels: list = field(default_factory=list)
    lat: float | None = None
    lon: float | None = None
    fulfilment: set = field(default_factory=set)

    @property
    def located(self):
        return self.lat is not None and self.lon is not None

    def distance_to(self, point):
        if not self.located or point is None:
            return None
        return distance_km(self.lat, self.lon, point.lat, point.lon)

    @cached_property
    def words(self):
        """The artisan's searchable words, folded and without plural marks
        (kept: a search tests every artisan against each of its words)."""
        labels = [label.replace("_", " ") for label in self.labels]
        return words_of(" ".join([self.name, self.metier, self.commune, *labels]))


def artisan_facts(vendors=None):
    """``{vendor id: ArtisanFacts}`` for ``vendors`` (default: the selling ones),
    in four queries whatever their number."""
    if vendors is None:
        vendors = Vendor.objects.selling()
    rows = vendors.values(
        "id",
        "slug",
        "metier",
        "commune",
        "labels",
        "latitude",
        "longitude",
        "partner_id",
        "partner__name",
    )
    facts = {
        row["id"]: ArtisanFacts(
            id=row["id"],
            name=row["partner__name"] or "",
            slug=row["slug"],
            metier=row["metier"] or "",
            commune=row["commune"] or "",
            partner_id=row["partner_id"],
            labels=list(row["labels"] or []),
            lat=float(row["latitude"]) if row["latitude"] is not None else None,
            lon=float(row["longitude"]) if row["longitude"] is not None else None,
        )
        for row in rows
    }
    for vendor_id, methods in fulfilment_by_vendor(facts, among=vendors).items():
        facts[vendor_id].fulfilment = set(methods)
    return facts


def fulfilment_by_vendor(vendor_ids, among=None):
    """``{vendor id: [facet values]}``: how each artisan hands over goods.

    Mirrors ``delivery.checkout``: without options the model's defaults apply
    (home delivery only); workshop pickup needs an active workshop point;
    drive and relay come from the active points the artisan serves.
    Three queries, whatever the number of artisans. ``among``, a queryset of
    the same artisans, narrows them as a subquery rather than a list of
    hundreds of ids (whose parameters cost more to send than the queries
    take to run).
    """
    vendor_ids = set(vendor_ids)
    vendors = vendor_ids if among is None else among.values("pk")
    # Rows rather than models: building hundreds of them cost more than the
    # query.
    options = {
        row["vendor_id"]: row
        for row in VendorFulfilment.objects.filter(vendor__in=vendors).values(
            "vendor_id", "delivers", "workshop_pickup"
        )
    }
    defaults = VendorFulfilment()
    workshops = set(
        PickupPoint.objects.active()
        .filter(kind=PickupPointKind.WORKSHOP, vendor__in=vendors)
        .values_list("vendor_id", flat=True)
    )
    served = {}
    for vendor_id, kind in (
        PickupPoint.objects.active()
        .exclude(kind=PickupPointKind.WORKSHOP)
        .filter(served_by__vendor__in=vendors)
        .values_list("served_by__vendor_id", "kind")
    ):
        served.setdefault(vendor_id, set()).add(kind)

    result = {}
    for vendor_id in vendor_ids:
        options_row = options.get(vendor_id)
        if options_row is None:  # the model's defaults, and no points served
            delivers, workshop_pickup = defaults.delivers, defaults.workshop_pickup
        else:
            delivers = options_row["delivers"]
            workshop_pickup = options_row["workshop_pickup"]
        values = []
        if delivers:
            values.append("delivery")
        if workshop_pickup and vendor_id in workshops:
            values.append("workshop")
        if options_row is not None:
            kinds = served.get(vendor_id, set())
            values += [kind for kind in ("drive", "relay") if kind in kinds]
        result[vendor_id] = values
    return result


def known_communes():
    """``{folded name: (name, GeoPoint)}`` for the communes of approved
    artisans and active pickup points, each at the mean of their positions."""
    positions = {}
    rows = list(
        Vendor.objects.approved()
        .exclude(latitude=None)
        .exclude(longitude=None)
        .values_list("commune", "latitude", "longitude")
    ) + list(
        PickupPoint.objects.active()
        .exclude(latitude=None)
        .exclude(longitude=None)
        .values_list("commune", "latitude", "longitude")
    )
    for commune, lat, lon in rows:
        if commune:
            positions.setdefault(fold(commune).strip(), (commune, []))[1].append(
                (float(lat), float(lon))
            )
    return {
        key: (
            name,
            GeoPoint(
                sum(p[0] for p in points) / len(points),
                sum(p[1] for p in points) / len(points),
            ),
        )
        for key, (name, points) in positions.items()
    }


def commune_point(name):
    """``(name, GeoPoint)`` of the commune typed (a name in any case or
    accents, or a postcode), or ``None``.

    The official list (``manage.py load_communes``) knows every commune of
    France; a database without it knows the towns of approved artisans and
    active pickup points.
    """
    commune = find_place(name)
    if commune is not None and commune.latitude is not None:
        return commune.name, GeoPoint(float(commune.latitude), float(commune.longitude))
    return known_communes().get(fold(name).strip())
