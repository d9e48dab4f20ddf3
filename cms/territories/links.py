"""Where a territory's page is: the page editors wrote about it, or else the
page made from the data under the index of territories.

One ``TerritoryLinks`` per request (``links_for(request)``) answers for every
territory of the page in at most three queries, however many artisans' cards
ask: the index, the editors' pages, the communes with artisans.
"""

from django.apps import apps
from django.utils.functional import cached_property

from shop.apps.geo.models import Commune, Departement, Epci, Region

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


class TerritoryLinks:
    """The URLs of territories' pages, for one request."""

    def __init__(self, request=None):
        self.request = request

    @cached_property
    def index(self):
        # By name: the page models read these links.
        index_page = apps.get_model("territories", "TerritoryIndexPage")
        return index_page.objects.live().public().first()

    @cached_property
    def written(self):
        """``{(level, territory id): url}`` of the editors' pages."""
        if self.index is None:
            return {}
        urls = {}
        for page in self.index.editorial_pages().order_by("path"):
            territory_id = getattr(page, f"{page.level}_id")
            if territory_id is not None:
                urls.setdefault((page.level, territory_id), page.get_url(self.request))
        return urls

    @cached_property
    def communes(self):
        """``{commune id: (id, slug) of its page's commune}`` for communes with
        artisans; an arrondissement points at its commune's page."""
        tops = {}
        for commune in within.communes_with_artisans().prefetch_related(
            "arrondissements"
        ):
            tops[commune.pk] = (commune.pk, commune.slug)
            for arrondissement in commune.arrondissements.all():
                tops[arrondissement.pk] = (commune.pk, commune.slug)
        return tops

    def commune_url(self, commune_id):
        """The page of a commune given by its id: the editors' page about it
        or its commune, else the one made from the data when artisans work
        there, else ""."""
        if commune_id is None:
            return ""
        top = self.communes.get(commune_id)
        for pk in (commune_id, top and top[0]):
            url = self.written.get(("commune", pk))
            if url:
                return url
        if top is None:
            return ""
        return self.generated_url(Commune, top[1])

    def generated_url(self, kind, slug):
        if self.index is None:
            return ""
        return self.index.get_url(self.request) + self.index.reverse_subpage(
            ROUTES[kind], args=[slug]
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
        written = self.written.get((LEVELS[kind], territory.pk))
        return written or self.generated_url(kind, territory.slug)


def links_for(request):
    """The request's ``TerritoryLinks`` (made once per request)."""
    if request is None:
        return TerritoryLinks()
    links = getattr(request, "_territory_links", None)
    if links is None:
        links = request._territory_links = TerritoryLinks(request)
    return links
