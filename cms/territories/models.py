"""Territory pages: a commune, an intercommunalité, a département or the
region, with the artisans and pickup points within, a map, and the products
made there.

Editors write a ``TerritoryPage`` where they have something to say; for every
other commune with artisans, the ``TerritoryIndexPage`` serves a plain page
made from the data at ``/territoires/<commune>/``.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.blocks import BodyBlock
from shop.apps.core.places import artisan_place, kind_labels, point_place
from shop.apps.geo.models import Commune, Departement, Epci, Region

from . import within
from .links import LEVELS, links_for


class TerritoryLevel(models.TextChoices):
    COMMUNE = "commune", _("Commune")
    EPCI = "epci", _("Intercommunalité")
    DEPARTEMENT = "departement", _("Département")
    REGION = "region", _("Region")


# Routes of the index that a child page's slug would hide (a child page is
# found before a route, see TerritoryIndexPage.route).
RESERVED_SLUGS = {"departement", "interco", "region"}

LEVEL_FIELDS = {
    TerritoryLevel.COMMUNE: "commune",
    TerritoryLevel.EPCI: "epci",
    TerritoryLevel.DEPARTEMENT: "departement",
    TerritoryLevel.REGION: "region",
}

LEVELS_OF = {kind: TerritoryLevel(level) for kind, level in LEVELS.items()}


def territory_context(territory, request=None):
    """What a territory's page shows, whether editors wrote it or not."""
    artisans = list(within.artisans_within(territory))
    points = list(within.points_within(territory))
    labels = kind_labels()
    context = {
        "territory": territory,
        "artisans": artisans,
        "points": points,
        "territory_products": within.products_within(territory),
        "map_places": [artisan_place(v, labels) for v in artisans]
        + [point_place(p, labels) for p in points],
        "territory_trail": territory_trail(territory, request),
    }
    if isinstance(territory, Commune):
        context["catalogue_commune"] = territory.name
    return context


def territories_above(territory):
    """The larger territories holding ``territory``, largest first: a
    commune's région, département and intercommunalité; a département's
    région. (An intercommunalité may straddle départements: none.)"""
    if isinstance(territory, Commune):
        departement = territory.departement
        return [t for t in (departement.region, departement, territory.epci) if t]
    if isinstance(territory, Departement):
        return [territory.region] if territory.region_id else []
    return []


def territory_trail(territory, request=None):
    """Breadcrumbs from the index of territories down to ``territory``'s
    parent: ``[{"name", "url"}]`` (url "" when the territory has no page)."""
    links = links_for(request)
    trail = []
    if links.index is not None:
        trail.append({"name": links.index.title, "url": links.index.get_url(request)})
    for above in territories_above(territory):
        trail.append({"name": above.name, "url": links.url(above)})
    return trail


def generated_introduction(territory, count):
    """ "3 artisans work in Aubagne, Bouches-du-Rhône, Métropole…"."""
    parts = [territory.name]
    if isinstance(territory, Commune):
        parts += [
            territory.departement.name,
            territory.epci.name if territory.epci else "",
        ]
    elif isinstance(territory, Departement) and territory.region_id:
        parts.append(territory.region.name)
    where = ", ".join(part for part in parts if part)
    return ngettext(
        "%(count)d artisan works in %(where)s.",
        "%(count)d artisans work in %(where)s.",
        count,
    ) % {"count": count, "where": where}


class TerritoryIndexPage(RoutablePageMixin, Page):
    """``/territoires/``: the editors' territory pages, then every commune with
    artisans; a commune without an editorial page gets one made from the data."""

    introduction = models.TextField(_("introduction"), blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = Page.content_panels + [
        FieldPanel("introduction"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [index.SearchField("introduction")]

    parent_page_types = ["cms.HomePage"]
    subpage_types = ["territories.TerritoryPage"]
    max_count = 1
    template = "territories/territory_index_page.html"

    class Meta:
        verbose_name = _("index of territories")

    def __str__(self):
        return self.title

    def route(self, request, path_components):
        """A child page is found before a route of the same name: an editors'
        page with the slug ``aubagne-13`` hides the generated one (the
        generated one redirects to the editors' page anyway). Child pages may
        not take the slugs of the routes themselves (``RESERVED_SLUGS``)."""
        if path_components and self.get_children().filter(slug=path_components[0]):
            return Page.route(self, request, path_components)
        return super().route(request, path_components)

    def editorial_pages(self):
        return TerritoryPage.objects.live().public().descendant_of(self)

    @path("")
    def index(self, request):
        groups = {}
        for commune in within.communes_with_artisans():
            groups.setdefault(commune.departement, []).append(commune)
        return self.render(
            request,
            context_overrides={
                "territory_pages": self.editorial_pages().order_by("title"),
                "departements": list(groups.items()),
            },
        )

    def serve_territory(self, request, territory):
        """A page made from the data: 301 to the editors' page about the
        territory if there is one; 404 when no approved artisan works there."""
        written = (
            self.editorial_pages()
            .filter(
                level=LEVELS_OF[type(territory)],
                **{LEVEL_FIELDS[LEVELS_OF[type(territory)]]: territory},
            )
            .order_by("path")
            .first()
        )
        if written is not None:
            return redirect(written.get_url(request), permanent=True)
        context = territory_context(territory, request)
        if not context["artisans"]:
            raise Http404(_("No artisan works in this territory."))
        context["generated_introduction"] = generated_introduction(
            territory, len(context["artisans"])
        )
        context["territory_title"] = territory.name
        return self.render(
            request,
            template="territories/territory_page.html",
            context_overrides=context,
        )

    @path("departement/<slug:slug>/", name="departement_page")
    def departement_page(self, request, slug):
        departement = get_object_or_404(
            Departement.objects.select_related("region"), slug=slug
        )
        return self.serve_territory(request, departement)

    @path("interco/<slug:slug>/", name="epci_page")
    def epci_page(self, request, slug):
        return self.serve_territory(request, get_object_or_404(Epci, slug=slug))

    @path("region/<slug:slug>/", name="region_page")
    def region_page(self, request, slug):
        return self.serve_territory(request, get_object_or_404(Region, slug=slug))

    @path("<slug:slug>/", name="commune_page")
    def commune_page(self, request, slug):
        """A commune (not an arrondissement: its commune's page holds it)."""
        commune = get_object_or_404(
            Commune.objects.select_related("departement__region", "epci"),
            slug=slug,
            parent=None,
        )
        return self.serve_territory(request, commune)

    def get_sitemap_urls(self, request=None):
        urls = super().get_sitemap_urls(request)
        root = self.get_full_url(request)
        written = set(
            self.editorial_pages()
            .filter(level=TerritoryLevel.COMMUNE)
            .values_list("commune_id", flat=True)
        )
        for commune in within.communes_with_artisans():
            if commune.pk not in written:
                urls.append(
                    {
                        "location": root
                        + self.reverse_subpage("commune_page", args=[commune.slug]),
                        "lastmod": self.last_published_at,
                    }
                )
        return urls


class TerritoryPage(Page):
    """An editorial page about a territory, with what lies within it."""

    level = models.CharField(
        _("level"),
        max_length=12,
        choices=TerritoryLevel.choices,
        default=TerritoryLevel.COMMUNE,
    )
    commune = models.ForeignKey(
        "geo.Commune",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("commune"),
    )
    epci = models.ForeignKey(
        "geo.Epci",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("intercommunalité"),
    )
    departement = models.ForeignKey(
        "geo.Departement",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("département"),
    )
    region = models.ForeignKey(
        "geo.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("region"),
    )
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("image"),
    )
    introduction = RichTextField(
        _("introduction"), blank=True, features=["bold", "italic", "link"]
    )
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("level"),
                FieldPanel("commune"),
                FieldPanel("epci"),
                FieldPanel("departement"),
                FieldPanel("region"),
            ],
            heading=_("Territory"),
        ),
        FieldPanel("hero_image"),
        FieldPanel("introduction"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [index.SearchField("introduction")]

    parent_page_types = ["territories.TerritoryIndexPage", "territories.TerritoryPage"]
    subpage_types = ["territories.TerritoryPage"]
    template = "territories/territory_page.html"

    class Meta:
        verbose_name = _("territory page")

    def __str__(self):
        return self.title

    @property
    def territory(self):
        return getattr(self, LEVEL_FIELDS[self.level])

    def clean(self):
        super().clean()
        chosen = LEVEL_FIELDS.get(self.level)
        errors = {}
        for level, name in LEVEL_FIELDS.items():
            value = getattr(self, f"{name}_id")
            if name == chosen and value is None:
                errors[name] = _("Choose the %(level)s this page is about.") % {
                    "level": TerritoryLevel(level).label.lower()
                }
            elif name != chosen and value is not None:
                errors[name] = _("Leave empty: the page is about a %(level)s.") % {
                    "level": TerritoryLevel(chosen).label.lower()
                }
        parent = self.get_parent() if self.path else None
        if self.slug in RESERVED_SLUGS and (
            parent is None or isinstance(parent.specific, TerritoryIndexPage)
        ):
            errors["slug"] = _(
                "This address is kept for the pages made from the data; "
                "choose another slug."
            )
        if errors:
            raise ValidationError(errors)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        territory = self.territory
        if territory is not None:
            context.update(territory_context(territory, request))
        context["written_page"] = self
        context["territory_title"] = self.title
        context["catalogue_url"] = reverse("catalogue:index")
        return context
