"""The shop's search results list the editorial pages matching the words
under "À lire": live, public ones, at most five; products show even when
Wagtail's search fails."""

from unittest import mock

import pytest
from bs4 import BeautifulSoup
from django.db import DatabaseError
from wagtail.search.backends import get_search_backend

from cms.models import StandardPage
from tests.factories import create_artisan_product

pytestmark = pytest.mark.django_db


def editorial_titles(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return [a.get_text(strip=True) for a in soup.select("#search-editorial h3 a")]


def test_an_article_matching_the_words_is_listed_under_a_lire(client, make_article):
    article = make_article(
        "Les santons d'Aubagne",
        introduction="Le santon naît d'une boule d'argile rouge.",
    )
    make_article("Acheter local", introduction="Le savon de Marseille.")

    response = client.get("/boutique/search/", {"q": "santon"})

    assert response.status_code == 200
    assert editorial_titles(response) == ["Les santons d'Aubagne"]
    soup = BeautifulSoup(response.content, "html.parser")
    link = soup.select_one("#search-editorial h3 a")
    assert link["href"] == article.url
    assert "boule d'argile" in soup.select_one("#search-editorial").get_text()


def test_other_editorial_pages_are_found_too(client, home, make_event):
    make_event("Marché des santonniers", introduction="Santons et crèches.")
    page = home.add_child(
        instance=StandardPage(title="Nos santonniers", slug="nos-santonniers")
    )
    page.save_revision().publish()

    response = client.get("/boutique/search/", {"q": "santonniers"})

    assert sorted(editorial_titles(response)) == [
        "Marché des santonniers",
        "Nos santonniers",
    ]


def test_drafts_and_private_pages_are_not_listed(client, make_article, restrict):
    make_article("Brouillon sur les santons", live=False)
    restrict(make_article("Santons réservés aux adhérents"))
    make_article("Santons publics")

    response = client.get("/boutique/search/", {"q": "santons"})

    assert editorial_titles(response) == ["Santons publics"]


def test_at_most_five_pages_are_listed(client, make_article):
    for n in range(7):
        make_article(f"Santon numéro {n}")

    response = client.get("/boutique/search/", {"q": "santon"})

    assert len(editorial_titles(response)) == 5


def test_products_still_show_when_wagtail_search_fails(client, make_article):
    make_article("Les santons d'Aubagne")
    create_artisan_product(title="Santon berger")

    # Wagtail's backend as configured, its search failing.
    backend_class = type(get_search_backend())
    with mock.patch.object(
        backend_class, "search", side_effect=DatabaseError("index away")
    ):
        response = client.get("/boutique/search/", {"q": "santon"})

    assert response.status_code == 200
    assert editorial_titles(response) == []
    assert "Santon berger" in response.content.decode()
