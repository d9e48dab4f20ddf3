"""Campaigns and artisan portraits: Wagtail page types.

A campaign ("Mon artisan enchante le quotidien") has a hero, a period, the
artisans and products its editors chose, its posters and radio spots, a
territory filter, and a landing page for each commune it reaches (every
commune where one of its chosen artisans works): ``/campagnes/<campaign>/
<commune>/``. A portrait is tied to one artisan's shop and shows its products;
the storefront links back to it.

What a page shows of the shop follows ``cms.onsale``: chosen artisans who are
suspended or on vacation, and products no longer on sale, vanish.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cms.blocks import BodyBlock

from . import fetch
from .blocks import CampaignMediaBlock


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


class CampaignIndexPage(EditorialPage):
    """``/campagnes/``: the chamber's campaigns, running ones first."""

    parent_page_types = ["cms.HomePage"]
    subpage_types = ["campaigns.CampaignPage"]
    max_count = 1
    template = "campaigns/campaign_index_page.html"

    class Meta:
        verbose_name = _("index of campaigns")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(fetch.campaigns_by_period(self))
        return context


class CampaignStatus(models.TextChoices):
    UPCOMING = "upcoming", _("Upcoming")
    RUNNING = "running", _("Running")
    ENDED = "ended", _("Ended")


class CampaignPage(RoutablePageMixin, EditorialPage):
    """A campaign: its hero, its period, the artisans and products chosen for
    it, its posters and radio spots, filtered by territory; and one landing
    page per commune it reaches."""

    tagline = models.CharField(
        _("tagline"),
        max_length=160,
        blank=True,
        help_text=_("The campaign's slogan, shown over its hero image."),
    )
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hero image"),
    )
    starts_on = models.DateField(_("starts on"), default=timezone.localdate)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    media = StreamField(
        CampaignMediaBlock(),
        blank=True,
        verbose_name=_("posters and radio spots"),
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("tagline"),
                FieldPanel("hero_image"),
                FieldPanel("introduction"),
            ],
            heading=_("Hero"),
        ),
        FieldRowPanel(
            [FieldPanel("starts_on"), FieldPanel("ends_on")], heading=_("Period")
        ),
        InlinePanel(
            "chosen_artisans",
            heading=_("Artisans of the campaign"),
            label=_("Artisan"),
        ),
        InlinePanel(
            "chosen_products",
            heading=_("Products of the campaign"),
            label=_("Product"),
        ),
        FieldPanel("media"),
        FieldPanel("body"),
    ]
    search_fields = EditorialPage.search_fields + [index.SearchField("tagline")]

    parent_page_types = ["campaigns.CampaignIndexPage", "cms.HomePage"]
    subpage_types = []
    template = "campaigns/campaign_page.html"

    class Meta:
        verbose_name = _("campaign page")

    def clean(self):
        super().clean()
        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            raise ValidationError(
                {"ends_on": _("The campaign cannot end before it starts.")}
            )

    def status(self, today=None):
        today = today or timezone.localdate()
        if self.starts_on and today < self.starts_on:
            return CampaignStatus.UPCOMING
        if self.ends_on and today > self.ends_on:
            return CampaignStatus.ENDED
        return CampaignStatus.RUNNING

    def get_status_display(self):
        return CampaignStatus(self.status()).label

    def artisan_ids(self):
        return [row.vendor_id for row in self.chosen_artisans.all()]

    def product_ids(self):
        return [row.product_id for row in self.chosen_products.all()]

    @path("")
    def campaign(self, request):
        return self.render(
            request, context_overrides=fetch.campaign_context(self, request)
        )

    @path("<slug:commune_slug>/", name="commune_landing")
    def commune_landing(self, request, commune_slug):
        """The campaign in one commune it reaches; 404 for any other."""
        commune = fetch.reached_commune(self, commune_slug)
        if commune is None:
            raise Http404(_("This campaign does not reach this commune."))
        return self.render(
            request,
            template="campaigns/campaign_landing.html",
            context_overrides=fetch.landing_context(self, commune, request),
        )

    def get_sitemap_urls(self, request=None):
        urls = super().get_sitemap_urls(request)
        root = self.get_full_url(request)
        for commune in fetch.reached_communes(self):
            urls.append(
                {
                    "location": root
                    + self.reverse_subpage("commune_landing", args=[commune.slug]),
                    "lastmod": self.last_published_at,
                }
            )
        return urls


class CampaignArtisan(Orderable):
    """An artisan an editor chose for a campaign."""

    page = ParentalKey(
        CampaignPage, on_delete=models.CASCADE, related_name="chosen_artisans"
    )
    vendor = models.ForeignKey(
        "vendors.Vendor",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("artisan"),
    )
    note = models.CharField(
        _("why this artisan"),
        max_length=200,
        blank=True,
        help_text=_("A line shown under the artisan's card."),
    )

    panels = [FieldPanel("vendor"), FieldPanel("note")]

    class Meta(Orderable.Meta):
        verbose_name = _("artisan of the campaign")
        constraints = [
            models.UniqueConstraint(
                fields=["page", "vendor"], name="campaign_artisan_once"
            )
        ]


class CampaignProduct(Orderable):
    """A product an editor chose for a campaign."""

    page = ParentalKey(
        CampaignPage, on_delete=models.CASCADE, related_name="chosen_products"
    )
    product = models.ForeignKey(
        "catalogue.Product",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("product"),
    )

    panels = [FieldPanel("product")]

    class Meta(Orderable.Meta):
        verbose_name = _("product of the campaign")
        constraints = [
            models.UniqueConstraint(
                fields=["page", "product"], name="campaign_product_once"
            )
        ]


class PortraitIndexPage(EditorialPage):
    """``/portraits/``: the portraits of artisans whose shop is open."""

    parent_page_types = ["cms.HomePage"]
    subpage_types = ["campaigns.PortraitPage"]
    max_count = 1
    template = "campaigns/portrait_index_page.html"

    class Meta:
        verbose_name = _("index of artisan portraits")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["portraits"] = fetch.portraits_shown(self)
        return context


class PortraitPage(EditorialPage):
    """The portrait of one artisan, with their shop's products on sale."""

    vendor = models.OneToOneField(
        "vendors.Vendor",
        on_delete=models.PROTECT,
        null=True,
        related_name="portrait",
        verbose_name=_("artisan"),
        help_text=_("The shop this portrait is about (one portrait per shop)."),
    )
    photo = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("photo"),
    )
    photo_caption = models.CharField(_("photo caption"), max_length=200, blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("vendor"),
        MultiFieldPanel(
            [FieldPanel("photo"), FieldPanel("photo_caption")], heading=_("Photo")
        ),
        FieldPanel("introduction"),
        FieldPanel("body"),
    ]

    parent_page_types = ["campaigns.PortraitIndexPage"]
    subpage_types = []
    template = "campaigns/portrait_page.html"

    class Meta:
        verbose_name = _("artisan portrait")

    @classmethod
    def hidden_among(cls, ids):
        """Of the portraits ``ids``, those of shops no longer shown (the site
        search leaves them out)."""
        return fetch.hidden_portraits(ids)

    def serve(self, request, *args, **kwargs):
        # A shop that left the marketplace or was suspended is not promoted.
        if not fetch.portrait_shown(self):
            raise Http404(_("This artisan's shop is closed."))
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(fetch.portrait_context(self))
        return context
