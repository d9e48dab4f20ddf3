"""The footer shows the chamber's contact, social links and partners from
the site settings and snippets; the legal pages keep their settings."""

import pytest

from cms.models import LegalSettings
from cms.setup import ensure_home_page
from cms.snippets import Partner

pytestmark = pytest.mark.django_db


def test_footer_shows_contact_social_links_and_partners(client):
    ensure_home_page()
    legal = LegalSettings.load()
    legal.publisher_name = "Chambre de métiers et de l'artisanat"
    legal.contact_address = "5 boulevard Pèbre\n13008 Marseille"
    legal.publisher_phone = "04 91 00 00 00"
    legal.contact_email = "contact@example.org"
    legal.instagram_url = "https://www.instagram.com/cma"
    legal.save()
    Partner.objects.create(name="Région Sud", website="https://www.maregionsud.fr")

    html = client.get("/").content.decode()

    assert "Chambre de métiers et de l&#x27;artisanat" in html
    assert "13008 Marseille" in html
    assert 'href="tel:0491000000"' in html
    assert 'href="mailto:contact@example.org"' in html
    assert (
        '<a href="https://www.instagram.com/cma" rel="noopener">Instagram</a>' in html
    )
    assert "Région Sud" in html
    assert (
        'aria-label="Social networks"' in html
        or 'aria-label="Réseaux sociaux"' in html
        or "Social networks" in html
    )


def test_footer_without_settings_has_no_empty_contact(client):
    ensure_home_page()
    html = client.get("/").content.decode()
    assert "site-footer__contact" not in html
    assert "site-footer__partners" not in html
