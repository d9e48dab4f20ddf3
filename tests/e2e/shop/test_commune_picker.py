"""The application form's town field in a real browser: communes of the
official list suggested as one types (static/js/commune-picker.js, within the
Content Security Policy), and the choice among namesakes, accessible."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories.geo import CommuneFactory, DepartementFactory

pytestmark = pytest.mark.django_db(transaction=True)

REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", function (event) {
    window.reportCspViolation({directive: event.violatedDirective,
                               blocked: event.blockedURI});
});
"""


@pytest.fixture
def communes():
    CommuneFactory(
        insee="06155",
        name="Vallauris",
        departement=DepartementFactory(code="06", name="Alpes-Maritimes"),
        postcodes=["06220"],
    )
    for insee, code, name, postcode in [
        ("69189", "69", "Rhône", "69560"),
        ("33393", "33", "Gironde", "33350"),
    ]:
        CommuneFactory(
            insee=insee,
            name="Sainte-Colombe",
            departement=DepartementFactory(code=code, name=name),
            postcodes=[postcode],
        )


def datalist_values(page):
    options = page.locator("datalist#id_commune_communes option")
    options.first.wait_for(state="attached")
    return options.evaluate_all("options => options.map(o => o.value)")


def test_typing_a_town_suggests_communes_and_fills_a_single_postcode(page, communes):
    violations = []
    page.expose_function("reportCspViolation", lambda v: violations.append(v))
    page.add_init_script(REPORT_VIOLATIONS)
    page.goto("/artisans/rejoindre/")

    page.fill("#id_commune", "valla")
    assert datalist_values(page) == ["Vallauris"]
    page.fill("#id_commune", "Vallauris")
    assert page.input_value("#id_postcode") == "06220"

    # Namesakes: both suggested, the postcode left for the applicant to type.
    page.fill("#id_postcode", "")
    page.fill("#id_commune", "sainte")
    expect(page.locator("datalist#id_commune_communes option")).to_have_count(2)
    assert datalist_values(page) == ["Sainte-Colombe", "Sainte-Colombe"]
    page.fill("#id_commune", "Sainte-Colombe")
    assert page.input_value("#id_postcode") == ""
    assert violations == []


def test_the_choice_among_namesakes_is_accessible_and_applies(page, axe, communes):
    page.goto("/artisans/rejoindre/")
    for field, value in {
        "company_name": "Poterie du Soleil",
        "siret": "732 829 320 00074",
        "metier": "Potière",
        "contact_name": "Mireille Audibert",
        "email": "mireille@poterie-du-soleil.fr",
        "phone": "04 93 64 12 34",
        "address": "7 rue du Plan",
        "postcode": "69000",
        "commune": "Sainte-Colombe",
        "pitch": "Grès et faïence tournés à la main depuis 2004.",
        "password1": "Terre-de-Vallauris-2024",
        "password2": "Terre-de-Vallauris-2024",
    }.items():
        page.fill(f"#id_{field}", value)
    page.select_option("#id_legal_form", "ei")
    page.click("form.vendor-application-form button[type=submit]")

    choice = page.locator("fieldset#commune-choice")
    choice.wait_for()
    assert choice.locator("input[type=radio]").count() == 2
    axe(page)

    page.get_by_label("Sainte-Colombe — Rhône (69) — 69560").check()
    page.fill("#id_postcode", "69560")
    page.fill("#id_password1", "Terre-de-Vallauris-2024")
    page.fill("#id_password2", "Terre-de-Vallauris-2024")
    page.click("form.vendor-application-form button[type=submit]")

    page.wait_for_url(re.compile(r"/boutique/accounts/"))
