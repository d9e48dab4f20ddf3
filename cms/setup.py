"""Putting the marketplace's home page in place of Wagtail's placeholder."""

from django.db import transaction
from wagtail.models import Page, Site

from .models import HomePage, StandardPage

HOME_TITLE = "Artisans de Provence"


@transaction.atomic
def ensure_home_page(**fields):
    """Return the site's ``HomePage``, creating it on first call (idempotent).

    Wagtail's first migration leaves a plain placeholder page as the default
    site's root; it is replaced by our home page, which the site then serves.
    """
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        placeholder = root.get_children().filter(slug="home").first()
        if placeholder is not None and placeholder.specific_class is Page:
            placeholder.delete()
            root.refresh_from_db()
        home = root.add_child(
            instance=HomePage(title=HOME_TITLE, slug="home", live=True, **fields)
        )
    # Only written when it is not already so: a second call writes nothing.
    if not Site.objects.filter(is_default_site=True, root_page=home).exists():
        Site.objects.update_or_create(
            is_default_site=True,
            defaults={
                "hostname": "localhost",
                "port": 80,
                "root_page": home,
                "site_name": HOME_TITLE,
            },
        )
    return home


LEGAL_PAGES = [
    (
        "mentions-legales",
        "Mentions légales",
        "Éditeur du site : Chambre de Métiers et de l'Artisanat de région "
        "Provence-Alpes-Côte d'Azur. Chaque boutique est tenue par l'artisan "
        "qui y vend ses créations ; ses coordonnées et son SIRET figurent sur "
        "sa boutique.",
    ),
    (
        "cgv",
        "Conditions générales de vente",
        "Les ventes sont conclues entre le consommateur et chaque artisan. Les "
        "prix sont indiqués toutes taxes comprises. Le droit de rétractation de "
        "14 jours s'applique aux produits non personnalisés et non périssables.",
    ),
    (
        "donnees-personnelles",
        "Données personnelles",
        "Vos données servent uniquement à traiter vos commandes et vos retraits. "
        "Vous pouvez demander l'export ou la suppression de votre compte depuis "
        "votre espace client, conformément au RGPD.",
    ),
]


@transaction.atomic
def ensure_legal_pages(home):
    """Create the legal pages below ``home`` when they are missing (idempotent)."""
    created = []
    for slug, title, text in LEGAL_PAGES:
        if StandardPage.objects.filter(slug=slug).exists():
            continue
        page = home.add_child(
            instance=StandardPage(
                title=title,
                slug=slug,
                live=True,
                body=[("paragraph", f"<p>{text}</p>")],
            )
        )
        created.append(page)
        home.refresh_from_db()
    return created
