"""Writing the communes read by ``loading.py`` to the database, idempotently:
rows are matched on their official codes, created when missing, updated when
they changed, and a second load writes nothing."""

from dataclasses import dataclass

from django.db import connection, transaction
from django.utils.text import slugify

from shop.apps.core import pagecache

from .loading import read_communes
from .lookup import normalise
from .models import Commune, Departement, Epci, Postcode, Region

BATCH = 2000


@dataclass
class LoadCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    postcodes: int = 0

    def __str__(self):
        return (
            f"{self.created} communes created, {self.updated} updated, "
            f"{self.unchanged} unchanged, {self.postcodes} postcodes added"
        )


def unique_slugs(items):
    """``{key: slug}`` from ``(key, base slug, disambiguator)``: the base slug,
    or ``base-disambiguator`` where two items share a base."""
    items = list(items)
    counts = {}
    for _, base, _ in items:
        counts[base] = counts.get(base, 0) + 1
    return {
        key: base if counts[base] == 1 else f"{base}-{extra}".lower()
        for key, base, extra in items
    }


def sync(model, key, wanted, fields):
    """Make ``model``'s rows match ``wanted`` ({key value: {field: value}})."""
    existing = {getattr(row, key): row for row in model.objects.all()}
    new, changed, same = [], [], 0
    for code, values in wanted.items():
        row = existing.get(code)
        if row is None:
            new.append(model(**{key: code}, **values))
        elif any(getattr(row, f) != v for f, v in values.items()):
            for f, v in values.items():
                setattr(row, f, v)
            changed.append(row)
        else:
            same += 1
    model.objects.bulk_create(new, batch_size=BATCH)
    if changed:
        model.objects.bulk_update(changed, fields, batch_size=BATCH)
    return len(new), len(changed), same


@transaction.atomic
def load_communes(departements=None, directory=None):
    """Load the communes (of ``departements`` only, when given) and return
    ``LoadCounts``. Nothing is written when the package cannot be read."""
    data = read_communes(departements, directory)
    region_slugs = unique_slugs((c, slugify(n), c) for c, n in data.regions.items())
    sync(
        Region,
        "code",
        {c: {"name": n, "slug": region_slugs[c]} for c, n in data.regions.items()},
        ["name", "slug"],
    )
    regions = {r.code: r.pk for r in Region.objects.all()}
    sync(
        Departement,
        "code",
        {
            code: {
                "name": name,
                "slug": f"{slugify(name)}-{code.lower()}",
                "region_id": regions.get(region),
            }
            for code, (name, region) in data.departements.items()
        },
        ["name", "slug", "region_id"],
    )
    epci_slugs = unique_slugs(
        (c, slugify(n)[:200], c) for c, (n, _) in data.epcis.items()
    )
    sync(
        Epci,
        "code",
        {
            code: {"name": name, "slug": epci_slugs[code], "kind": kind[:5]}
            for code, (name, kind) in data.epcis.items()
        },
        ["name", "slug", "kind"],
    )
    departement_ids = {d.code: d.pk for d in Departement.objects.all()}
    epci_ids = {e.code: e.pk for e in Epci.objects.all()}
    taken = dict(
        Commune.objects.exclude(insee__in=[c.insee for c in data.communes]).values_list(
            "slug", "insee"
        )
    )
    slugs = unique_slugs(
        (c.insee, f"{slugify(c.name)}-{c.departement.lower()}", c.insee)
        for c in data.communes
    )
    for insee, slug in list(slugs.items()):
        if slug in taken:
            slugs[insee] = f"{slug}-{insee}".lower()
    fields = [
        "name",
        "folded_name",
        "slug",
        "kind",
        "departement_id",
        "epci_id",
        "population",
        "latitude",
        "longitude",
    ]
    created, updated, unchanged = sync(
        Commune,
        "insee",
        {
            c.insee: {
                "name": c.name,
                "folded_name": normalise(c.name),
                "slug": slugs[c.insee],
                "kind": c.kind,
                "departement_id": departement_ids[c.departement],
                "epci_id": epci_ids.get(c.epci),
                "population": c.population,
                "latitude": c.latitude,
                "longitude": c.longitude,
            }
            for c in data.communes
        },
        fields,
    )
    ids = dict(Commune.objects.values_list("insee", "pk"))
    parents = [
        (ids[c.insee], ids.get(c.parent)) for c in data.communes if c.parent in ids
    ]
    if parents:
        rows = Commune.objects.in_bulk([pk for pk, _ in parents])
        changed = []
        for pk, parent in parents:
            if rows[pk].parent_id != parent:
                rows[pk].parent_id = parent
                changed.append(rows[pk])
        Commune.objects.bulk_update(changed, ["parent_id"], batch_size=BATCH)
    present = set(Postcode.objects.values_list("code", "commune_id"))
    missing = [
        Postcode(code=code, commune_id=ids[c.insee])
        for c in data.communes
        for code in c.postcodes
        if (code, ids[c.insee]) not in present
    ]
    Postcode.objects.bulk_create(missing, batch_size=BATCH)
    if created or updated or missing:
        refresh_statistics()
        pagecache.changed()
    return LoadCounts(created, updated, unchanged, len(missing))


def refresh_statistics():
    """Tell PostgreSQL's planner how many rows the tables now hold. Loaded in
    one transaction, they would otherwise still look empty to it until
    autovacuum passes, and a postcode lookup in that same transaction (the
    demo links its towns right after) would be planned as nested scans of
    tens of thousands of rows: minutes instead of milliseconds."""
    if connection.vendor != "postgresql":
        return
    tables = ", ".join(
        connection.ops.quote_name(model._meta.db_table)
        for model in (Region, Departement, Epci, Commune, Postcode)
    )
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {tables}")
