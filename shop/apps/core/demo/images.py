"""Product pictures for the demo, drawn locally with Pillow.

The demo needs no download: each picture is a gradient with a few soft shapes,
the product's initials and its title. Everything is derived from a hash of the
title, so a product always gets the same picture.
"""

import colorsys
import hashlib
import io
import textwrap

from PIL import Image, ImageDraw, ImageFont, ImageOps

SIZE = 600
JPEG_QUALITY = 85

# Small words left out of the initials ("Savon de Marseille" -> "SM").
_MINOR_WORDS = {
    "à",
    "au",
    "aux",
    "d",
    "de",
    "des",
    "du",
    "en",
    "et",
    "l",
    "la",
    "le",
    "les",
    "pour",
    "un",
    "une",
}


# Pillow's built-in font has no accented letters (â, é, ç); DejaVu, packaged
# on most Linux systems, has them. Without it, the built-in font still works.
ACCENTED_FONTS = [
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "DejaVuSans.ttf",
]


def _font(size):
    for path in ACCENTED_FONTS:
        try:
            return ImageFont.truetype(path, size=size)
        except OSError:
            continue
    return ImageFont.load_default(size=size)


def product_image_jpeg(title):
    """Return the JPEG bytes of a 600x600 picture for a product called ``title``."""
    digest = hashlib.sha256(title.encode("utf-8")).digest()
    hue = digest[0] / 255
    light = _colour(hue, 0.80, 0.45)
    dark = _colour((hue + 0.08) % 1, 0.35, 0.55)

    gradient = Image.linear_gradient("L").rotate(digest[1] % 4 * 90)
    image = ImageOps.colorize(gradient.resize((SIZE, SIZE)), dark, light)
    draw = ImageDraw.Draw(image, "RGBA")

    # A few translucent discs, placed and sized from the hash.
    for index in range(4):
        x, y, radius = digest[2 + 3 * index : 5 + 3 * index]
        x, y = x * SIZE // 255, y * SIZE // 255
        radius = 40 + radius % 120
        tint = _colour((hue + 0.5) % 1, 0.92, 0.35)
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=(*tint, 70))

    initials_font = _font(170)
    draw.text(
        (SIZE // 2, SIZE * 2 // 5),
        _initials(title),
        font=initials_font,
        anchor="mm",
        fill=(255, 255, 255, 235),
    )

    title_font = _font(34)
    lines = textwrap.wrap(title, width=28)[:3]
    band_top = SIZE - 40 - 44 * len(lines)
    draw.rectangle((0, band_top - 20, SIZE, SIZE), fill=(0, 0, 0, 110))
    for number, line in enumerate(lines):
        draw.text(
            (SIZE // 2, band_top + 44 * number),
            line,
            font=title_font,
            anchor="ma",
            fill=(255, 255, 255),
        )

    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=JPEG_QUALITY)
    return buffer.getvalue()


def _initials(title):
    words = [
        word
        for word in title.replace("'", " ").replace(",", " ").split()
        if word.lower() not in _MINOR_WORDS and word[0].isalpha()
    ]
    return "".join(word[0].upper() for word in words[:2]) or title[:1].upper()


def _colour(hue, lightness, saturation):
    red, green, blue = colorsys.hls_to_rgb(hue, lightness, saturation)
    return round(red * 255), round(green * 255), round(blue * 255)
