"""The demo's "À lire" and agenda: made once, nothing more on a second load."""

import datetime

import pytest
from django.utils import timezone

from cms.news.demo import load_demo_news
from cms.news.models import ArticlePage, EventKind, EventPage
from shop.apps.core.demo.loader import LoadReport

pytestmark = pytest.mark.django_db


def test_loading_the_demo_twice_creates_nothing_the_second_time(client):
    first = LoadReport()
    load_demo_news(first)
    second = LoadReport()
    load_demo_news(second)

    assert first.created["articles"] == 2
    assert first.created["events"] == 2
    assert not second.anything_created
    assert ArticlePage.objects.count() == 2
    assert EventPage.objects.count() == 2
    assert client.get("/a-lire/").status_code == 200
    assert client.get("/agenda/").status_code == 200


def test_the_demo_events_are_in_the_next_sixty_days(client):
    load_demo_news(LoadReport())

    now = timezone.now()
    events = EventPage.objects.live().order_by("starts_at")
    assert {event.kind for event in events} == {EventKind.MARKET, EventKind.TRENDS}
    for event in events:
        assert now < event.starts_at < now + datetime.timedelta(days=60)
        assert event.ends_at >= event.starts_at


def test_a_later_load_does_not_move_or_duplicate_the_events(client):
    load_demo_news(LoadReport())
    before = list(EventPage.objects.values_list("slug", "starts_at"))

    with mock_today(timezone.localdate() + datetime.timedelta(days=15)):
        load_demo_news(LoadReport())

    assert list(EventPage.objects.values_list("slug", "starts_at")) == before


def mock_today(day):
    from unittest import mock

    return mock.patch("cms.news.demo.timezone.localdate", return_value=day)
