"""RSS 2.0 and Atom feeds of "À lire" and of the agenda: live, public pages
only, with absolute links."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def articles(make_article, restrict):
    make_article(
        "Les santons d'Aubagne",
        date=datetime.date(2026, 11, 20),
        introduction="De l'argile à la crèche.",
        author="La rédaction",
    )
    make_article("Acheter local", date=datetime.date(2026, 11, 28))
    make_article("Brouillon", live=False)
    restrict(make_article("Réservé"))


def test_the_rss_feed_of_articles_lists_live_public_ones_newest_first(client, articles):
    response = client.get("/a-lire/rss/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    assert channel.findtext("title") == "À lire"
    assert channel.findtext("link") == "http://localhost/a-lire/"
    items = channel.findall("item")
    assert [item.findtext("title") for item in items] == [
        "Acheter local",
        "Les santons d'Aubagne",
    ]
    santons = items[1]
    assert santons.findtext("link") == ("http://localhost/a-lire/les-santons-daubagne/")
    assert santons.findtext("description") == "De l'argile à la crèche."
    assert "20 Nov 2026" in santons.findtext("pubDate")


def test_the_atom_feed_of_articles_lists_the_same_entries(client, articles):
    response = client.get("/a-lire/atom/")

    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    entries = feed.findall(f"{ATOM}entry")
    assert [entry.findtext(f"{ATOM}title") for entry in entries] == [
        "Acheter local",
        "Les santons d'Aubagne",
    ]
    link = entries[1].find(f"{ATOM}link").get("href")
    assert link == "http://localhost/a-lire/les-santons-daubagne/"


def test_the_feeds_of_events_list_upcoming_live_ones(client, make_event):
    make_event("Marché des santonniers", in_days=10)
    make_event("Marché passé", in_days=-30)
    make_event("Brouillon", in_days=3, live=False)

    rss = ET.fromstring(client.get("/agenda/rss/").content)
    atom = ET.fromstring(client.get("/agenda/atom/").content)

    assert [i.findtext("title") for i in rss.iter("item")] == ["Marché des santonniers"]
    assert "Cours Foch" in rss.find("channel/item/description").text
    assert [e.findtext(f"{ATOM}title") for e in atom.iter(f"{ATOM}entry")] == [
        "Marché des santonniers"
    ]


def test_the_lists_name_their_feeds_in_their_head(client, news_index, agenda):
    for path in ("/a-lire/", "/agenda/"):
        soup = BeautifulSoup(client.get(path).content, "html.parser")
        links = soup.select("head link[rel=alternate][type]")
        assert {link["type"] for link in links} == {
            "application/rss+xml",
            "application/atom+xml",
        }, path
        for link in links:
            assert client.get(link["href"]).status_code == 200
