"""The agenda: upcoming events soonest first, past ones on their own page,
by kind; an event's dates, place, map and calendar link."""

import datetime
from decimal import Decimal as D

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cms.news.models import EventKind, EventPage
from tests.factories.delivery import PickupPointFactory
from tests.factories.geo import CommuneFactory

pytestmark = pytest.mark.django_db


def titles(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return [a.get_text(strip=True) for a in soup.select(".news-grid .tile-title a")]


def test_the_agenda_lists_upcoming_events_soonest_first_and_past_ones_apart(
    client, make_event, restrict
):
    make_event("Marché de Noël", in_days=10)
    make_event("Portes ouvertes", in_days=2, kind=EventKind.OPEN_DAYS)
    make_event("Marché d'été", in_days=-120)
    make_event("Brouillon", in_days=5, live=False)
    restrict(make_event("Réunion interne", in_days=4))

    upcoming = client.get("/agenda/")
    past = client.get("/agenda/passes/")

    assert titles(upcoming) == ["Portes ouvertes", "Marché de Noël"]
    assert titles(past) == ["Marché d'été"]
    assert BeautifulSoup(past.content, "html.parser").h1.get_text(strip=True) != ""


def test_an_event_under_way_is_still_upcoming(client, make_event):
    make_event("Marché en cours", in_days=-1, hours=48)

    assert titles(client.get("/agenda/")) == ["Marché en cours"]
    assert titles(client.get("/agenda/passes/")) == []


def test_the_agenda_filters_by_kind_and_marks_events_for_artisans(client, make_event):
    make_event("Marché des santonniers", kind=EventKind.MARKET)
    make_event("Ateliers Tendances", kind=EventKind.TRENDS)

    response = client.get("/agenda/", {"kind": EventKind.TRENDS})

    assert titles(response) == ["Ateliers Tendances"]
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select(".news-card--artisans .badge-olive")
    everything = client.get("/agenda/", {"kind": "inconnu"})
    assert len(titles(everything)) == 2


def test_the_agenda_costs_the_same_queries_for_two_events_as_for_ten(
    client, make_event
):
    commune = CommuneFactory(insee="13005", name="Aubagne")
    for day in (1, 2):
        make_event(f"Événement {day}", in_days=day, commune=commune)
    client.get("/agenda/")
    with CaptureQueriesContext(connection) as two:
        client.get("/agenda/")

    for day in range(3, 11):
        make_event(
            f"Événement {day}",
            in_days=day,
            commune=commune,
            pickup_point=PickupPointFactory(),
        )
    with CaptureQueriesContext(connection) as ten:
        response = client.get("/agenda/")

    assert len(titles(response)) == 10
    assert len(ten) == len(two)


def test_an_event_ending_before_it_starts_is_refused(make_event):
    event = make_event("Marché", in_days=3)
    event.ends_at = event.starts_at - datetime.timedelta(minutes=1)

    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert "ends_at" in error.value.message_dict
    # The database refuses it too, whoever writes it.
    with pytest.raises(IntegrityError), transaction.atomic():
        EventPage.objects.filter(pk=event.pk).update(ends_at=event.ends_at)


def test_an_event_page_shows_when_where_its_map_and_calendar_link(client, make_event):
    aubagne = CommuneFactory(
        insee="13005", name="Aubagne", latitude=D("43.2928"), longitude=D("5.5708")
    )
    event = make_event(
        "Marché des santonniers",
        place_name="Cours Foch",
        address="Cours Maréchal Foch",
        commune=aubagne,
        price="Entrée libre",
        registration_url="https://example.org/inscription",
    )

    response = client.get(event.url)

    soup = BeautifulSoup(response.content, "html.parser")
    facts = soup.select_one(".news-event__facts").get_text(" ", strip=True)
    local_start = timezone.localtime(event.starts_at)
    assert local_start.strftime("%H:%M") in facts
    assert "Cours Foch, Cours Maréchal Foch, Aubagne" in facts
    assert "Entrée libre" in facts
    assert soup.select_one(f'a[href="{event.url}ical/"]') is not None
    assert soup.select_one('a[href="https://example.org/inscription"]') is not None
    # Without its own position, the event is placed at its commune's.
    places = soup.select_one("#event-map-data").string
    assert '"lat": 43.2928' in places and '"lng": 5.5708' in places


def test_an_event_at_a_pickup_point_takes_its_position(make_event):
    point = PickupPointFactory(latitude=D("43.3"), longitude=D("5.4"))
    event = make_event("Atelier au drive", pickup_point=point)

    assert event.coordinates() == (43.3, 5.4)
    assert event.map_place()["lat"] == 43.3
