"""The demo's territories: the index, the département des Bouches-du-Rhône
and Aubagne written by editors; every other demo town gets its page made
from the data."""

from wagtail.models import Page

from shop.apps.geo.models import Commune, Departement

from .models import TerritoryIndexPage, TerritoryLevel, TerritoryPage

INTRO_13 = (
    "<p>Des santonniers d'Aubagne aux savonniers de Salon-de-Provence, les "
    "Bouches-du-Rhône gardent vivants des savoir-faire que l'on vient chercher "
    "de loin. Retrouvez ici les artisans du département et leurs points de "
    "retrait.</p>"
)
INTRO_AUBAGNE = (
    "<p>Capitale du santon et de la céramique, Aubagne compte des ateliers où "
    "l'argile se façonne encore à la main. Poussez la porte : les artisans "
    "vous y accueillent.</p>"
)


def load_demo_territories(report):
    """Create the demo's territory pages when they are missing (idempotent)."""
    from cms.models import HomePage

    home = HomePage.objects.first()
    if home is None:
        return
    index = TerritoryIndexPage.objects.first()
    created = index is None
    if created:
        index = home.add_child(
            instance=TerritoryIndexPage(
                title="Territoires",
                slug="territoires",
                introduction=(
                    "Les communes, intercommunalités et départements de la "
                    "région, avec leurs artisans."
                ),
            )
        )
    report.count("territory index", created)
    departement = Departement.objects.filter(code="13").first()
    aubagne = Commune.objects.filter(insee="13005").first()
    pages = []
    if departement is not None:
        pages.append(
            (
                "bouches-du-rhone",
                "Bouches-du-Rhône",
                TerritoryLevel.DEPARTEMENT,
                {"departement": departement},
                INTRO_13,
            )
        )
    if aubagne is not None:
        pages.append(
            (
                "aubagne",
                "Aubagne, capitale du santon",
                TerritoryLevel.COMMUNE,
                {"commune": aubagne},
                INTRO_AUBAGNE,
            )
        )
    for slug, title, level, territory, intro in pages:
        exists = Page.objects.child_of(index).filter(slug=slug).exists()
        if not exists:
            index.add_child(
                instance=TerritoryPage(
                    title=title, slug=slug, level=level, introduction=intro, **territory
                )
            )
        report.count("territory pages", not exists)
