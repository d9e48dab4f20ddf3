"""News and events: Wagtail page types."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page

from cms.blocks import BodyBlock


class EditorialPage(Page):
    """Fields every editorial page type here starts from."""

    introduction = models.TextField(_("introduction"), blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = Page.content_panels + [
        FieldPanel("introduction"),
        FieldPanel("body"),
    ]

    class Meta:
        abstract = True

    def __str__(self):
        return self.title


class NewsIndexPage(EditorialPage):
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["news.ArticlePage"]
    max_count = 1

    class Meta:
        verbose_name = _("news index (À lire)")


class ArticlePage(EditorialPage):
    parent_page_types = ["news.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("article")


class EventIndexPage(EditorialPage):
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["news.EventPage"]
    max_count = 1

    class Meta:
        verbose_name = _("events index")


class EventPage(EditorialPage):
    parent_page_types = ["news.EventIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("event")
