"""Factories for the official communes and their territories (shop.apps.geo).

Tests make the few communes they need; ``manage.py load_communes`` loads the
whole list from its package.
"""

from decimal import Decimal as D

import factory
from django.utils.text import slugify

from shop.apps.geo.lookup import normalise
from shop.apps.geo.models import Commune, Departement, Epci, Postcode, Region


class RegionFactory(factory.django.DjangoModelFactory):
    code = "93"
    name = "Provence-Alpes-Côte d'Azur"
    slug = "provence-alpes-cote-d-azur"

    class Meta:
        model = Region
        django_get_or_create = ("code",)


class DepartementFactory(factory.django.DjangoModelFactory):
    code = "13"
    name = "Bouches-du-Rhône"
    slug = factory.LazyAttribute(lambda d: f"{slugify(d.name)}-{d.code}")
    region = factory.SubFactory(RegionFactory)

    class Meta:
        model = Departement
        django_get_or_create = ("code",)


class EpciFactory(factory.django.DjangoModelFactory):
    code = "200054807"
    name = "Métropole d'Aix-Marseille-Provence"
    slug = factory.LazyAttribute(lambda e: slugify(e.name))
    kind = "MET"

    class Meta:
        model = Epci
        django_get_or_create = ("code",)


class CommuneFactory(factory.django.DjangoModelFactory):
    insee = factory.Sequence(lambda n: f"13{n % 1000:03d}")
    name = factory.Sequence(lambda n: f"Commune {n}")
    slug = factory.LazyAttribute(
        lambda c: f"{slugify(c.name)}-{c.departement.code.lower()}"
    )
    folded_name = factory.LazyAttribute(lambda c: normalise(c.name))
    departement = factory.SubFactory(DepartementFactory)
    epci = factory.SubFactory(EpciFactory)
    population = 1000
    latitude = D("43.296500")
    longitude = D("5.369800")

    class Meta:
        model = Commune
        django_get_or_create = ("insee",)
        skip_postgeneration_save = True

    @factory.post_generation
    def postcodes(self, create, extracted, **kwargs):
        """``postcodes=["13400"]``: the commune's postcodes."""
        if create and extracted:
            for code in extracted:
                Postcode.objects.get_or_create(code=code, commune=self)
