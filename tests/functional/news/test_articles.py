"""The "À lire" list: live, public articles only, newest first, by category,
in pages, at a fixed number of queries."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from cms.news import fetch
from cms.news.models import ArticleCategory

pytestmark = pytest.mark.django_db


def titles(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return [a.get_text(strip=True) for a in soup.select(".news-grid .tile-title a")]


def test_the_list_shows_live_public_articles_newest_first(
    client, news_index, make_article, restrict
):
    make_article("Les santons d'Aubagne", date=datetime.date(2026, 11, 20))
    make_article("Acheter local", date=datetime.date(2026, 11, 28))
    make_article("Brouillon sur le calisson", live=False)
    hidden = make_article("Réservé aux adhérents")
    restrict(hidden)

    response = client.get("/a-lire/")

    assert response.status_code == 200
    assert titles(response) == ["Acheter local", "Les santons d'Aubagne"]


def test_the_list_filters_by_category_and_ignores_an_unknown_one(client, make_article):
    make_article("Le geste du santonnier", category=ArticleCategory.KNOW_HOW)
    make_article("Pourquoi acheter local", category=ArticleCategory.BUY_LOCAL)

    chosen = client.get("/a-lire/", {"category": ArticleCategory.KNOW_HOW})
    unknown = client.get("/a-lire/", {"category": "n-importe-quoi"})

    assert titles(chosen) == ["Le geste du santonnier"]
    soup = BeautifulSoup(chosen.content, "html.parser")
    current = soup.select_one(".news-filter [aria-current=page]")
    assert current.get_text(strip=True) == str(ArticleCategory.KNOW_HOW.label)
    assert sorted(titles(unknown)) == [
        "Le geste du santonnier",
        "Pourquoi acheter local",
    ]


def test_the_list_is_paginated_and_a_missing_page_is_a_404(client, make_article):
    for day in range(fetch.PER_PAGE + 2):
        make_article(f"Article {day:02d}", date=datetime.date(2026, 11, 1 + day))

    first = client.get("/a-lire/")
    second = client.get("/a-lire/", {"page": "2"})

    assert len(titles(first)) == fetch.PER_PAGE
    assert titles(first)[0] == f"Article {fetch.PER_PAGE + 1:02d}"
    assert titles(second) == ["Article 01", "Article 00"]
    assert client.get("/a-lire/", {"page": "3"}).status_code == 404
    assert client.get("/a-lire/", {"page": "abc"}).status_code == 404


def article_with_image(make_article, title, day):
    image = get_image_model().objects.create(
        title=title, file=get_test_image_file(filename=f"{day}.png")
    )
    return make_article(title, date=datetime.date(2026, 11, day), hero_image=image)


def test_the_list_costs_the_same_queries_for_two_articles_as_for_ten(
    client, make_article
):
    for day in (1, 2):
        article_with_image(make_article, f"Article {day}", day)
    client.get("/a-lire/")  # renditions made, site cached
    with CaptureQueriesContext(connection) as two:
        client.get("/a-lire/")

    for day in range(3, 11):
        article_with_image(make_article, f"Article {day}", day)
    warm = client.get("/a-lire/")
    with CaptureQueriesContext(connection) as ten:
        client.get("/a-lire/")

    assert len(titles(warm)) == 10
    assert warm.content.count(b"<img") >= 10
    assert len(ten) == len(two)


def test_an_article_shows_its_date_author_summary_and_feeds(client, make_article):
    article = make_article(
        "Les santons d'Aubagne",
        date=datetime.date(2026, 11, 20),
        author="Magali Fabre",
        introduction="De l'argile rouge à la crèche.",
    )

    response = client.get(article.url)

    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one("h1").get_text(strip=True) == "Les santons d'Aubagne"
    assert soup.select_one("time")["datetime"] == "2026-11-20"
    assert "Magali Fabre" in soup.select_one(".news-article__meta").get_text()
    assert "De l'argile rouge à la crèche." in soup.select_one(".lead").get_text()
    feeds = {
        link["type"]: link["href"]
        for link in soup.select("head link[rel=alternate][type]")
    }
    assert feeds == {
        "application/rss+xml": "/a-lire/rss/",
        "application/atom+xml": "/a-lire/atom/",
    }
