"""What lies within a territory: its approved artisans, its active pickup
points and the products made there that are on sale.

A commune holds its municipal arrondissements (Marseille holds Marseille 6e);
an intercommunalité, a département and a région hold their communes. Each
listing is one query, however many rows.
"""

from django.db.models import Q

from cms.onsale import products_on_sale
from shop.apps.core.places import public_points
from shop.apps.geo.models import Commune, Departement, Epci, Region
from vendors.models import Vendor

PRODUCTS_SHOWN = 12


def town_filter(territory, prefix="town"):
    """The ``Q`` for rows whose commune lies in ``territory``."""
    if isinstance(territory, Commune):
        return Q(**{prefix: territory}) | Q(**{f"{prefix}__parent": territory})
    if isinstance(territory, Epci):
        return Q(**{f"{prefix}__epci": territory}) | Q(
            **{f"{prefix}__parent__epci": territory}
        )
    if isinstance(territory, Departement):
        return Q(**{f"{prefix}__departement": territory})
    if isinstance(territory, Region):
        return Q(**{f"{prefix}__departement__region": territory})
    raise TypeError(f"Not a territory: {territory!r}")


def artisans_within(territory):
    """Approved artisans (on vacation or not) whose workshop is within."""
    return (
        Vendor.objects.approved()
        .filter(town_filter(territory))
        .select_related("partner")
        .order_by("partner__name", "pk")
    )


def points_within(territory):
    """Active drive and relay points within (workshops show as artisans)."""
    return public_points().filter(town_filter(territory))


def products_within(territory, count=PRODUCTS_SHOWN):
    """The newest products on sale made by artisans within."""
    vendors = Vendor.objects.selling().filter(town_filter(territory))
    return list(
        products_on_sale()
        .filter(stockrecords__partner__vendor__in=vendors)
        .distinct()
        .order_by("-date_created", "-id")[:count]
    )


def communes_with_artisans():
    """Communes (not arrondissements: their commune stands for them) where
    approved artisans work, with their département, by département then name."""
    vendors = Vendor.objects.approved()
    return (
        Commune.objects.filter(
            Q(vendors__in=vendors) | Q(arrondissements__vendors__in=vendors),
            parent=None,
        )
        .select_related("departement", "epci")
        .distinct()
        .order_by("departement__code", "name")
    )
