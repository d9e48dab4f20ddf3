"""axe-core in Chromium on the apprenticeship pages: the index (filtered too),
an offer with its application form, the form with errors, a closed offer,
and the artisan's offers, form and applications in the back office have no
critical or serious violation, one <h1> and one <main>."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cms.apprenticeship.models import (
    ApprenticeshipApplication,
    ApprenticeshipIndexPage,
    ApprenticeshipOffer,
    OfferStatus,
)
from cms.setup import ensure_home_page
from tests.e2e.a11y.test_axe_workspaces import check_pages, sign_in
from tests.factories import VendorFactory
from tests.factories.geo import CommuneFactory
from tests.factories.orders import artisan_account

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def scene():
    home = ensure_home_page()
    index = home.add_child(
        instance=ApprenticeshipIndexPage(
            title="Apprentissage",
            slug="apprentissage",
            introduction="Des contrats chez les artisans.",
        )
    )
    index.save_revision().publish()
    town = CommuneFactory(insee="13005", name="Aubagne", postcodes=["13400"])
    vendor = VendorFactory(partner__name="Atelier Bois d'Olivier", town=town)
    today = timezone.localdate()
    offer = ApprenticeshipOffer.objects.create(
        vendor=vendor,
        title="Apprenti·e ébéniste",
        metier="Ébéniste",
        diploma="cap",
        starts_on=today + datetime.timedelta(days=60),
        closes_on=today + datetime.timedelta(days=30),
        duration_months=24,
        hours_per_week=35,
        town=town,
        description="Deux ans en alternance.",
    )
    closed = ApprenticeshipOffer.objects.create(
        vendor=vendor,
        title="Apprenti·e vernisseur",
        metier="Ébéniste",
        diploma="bma",
        starts_on=today + datetime.timedelta(days=60),
        closes_on=today + datetime.timedelta(days=30),
        town=town,
        description="Pourvue.",
        status=OfferStatus.FILLED,
    )
    application = ApprenticeshipApplication.objects.create(
        offer=offer, name="Léa Martin", email="lea@example.fr", message="Bonjour"
    )

    def url_of(o):
        return index.url + index.reverse_subpage(
            "offer_route", kwargs={"offer_id": o.pk}
        )

    return {
        "index": index,
        "offer_url": url_of(offer),
        "closed_url": url_of(closed),
        "offer": offer,
        "application": application,
        "artisan": artisan_account(vendor),
    }


def test_public_apprenticeship_pages_have_no_serious_violation(page, axe, scene):
    for path, status in [
        (scene["index"].url, 200),
        (scene["index"].url + "?diploma=cap&near=Aubagne", 200),
        (scene["index"].url + "?near=Nullepart", 200),
        (scene["offer_url"], 200),
        (scene["closed_url"], 410),
    ]:
        response = page.goto(path)
        assert response.status == status, path
        assert page.locator("main#main").count() == 1, path
        assert page.locator("h1").count() == 1, path
        axe(page)


def test_the_application_form_with_errors_has_no_serious_violation(page, axe, scene):
    page.goto(scene["offer_url"])
    page.get_by_role("button", name="Send my application").or_(
        page.locator("#apprenticeship-apply button[type=submit]")
    ).first.click()
    page.wait_for_load_state()

    assert page.locator("[aria-invalid=true]").count() >= 1
    axe(page)


def test_the_back_office_apprenticeship_pages_have_no_serious_violation(
    page, axe, live_server, scene
):
    sign_in(page, live_server, scene["artisan"])
    offer = scene["offer"]

    check_pages(
        page,
        axe,
        live_server,
        [
            reverse("backoffice:apprenticeship-list"),
            reverse("backoffice:apprenticeship-create"),
            reverse("backoffice:apprenticeship-update", args=[offer.pk]),
            reverse("backoffice:apprenticeship-applications", args=[offer.pk]),
            reverse(
                "backoffice:apprenticeship-application",
                args=[scene["application"].pk],
            ),
        ],
    )
