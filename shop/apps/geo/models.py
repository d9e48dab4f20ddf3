"""The official list of French communes and the territories they belong to.

Loaded by ``manage.py load_communes`` from a published package; nothing here
is typed by hand. A commune's position is its town hall's (or, for a
municipal arrondissement, the centre of its outline).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Region(models.Model):
    code = models.CharField(_("INSEE code"), max_length=3, unique=True)
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=110, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self):
        return self.name


class Departement(models.Model):
    code = models.CharField(_("INSEE code"), max_length=3, unique=True)
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=110, unique=True)
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        related_name="departements",
        verbose_name=_("region"),
        null=True,
        blank=True,
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("département")
        verbose_name_plural = _("départements")

    def __str__(self):
        return f"{self.name} ({self.code})"


class Epci(models.Model):
    """An intercommunalité (métropole, communauté urbaine, d'agglomération or
    de communes), by its SIREN number."""

    code = models.CharField(_("SIREN"), max_length=9, unique=True)
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=210, unique=True)
    kind = models.CharField(_("kind"), max_length=5, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("intercommunalité")
        verbose_name_plural = _("intercommunalités")

    def __str__(self):
        return self.name


class CommuneKind(models.TextChoices):
    COMMUNE = "COM", _("Commune")
    ARRONDISSEMENT = "ARM", _("Municipal arrondissement")


class CommuneQuerySet(models.QuerySet):
    def communes(self):
        """Communes proper, without the arrondissements of Paris, Lyon and
        Marseille."""
        return self.filter(kind=CommuneKind.COMMUNE)


class Commune(models.Model):
    insee = models.CharField(_("INSEE code"), max_length=5, unique=True)
    name = models.CharField(_("name"), max_length=100)
    # Lower case, accents and punctuation folded (search.facts.fold): for
    # lookups of what a visitor typed.
    folded_name = models.CharField(max_length=100, db_index=True, editable=False)
    slug = models.SlugField(_("slug"), max_length=110, unique=True)
    kind = models.CharField(
        _("kind"),
        max_length=3,
        choices=CommuneKind.choices,
        default=CommuneKind.COMMUNE,
    )
    # A municipal arrondissement's commune (Marseille for Marseille 6e).
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        related_name="arrondissements",
        null=True,
        blank=True,
        verbose_name=_("commune"),
    )
    departement = models.ForeignKey(
        Departement,
        on_delete=models.PROTECT,
        related_name="communes",
        verbose_name=_("département"),
    )
    epci = models.ForeignKey(
        Epci,
        on_delete=models.SET_NULL,
        related_name="communes",
        null=True,
        blank=True,
        verbose_name=_("intercommunalité"),
    )
    population = models.PositiveIntegerField(_("population"), default=0)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )

    objects = CommuneQuerySet.as_manager()

    class Meta:
        ordering = ["name", "insee"]
        verbose_name = _("commune")
        verbose_name_plural = _("communes")

    def __str__(self):
        return f"{self.name} ({self.departement_id and self.departement.code})"


class Postcode(models.Model):
    """One of a commune's postcodes (a commune may have several, and a
    postcode may serve several communes)."""

    code = models.CharField(_("postcode"), max_length=5, db_index=True)
    commune = models.ForeignKey(
        Commune,
        on_delete=models.CASCADE,
        related_name="postcodes",
        verbose_name=_("commune"),
    )

    class Meta:
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "commune"], name="geo_postcode_unique_per_commune"
            )
        ]
        verbose_name = _("postcode")
        verbose_name_plural = _("postcodes")

    def __str__(self):
        return self.code
