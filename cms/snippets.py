"""Snippets edited by chamber staff: the partners and funders shown in the
footer, and the description of each artisans' label."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from vendors.models import VendorLabel


class PartnerKind(models.TextChoices):
    FUNDER = "funder", _("Funder")
    PARTNER = "partner", _("Partner")
    INSTITUTION = "institution", _("Institution")


class Partner(models.Model):
    """An organisation supporting the marketplace, with its logo: the
    footer's "With the support of" lists them by ``order``."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=PartnerKind.choices,
        default=PartnerKind.PARTNER,
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    website = models.URLField(_("website"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    panels = [
        FieldPanel("name"),
        FieldPanel("kind"),
        FieldPanel("logo"),
        FieldPanel("website"),
        FieldPanel("order"),
    ]

    class Meta:
        app_label = "cms"
        ordering = ["order", "name"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")

    def __str__(self):
        return self.name


class Label(models.Model):
    """What one of the artisans' labels (``VendorLabel``) means, with its
    logo, so pages can explain it."""

    code = models.CharField(
        _("label"), max_length=30, choices=VendorLabel.choices, unique=True
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    link = models.URLField(_("link"), blank=True)

    panels = [
        FieldPanel("code"),
        FieldPanel("name"),
        FieldPanel("description"),
        FieldPanel("logo"),
        FieldPanel("link"),
    ]

    class Meta:
        app_label = "cms"
        ordering = ["name"]
        verbose_name = _("label")
        verbose_name_plural = _("labels")

    def __str__(self):
        return self.name
