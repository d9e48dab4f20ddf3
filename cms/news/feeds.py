"""RSS 2.0 and Atom feeds of "À lire" and of the agenda.

Django's syndication framework writes them; the routes of the index pages
(``models.py``) call them with the index. Only live, public pages are fed
(``fetch.articles_of``, ``fetch.events_of``). Links are absolute, from the
Wagtail site the request came to.
"""

import datetime

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from . import fetch


class IndexFeed(Feed):
    """A feed of the pages below an index page, given as ``index=``."""

    feed_type = Rss201rev2Feed

    def get_object(self, request, index):
        self.request = request
        return index

    def title(self, index):
        return index.title

    def link(self, index):
        return index.get_full_url(self.request)

    def description(self, index):
        return index.search_description or index.introduction or index.title

    def item_title(self, page):
        return page.title

    def item_link(self, page):
        return page.get_full_url(self.request)

    def item_guid(self, page):
        return page.get_full_url(self.request)

    def item_updateddate(self, page):
        return page.last_published_at


class ArticlesRssFeed(IndexFeed):
    def items(self, index):
        return fetch.articles_of(index)[: fetch.FEED_ITEMS]

    def item_description(self, article):
        return article.introduction

    def item_author_name(self, article):
        return article.author or None

    def item_categories(self, article):
        return [article.get_category_display()]

    def item_pubdate(self, article):
        # The article's own date, at midnight in the site's time zone.
        return timezone.make_aware(
            datetime.datetime.combine(article.date, datetime.time.min)
        )


class ArticlesAtomFeed(ArticlesRssFeed):
    feed_type = Atom1Feed

    def subtitle(self, index):
        return self.description(index)


class EventsRssFeed(IndexFeed):
    def items(self, index):
        return fetch.events_of(index)[: fetch.FEED_ITEMS]

    def item_description(self, event):
        when = _("%(start)s, %(place)s") % {
            "start": date_format(
                timezone.localtime(event.starts_at), "DATETIME_FORMAT"
            ),
            "place": event.location,
        }
        return f"{when}. {event.introduction}" if event.introduction else when

    def item_categories(self, event):
        return [event.get_kind_display()]

    def item_pubdate(self, event):
        return event.first_published_at


class EventsAtomFeed(EventsRssFeed):
    feed_type = Atom1Feed

    def subtitle(self, index):
        return self.description(index)
