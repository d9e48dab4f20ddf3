"""Putting the marketplace's home page in place of Wagtail's placeholder."""

from django.db import transaction
from wagtail.models import Page, Site

from .models import HomePage

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
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home,
                  "site_name": HOME_TITLE},
    )
    return home
