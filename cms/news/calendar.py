"""iCalendar files of the agenda (RFC 5545), built with ``icalendar``.

Times are written in UTC, which every calendar application reads and shows
in its own time zone; each event's UID is stable (``event-<page id>@<host>``)
so that a calendar subscribed to the agenda updates an event instead of
adding it twice.
"""

import datetime

from django.http import HttpResponse
from django.utils import timezone
from icalendar import Calendar, Event
from wagtail.models import Site

PRODID = "-//Artisans de Provence//Agenda//FR"
CONTENT_TYPE = "text/calendar; charset=utf-8"


def site_host(request):
    """The host named in UIDs: the Wagtail site's, which does not change with
    the address a visitor typed."""
    site = Site.find_for_request(request)
    return site.hostname if site is not None else request.get_host()


def event_uid(event, host):
    return f"event-{event.pk}@{host}"


def as_utc(moment):
    return moment.astimezone(datetime.UTC)


def vevent(event, request, host, stamp):
    """One ``VEVENT`` for an ``EventPage``."""
    item = Event()
    item.add("uid", event_uid(event, host))
    item.add("dtstamp", stamp)
    item.add("dtstart", as_utc(event.starts_at))
    item.add("dtend", as_utc(event.ends_at))
    item.add("summary", event.title)
    if event.introduction:
        item.add("description", event.introduction)
    if event.location:
        item.add("location", event.location)
    lat, lng = event.coordinates()
    if lat is not None:
        item.add("geo", (lat, lng))
    item.add("url", event.get_full_url(request))
    item.add("categories", [event.get_kind_display()])
    return item


def build_calendar(events, request, name):
    """A ``VCALENDAR`` named ``name`` holding ``events``."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", timezone.get_default_timezone_name())
    host = site_host(request)
    stamp = as_utc(timezone.now()).replace(microsecond=0)
    for event in events:
        calendar.add_component(vevent(event, request, host, stamp))
    return calendar


def calendar_response(request, events, name, filename):
    """The ``.ics`` file of ``events``, offered for download as ``filename``."""
    body = build_calendar(events, request, str(name)).to_ical()
    response = HttpResponse(body, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
