"""The applicant's commune comes from the official list of French communes:
checked against it when applying, carried over to the shop on approval, and
suggested as the applicant types (/artisans/communes/)."""

from decimal import Decimal as D

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from shop.apps.geo.models import CommuneKind
from tests.factories import StaffUserFactory
from tests.factories.geo import CommuneFactory, DepartementFactory
from vendors.actions import approve_application
from vendors.models import VendorApplication

User = get_user_model()

pytestmark = pytest.mark.django_db

JOIN_URL = "/artisans/rejoindre/"
SUGGESTIONS_URL = "/artisans/communes/"


@pytest.fixture
def vallauris():
    return CommuneFactory(
        insee="06155",
        name="Vallauris",
        departement=DepartementFactory(code="06", name="Alpes-Maritimes"),
        postcodes=["06220"],
        latitude=D("43.577600"),
        longitude=D("7.054100"),
    )


@pytest.fixture
def sainte_colombe():
    """Two communes of the same name, in two départements."""
    return {
        "69": CommuneFactory(
            insee="69189",
            name="Sainte-Colombe",
            departement=DepartementFactory(code="69", name="Rhône"),
            postcodes=["69560"],
        ),
        "33": CommuneFactory(
            insee="33393",
            name="Sainte-Colombe",
            departement=DepartementFactory(code="33", name="Gironde"),
            postcodes=["33350"],
        ),
    }


def application_data(**overrides):
    data = {
        "company_name": "Poterie du Soleil",
        "siret": "732 829 320 00074",
        "legal_form": "ei",
        "metier": "Potière",
        "contact_name": "Mireille Audibert",
        "email": "mireille@poterie-du-soleil.fr",
        "phone": "04 93 64 12 34",
        "address": "7 rue du Plan",
        "postcode": "06220",
        "commune": "Vallauris",
        "pitch": "Grès et faïence tournés à la main depuis 2004.",
        "password1": "Terre-de-Vallauris-2024",
        "password2": "Terre-de-Vallauris-2024",
    }
    data.update(overrides)
    return data


def error_codes(response, field):
    return [error.code for error in response.context["form"].errors.as_data()[field]]


def radio_choices(response):
    """``{insee: label}`` of the communes offered to choose from."""
    page = BeautifulSoup(response.content, "html.parser")
    fieldset = page.find("fieldset", id="commune-choice")
    if fieldset is None:
        return {}
    return {
        radio["value"]: " ".join(
            page.find("label", attrs={"for": radio["id"]}).get_text().split()
        )
        for radio in fieldset.find_all("input", attrs={"type": "radio"})
    }


def assert_nothing_recorded():
    assert not VendorApplication.objects.exists()
    assert not User.objects.filter(email="mireille@poterie-du-soleil.fr").exists()


# Applying ------------------------------------------------------------------


def test_a_commune_of_the_list_becomes_the_applications_town(client, vallauris):
    # Typed loosely: the official name is recorded.
    response = client.post(JOIN_URL, application_data(commune="  vallauris "))

    assert response.status_code == 302
    application = VendorApplication.objects.get()
    assert application.town == vallauris
    assert application.commune == "Vallauris"
    assert application.postcode == "06220"


def test_the_postcode_settles_which_of_two_namesakes_is_meant(client, sainte_colombe):
    response = client.post(
        JOIN_URL, application_data(commune="Sainte Colombe", postcode="33 350")
    )

    assert response.status_code == 302
    application = VendorApplication.objects.get()
    assert application.town == sainte_colombe["33"]
    assert (application.commune, application.postcode) == ("Sainte-Colombe", "33350")


@pytest.mark.parametrize("typed", ["Marseille", "Marseille 6e"])
def test_in_marseille_the_town_is_the_arrondissement_of_the_postcode(client, typed):
    # The list gives Marseille's postcodes to its arrondissements only.
    marseille = CommuneFactory(insee="13055", name="Marseille")
    sixth = CommuneFactory(
        insee="13206",
        name="Marseille 6e Arrondissement",
        kind=CommuneKind.ARRONDISSEMENT,
        parent=marseille,
        postcodes=["13006"],
    )
    CommuneFactory(
        insee="13207",
        name="Marseille 7e Arrondissement",
        kind=CommuneKind.ARRONDISSEMENT,
        parent=marseille,
        postcodes=["13007"],
    )

    response = client.post(JOIN_URL, application_data(commune=typed, postcode="13006"))

    assert response.status_code == 302
    application = VendorApplication.objects.get()
    assert application.town == sixth
    assert application.commune == "Marseille"


def test_a_postcode_of_no_arrondissement_of_marseille_is_refused(client):
    marseille = CommuneFactory(insee="13055", name="Marseille")
    CommuneFactory(
        insee="13206",
        name="Marseille 6e Arrondissement",
        kind=CommuneKind.ARRONDISSEMENT,
        parent=marseille,
        postcodes=["13006"],
    )

    response = client.post(
        JOIN_URL, application_data(commune="Marseille", postcode="13400")
    )

    assert error_codes(response, "postcode") == ["postcode_of_another_commune"]
    assert "13006" in response.context["form"].errors["postcode"][0]
    assert_nothing_recorded()


def test_an_unknown_commune_is_refused_with_the_communes_of_its_postcode(
    client, vallauris
):
    response = client.post(JOIN_URL, application_data(commune="Valoris"))

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["commune"]
    assert error_codes(response, "commune") == ["unknown_commune"]
    message = response.context["form"].errors["commune"][0]
    assert message.startswith("Aucune commune française de ce nom")
    assert "06220" in message and "Vallauris" in message
    assert "Aucune commune française de ce nom" in response.content.decode()
    assert_nothing_recorded()


def test_an_unknown_commune_with_an_unknown_postcode_is_refused(client, vallauris):
    response = client.post(
        JOIN_URL, application_data(commune="Valoris", postcode="99999")
    )

    assert list(response.context["form"].errors) == ["commune"]
    message = response.context["form"].errors["commune"][0]
    assert "Aucune commune française de ce nom" in message
    assert "Vallauris" not in message
    assert_nothing_recorded()


def test_a_postcode_of_another_commune_is_refused(client, vallauris):
    CommuneFactory(insee="13005", name="Aubagne", postcodes=["13400"])

    response = client.post(JOIN_URL, application_data(postcode="13400"))

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["postcode"]
    assert error_codes(response, "postcode") == ["postcode_of_another_commune"]
    assert "06220" in response.context["form"].errors["postcode"][0]
    assert_nothing_recorded()


def test_a_postcode_that_is_not_five_digits_is_refused(client, vallauris):
    response = client.post(JOIN_URL, application_data(postcode="6220"))

    assert list(response.context["form"].errors) == ["postcode"]
    assert error_codes(response, "postcode") == ["invalid_postcode"]
    assert_nothing_recorded()


def test_namesakes_are_offered_to_choose_from_then_the_choice_is_recorded(
    client, sainte_colombe
):
    # Given a name two communes bear and a postcode neither has,
    data = application_data(commune="Sainte-Colombe", postcode="69000")

    # when the applicant sends the form, they are asked which commune it is,
    asked = client.post(JOIN_URL, data)

    assert asked.status_code == 200
    assert list(asked.context["form"].errors) == ["town"]
    assert error_codes(asked, "town") == ["town_ambiguous"]
    assert_nothing_recorded()
    choices = radio_choices(asked)
    assert set(choices) == {"69189", "33393"}
    assert choices["69189"] == "Sainte-Colombe — Rhône (69) — 69560"
    assert choices["33393"] == "Sainte-Colombe — Gironde (33) — 33350"
    assert "aucune n&#x27;a le code postal 69000" in asked.content.decode()

    # and once they chose theirs (and corrected the postcode) it is recorded.
    chosen = client.post(JOIN_URL, {**data, "town": "69189", "postcode": "69560"})

    assert chosen.status_code == 302
    application = VendorApplication.objects.get()
    assert application.town == sainte_colombe["69"]
    assert application.commune == "Sainte-Colombe"


def test_a_namesake_chosen_with_the_others_postcode_is_refused(client, sainte_colombe):
    response = client.post(
        JOIN_URL,
        application_data(commune="Sainte-Colombe", postcode="33350", town="69189"),
    )

    assert list(response.context["form"].errors) == ["postcode"]
    assert error_codes(response, "postcode") == ["postcode_of_another_commune"]
    # The choice stays shown, with the commune chosen checked.
    page = BeautifulSoup(response.content, "html.parser")
    assert page.find("input", attrs={"name": "town", "checked": True})["value"] == (
        "69189"
    )
    assert_nothing_recorded()


def test_a_commune_chosen_that_is_not_one_of_the_namesakes_is_refused(
    client, sainte_colombe, vallauris
):
    response = client.post(
        JOIN_URL,
        application_data(
            commune="Sainte-Colombe", postcode="06220", town=vallauris.insee
        ),
    )

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["town"]
    assert error_codes(response, "town") == ["town_not_a_candidate"]
    assert set(radio_choices(response)) == {"69189", "33393"}
    assert_nothing_recorded()


def test_the_form_shows_no_choice_of_communes_until_one_is_needed(client):
    response = client.get(JOIN_URL)

    page = BeautifulSoup(response.content, "html.parser")
    assert page.find("fieldset", id="commune-choice") is None
    assert page.find("input", attrs={"name": "town"})["type"] == "hidden"
    # The town field names where its suggestions come from, for the script.
    commune = page.find("input", attrs={"name": "commune"})
    assert commune["data-commune-suggest-url"] == SUGGESTIONS_URL
    assert any(
        script.get("src", "").endswith("js/commune-picker.js")
        for script in page.find_all("script")
    )


# Approval ------------------------------------------------------------------


def test_the_approved_shop_takes_the_applications_commune_and_its_position(
    client, vallauris
):
    client.post(JOIN_URL, application_data())
    application = VendorApplication.objects.get()

    vendor = approve_application(application, reviewed_by=StaffUserFactory())

    vendor.refresh_from_db()
    assert vendor.town == vallauris
    assert (vendor.latitude, vendor.longitude) == (D("43.577600"), D("7.054100"))
    assert vendor.commune == "Vallauris"


def test_an_application_without_a_commune_of_the_list_opens_a_shop_without_position():
    # Applications recorded before the list was checked have no town.
    application = VendorApplication.objects.create(
        user=User.objects.create_user("lucie@example.fr", "lucie@example.fr"),
        company_name="Savonnerie du Moulin",
        siret="73282932000074",
        metier="Savonnier",
        commune="Salon-de-Provence",
        contact_name="Lucie Roux",
        phone="04 90 56 00 00",
        email="lucie@example.fr",
        pitch="Savons.",
    )

    vendor = approve_application(application, reviewed_by=StaffUserFactory())

    vendor.refresh_from_db()
    assert vendor.town is None
    assert (vendor.latitude, vendor.longitude) == (None, None)


# Suggestions ----------------------------------------------------------------


def test_suggestions_url_is_the_one_the_form_names():
    assert reverse("vendors:commune-suggestions") == SUGGESTIONS_URL


def test_suggestions_give_the_communes_starting_with_the_text(
    client, vallauris, sainte_colombe
):
    CommuneFactory(insee="69190", name="Sainte-Consorce", postcodes=["69280"])

    response = client.get(SUGGESTIONS_URL, {"q": "sainte col"})

    assert response.status_code == 200
    communes = response.json()["communes"]
    assert sorted(communes, key=lambda c: c["insee"]) == [
        {
            "name": "Sainte-Colombe",
            "insee": "33393",
            "departement": "33",
            "postcodes": ["33350"],
        },
        {
            "name": "Sainte-Colombe",
            "insee": "69189",
            "departement": "69",
            "postcodes": ["69560"],
        },
    ]


def test_suggestions_by_the_start_of_a_postcode(client, vallauris, sainte_colombe):
    response = client.get(SUGGESTIONS_URL, {"q": "062"})

    assert [c["insee"] for c in response.json()["communes"]] == ["06155"]


@pytest.mark.parametrize("text", ["", " ", "v", "0"])
def test_suggestions_need_two_characters(client, vallauris, text):
    response = client.get(SUGGESTIONS_URL, {"q": text})

    assert response.status_code == 200
    assert response.json() == {"communes": []}


def test_suggestions_are_ten_at_most_and_cost_the_same_queries_however_many(client):
    departement = DepartementFactory(code="84", name="Vaucluse")
    for n in range(2):
        CommuneFactory(
            insee=f"8400{n}",
            name=f"Bastide {n}",
            departement=departement,
            postcodes=["84000", f"8410{n}"],
        )
    for n in range(12):
        CommuneFactory(
            insee=f"841{n:02d}",
            name=f"Mas {n}",
            departement=departement,
            postcodes=["84200", f"843{n:02d}"],
        )

    with CaptureQueriesContext(connection) as few:
        few_response = client.get(SUGGESTIONS_URL, {"q": "bastide"})
    with CaptureQueriesContext(connection) as many:
        many_response = client.get(SUGGESTIONS_URL, {"q": "mas"})

    assert len(few_response.json()["communes"]) == 2
    assert len(many_response.json()["communes"]) == 10
    assert all(len(c["postcodes"]) == 2 for c in many_response.json()["communes"])
    assert len(many) == len(few)
