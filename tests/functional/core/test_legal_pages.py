"""The legal pages: their texts at their addresses, with the chamber's
particulars from the site settings, and the privacy page's durations from
the settings the site runs with."""

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from wagtail.models import Page

from cms.models import HomePage, LegalDocument, LegalPage, LegalSettings, StandardPage
from cms.setup import ensure_legal_pages, ensure_legal_settings
from tests.factories import StaffUserFactory
from tests.factories.accounts import sign_in_verified

pytestmark = pytest.mark.django_db

ADDRESSES = {
    LegalDocument.LEGAL_NOTICE: "/mentions-legales/",
    LegalDocument.TERMS_OF_SALE: "/cgv/",
    LegalDocument.SELLER_TERMS: "/cgu-artisans/",
    LegalDocument.PRIVACY: "/donnees-personnelles/",
}
CHAMBER = {
    "publisher_name": "Chambre de Métiers du Var (essai)",
    "publisher_address": "12 avenue de l'Essai\n83000 Toulon",
    "publisher_siret": "73282932000074",
    "contact_email": "bonjour@cma-essai.fr",
    "publication_director": "Hélène Castellan",
    "host_name": "Hébergeur Essai SAS",
    "host_address": "3 rue du Serveur, 13001 Marseille",
    "dpo_contact": "dpo@cma-essai.fr",
    "mediator_name": "Médiateur Essai de la consommation",
    "mediator_website": "https://mediateur-essai.fr",
}


@pytest.fixture
def legal_pages(home_page):
    ensure_legal_pages(home_page)
    ensure_legal_settings(**CHAMBER)


def in_english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def document(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def admin_url():
    return f"/cms-admin/settings/cms/legalsettings/{LegalSettings.load().pk}/"


def text(element):
    return " ".join(element.get_text(" ").split())


def test_each_legal_document_has_one_page_at_its_address(legal_pages, client):
    for kind, url in ADDRESSES.items():
        soup = document(client, url)

        assert LegalPage.objects.get(document=kind).url == url
        main = soup.find("main")
        assert main is not None and main.find(id=f"legal-{kind}") is not None
        assert main.find("h1") is not None


def test_legal_notice_names_the_publisher_host_and_director_from_settings(
    legal_pages, client
):
    notice = text(document(client, "/mentions-legales/").find(id="legal-legal_notice"))

    for name in (
        "publisher_name",
        "publisher_siret",
        "contact_email",
        "publication_director",
        "host_name",
    ):
        assert CHAMBER[name] in notice
    assert "83000 Toulon" in notice


def test_a_change_of_the_settings_shows_on_the_pages(legal_pages, client):
    legal = LegalSettings.load()
    legal.host_name = "Nouvel Hébergeur SARL"
    legal.save()

    notice = text(document(client, "/mentions-legales/").find(id="legal-legal_notice"))

    assert "Nouvel Hébergeur SARL" in notice
    assert CHAMBER["host_name"] not in notice


def test_terms_of_sale_give_the_withdrawal_right_its_exceptions_and_the_mediator(
    legal_pages, client
):
    terms = document(in_english(client), "/cgv/").find(id="legal-terms_of_sale")

    withdrawal = text(terms.find(id="cgv-withdrawal").parent)
    assert "within 14 days" in withdrawal
    assert "L221-28" in withdrawal
    assert "made to your specifications or clearly personalised" in withdrawal
    assert "collected at a workshop or pickup point" in withdrawal
    assert f"{settings.PAYMENT_PENDING_MINUTES} minutes" in text(
        terms.find(id="cgv-payment").parent
    )
    complaints = text(terms.find(id="cgv-complaints").parent)
    assert CHAMBER["mediator_name"] in complaints
    assert CHAMBER["mediator_website"] in complaints
    assert terms.find(id="cgv-form") is not None


def test_missing_particulars_are_shown_as_to_be_completed(home_page, client):
    ensure_legal_pages(home_page)

    notice = text(
        document(in_english(client), "/mentions-legales/").find(id="legal-legal_notice")
    )

    assert "to be completed" in notice


def test_artisans_terms_state_the_marketplace_commission_rate(
    legal_pages, client, settings
):
    settings.MARKETPLACE_COMMISSION_RATE = "0.125"

    terms = document(in_english(client), "/cgu-artisans/")

    assert "commission of 12.5 %" in text(terms.find(id="cgu-commission").parent)


def test_privacy_page_states_what_is_kept_and_the_cookie_lifetimes_in_use(
    legal_pages, client, settings
):
    settings.SESSION_COOKIE_AGE = 3 * 24 * 60 * 60
    legal = LegalSettings.load()
    legal.log_retention_days = 180
    legal.save()

    page = document(in_english(client), "/donnees-personnelles/")

    cookies = text(page.find(id="privacy-cookies").parent)
    assert f"{settings.SESSION_COOKIE_NAME} : keeps you signed in" in cookies
    assert "remembers your checkout, 3 days" in cookies
    assert settings.CSRF_COOKIE_NAME in cookies
    assert settings.OSCAR_BASKET_COOKIE_OPEN in cookies
    assert settings.LANGUAGE_COOKIE_NAME in cookies
    kept = text(page.find(id="privacy-what").parent)
    assert "10 years from the order (Commercial Code, article L123-22)" in kept
    assert "180 days" in kept
    assert "Until you delete your account" in kept
    recipients = text(page.find(id="privacy-recipients").parent)
    assert "Stripe" in recipients and CHAMBER["host_name"] in recipients
    assert page.find(id="legal-privacy").find(
        "a", href="/boutique/accounts/mes-donnees/telecharger/"
    )


def test_an_earlier_plain_page_at_a_legal_address_gives_way(home_page, client):
    home_page.add_child(
        instance=StandardPage(title="CGV", slug="cgv", live=True, body=[])
    )

    ensure_legal_pages(home_page)

    assert not StandardPage.objects.filter(slug="cgv").exists()
    assert LegalPage.objects.get(slug="cgv").document == LegalDocument.TERMS_OF_SALE
    assert document(client, "/cgv/").find(id="legal-terms_of_sale") is not None


def test_legal_pages_live_below_the_home_page_only(home_page):
    assert LegalPage.allowed_parent_page_models() == [HomePage]
    assert LegalPage.allowed_subpage_models() == []
    assert LegalPage in HomePage.allowed_subpage_models()
    assert Page not in LegalPage.allowed_parent_page_models()


def test_chamber_staff_edit_the_legal_information_in_the_wagtail_admin(
    legal_pages, client
):
    sign_in_verified(client, StaffUserFactory(is_superuser=True))
    url = admin_url()

    form = client.get(url)
    assert form.status_code == 200
    response = client.post(
        url, {**CHAMBER, "host_name": "Hébergeur Modifié", "log_retention_days": 90}
    )

    assert response.status_code == 302
    legal = LegalSettings.load()
    assert legal.host_name == "Hébergeur Modifié"
    assert legal.log_retention_days == 90


def test_the_admin_refuses_an_invalid_siret_and_keeps_the_settings(legal_pages, client):
    sign_in_verified(client, StaffUserFactory(is_superuser=True))

    response = client.post(
        admin_url(),
        {**CHAMBER, "publisher_siret": "12345678901234", "log_retention_days": 90},
    )

    assert response.status_code == 200
    assert LegalSettings.load().publisher_siret == CHAMBER["publisher_siret"]
