"""Editorial pages served by Wagtail."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Page

from shop.apps.core.places import artisans_and_points
from shop.apps.core.privacy.retention import privacy_retention
from vendors.validators import validate_siret, validate_vat_number

from .blocks import BodyBlock
from .snippets import Label, Partner  # noqa: F401 (models of this app)


class HomePage(Page):
    """The marketplace's front page ("/")."""

    introduction = models.TextField(_("introduction"), blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = Page.content_panels + [
        FieldPanel("introduction"),
        FieldPanel("body"),
    ]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "cms.StandardPage",
        "cms.LegalPage",
        "campaigns.CampaignIndexPage",
        "campaigns.CampaignPage",
        "campaigns.PortraitIndexPage",
        "territories.TerritoryIndexPage",
        "news.NewsIndexPage",
        "news.EventIndexPage",
        "apprenticeship.ApprenticeshipIndexPage",
        "resources.ResourceIndexPage",
    ]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def __str__(self):
        return self.title

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Every approved artisan and every pickup point, on the home's map.
        context["map_places"] = artisans_and_points()
        return context


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


class LegalDocument(models.TextChoices):
    """The marketplace's legal texts, one page each."""

    LEGAL_NOTICE = "legal_notice", _("Legal notice")
    TERMS_OF_SALE = "terms_of_sale", _("Terms of sale")
    SELLER_TERMS = "seller_terms", _("Terms of use for artisans")
    PRIVACY = "privacy", _("Personal data")


class LegalPage(Page):
    """A legal text: its wording is the site's own, translated with the rest
    of the interface; its particulars (who publishes, hosts, mediates) are
    the chamber's legal information in the site settings.

    Staff may add an introduction and paragraphs after the text.
    """

    document = models.CharField(
        _("document"), max_length=20, choices=LegalDocument.choices, unique=True
    )
    introduction = models.TextField(_("introduction"), blank=True)
    body = StreamField(
        BodyBlock(),
        blank=True,
        verbose_name=_("additions"),
        help_text=_("Shown after the text of the document."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("document"),
        FieldPanel("introduction"),
        FieldPanel("body"),
    ]

    parent_page_types = ["cms.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("legal page")
        verbose_name_plural = _("legal pages")

    def __str__(self):
        return self.title

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["legal"] = LegalSettings.load(request_or_site=request)
        context["document_template"] = f"cms/legal/{self.document}.html"
        context["commission_percent"] = (
            Decimal(str(settings.MARKETPLACE_COMMISSION_RATE)) * 100
        ).normalize()
        context["payment_pending_minutes"] = settings.PAYMENT_PENDING_MINUTES
        context["retention"] = privacy_retention()
        context["export_url"] = reverse("privacy:export")
        return context


@register_setting(icon="doc-full")
class LegalSettings(BaseGenericSetting):
    """Who stands behind the marketplace, as its legal pages and the data
    export name them. Edited by chamber staff in the Wagtail admin."""

    publisher_name = models.CharField(
        _("publisher's legal name"),
        max_length=200,
        blank=True,
        help_text=_("The chamber's full legal name."),
    )
    publisher_status = models.CharField(
        _("legal status"),
        max_length=200,
        blank=True,
        help_text=_("For instance: public administrative body (établissement public)."),
    )
    publisher_address = models.TextField(_("registered address"), blank=True)
    publisher_siret = models.CharField(
        _("SIRET"), max_length=14, blank=True, validators=[validate_siret]
    )
    publisher_vat_number = models.CharField(
        _("VAT number"), max_length=13, blank=True, validators=[validate_vat_number]
    )
    publisher_phone = models.CharField(_("phone"), max_length=30, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    publication_director = models.CharField(
        _("director of publication"), max_length=200, blank=True
    )
    host_name = models.CharField(_("host's name"), max_length=200, blank=True)
    host_address = models.TextField(_("host's address"), blank=True)
    dpo_contact = models.CharField(
        _("data protection officer"),
        max_length=255,
        blank=True,
        help_text=_("How to reach the DPO: an e-mail or postal address."),
    )
    mediator_name = models.CharField(_("consumer mediator"), max_length=200, blank=True)
    mediator_address = models.TextField(_("mediator's address"), blank=True)
    mediator_website = models.URLField(_("mediator's website"), blank=True)
    log_retention_days = models.PositiveIntegerField(
        _("days the servers' logs are kept"),
        default=365,
        help_text=_("As the hosting is configured; the privacy page says so."),
    )
    # Contact and social links, shown in every page's footer.
    contact_address = models.TextField(
        _("address for visitors"),
        blank=True,
        help_text=_("Where the public can reach the chamber; shown in the footer."),
    )
    opening_hours = models.CharField(_("opening hours"), max_length=200, blank=True)
    facebook_url = models.URLField(_("Facebook page"), blank=True)
    instagram_url = models.URLField(_("Instagram account"), blank=True)
    linkedin_url = models.URLField(_("LinkedIn page"), blank=True)
    youtube_url = models.URLField(_("YouTube channel"), blank=True)

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("publisher_name"),
                FieldPanel("publisher_status"),
                FieldPanel("publisher_address"),
                FieldPanel("publisher_siret"),
                FieldPanel("publisher_vat_number"),
                FieldPanel("publisher_phone"),
                FieldPanel("contact_email"),
                FieldPanel("publication_director"),
            ],
            heading=_("Publisher"),
        ),
        MultiFieldPanel(
            [FieldPanel("host_name"), FieldPanel("host_address")],
            heading=_("Host"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("dpo_contact"),
                FieldPanel("mediator_name"),
                FieldPanel("mediator_address"),
                FieldPanel("mediator_website"),
                FieldPanel("log_retention_days"),
            ],
            heading=_("Personal data and mediation"),
        ),
        MultiFieldPanel(
            [FieldPanel("contact_address"), FieldPanel("opening_hours")],
            heading=_("Contact"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("facebook_url"),
                FieldPanel("instagram_url"),
                FieldPanel("linkedin_url"),
                FieldPanel("youtube_url"),
            ],
            heading=_("Social networks"),
        ),
    ]

    def social_links(self):
        """The filled social links, as (name, url)."""
        links = [
            ("Facebook", self.facebook_url),
            ("Instagram", self.instagram_url),
            ("LinkedIn", self.linkedin_url),
            ("YouTube", self.youtube_url),
        ]
        return [(name, url) for name, url in links if url]

    class Meta:
        verbose_name = _("legal information")

    def __str__(self):
        return str(self._meta.verbose_name)
