"""The agenda's and each event's iCalendar files, read back with icalendar."""

import datetime
from decimal import Decimal as D

import pytest
from icalendar import Calendar

pytestmark = pytest.mark.django_db


def calendar_of(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def events_by_summary(calendar):
    return {str(item["SUMMARY"]): item for item in calendar.walk("VEVENT")}


def test_the_agenda_calendar_holds_upcoming_and_recent_events_only(
    client, agenda, make_event, restrict
):
    market = make_event(
        "Marché des santonniers",
        in_days=10,
        hours=8,
        introduction="Trente ateliers de santons.",
        address="Cours Maréchal Foch",
        latitude=D("43.292800"),
        longitude=D("5.570800"),
    )
    make_event("Atelier de la semaine dernière", in_days=-7)
    make_event("Marché de l'an dernier", in_days=-365)
    make_event("Brouillon", in_days=3, live=False)
    restrict(make_event("Réunion du bureau", in_days=4))

    calendar = calendar_of(client.get("/agenda/ical/"))

    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["PRODID"]).startswith("-//")
    assert str(calendar["X-WR-CALNAME"]) == agenda.title
    events = events_by_summary(calendar)
    assert set(events) == {"Marché des santonniers", "Atelier de la semaine dernière"}
    item = events["Marché des santonniers"]
    assert str(item["UID"]) == f"event-{market.pk}@localhost"
    start, end = item.decoded("DTSTART"), item.decoded("DTEND")
    assert start.tzinfo is not None and start == market.starts_at
    assert end == market.starts_at + datetime.timedelta(hours=8)
    assert item.decoded("DTSTAMP").tzinfo is not None
    assert str(item["DESCRIPTION"]) == "Trente ateliers de santons."
    assert "Cours Maréchal Foch" in str(item["LOCATION"])
    assert (item["GEO"].latitude, item["GEO"].longitude) == (43.2928, 5.5708)
    assert str(item["URL"]) == f"http://localhost{market.url}"
    # (the Wagtail site's own address, whatever host the request named)


def test_an_events_calendar_holds_that_event_with_the_same_uid(client, make_event):
    event = make_event("Ateliers Tendances", in_days=20, hours=3)
    make_event("Autre rendez-vous", in_days=21)

    calendar = calendar_of(client.get(f"{event.url}ical/"))

    (item,) = calendar.walk("VEVENT")
    assert str(item["SUMMARY"]) == "Ateliers Tendances"
    assert str(item["UID"]) == f"event-{event.pk}@localhost"
    assert item.decoded("DTSTART") == event.starts_at
    assert "GEO" not in item


def test_an_unpublished_events_calendar_is_not_found(client, make_event):
    event = make_event("Marché annulé", in_days=5)
    event.unpublish()

    assert client.get(f"/agenda/{event.slug}/ical/").status_code == 404
    calendar = calendar_of(client.get("/agenda/ical/"))
    assert calendar.walk("VEVENT") == []
