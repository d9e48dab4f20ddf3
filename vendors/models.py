"""Artisans and their shops inside the marketplace."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Vendor(models.Model):
    """An artisan's shop, one-to-one with Oscar's ``Partner``.

    The partner's ``users`` are the accounts that run the shop; its stock
    records are the shop's offers.
    """

    partner = models.OneToOneField(
        "partner.Partner",
        on_delete=models.CASCADE,
        related_name="vendor",
        verbose_name=_("partner"),
    )
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    metier = models.CharField(_("craft"), max_length=80)
    commune = models.CharField(_("town"), max_length=80)
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("artisan")
        verbose_name_plural = _("artisans")
        ordering = ["partner__name"]

    def __str__(self):
        return self.partner.name

    @property
    def name(self):
        return self.partner.name
