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
from shop.apps.geo.models import Commune

from . import within


class TerritoryLevel(models.TextChoices):
    COMMUNE = "commune", _("Commune")
    EPCI = "epci", _("Intercommunalité")
    DEPARTEMENT = "departement", _("Département")
    REGION = "region", _("Region")


LEVEL_FIELDS = {
    TerritoryLevel.COMMUNE: "commune",
    TerritoryLevel.EPCI: "epci",
    TerritoryLevel.DEPARTEMENT: "departement",
    TerritoryLevel.REGION: "region",
}


def territory_context(territory):
    """What a territory's page shows, whether editors wrote it or not."""
    artisans = list(within.artisans_within(territory))
    points = list(within.points_within(territory))
    labels = kind_labels()
    return {
        "territory": territory,
        "artisans": artisans,
        "points": points,
        "territory_products": within.products_within(territory),
        "map_places": [artisan_place(v, labels) for v in artisans]
        + [point_place(p, labels) for p in points],
    }


def generated_introduction(commune, count):
    """ "3 artisans work in Aubagne, Bouches-du-Rhône, Métropole…"."""
    where = ", ".join(
        part
        for part in (
            commune.name,
            commune.departement.name,
            commune.epci.name if commune.epci else "",
        )
        if part
    )
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
        # An editorial child page wins over the generated commune pages.
        if path_components and self.get_children().filter(slug=path_components[0]):
            return Page.route(self, request, path_components)
        return super().route(request, path_components)

    def editorial_pages(self):
        return TerritoryPage.objects.live().public().descendant_of(self)

    @path("")
    def index(self, request):
        communes = list(within.communes_with_artisans())
        written = {
            p.commune_id: p
            for p in self.editorial_pages().filter(level=TerritoryLevel.COMMUNE)
        }
        groups = {}
        for commune in communes:
            commune.editorial_page = written.get(commune.pk)
            groups.setdefault(commune.departement, []).append(commune)
        return self.render(
            request,
            context_overrides={
                "territory_pages": self.editorial_pages().order_by("title"),
                "departements": list(groups.items()),
            },
        )

    @path("<slug:slug>/")
    def commune_page(self, request, slug):
        commune = get_object_or_404(
            Commune.objects.select_related("departement__region", "epci"),
            slug=slug,
            parent=None,
        )
        written = (
            self.editorial_pages()
            .filter(level=TerritoryLevel.COMMUNE, commune=commune)
            .first()
        )
        if written is not None:
            return redirect(written.url, permanent=True)
        context = territory_context(commune)
        if not context["artisans"]:
            raise Http404(_("No artisan works in this commune."))
        context["generated_introduction"] = generated_introduction(
            commune, len(context["artisans"])
        )
        context["territory_title"] = commune.name
        context["catalogue_commune"] = commune.name
        return self.render(
            request,
            template="territories/territory_page.html",
            context_overrides=context,
        )

    def commune_url(self, commune):
        return self.url + self.reverse_subpage("commune_page", args=[commune.slug])

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
        if errors:
            raise ValidationError(errors)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        territory = self.territory
        if territory is not None:
            context.update(territory_context(territory))
            if self.level == TerritoryLevel.COMMUNE:
                context["catalogue_commune"] = territory.name
        context["territory_title"] = self.title
        context["catalogue_url"] = reverse("catalogue:index")
        return context
