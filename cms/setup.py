"""Putting the marketplace's home page in place of Wagtail's placeholder."""

import logging

from django.conf import settings
from django.db import transaction
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, Site

from .models import HomePage, LegalDocument, LegalPage, LegalSettings, StandardPage

HOME_TITLE = "Artisans de Provence"
logger = logging.getLogger(__name__)


@transaction.atomic
def ensure_home_page(**fields):
    """Return the site's ``HomePage``, creating it on first call (idempotent).

    Wagtail's first migration leaves a plain placeholder page as the default
    site's root; it is replaced by our home page, which the site then serves.
    """
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        if root is None:
            # Wagtail's migrations make the tree's root; a database emptied
            # since (a flush) has none: make it again.
            Locale.objects.get_or_create(
                language_code=get_supported_content_language_variant(
                    settings.LANGUAGE_CODE
                )
            )
            root = Page.add_root(instance=Page(title="Root", slug="root", live=True))
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


# The legal pages at their public addresses (DESIGN.md), one per document.
LEGAL_PAGES = [
    ("mentions-legales", "Mentions légales", LegalDocument.LEGAL_NOTICE),
    ("cgv", "Conditions générales de vente", LegalDocument.TERMS_OF_SALE),
    (
        "cgu-artisans",
        "Conditions d'utilisation pour les artisans",
        LegalDocument.SELLER_TERMS,
    ),
    ("donnees-personnelles", "Données personnelles", LegalDocument.PRIVACY),
]


@transaction.atomic
def ensure_legal_pages(home):
    """Create the legal pages below ``home`` when they are missing (idempotent).

    A plain standard page left at one of their addresses by an earlier
    version (a paragraph of placeholder text, no subpages) gives way to the
    legal page.
    """
    created = []
    for slug, title, document in LEGAL_PAGES:
        if LegalPage.objects.filter(document=document).exists():
            continue
        earlier = StandardPage.objects.child_of(home).filter(slug=slug).first()
        if earlier is not None:
            if earlier.get_children().exists():
                logger.warning("page /%s/ has subpages: not replaced", slug)
                continue
            earlier.delete()
            home.refresh_from_db()
        page = home.add_child(
            instance=LegalPage(title=title, slug=slug, live=True, document=document)
        )
        created.append(page)
        home.refresh_from_db()
    return created


@transaction.atomic
def ensure_legal_settings(**values):
    """Fill the chamber's legal information where it is still empty."""
    legal = LegalSettings.load()
    empty = [name for name, value in values.items() if not getattr(legal, name)]
    for name in empty:
        setattr(legal, name, values[name])
    if empty:
        legal.save(update_fields=empty)
    return empty
