"""Every kind of visitor reaches the pages they live in."""

import pytest
from django.urls import reverse

from tests.factories import (
    DEFAULT_PASSWORD,
    StaffUserFactory,
    UserFactory,
    create_artisan_product,
)
from tests.factories.accounts import authenticator_of, current_code, sign_in_verified

pytestmark = pytest.mark.django_db


def test_home_page_is_served_by_wagtail_with_the_latest_products(client, home_page):
    # given a product and a home page that lists the newest products
    create_artisan_product(title="Savon au miel de lavande")
    home_page.body = [("latest_products", {"title": "Nouveautés", "count": 4})]
    home_page.save_revision().publish()

    response = client.get("/")

    assert response.status_code == 200
    assert [t.name for t in response.templates][0] == "cms/home_page.html"
    assert "Savon au miel de lavande" in response.content.decode()


def test_catalogue_lists_public_products_with_tax_inclusive_euro_prices(client):
    create_artisan_product(title="Santon berger", price="24.00")

    response = client.get("/boutique/catalogue/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Santon berger" in html
    # French formatting of the TTC price the artisan entered.
    assert "24,00\xa0€" in html


def test_product_page_shows_title_and_price(client):
    product = create_artisan_product(
        title="Calissons d'Aix, boîte de 250 g", price="18.90"
    )

    response = client.get(product.get_absolute_url())

    html = response.content.decode()
    assert response.status_code == 200
    assert "Calissons d&#x27;Aix, boîte de 250 g" in html
    assert "18,90\xa0€" in html


def test_product_is_added_to_the_basket(client):
    product = create_artisan_product(title="Bougie parfumée", price="15.00", stock=3)

    client.post(reverse("basket:add", args=[product.pk]), {"quantity": 2})
    response = client.get(reverse("basket:summary"))

    basket = response.context["basket"]
    assert response.status_code == 200
    assert basket.num_items == 2
    assert str(basket.total_incl_tax) == "30.00"


def test_customer_signs_in_with_email_and_password(client):
    user = UserFactory(email="claire@example.fr")

    response = client.post(
        reverse("customer:login"),
        {
            "login-username": "claire@example.fr",
            "login-password": DEFAULT_PASSWORD,
            "login_submit": "1",
        },
    )

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_wrong_password_is_refused_with_a_message(client):
    UserFactory(email="claire@example.fr")

    response = client.post(
        reverse("customer:login"),
        {
            "login-username": "claire@example.fr",
            "login-password": "not-the-password",
            "login_submit": "1",
        },
    )

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert response.context["login_form"].errors


def test_wagtail_admin_sends_anonymous_visitors_to_the_shared_login(client):
    response = client.get("/cms-admin/")

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("customer:login"))


def test_one_login_opens_the_wagtail_admin_for_staff(client):
    staff = StaffUserFactory(email="chambre@example.fr", is_superuser=True)
    device = authenticator_of(staff)
    client.post(
        reverse("customer:login"),
        {
            "login-username": staff.email,
            "login-password": DEFAULT_PASSWORD,
            "login_submit": "1",
        },
    )
    client.post(reverse("second-factor:verify"), {"code": current_code(device)})

    response = client.get("/cms-admin/")

    assert response.status_code == 200
    assert b"wagtail" in response.content.lower()


def test_staff_opens_the_oscar_dashboard(client):
    sign_in_verified(client, StaffUserFactory())

    response = client.get(reverse("dashboard:index"))

    assert response.status_code == 200


def test_consumer_cannot_open_the_oscar_dashboard(client):
    client.force_login(UserFactory())

    response = client.get(reverse("dashboard:index"))

    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert "login" in response["Location"]


def test_anonymous_visitor_cannot_open_the_oscar_dashboard(client):
    response = client.get(reverse("dashboard:order-list"))

    assert response.status_code == 302
    assert "login" in response["Location"]


def test_search_handles_hostile_query_strings(client):
    create_artisan_product(title="Savon au lait d'ânesse")

    for query in ["", "savon", '"unbalanced', "a" * 5000, "AND OR NOT ( ) * ~ ^"]:
        response = client.get("/boutique/search/", {"q": query})
        assert response.status_code == 200, query


def test_search_finds_a_product_by_word_of_its_title(client):
    create_artisan_product(title="Savon au lait d'ânesse")
    create_artisan_product(title="Santon pêcheur")

    response = client.get("/boutique/search/", {"q": "savon"})

    titles = [p.title for p in response.context["page"].object_list]
    assert titles == ["Savon au lait d'ânesse"]


def test_language_switch_to_english(client):
    response = client.post(
        reverse("set_language"), {"language": "en", "next": "/boutique/basket/"}
    )
    assert response.status_code == 302

    response = client.get("/boutique/basket/")

    html = response.content.decode()
    assert response.context["LANGUAGE_CODE"] == "en"
    assert '<html lang="en"' in html
    assert "Votre panier est vide" not in html


def test_pages_are_french_by_default(client):
    response = client.get("/boutique/basket/")

    html = response.content.decode()
    assert response.context["LANGUAGE_CODE"] == "fr"
    assert '<html lang="fr"' in html
    assert "Votre panier est vide" in html


def test_an_english_browser_still_gets_french_until_it_switches(client):
    response = client.get("/boutique/basket/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")

    assert response.context["LANGUAGE_CODE"] == "fr"
    assert "Votre panier est vide" in response.content.decode()

    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.get("/boutique/basket/", HTTP_ACCEPT_LANGUAGE="fr")

    assert response.context["LANGUAGE_CODE"] == "en"


def test_catalogue_sorts_by_price_and_offers_no_relevance_without_words(client):
    create_artisan_product(title="Bol", price="30.00")
    create_artisan_product(title="Savon", price="5.00")

    response = client.get("/boutique/catalogue/", {"sort_by": "price-asc"})

    sort_choices = [
        value for value, _label in response.context["form"]["sort_by"].field.choices
    ]
    assert "relevancy" not in sort_choices
    assert [p.title for p in response.context["products"]] == ["Savon", "Bol"]
