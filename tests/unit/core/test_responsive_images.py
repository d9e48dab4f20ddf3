"""The responsive image tag's markup, and the demo's drawn pictures."""

import io
from dataclasses import dataclass

import pytest
from bs4 import BeautifulSoup
from django.template import Context, Template
from PIL import Image

from shop.apps.core.demo import data
from shop.apps.core.demo import images as demo_images
from shop.apps.core.tasks import RESPONSIVE_SETS, STOREFRONT_THUMBNAILS
from shop.apps.core.templatetags import images as images_tags


@dataclass
class Source:
    name: str
    url: str
    width: int = 900
    height: int = 700


@dataclass
class Thumbnail:
    url: str
    width: int
    height: int


class FakeThumbnailer:
    """Oscar's thumbnailer as the task left it: ``made`` widths exist, the
    others come back as the source (``TaskThumbnails``' fallback)."""

    def __init__(self, made):
        self.made = made
        self.asked = []

    def generate_thumbnail(self, source, size, **options):
        self.asked.append((size, options))
        width, _, height = size.partition("x")
        if int(width) not in self.made:
            return source
        height = int(height) if height else round(int(width) * 7 / 9)
        return Thumbnail(f"/media/cache/{width}.webp", int(width), height)


@pytest.fixture
def thumbnailer(monkeypatch):
    def install(made):
        fake = FakeThumbnailer(made)
        monkeypatch.setattr(images_tags, "get_thumbnailer", lambda: fake)
        return fake

    return install


def render(text, **context):
    html = Template("{% load images %}" + text).render(Context(context))
    return BeautifulSoup(html, "html.parser").find("img"), html


def test_the_tag_gives_webp_candidates_sizes_and_dimensions(thumbnailer):
    fake = thumbnailer(made={240, 400, 600})
    source = Source("photo.jpg", "/media/photo.jpg")

    img, _html = render(
        '{% responsive_image image widths="240 400 600" ratio="1:1" '
        'sizes="50vw" alt="Savon" %}',
        image={"original": source},
    )

    assert img["srcset"] == (
        "/media/cache/240.webp 240w, /media/cache/400.webp 400w, "
        "/media/cache/600.webp 600w"
    )
    assert img["src"] == "/media/cache/600.webp"
    assert img["sizes"] == "50vw"
    assert (img["width"], img["height"]) == ("600", "600")
    assert img["alt"] == "Savon"
    assert img["loading"] == "lazy" and img["decoding"] == "async"
    assert not img.has_attr("fetchpriority")
    assert fake.asked[0] == (
        "240x240",
        {"format": "WEBP", "quality": 80, "upscale": False, "crop": "center"},
    )


def test_the_tag_asks_only_for_sizes_the_task_makes():
    made = {(size, tuple(sorted(o.items()))) for size, o in STOREFRONT_THUMBNAILS}
    for ratio, widths in RESPONSIVE_SETS:
        for width in widths:
            size, options = images_tags.responsive_geometry(width, ratio)
            assert (size, tuple(sorted(options.items()))) in made


def test_without_thumbnails_yet_the_original_is_shown_at_its_ratio(thumbnailer):
    thumbnailer(made=set())
    source = Source("photo.jpg", "/media/photo.jpg")

    img, _html = render(
        '{% responsive_image image widths="240 400" ratio="4:3" loading="eager" '
        'fetchpriority="high" %}',
        image={"original": source},
    )

    assert img["src"] == "/media/photo.jpg"
    assert not img.has_attr("srcset") and not img.has_attr("sizes")
    assert (img["width"], img["height"]) == ("400", "300")
    assert img["loading"] == "eager" and img["fetchpriority"] == "high"
    assert img["alt"] == ""


def test_some_widths_made_are_offered_alone_and_odd_values_are_ignored(thumbnailer):
    thumbnailer(made={480})
    source = Source("banner.jpg", "/media/banner.jpg")

    img, _html = render(
        '{% responsive_image image widths="480, 800 abc" loading="soon" '
        'fetchpriority="urgent" class="banner" %}',
        image=source,
    )

    assert img["srcset"] == "/media/cache/480.webp 480w"
    assert img["class"] == ["banner"]
    assert img["loading"] == "lazy"
    assert not img.has_attr("fetchpriority")


def test_alt_text_is_escaped_and_no_image_renders_nothing(thumbnailer):
    thumbnailer(made={240})
    source = Source("photo.jpg", "/media/photo.jpg")

    _img, html = render(
        '{% responsive_image image widths="240" alt=title %}',
        image={"original": source},
        title='Savon "lavande" <b>',
    )
    _none, empty = render("{% responsive_image image %}", image=None)

    assert 'alt="Savon &quot;lavande&quot; &lt;b&gt;"' in html
    assert empty == ""


# Demo pictures --------------------------------------------------------------


@pytest.mark.parametrize(
    "title, kind",
    [
        ("Savon à la lavande de Haute-Provence, 100 g", "soap"),
        ("Santon le Ravi, 7 cm", "santon"),
        ("Bol en grès émaillé vert olive", "bowl"),
        ("Miel de lavande de Sault, 500 g", "jar"),
        ("Planche à découper en olivier", "board"),
        ("Bougie parfumée Figuier, 180 g", "candle"),
        ("Nougat noir croquant, 200 g", "nougat"),
        ("Panier de marché en osier", "basket"),
        ("Bière blonde de la Plaine, 33 cl", "bottle"),
        ("Bague martelée en argent", "jewel"),
    ],
)
def test_each_kind_of_product_is_drawn_as_itself(title, kind):
    assert demo_images.product_kind(title) == kind


def test_every_demo_product_has_a_drawing_of_its_own_kind():
    for artisan in data.ARTISANS:
        for title, *_rest in artisan["products"]:
            assert demo_images.product_kind(title) in demo_images.DRAWERS


def test_a_product_picture_is_the_same_each_time_and_differs_between_products():
    first = demo_images.product_image_jpeg("Savon au miel, 100 g")

    assert demo_images.product_image_jpeg("Savon au miel, 100 g") == first
    assert demo_images.product_image_jpeg("Savon au lait, 100 g") != first
    picture = Image.open(io.BytesIO(first))
    assert picture.format == "JPEG"
    assert picture.size == (demo_images.SIZE, demo_images.SIZE)


def test_a_banner_is_a_wide_workshop_picture_drawn_the_same_each_time():
    banner = demo_images.banner_image_jpeg("Poterie Camille Ferrand", "Potier")

    assert banner == demo_images.banner_image_jpeg("Poterie Camille Ferrand", "Potier")
    picture = Image.open(io.BytesIO(banner))
    assert picture.format == "JPEG"
    assert picture.size == demo_images.BANNER_SIZE
    assert picture.size[0] == 4 * picture.size[1]
