"""Chamber staff see who funds each offer, set it, and report what each
funder owes: on screen, as CSV and as a printable statement."""

import csv
import io
import re
from decimal import Decimal as D

import pytest
from django.conf import settings
from django.urls import reverse
from oscar.core.loading import get_model
from oscar.test import factories as oscar_factories

from tests.factories import (
    StaffUserFactory,
    UserFactory,
    VendorFactory,
    create_artisan_product,
    place_order,
)
from tests.factories.accounts import sign_in_verified
from tests.factories.orders import step
from vendors.models import PartAction
from vendors.promotions.demo import METROPOLE, territory_campaign
from vendors.promotions.models import Funder, FunderKind, OfferFunding

ConditionalOffer = get_model("offer", "ConditionalOffer")

pytestmark = pytest.mark.django_db

REPORT_URL = reverse("promotions-dashboard:report")


@pytest.fixture
def staff_client(client):
    sign_in_verified(client, StaffUserFactory(email="chambre@example.fr"))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def campaign_month():
    """The metropolis's campaign on three orders (one refused), and the
    chamber's 20 % on another."""
    campaign = territory_campaign(budget=None, per_customer_limit=None)
    savonnerie = VendorFactory(partner__name="Savonnerie Marius")
    calissons = VendorFactory(partner__name="Calissons du Roy René")
    soap = create_artisan_product(savonnerie, "Savon", price="20.00")
    sweets = create_artisan_product(calissons, "Calissons", price="20.00")
    place_order((soap, 1), (sweets, 1))  # 15 € over two parts
    place_order((soap, 2))  # 15 €
    refused = place_order((sweets, 2)).vendor_orders.get()
    step(refused, PartAction.REFUSE, reason="Rupture de stock")
    return campaign


def test_the_territory_report_totals_what_it_owes_over_sold_parts(
    staff_client, campaign_month
):
    funder = Funder.objects.get(name=METROPOLE)

    response = staff_client.get(REPORT_URL, {"funder": str(funder.pk)})

    report = response.context["report"]
    assert report.total == D("30.00")
    assert len(report.rows) == 3  # the refused part's discount is not owed
    [offer] = report.offers
    assert (offer["name"], offer["parts"], offer["amount"]) == (
        campaign_month.name,
        3,
        D("30.00"),
    )


def test_the_report_as_csv_has_a_line_per_part_that_adds_up(
    staff_client, campaign_month
):
    funder = Funder.objects.get(name=METROPOLE)

    response = staff_client.get(REPORT_URL, {"funder": str(funder.pk), "format": "csv"})

    assert response["Content-Type"].startswith("text/csv")
    rows = list(
        csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";")
    )
    assert len(rows) == 1 + 3
    assert sum(D(row[-1].replace(",", ".")) for row in rows[1:]) == D("30.00")
    assert {row[4] for row in rows[1:]} == {METROPOLE}


def test_the_printable_statement_names_the_territory_and_the_total(
    staff_client, campaign_month
):
    funder = Funder.objects.get(name=METROPOLE)
    funder.address = "BP 48014, 13567 Marseille"
    funder.save()

    response = staff_client.get(
        REPORT_URL, {"funder": str(funder.pk), "format": "print"}
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "<main>" in page and "oscar/dashboard" not in page
    assert "BP 48014, 13567 Marseille" in page
    assert re.search(r'id="total-owed">[^<]*30[,.]00', page)


def test_the_chambers_report_leaves_the_territory_out(staff_client, campaign_month):
    campaign_month.funding.delete()  # nobody funds it now: the chamber
    oscar_factories.create_offer(name="Vingt pour cent")
    place_order((create_artisan_product(VendorFactory(), "Bol", price="10.00"), 1))

    response = staff_client.get(REPORT_URL, {"funder": FunderKind.CHAMBER})

    # only the discounts recorded as the chamber's, i.e. the new order's
    report = response.context["report"]
    assert [o["name"] for o in report.offers] == ["Vingt pour cent"]


def test_staff_set_an_offers_funder_budget_and_limit(staff_client):
    offer = oscar_factories.create_offer(name="Fête des artisans")
    funder = Funder.objects.create(name="Département du Var")

    response = staff_client.post(
        reverse("promotions-dashboard:offer-funding", kwargs={"pk": offer.pk}),
        {"kind": "territory", "funder": funder.pk, "budget": "500", "limit": "2"},
    )

    assert response.status_code == 302
    funding = OfferFunding.objects.get(offer=offer)
    assert (funding.kind, funding.funder, funding.budget) == (
        FunderKind.TERRITORY,
        funder,
        D("500.00"),
    )
    assert funding.per_customer_limit == 2
    offer.refresh_from_db()
    assert (offer.max_discount, offer.max_user_applications) == (D("500.00"), 2)


def test_a_territory_funding_without_its_territory_is_refused(staff_client):
    offer = oscar_factories.create_offer(name="Fête des artisans")

    response = staff_client.post(
        reverse("promotions-dashboard:offer-funding", kwargs={"pk": offer.pk}),
        {"kind": "territory", "budget": "500"},
    )

    assert response.status_code == 200
    assert "funder" in response.context["form"].errors
    assert not OfferFunding.objects.exists()


def test_the_offer_list_takes_the_same_queries_for_one_or_many_offers(
    staff_client, django_assert_max_num_queries
):
    territory_campaign()
    url = reverse("promotions-dashboard:offer-list")
    staff_client.get(url)
    with django_assert_max_num_queries(30) as one:
        staff_client.get(url)
    for n in range(8):
        territory_campaign(name=f"Campagne {n}", funder_name=f"Commune {n}")
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = staff_client.get(url)
    assert len(response.context["offers"]) == 9


def test_customers_and_artisans_cannot_open_the_report(client):
    client.force_login(UserFactory())

    response = client.get(REPORT_URL)

    assert response.status_code in (302, 403)


def test_staff_add_a_partner_territory_in_the_cms_admin(client):
    admin = UserFactory(is_staff=True, is_superuser=True)
    sign_in_verified(client, admin)

    response = client.post(
        reverse("wagtailsnippets_promotions_funder:add"),
        {"name": "Département des Bouches-du-Rhône", "contact_email": "a@b.fr"},
    )

    assert response.status_code == 302
    assert Funder.objects.filter(name="Département des Bouches-du-Rhône").exists()
    listing = client.get(reverse("wagtailsnippets_promotions_funder:list"))
    assert "Bouches-du-Rhône" in listing.content.decode()
