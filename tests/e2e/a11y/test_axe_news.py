"""axe-core in Chromium on "À lire" and the agenda, as the demo writes them:
the news index, an article with its picture, the events index and an event
with its map have no critical or serious violation, one <h1> and one <main>."""

import pytest
from wagtail.models import Collection

from cms.news.demo import load_demo_news
from cms.news.models import ArticlePage, EventPage
from shop.apps.core.demo.loader import LoadReport
from tests.factories.geo import CommuneFactory

pytestmark = pytest.mark.django_db(transaction=True)

MAP_MARKERS = ".place-map__canvas .leaflet-marker-icon"


@pytest.fixture
def news():
    # Earlier browser tests flush the database, Wagtail's root collection too.
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    CommuneFactory(insee="13005", name="Aubagne", postcodes=["13400"])
    CommuneFactory(insee="13055", name="Marseille", postcodes=["13001"])
    load_demo_news(LoadReport())
    return {
        "article": ArticlePage.objects.live().order_by("-date").first(),
        "event": EventPage.objects.live().order_by("starts_at").first(),
    }


def check(page, axe, path):
    response = page.goto(path)
    assert response.status == 200, path
    page.wait_for_load_state("networkidle")
    assert page.locator("main#main").count() == 1, path
    assert page.locator("h1").count() == 1, path
    axe(page)


def test_the_news_and_events_indexes_have_no_serious_violation(page, axe, news):
    for path in ["/a-lire/", "/agenda/"]:
        check(page, axe, path)


def test_an_article_has_no_serious_violation(page, axe, news):
    check(page, axe, news["article"].url)

    assert page.locator("h1").inner_text().strip() == news["article"].title


def test_an_event_with_its_map_has_no_serious_violation(page, axe, news):
    response = page.goto(news["event"].url)
    assert response.status == 200
    page.locator(MAP_MARKERS).first.wait_for()

    assert page.locator("h1").inner_text().strip() == news["event"].title
    assert page.locator("main#main").count() == 1
    axe(page)
