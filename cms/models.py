"""Editorial pages served by Wagtail."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page

from .blocks import BodyBlock


class HomePage(Page):
    """The marketplace's front page ("/")."""

    introduction = models.TextField(_("introduction"), blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = Page.content_panels + [
        FieldPanel("introduction"),
        FieldPanel("body"),
    ]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["cms.StandardPage"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def __str__(self):
        return self.title


class StandardPage(Page):
    """An editorial or legal page: artisan portraits, CGV, mentions légales."""

    introduction = models.TextField(_("introduction"), blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = Page.content_panels + [
        FieldPanel("introduction"),
        FieldPanel("body"),
    ]

    parent_page_types = ["cms.HomePage", "cms.StandardPage"]
    subpage_types = ["cms.StandardPage"]

    class Meta:
        verbose_name = _("standard page")

    def __str__(self):
        return self.title
