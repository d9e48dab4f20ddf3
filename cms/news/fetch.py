"""What the news and events pages list, and the editorial pages the site
search finds.

Only live pages outside any private section are ever listed, fed or found.
Each list is a fixed number of queries however many rows it holds: the
related rows a card shows are joined, the hero images' renditions prefetched.
"""

import datetime
import logging
import re

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import InvalidPage, Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.images import get_image_model
from wagtail.models import Page

logger = logging.getLogger(__name__)

PER_PAGE = 12
# The rendition of a hero image on a card (templates/news/partials/*_card.html).
CARD_RENDITION = "fill-640x360"
# The agenda's calendar keeps events ended less than this long ago.
CALENDAR_PAST_DAYS = 30
FEED_ITEMS = 30
# How many editorial pages the site search lists beside the products.
SEARCH_LIMIT = 5
PAGE_NUMBER = re.compile(r"[0-9]{1,6}")


def page_of(queryset, raw_number, per_page=PER_PAGE):
    """Page ``raw_number`` (as typed in ``?page=``) of ``queryset``; a page
    that does not exist is a 404."""
    raw_number = (raw_number or "1").strip()
    if not PAGE_NUMBER.fullmatch(raw_number):
        raise Http404(_("This page of the list does not exist."))
    try:
        return Paginator(queryset, per_page).page(int(raw_number))
    except InvalidPage:
        raise Http404(_("This page of the list does not exist.")) from None


def with_card_images(queryset):
    images = get_image_model().objects.prefetch_renditions(CARD_RENDITION)
    return queryset.prefetch_related(Prefetch("hero_image", queryset=images))


def articles_of(index, category=""):
    """The live, public articles under ``index``, newest first."""
    ArticlePage = apps.get_model("news", "ArticlePage")

    articles = ArticlePage.objects.live().public().child_of(index)
    if category:
        articles = articles.filter(category=category)
    return with_card_images(articles).order_by("-date", "-first_published_at", "-pk")


def events_of(index, past=False, kind=""):
    """The live, public events under ``index``: those not ended yet, soonest
    first, or (``past``) those ended, latest first."""
    EventPage = apps.get_model("news", "EventPage")

    now = timezone.now()
    events = (
        EventPage.objects.live()
        .public()
        .child_of(index)
        .select_related("commune", "pickup_point")
    )
    if kind:
        events = events.filter(kind=kind)
    if past:
        return events.filter(ends_at__lt=now).order_by("-starts_at", "-pk")
    return events.filter(ends_at__gte=now).order_by("starts_at", "pk")


def events_for_calendar(index):
    """Events of the agenda's iCalendar: upcoming ones and those ended in the
    last ``CALENDAR_PAST_DAYS`` days."""
    EventPage = apps.get_model("news", "EventPage")

    since = timezone.now() - datetime.timedelta(days=CALENDAR_PAST_DAYS)
    return (
        EventPage.objects.live()
        .public()
        .child_of(index)
        .filter(ends_at__gte=since)
        .select_related("commune", "pickup_point")
        .order_by("starts_at", "pk")
    )


def editorial_page_types():
    """The page models of the ``cms`` apps that are read as editorial pages:
    every one but the home page."""
    from cms.models import HomePage

    return [
        model
        for config in apps.get_app_configs()
        if config.name == "cms" or config.name.startswith("cms.")
        for model in config.get_models()
        if issubclass(model, Page) and model is not HomePage
    ]


def editorial_pages_matching(text, limit=SEARCH_LIMIT):
    """Up to ``limit`` live, public editorial pages matching ``text``, best
    first, as their specific pages (title, URL, introduction).

    Wagtail's search backend answers; when it fails the error is logged and
    no page is listed, so the products found still show."""
    text = (text or "").strip()
    if not text:
        return []
    content_types = ContentType.objects.get_for_models(*editorial_page_types()).values()
    try:
        found = list(
            Page.objects.live()
            .public()
            .filter(content_type__in=list(content_types))
            .search(text, operator="and")[:limit]
        )
    except Exception:
        logger.exception("Wagtail search failed for the editorial pages")
        return []
    by_pk = {
        page.pk: page
        for page in Page.objects.filter(pk__in=[page.pk for page in found]).specific()
    }
    # A page type may hide some of its pages (a portrait of a closed shop),
    # in one query for all of its pages found.
    for model in {type(page) for page in by_pk.values()}:
        hidden_among = getattr(model, "hidden_among", None)
        if hidden_among is not None:
            ids = [pk for pk, page in by_pk.items() if type(page) is model]
            for pk in hidden_among(ids):
                by_pk.pop(pk, None)
    return [by_pk[page.pk] for page in found if page.pk in by_pk]
