"""The "Apprentissage" index lists open offers only, filters them, pages them
in a fixed number of queries, and each offer takes applications until it is
closed."""

import datetime
from decimal import Decimal as D

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils import WagtailPageTestCase

from cms.apprenticeship.models import (
    ApprenticeshipApplication,
    ApprenticeshipIndexPage,
    OfferStatus,
)
from cms.models import HomePage
from cms.setup import ensure_home_page
from tests.factories import VendorFactory
from tests.factories.geo import CommuneFactory
from tests.factories.orders import artisan_account
from tests.functional.cms.test_page_types_core import form, sign_in_verified_session
from vendors.models import VendorStatus

from .conftest import make_offer, offer_url, signed_in

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class TestApprenticeshipIndexPageType(WagtailPageTestCase):
    def setUp(self):
        self.home = ensure_home_page()
        # Wagtail's helpers sign in with the first backend (the lockout one,
        # which only authenticates) and without the staff's second factor.
        self.client.force_login = self.sign_in

    def sign_in(self, user, backend=None):
        type(self.client).force_login(
            self.client, user, "django.contrib.auth.backends.ModelBackend"
        )
        user.is_staff = True
        sign_in_verified_session(self.client, user)

    def test_created_under_the_home_page_only(self):
        self.assertCanCreateAt(HomePage, ApprenticeshipIndexPage)
        self.assertAllowedParentPageTypes(ApprenticeshipIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(ApprenticeshipIndexPage, {})

    def test_renders_and_previews(self):
        page = self.home.add_child(
            instance=ApprenticeshipIndexPage(
                title="Apprentissage", slug="apprentissage"
            )
        )
        self.assertPageIsRenderable(page)
        self.assertPageIsPreviewable(page, post_data=form(page))


def test_index_lists_open_offers_only(client, index_page, ebeniste):
    today = timezone.localdate()
    shown = make_offer(ebeniste, title="Offre ouverte")
    make_offer(ebeniste, title="Offre pourvue", status=OfferStatus.FILLED)
    make_offer(ebeniste, title="Offre fermée", status=OfferStatus.CLOSED)
    make_offer(ebeniste, title="Offre passée", closes_on=today - datetime.timedelta(1))
    make_offer(VendorFactory(vacation_mode=True), title="Offre en vacances")
    make_offer(VendorFactory(status=VendorStatus.SUSPENDED), title="Offre suspendue")

    html = client.get(index_page.url).content.decode()

    assert offer_url(index_page, shown) in html
    for title in ["pourvue", "fermée", "passée", "en vacances", "suspendue"]:
        assert f"Offre {title}" not in html


def test_filters_by_diploma_craft_departement_and_nearness(
    client, english, index_page, ebeniste, potier
):
    wood = make_offer(ebeniste, title="Ébénisterie", diploma="cap", metier="Ébéniste")
    clay = make_offer(potier, title="Tournage", diploma="bma", metier="Potier")

    def titles(**params):
        html = client.get(index_page.url, params).content.decode()
        return {o.title for o in (wood, clay) if offer_url(index_page, o) in html}

    assert titles() == {"Ébénisterie", "Tournage"}
    assert titles(diploma="bma") == {"Tournage"}
    assert titles(metier="ébén") == {"Ébénisterie"}
    assert titles(departement="84") == {"Tournage"}
    assert titles(near="13400") == {"Ébénisterie"}
    assert titles(near="Avignon") == {"Tournage"}
    html = client.get(index_page.url, {"near": "Nullepart"}).content.decode()
    assert "No town or postcode of that name is known." in html
    assert 'aria-describedby="id_near_error"' in html


def test_near_lists_the_offers_within_the_radius_nearest_first(
    client, index_page, ebeniste, aubagne
):
    # Given offers in Aubagne, in La Ciotat (13 km away, closing first) and in
    # the corner of the square around Aubagne's 30 km circle (34 km away).
    today = timezone.localdate()
    la_ciotat = CommuneFactory(
        insee="13028", name="La Ciotat", latitude=D("43.1748"), longitude=D("5.6046")
    )
    corner = CommuneFactory(
        insee="13099",
        name="Coin du carré",
        latitude=D("43.5127"),  # Aubagne's + 0.22°
        longitude=D("5.8708"),  # Aubagne's + 0.30°
    )
    here = make_offer(ebeniste, title="Offre d'Aubagne")
    close_by = make_offer(
        ebeniste,
        title="Offre de La Ciotat",
        town=la_ciotat,
        closes_on=today + datetime.timedelta(days=10),
    )
    too_far = make_offer(ebeniste, title="Offre du coin", town=corner)

    # When a young person looks near Aubagne's postcode
    response = client.get(index_page.url, {"near": "13400"})

    # Then the offers within 30 km are listed, nearest first, with distances.
    assert [offer.title for offer in response.context["offers"]] == [
        "Offre d'Aubagne",
        "Offre de La Ciotat",
    ]
    assert [round(offer.distance_km) for offer in response.context["offers"]] == [
        0,
        13,
    ]
    html = response.content.decode()
    assert html.index(offer_url(index_page, here)) < html.index(
        offer_url(index_page, close_by)
    )
    assert offer_url(index_page, too_far) not in html
    assert 'class="apprenticeship-offer__distance"' in html
    # Without the filter, all three are listed by closing date.
    everything = client.get(index_page.url).context["offers"]
    assert [offer.title for offer in everything][0] == "Offre de La Ciotat"
    assert len(everything) == 3


def test_index_queries_do_not_grow_with_offers(
    client, index_page, ebeniste, potier, django_assert_num_queries
):
    make_offer(ebeniste)
    client.get(index_page.url)  # warm the site and page caches
    with CaptureQueriesContext(connection) as first:
        client.get(index_page.url)
    for n in range(6):
        make_offer(potier if n % 2 else ebeniste, title=f"Offre {n}")
    with django_assert_num_queries(len(first.captured_queries)):
        response = client.get(index_page.url)
    assert response.content.decode().count('class="panel apprenticeship-offer"') == 7


def test_index_is_paginated(client, index_page, ebeniste):
    for n in range(13):
        make_offer(ebeniste, title=f"Offre {n:02d}")

    first = client.get(index_page.url).content.decode()
    second = client.get(index_page.url, {"page": 2}).content.decode()

    assert first.count('class="panel apprenticeship-offer"') == 12
    assert second.count('class="panel apprenticeship-offer"') == 1


def test_closed_offer_says_so_without_a_form(client, index_page, offer):
    offer.status = OfferStatus.FILLED
    offer.save()

    response = client.get(offer_url(index_page, offer))

    assert response.status_code == 410
    html = response.content.decode()
    assert 'id="apprenticeship-closed"' in html
    assert 'id="apprenticeship-apply"' not in html
    post = client.post(
        offer_url(index_page, offer),
        {"name": "Léa", "email": "lea@example.fr", "message": "Bonjour"},
    )
    assert post.status_code == 410
    assert not ApprenticeshipApplication.objects.exists()


def test_unknown_offer_is_a_404(client, index_page):
    response = client.get(index_page.url + "offre/999999/")
    assert response.status_code == 404


def apply(client, index_page, offer, **fields):
    data = {
        "name": "Léa Martin",
        "email": "lea@example.fr",
        "message": "Je voudrais apprendre le métier.",
    }
    data.update(fields)
    return client.post(offer_url(index_page, offer), data)


def test_an_apprenticeship_application_reaches_only_its_artisan(
    client, index_page, offer, ebeniste, potier, django_capture_on_commit_callbacks
):
    make_offer(potier, title="Tournage")
    artisan_account(ebeniste), artisan_account(potier)
    cv = SimpleUploadedFile("cv.pdf", PDF, content_type="application/pdf")
    with django_capture_on_commit_callbacks(execute=True):
        response = apply(client, index_page, offer, cv=cv)

    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 200
    application = ApprenticeshipApplication.objects.get()
    assert application.offer == offer
    assert application.cv.read() == PDF

    team = list(ebeniste.partner.users.values_list("email", flat=True))
    to_team = [m for m in mail.outbox if m.to == team]
    receipt = [m for m in mail.outbox if m.to == ["lea@example.fr"]]
    assert len(mail.outbox) == 2 and to_team and receipt
    other_emails = set(potier.partner.users.values_list("email", flat=True))
    assert not other_emails & {a for m in mail.outbox for a in m.to}

    mine = signed_in(client, ebeniste)
    detail = reverse("backoffice:apprenticeship-application", args=[application.pk])
    assert "Léa Martin" in mine.get(detail).content.decode()
    mine.logout()

    theirs = signed_in(client, potier)
    listing = theirs.get(reverse("backoffice:apprenticeship-list")).content.decode()
    assert "Léa Martin" not in listing and offer.title not in listing
    assert theirs.get(detail).status_code == 404
    assert (
        theirs.get(
            reverse("backoffice:apprenticeship-cv", args=[application.pk])
        ).status_code
        == 404
    )
    assert (
        theirs.get(
            reverse("backoffice:apprenticeship-applications", args=[offer.pk])
        ).status_code
        == 404
    )


def test_a_cv_that_is_not_a_pdf_is_refused(client, english, index_page, offer):
    fake = SimpleUploadedFile("cv.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")

    response = apply(client, index_page, offer, cv=fake)

    assert response.status_code == 200
    html = response.content.decode()
    assert "The CV must be a PDF file." in html
    assert 'aria-describedby="id_cv_error"' in html
    assert not ApprenticeshipApplication.objects.exists()


def test_a_cv_over_five_megabytes_is_refused(client, english, index_page, offer):
    big = SimpleUploadedFile(
        "cv.pdf", PDF + b"0" * (5 * 1024 * 1024), "application/pdf"
    )

    html = apply(client, index_page, offer, cv=big).content.decode()

    assert "The CV must be 5 MB or less." in html
    assert not ApprenticeshipApplication.objects.exists()


def test_missing_fields_are_explained(client, index_page, offer):
    html = apply(client, index_page, offer, name="", email="pas-une-adresse").content
    html = html.decode()

    assert 'aria-describedby="id_name_error"' in html
    assert 'aria-describedby="id_email_error"' in html
    assert not ApprenticeshipApplication.objects.exists()


def test_applications_are_rate_limited_per_address(
    client, english, index_page, offer, settings
):
    settings.APPRENTICESHIP_APPLICATIONS_PER_HOUR = 2
    from django.core.cache import cache

    cache.clear()
    for _n in range(2):
        assert apply(client, index_page, offer).status_code == 302

    response = apply(client, index_page, offer)

    assert response.status_code == 200
    assert "Too many applications" in response.content.decode()
    assert ApprenticeshipApplication.objects.count() == 2


def test_honeypot_filled_is_refused(client, index_page, offer):
    response = apply(client, index_page, offer, website="http://spam.example")

    assert response.status_code == 200
    assert not ApprenticeshipApplication.objects.exists()


def test_storefront_shows_the_shops_open_offers(client, index_page, offer, ebeniste):
    closed = make_offer(ebeniste, title="Offre fermée", status=OfferStatus.CLOSED)

    html = client.get(reverse("vendors:storefront", args=[ebeniste.slug]))
    html = html.content.decode()

    assert offer_url(index_page, offer) in html
    assert closed.title not in html


def test_offer_page_has_one_h1_and_labelled_fields(client, index_page, offer):
    html = client.get(offer_url(index_page, offer)).content.decode()

    assert html.count("<h1") == 1
    assert offer.title in html
    for name in ["name", "email", "phone", "age_bracket", "message", "cv"]:
        assert f'for="id_{name}"' in html
    assert 'enctype="multipart/form-data"' in html
    assert "csrfmiddlewaretoken" in html
