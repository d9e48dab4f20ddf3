"""``manage.py load_communes``: the official list into the database, once."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.test.utils import CaptureQueriesContext

from shop.apps.geo import loading
from shop.apps.geo.lookup import candidates, find_place, suggestions
from shop.apps.geo.models import Commune, Departement, Epci, Postcode, Region

pytestmark = pytest.mark.django_db


def load(*departements):
    out = io.StringIO()
    call_command("load_communes", departements=",".join(departements), stdout=out)
    return out.getvalue()


def test_loading_twice_writes_nothing_the_second_time():
    first = load("13", "84")
    counts = (Commune.objects.count(), Postcode.objects.count(), Epci.objects.count())
    second = load("13", "84")

    assert "0 communes created, 0 updated" in second
    assert "0 postcodes added" in second
    assert "communes created" in first and not first.startswith("0 ")
    assert (
        Commune.objects.count(),
        Postcode.objects.count(),
        Epci.objects.count(),
    ) == counts
    assert Departement.objects.filter(code__in=["13", "84"]).count() == 2
    assert Region.objects.get(code="93").name == "Provence-Alpes-Côte d'Azur"


def test_territories_are_tied_together():
    load("13")
    sixth = Commune.objects.get(insee="13206")
    marseille = Commune.objects.get(insee="13055")

    assert sixth.parent == marseille
    assert marseille.departement.region.code == "93"
    assert marseille.epci.name == "Métropole d'Aix-Marseille-Provence"
    assert Commune.objects.get(insee="13005").slug == "aubagne-13"


def test_a_name_or_a_postcode_finds_its_commune():
    load("13", "83")

    assert find_place("aubagne").insee == "13005"
    assert find_place("SALON DE PROVENCE").insee == "13103"
    assert find_place("Salon-de-Provence").insee == "13103"
    assert find_place("13400").insee == "13005"
    assert find_place("Marseille 6e").insee == "13206"
    assert find_place("13006").insee == "13206"
    assert find_place("St Rémy de Provence").insee == "13100"
    assert find_place("Le Beausset").insee == "83016"
    assert find_place("Atlantis") is None
    assert find_place("") is None
    # A postcode shared by communes: the most populous first.
    shared = candidates("13100")
    assert [c.insee for c in shared][:1] == ["13001"]
    assert len(shared) > 1
    assert [c.name for c in suggestions("aubag")] == ["Aubagne"]


def test_a_broken_package_loads_nothing(monkeypatch):
    def broken(*args, **kwargs):
        raise loading.CommuneDataError("Cannot read communes.csv.lzma: bad data")

    monkeypatch.setattr("shop.apps.geo.load.read_communes", broken)
    with pytest.raises(CommandError, match="Nothing loaded"):
        load("13")
    assert not Commune.objects.exists()


@pytest.mark.service("postgres")
def test_the_planner_learns_the_rows_loaded_before_they_are_looked_up(postgres_db):
    # The demo loads the communes and looks its towns up in one transaction:
    # PostgreSQL's statistics would still say "empty" (and plan a postcode
    # lookup as nested scans of every row) unless the loader analyses them.
    with CaptureQueriesContext(postgres_db) as loading:
        load("13")
    analysed = [
        q["sql"] for q in loading.captured_queries if q["sql"].startswith("ANALYZE")
    ]
    assert len(analysed) == 1
    for table in ("geo_commune", "geo_postcode", "geo_departement"):
        assert f'"{table}"' in analysed[0]
    with CaptureQueriesContext(postgres_db) as again:
        load("13")
    # Nothing written the second time: nothing to analyse.
    assert not any(q["sql"].startswith("ANALYZE") for q in again.captured_queries)
