"""The front-end files we serve as our own are the versions package.json pins.

Leaflet is committed under static/vendor/leaflet/ so that `make run` needs no
npm; `make assets` copies it from node_modules. These tests fail when the pin
moves without the copy, or the copy is edited by hand.
"""

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
PINNED = json.loads((ROOT / "package.json").read_text())
LOCKED = json.loads((ROOT / "package-lock.json").read_text())
VENDORED = ROOT / "static/vendor/leaflet"


def test_versions_are_exact_pins_and_locked():
    for section in ("dependencies", "devDependencies"):
        for name, version in PINNED[section].items():
            assert version[0].isdigit(), f"{name} is not pinned: {version}"
            assert LOCKED["packages"][f"node_modules/{name}"]["version"] == version


def test_vendored_leaflet_is_the_pinned_release():
    header = (VENDORED / "leaflet.js").read_text()[:200]
    assert f"Leaflet {PINNED['dependencies']['leaflet']}" in header
    assert (VENDORED / "images/marker-icon.png").exists()


def test_vendored_leaflet_is_an_unedited_copy():
    installed = ROOT / "node_modules/leaflet/dist"
    if not installed.exists():
        pytest.skip("node_modules is not installed (npm ci)")
    for name in ("leaflet.js", "leaflet.css", "images/marker-icon.png"):
        assert (VENDORED / name).read_bytes() == (installed / name).read_bytes(), name
