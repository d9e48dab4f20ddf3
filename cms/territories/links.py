"""Where a territory's page is: the page editors wrote about it, or else the
page made from the data under the index of territories.

One ``TerritoryLinks`` per request (``links_for(request)``) answers for every
territory of the page in a fixed number of queries, however many artisans'
cards ask: one for the index and the editors' pages together, and, only when
a commune may have no artisan, two for the communes with artisans and their
arrondissements.
"""

from dataclasses import dataclass

from django.apps import apps
from django.db.models import F, Q
from django.utils.functional import cached_property
from wagtail.models import Page

from cms.visibility import unrestricted
from shop.apps.geo.models import Commune, Departement, Epci, Region
from vendors.models import VendorStatus

from . import within

# The index's routes for pages made from the data, by kind of territory.
ROUTES = {
    Commune: "commune_page",
    Epci: "epci_page",
    Departement: "departement_page",
    Region: "region_page",
}
LEVELS = {
    Commune: "commune",
    Epci: "epci",
    Departement: "departement",
    Region: "region",
}


@dataclass(frozen=True)
class ArtisanTerritoryLinks:
    """The pages of an artisan's commune and département ("" for none)."""

    commune: str = ""
    departement: str = ""


def territory_pages():
    """The live, public index of territories and editors' territory pages, in
    one query: each a plain ``Page`` with ``is_index``, and the ``level`` and
    territory ids of an editors' page (``Page.public()`` would cost a query
    more for the view restrictions)."""
    return (
        unrestricted(Page.objects.live())
        .filter(Q(territoryindexpage__isnull=False) | Q(territorypage__isnull=False))
        .annotate(
            is_index=Q(territoryindexpage__isnull=False),
            level=F("territorypage__level"),
            commune_id=F("territorypage__commune_id"),
            epci_id=F("territorypage__epci_id"),
            departement_id=F("territorypage__departement_id"),
            region_id=F("territorypage__region_id"),
        )
        .order_by("path")
    )


class TerritoryLinks:
    """The URLs of territories' pages, for one request."""

    def __init__(self, request=None):
        self.request = request
        self.urls = {}

    @cached_property
    def pages(self):
        return list(territory_pages())

    @cached_property
    def index(self):
        """The index of territories (a plain ``Page``), or None."""
        return next((page for page in self.pages if page.is_index), None)

    @cached_property
    def written(self):
        """``{(level, territory id): page}`` of the editors' pages under the
        index (the first by tree order when several are about one territory)."""
        if self.index is None:
            return {}
        pages = {}
        for page in self.pages:
            if page.is_index or not page.path.startswith(self.index.path):
                continue
            territory_id = getattr(page, f"{page.level}_id")
            if territory_id is not None:
                pages.setdefault((page.level, territory_id), page)
        return pages

    def written_url(self, level, territory_id):
        page = self.written.get((level, territory_id))
        return self.page_url(page) if page is not None else ""

    def page_url(self, page):
        """A page's address, memoised. Without the request: Wagtail would look
        up the request's site (a query) only to choose between a relative
        address and a full one; with one site it is relative anyway, and with
        several the full one is right from any of them."""
        if page.pk not in self.urls:
            self.urls[page.pk] = page.get_url()
        return self.urls[page.pk]

    @cached_property
    def communes(self):
        """``{commune id: its page's commune}`` for communes with artisans;
        an arrondissement points at its commune's page."""
        tops = {}
        for commune in within.communes_with_artisans().prefetch_related(
            "arrondissements"
        ):
            tops[commune.pk] = commune
            for arrondissement in commune.arrondissements.all():
                tops[arrondissement.pk] = commune
        return tops

    def commune_url(self, commune_id):
        """The page of a commune given by its id: the editors' page about it
        or its commune, else the one made from the data when artisans work
        there, else ""."""
        if commune_id is None:
            return ""
        top = self.communes.get(commune_id)
        return self.written_commune_url(commune_id, top and top.pk) or (
            self.generated_url(Commune, top.slug) if top is not None else ""
        )

    def written_commune_url(self, *commune_ids):
        for pk in commune_ids:
            url = self.written_url("commune", pk)
            if url:
                return url
        return ""

    def generated_url(self, kind, slug):
        if self.index is None:
            return ""
        # By name: the page models read these links.
        index_page = apps.get_model("territories", "TerritoryIndexPage")
        return self.page_url(self.index) + index_page.get_resolver().reverse(
            ROUTES[kind], slug
        )

    def url(self, territory):
        """The page of ``territory`` (a commune, its id, an EPCI, a
        département or a région), or "" when there is none."""
        if territory is None or territory == "":
            return ""
        if isinstance(territory, int):
            return self.commune_url(territory)
        if isinstance(territory, Commune):
            return self.commune_url(territory.pk)
        kind = type(territory)
        return self.written_url(LEVELS[kind], territory.pk) or self.generated_url(
            kind, territory.slug
        )

    def artisan_links(self, vendor):
        """The pages of ``vendor``'s commune and département.

        Load the vendors with ``select_related("town__parent",
        "town__departement")``. An approved artisan stands within both
        territories, so both have a page and only the editors' pages are
        looked up; for another shop (suspended), the communes with artisans
        are (once per request).
        """
        if vendor.town_id is None:
            return ArtisanTerritoryLinks()
        town = vendor.town
        departement = town.departement
        if vendor.status != VendorStatus.APPROVED:
            has_artisans = any(
                commune.departement_id == departement.pk
                for commune in self.communes.values()
            )
            return ArtisanTerritoryLinks(
                commune=self.commune_url(town.pk),
                departement=self.url(departement) if has_artisans else "",
            )
        commune = town.parent if town.parent_id else town
        return ArtisanTerritoryLinks(
            commune=self.written_commune_url(town.pk, commune.pk)
            or self.generated_url(Commune, commune.slug),
            departement=self.url(departement),
        )


def links_for(request):
    """The request's ``TerritoryLinks`` (made once per request)."""
    if request is None:
        return TerritoryLinks()
    links = getattr(request, "_territory_links", None)
    if links is None:
        links = request._territory_links = TerritoryLinks(request)
    return links
