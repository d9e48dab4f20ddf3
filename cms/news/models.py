"""News and events: the "À lire" articles and the "Agenda" of events.

Both indexes are routable: besides their lists they serve RSS and Atom feeds,
and the agenda (and each event) an iCalendar file visitors add to their own
calendar. What the lists hold is read in ``fetch.py``; the feeds are built in
``feeds.py``, the calendars in ``calendar.py``.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.blocks import BodyBlock

from . import fetch


class EditorialPage(Page):
    """Fields every editorial page type here starts from."""

    introduction = models.TextField(_("introduction"), blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = Page.content_panels + [
        FieldPanel("introduction"),
        FieldPanel("body"),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("introduction"),
        index.SearchField("body"),
    ]

    class Meta:
        abstract = True

    def __str__(self):
        return self.title


class ArticleCategory(models.TextChoices):
    """What an article is about: the filter of the "À lire" list."""

    KNOW_HOW = "savoir-faire", _("Know-how")
    BUY_LOCAL = "consommer-local", _("Buying local")
    WORKSHOPS = "ateliers", _("Life of the workshops")
    TERRITORIES = "territoires", _("Territories")


class NewsIndexPage(RoutablePageMixin, EditorialPage):
    """ "À lire": the articles, newest first, and their RSS and Atom feeds."""

    parent_page_types = ["cms.HomePage"]
    subpage_types = ["news.ArticlePage"]
    max_count = 1
    template = "news/news_index_page.html"

    class Meta:
        verbose_name = _("news index (À lire)")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        category = request.GET.get("category", "")
        if category not in ArticleCategory.values:
            category = ""
        articles = fetch.articles_of(self, category=category)
        context.update(
            {
                "articles_page": fetch.page_of(articles, request.GET.get("page")),
                "category": category,
                "categories": ArticleCategory.choices,
            }
        )
        return context

    @path("rss/", name="rss")
    def rss_feed(self, request):
        from .feeds import ArticlesRssFeed

        return ArticlesRssFeed()(request, index=self)

    @path("atom/", name="atom")
    def atom_feed(self, request):
        from .feeds import ArticlesAtomFeed

        return ArticlesAtomFeed()(request, index=self)


class ArticlePage(EditorialPage):
    """An article of "À lire": its introduction is the summary shown in the
    list, the feeds and the site search."""

    date = models.DateField(_("date"), default=timezone.localdate)
    author = models.CharField(_("author"), max_length=120, blank=True)
    category = models.CharField(
        _("category"),
        max_length=20,
        choices=ArticleCategory.choices,
        default=ArticleCategory.BUY_LOCAL,
    )
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hero image"),
    )

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("date"), FieldPanel("author")]),
        FieldPanel("category"),
        FieldPanel("hero_image"),
        FieldPanel(
            "introduction",
            heading=_("Summary"),
            help_text=_("One or two sentences: the list, feeds and search show it."),
        ),
        FieldPanel("body"),
    ]

    search_fields = EditorialPage.search_fields + [
        index.SearchField("author"),
        index.FilterField("date"),
    ]

    parent_page_types = ["news.NewsIndexPage"]
    subpage_types = []
    template = "news/article_page.html"

    class Meta:
        verbose_name = _("article")

    @property
    def summary(self):
        return self.introduction


class EventKind(models.TextChoices):
    """What happens at an event; the "Ateliers Tendances" are for artisans."""

    WORKSHOP = "atelier", _("Workshop")
    MARKET = "marche", _("Market")
    OPEN_DAYS = "portes-ouvertes", _("Open days")
    TRENDS = "ateliers-tendances", _("Ateliers Tendances")


# The kinds of event meant for artisans rather than consumers.
KINDS_FOR_ARTISANS = {EventKind.TRENDS}


class EventIndexPage(RoutablePageMixin, EditorialPage):
    """ "Agenda": upcoming events first, past ones on their own page, an
    iCalendar of them all and RSS and Atom feeds."""

    parent_page_types = ["cms.HomePage"]
    subpage_types = ["news.EventPage"]
    max_count = 1
    template = "news/event_index_page.html"

    class Meta:
        verbose_name = _("events index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        kind = request.GET.get("kind", "")
        if kind not in EventKind.values:
            kind = ""
        past = kwargs.get("past", False)
        events = fetch.events_of(self, past=past, kind=kind)
        context.update(
            {
                "events_page": fetch.page_of(events, request.GET.get("page")),
                "past": past,
                "kind": kind,
                "kinds": EventKind.choices,
            }
        )
        return context

    @path("", name="upcoming")
    def upcoming(self, request):
        return self.render(request)

    @path("passes/", name="past")
    def past(self, request):
        return self.render(request, past=True)

    @path("ical/", name="ics")
    def calendar(self, request):
        from .calendar import calendar_response

        return calendar_response(
            request,
            fetch.events_for_calendar(self),
            name=self.title,
            filename="agenda.ics",
        )

    @path("rss/", name="rss")
    def rss_feed(self, request):
        from .feeds import EventsRssFeed

        return EventsRssFeed()(request, index=self)

    @path("atom/", name="atom")
    def atom_feed(self, request):
        from .feeds import EventsAtomFeed

        return EventsAtomFeed()(request, index=self)


class EventPage(RoutablePageMixin, EditorialPage):
    """An event of the agenda: when, where (a place, a commune, a pickup
    point), for whom, how to register, and its own iCalendar file."""

    kind = models.CharField(
        _("kind"), max_length=20, choices=EventKind.choices, default=EventKind.MARKET
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place_name = models.CharField(_("place"), max_length=200)
    address = models.CharField(_("address"), max_length=255, blank=True)
    commune = models.ForeignKey(
        "geo.Commune",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("commune"),
    )
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        help_text=_("Leave empty to place the event at its commune's town hall."),
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    pickup_point = models.ForeignKey(
        "delivery.PickupPoint",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("pickup point"),
        help_text=_("When the event takes place at one of the pickup points."),
    )
    registration_url = models.URLField(_("registration link"), blank=True)
    price = models.CharField(
        _("price"),
        max_length=120,
        blank=True,
        help_text=_("“Free”, or the price and what it includes."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("kind"),
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
        MultiFieldPanel(
            [
                FieldPanel("place_name"),
                FieldPanel("address"),
                FieldPanel("commune"),
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
                FieldPanel("pickup_point"),
            ],
            heading=_("Place"),
        ),
        FieldRowPanel([FieldPanel("price"), FieldPanel("registration_url")]),
        FieldPanel(
            "introduction",
            heading=_("Summary"),
            help_text=_(
                "One or two sentences: the agenda, feeds and calendars show it."
            ),
        ),
        FieldPanel("body"),
    ]

    search_fields = EditorialPage.search_fields + [
        index.SearchField("place_name"),
        index.FilterField("starts_at"),
        index.FilterField("ends_at"),
    ]

    parent_page_types = ["news.EventIndexPage"]
    subpage_types = []
    template = "news/event_page.html"

    class Meta:
        verbose_name = _("event")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gte=models.F("starts_at")),
                name="news_event_ends_after_it_starts",
            )
        ]

    def clean(self):
        super().clean()
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            raise ValidationError(
                {"ends_at": _("The event cannot end before it starts.")}
            )

    @property
    def summary(self):
        return self.introduction

    @property
    def for_artisans(self):
        return self.kind in KINDS_FOR_ARTISANS

    @property
    def is_past(self):
        return self.ends_at < timezone.now()

    def coordinates(self):
        """``(lat, lng)`` as floats: the event's own, else its pickup point's,
        else its commune's; ``(None, None)`` when none is known."""
        for source in (self, self.pickup_point, self.commune):
            if source is not None and None not in (source.latitude, source.longitude):
                return float(source.latitude), float(source.longitude)
        return None, None

    @property
    def town_name(self):
        if self.commune is not None:
            return self.commune.name
        if self.pickup_point is not None:
            return self.pickup_point.commune
        return ""

    @property
    def location(self):
        """The place in one line: name, address, town."""
        parts = [self.place_name, self.address, self.town_name]
        return ", ".join(part for part in parts if part)

    def map_place(self):
        """The event as one place of ``maps/partials/map.html`` (shaped like
        ``shop.apps.core.places.point_place``)."""
        lat, lng = self.coordinates()
        return {
            "id": f"event-{self.pk}",
            "kind": "event",
            "kind_label": self.get_kind_display(),
            "name": self.place_name,
            "detail": "",
            "commune": self.town_name,
            "address": ", ".join(p for p in (self.address, self.town_name) if p),
            "url": "",
            "lat": lat,
            "lng": lng,
        }

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["map_places"] = [self.map_place()]
        return context

    @path("ical/", name="ics")
    def calendar(self, request):
        from .calendar import calendar_response

        if not self.live:
            raise Http404
        return calendar_response(
            request, [self], name=self.title, filename=f"{self.slug}.ics"
        )
