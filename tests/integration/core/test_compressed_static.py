"""Static files as production serves them: collectstatic with whitenoise's
CompressedManifestStaticFilesStorage (shop/settings/production.py) gives
hashed names with gzip and Brotli copies, and WhiteNoise serves a hashed
name compressed, cacheable for a year and immutable."""

import re

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import RequestFactory, override_settings
from whitenoise.middleware import WhiteNoiseMiddleware

STYLESHEET = "css/marketplace.css"
BACKEND = "whitenoise.storage.CompressedManifestStaticFilesStorage"
PRODUCTION_SETTINGS = settings.BASE_DIR / "shop" / "settings" / "production.py"


def test_production_collects_static_files_with_the_compressed_manifest():
    assert f'"BACKEND": "{BACKEND}"' in PRODUCTION_SETTINGS.read_text()


@pytest.fixture
def collected(tmp_path):
    root = tmp_path / "static"
    with override_settings(
        STATIC_ROOT=str(root),
        STORAGES={**settings.STORAGES, "staticfiles": {"BACKEND": BACKEND}},
        # Our own static files only: the apps' (admin, Wagtail) take minutes
        # to compress and are collected the same way.
        STATICFILES_FINDERS=["django.contrib.staticfiles.finders.FileSystemFinder"],
        WHITENOISE_USE_FINDERS=False,
        WHITENOISE_AUTOREFRESH=False,
    ):
        call_command("collectstatic", interactive=False, verbosity=0)
        yield root


def hashed_name(root, name):
    stem, suffix = name.rsplit(".", 1)
    found = [
        path
        for path in root.glob(f"{stem}.*.{suffix}")
        if re.fullmatch(
            rf"{re.escape(stem.split('/')[-1])}\.[0-9a-f]{{12}}\.{suffix}", path.name
        )
    ]
    assert len(found) == 1, found
    return found[0]


def test_collected_files_have_hashed_names_with_gzip_and_brotli_copies(collected):
    hashed = hashed_name(collected, STYLESHEET)

    assert hashed.with_name(hashed.name + ".gz").stat().st_size > 0
    assert hashed.with_name(hashed.name + ".br").stat().st_size > 0
    assert hashed.with_name(hashed.name + ".br").stat().st_size < hashed.stat().st_size


def test_a_hashed_file_is_served_compressed_and_immutable(collected):
    hashed = hashed_name(collected, STYLESHEET)
    url = "/static/" + str(hashed.relative_to(collected))
    middleware = WhiteNoiseMiddleware(lambda request: pytest.fail("not served"))

    brotli = middleware(RequestFactory().get(url, HTTP_ACCEPT_ENCODING="gzip, br"))
    gzip = middleware(RequestFactory().get(url, HTTP_ACCEPT_ENCODING="gzip"))

    assert brotli.status_code == 200
    assert brotli["Content-Encoding"] == "br"
    assert gzip["Content-Encoding"] == "gzip"
    assert "immutable" in brotli["Cache-Control"]
    assert "max-age=315360000" in brotli["Cache-Control"]
    assert "Accept-Encoding" in brotli["Vary"]
