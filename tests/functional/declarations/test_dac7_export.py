"""Chamber staff's DAC7 export: per seller and quarter, on screen and CSV."""

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import StaffUserFactory, UserFactory, create_artisan_product
from tests.factories.accounts import sign_in_verified
from tests.factories.orders import artisan_account

from .scenes import artisan, local, sell_online

pytestmark = pytest.mark.django_db

DAC7_URL = reverse("declarations-dashboard:dac7")


@pytest.fixture
def staff_client(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    sign_in_verified(client, StaffUserFactory(email="chambre@example.fr"))
    return client


def csv_lines(response):
    return response.content.decode("utf-8-sig").splitlines()


def test_csv_has_each_sellers_identity_and_quarters(staff_client, year_of_sales):
    response = staff_client.get(DAC7_URL, {"year": 2025, "format": "csv"})

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="dac7-2025.csv"' in response["Content-Disposition"]
    header, line = csv_lines(response)
    assert len(header.split(";")) == 9 + 4 * 3 + 3
    assert line.split(";") == [
        "Marius Fabre",
        "Savonnerie Marius",
        "Sole proprietorship (EI, micro-enterprise included)",
        "73282932000074",
        "",
        "12 cours Carnot",
        "13300",
        "Salon-de-Provence",
        "FR",
        "15,00", "1", "1,50",
        "30,00", "1", "3,00",
        "5,00", "1", "0,50",
        "0,00", "0", "0,00",
        "50,00", "3", "5,00",
    ]  # fmt: skip


def test_the_page_shows_the_year_asked_for_and_says_why_no_xml(
    staff_client, year_of_sales
):
    response = staff_client.get(DAC7_URL, {"year": 2024})

    assert response.status_code == 200
    [line] = response.context["lines"]
    assert line.figures.transactions == 1
    html = response.content.decode()
    assert "CSV only." in html
    assert "no XML is produced here" in html


def test_a_year_out_of_the_list_is_refused(staff_client, year_of_sales):
    response = staff_client.get(DAC7_URL, {"year": "1999"})

    assert response.status_code == 200
    assert response.context["lines"] is None
    assert response.context["form"].errors


def test_csv_cells_typed_by_artisans_never_run_as_formulas(staff_client):
    vendor = artisan(
        '=HYPERLINK("http://evil.example")', address="+33 rue du Four", legal_name=""
    )
    sell_online(create_artisan_product(vendor, "Savon"), 1, local(2025, 4, 1))

    response = staff_client.get(DAC7_URL, {"year": 2025, "format": "csv"})

    cells = csv_lines(response)[1].split(";")
    assert cells[0].startswith("\"'=HYPERLINK(")
    assert cells[5] == "'+33 rue du Four"


def test_only_verified_staff_get_the_export(client, savonnerie, year_of_sales):
    assert client.get(DAC7_URL).status_code == 302
    sign_in_verified(client, artisan_account(savonnerie))
    assert client.get(DAC7_URL, {"format": "csv"}).status_code in (302, 403)
    client.logout()
    client.force_login(StaffUserFactory(email="sans-2fa@example.fr"))
    response = client.get(DAC7_URL, {"format": "csv"})
    assert response.status_code == 302
    assert "text/csv" not in response.get("Content-Type", "")
    client.force_login(UserFactory(email="client@example.fr"))
    assert client.get(DAC7_URL).status_code in (302, 403)


def test_query_count_does_not_grow_with_the_number_of_sellers(
    staff_client, django_assert_max_num_queries
):
    def sellers(count, tag):
        for n in range(count):
            vendor = artisan(f"Atelier {tag} {n}")
            sell_online(
                create_artisan_product(vendor, f"Pot {n}"), 1, local(2025, 3, 1)
            )

    sellers(1, "a")
    with CaptureQueriesContext(connection) as one:
        staff_client.get(DAC7_URL, {"year": 2025})
    with CaptureQueriesContext(connection) as one_csv:
        staff_client.get(DAC7_URL, {"year": 2025, "format": "csv"})

    sellers(5, "b")
    with django_assert_max_num_queries(len(one)) as six:
        response = staff_client.get(DAC7_URL, {"year": 2025})
    with django_assert_max_num_queries(len(one_csv)):
        csv_response = staff_client.get(DAC7_URL, {"year": 2025, "format": "csv"})

    assert len(response.context["lines"]) == 6
    assert len(csv_lines(csv_response)) == 7
    assert len(six) == len(one)
