"""Media as Django serves them under ``make run``: never sniffed, and anything
that is not a raster image downloaded rather than shown."""

import importlib
from pathlib import Path

import pytest
from django.urls import clear_url_caches, resolve

import shop.urls
from shop.apps.core.media import serve_media

pytestmark = pytest.mark.django_db


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "page.html").write_text("<script>alert(1)</script>")
    (tmp_path / "images" / "dessin.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    )
    (tmp_path / "images" / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    return Path(tmp_path)


@pytest.fixture
def debug_urls(settings):
    """The site's URLs as ``make run`` (DEBUG) builds them."""
    settings.DEBUG = True
    importlib.reload(shop.urls)
    clear_url_caches()
    yield
    settings.DEBUG = False
    importlib.reload(shop.urls)
    clear_url_caches()


def test_make_run_serves_media_through_our_view(debug_urls):
    assert resolve("/media/images/photo.png").func is serve_media


@pytest.mark.parametrize("path", ["images/page.html", "images/dessin.svg"])
def test_a_page_or_drawing_in_media_is_downloaded_never_shown(
    client, media_root, debug_urls, path
):
    response = client.get(f"/media/{path}")

    assert response.status_code == 200
    assert response["Content-Disposition"] == "attachment"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_an_image_in_media_is_shown_and_never_sniffed(client, media_root, debug_urls):
    response = client.get("/media/images/photo.png")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert not response.get("Content-Disposition", "").startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_private_files_have_no_media_url(client, settings, media_root, debug_urls):
    # the CSV imports live in PRIVATE_MEDIA_ROOT, which no URL serves
    private = Path(settings.PRIVATE_MEDIA_ROOT) / "imports" / "7"
    private.mkdir(parents=True, exist_ok=True)
    (private / "job.csv").write_text("sku,title\n")

    assert client.get("/media/imports/7/job.csv").status_code == 404
    assert client.get("/media/../imports/7/job.csv").status_code in (400, 404)
