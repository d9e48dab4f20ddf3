"""Pictures for the demo, drawn locally with Pillow (nothing is downloaded).

A product picture is a small still life: a wall and a table (linen, wood or
stone, with a soft texture), the product drawn by its kind (a soap bar, a
santon, a bowl, a jar of honey, a bottle, an olive-wood board, a candle,
nougat, a basket, a knife, a ring…) in the colours its title names, shaded,
with a soft shadow under it. An artisan's banner is their workshop: a wall
with shelves of what they make, and a workbench.

Everything is drawn from a seed derived from the title (or the artisan's
name), so a product always gets the same picture; each takes a few tens of
milliseconds, so loading the demo stays quick. Pictures are JPEG sources:
the thumbnail task makes the WebP sizes pages show.
"""

import hashlib
import io
import random

from PIL import Image, ImageDraw, ImageFilter, ImageOps

SIZE = 800
BANNER_SIZE = (1600, 400)
JPEG_QUALITY = 84

# Colours a title may name, first match wins ("savon à la lavande" -> lilac).
NAMED_COLOURS = (
    ("lavande", (142, 124, 195)),
    ("argile verte", (111, 143, 88)),
    ("menthe", (127, 191, 154)),
    ("ânesse", (240, 234, 222)),
    ("lait", (238, 228, 210)),
    ("noir", (52, 40, 34)),
    ("chocolat", (92, 54, 33)),
    ("cacao", (92, 54, 33)),
    ("café", (70, 45, 30)),
    ("miel", (214, 150, 42)),
    ("ambr", (199, 122, 34)),
    ("citron", (232, 212, 77)),
    ("orange", (224, 123, 42)),
    ("mimosa", (242, 204, 58)),
    ("jasmin", (243, 234, 208)),
    ("rose", (217, 140, 160)),
    ("figu", (110, 59, 90)),
    ("tubéreuse", (236, 226, 214)),
    ("néroli", (240, 200, 120)),
    ("vert olive", (107, 122, 47)),
    ("olive", (120, 130, 60)),
    ("vert", (95, 143, 78)),
    ("bleu", (61, 111, 168)),
    ("jaune", (224, 180, 58)),
    ("blanc", (240, 234, 222)),
    ("blanche", (240, 228, 190)),
    ("blonde", (222, 170, 60)),
    ("thym", (150, 140, 80)),
    ("argent", (200, 203, 209)),
    ("or ", (212, 175, 55)),
    ("laiton", (181, 160, 66)),
    ("ocre", (196, 110, 40)),
    ("chêne", (165, 122, 76)),
    ("noyer", (107, 74, 46)),
    ("frêne", (201, 167, 122)),
    ("buis", (214, 186, 120)),
    ("corne", (60, 50, 45)),
    ("genévrier", (170, 120, 80)),
    ("terre cuite", (181, 88, 58)),
    ("grès", (150, 130, 110)),
    ("marseille", (214, 205, 160)),
    ("coprah", (236, 228, 200)),
)

# The kind of object a title describes, by the words in it; first match wins.
KINDS = (
    ("box", ("coffret", "pack ", "ballotin", "treize desserts", "boîte")),
    (
        "bottle",
        (
            "liquide",
            "eau de",
            "parfum d'ambiance",
            "diffuseur",
            "bière",
            "ipa ",
            "stout",
            "limonade",
            "bouteille",
            "carafe",
            "lampe à huile",
        ),
    ),
    ("candle", ("bougie", "bougeoir", "photophore")),
    (
        "jar",
        (
            "miel",
            "pâte à tartiner",
            "chocolat chaud",
            "pot ",
            "pot d",
            "fruits confits",
            "parfum solide",
            "sucrier",
        ),
    ),
    ("soap", ("savon", "copeaux", "porte-savon")),
    ("house", ("mas ", "puits", "moulin")),
    ("santon", ("santon", "crèche", "famille", "vieux et la vieille")),
    ("chocolate", ("tablette",)),
    ("lozenges", ("calisson", "navettes", "pâtes de fruits", "pâte d'amande")),
    (
        "sweets",
        (
            "truffes",
            "pralinés",
            "papalines",
            "orangettes",
            "mendiants",
            "cigales en chocolat",
            "macarons",
        ),
    ),
    ("nougat", ("nougat", "barres")),
    ("glass", ("verre", "gobelet", "flûte", "presse-papier")),
    ("vase", ("vase", "cruche", "pichet")),
    (
        "plate",
        (
            "assiette",
            "plat ",
            "plat à",
            "coupelle",
            "dessous de plat",
            "carreau",
            "plateau",
            "tian",
        ),
    ),
    ("bowl", ("bol", "saladier", "tasse", "beurrier")),
    ("knife", ("couteau", "tire-bouchon", "pierre à aiguiser", "étui")),
    ("basket", ("panier", "corbeille", "hotte", "couffin", "suspension")),
    (
        "jewel",
        (
            "boucles",
            "collier",
            "bague",
            "bracelet",
            "broche",
            "pendentif",
            "chaîne",
            "jonc",
        ),
    ),
    (
        "board",
        (
            "planche",
            "couverts",
            "mortier",
            "tabouret",
            "table",
            "étagère",
            "miroir",
            "banc",
        ),
    ),
)

# What a craft's workshop shelves hold, for banners.
CRAFT_KINDS = {
    "savonnier": "soap",
    "santonnier": "santon",
    "confiseur": "lozenges",
    "parfumeur": "bottle",
    "verrier": "glass",
    "brasseur": "bottle",
    "ébéniste": "board",
    "potier": "bowl",
    "nougatier": "nougat",
    "chocolatier": "chocolate",
    "faïencier": "plate",
    "coutelier": "knife",
    "vannier": "basket",
    "bijoutier": "jewel",
}

SURFACES = (
    ((222, 206, 180), (160, 120, 84)),  # wall, oak table
    ((233, 226, 214), (200, 190, 176)),  # wall, stone
    ((214, 224, 222), (120, 86, 60)),  # pale blue wall, walnut table
    ((236, 222, 200), (214, 200, 176)),  # wall, linen
    ((210, 196, 186), (176, 92, 64)),  # wall, terracotta tiles
)

PROVENCE = (
    (176, 52, 44),
    (47, 84, 140),
    (212, 160, 40),
    (92, 120, 60),
    (142, 124, 195),
    (240, 232, 214),
    (120, 72, 40),
)


def product_kind(title):
    """The kind of object drawn for a product called ``title``."""
    text = f" {title.lower()} "
    for kind, words in KINDS:
        if any(word in text for word in words):
            return kind
    return "box"


def product_image_jpeg(title):
    """The JPEG bytes of a ``SIZE`` x ``SIZE`` still life of ``title``."""
    rng = random.Random(_seed(title))
    wall, table = rng.choice(SURFACES)
    image = _backdrop((SIZE, SIZE), wall, table, horizon=0.58, rng=rng)
    colour = _named_colour(title, rng)
    kind = product_kind(title)
    DRAWERS[kind](image, (SIZE // 2, int(SIZE * 0.8)), SIZE * 0.78, colour, rng)
    return _jpeg(image)


def banner_image_jpeg(name, metier=""):
    """The JPEG bytes of a ``BANNER_SIZE`` workshop for the artisan ``name``:
    shelves of what their craft makes above a workbench."""
    rng = random.Random(_seed(f"banner:{name}"))
    wall, table = rng.choice(SURFACES)
    width, height = BANNER_SIZE
    image = _backdrop(BANNER_SIZE, wall, table, horizon=0.8, rng=rng)
    draw = ImageDraw.Draw(image, "RGBA")
    kind = CRAFT_KINDS.get(metier.lower(), "box")
    shelf_colour = _shade(table, 0.85)
    for shelf_y in (0.34, 0.66):
        y = int(height * shelf_y)
        draw.rectangle((0, y, width, y + 14), fill=shelf_colour)
        draw.rectangle((0, y + 14, width, y + 22), fill=(*_shade(table, 0.55), 160))
        x = rng.randint(30, 90)
        while x < width - 60:
            span = rng.randint(110, 170)
            colour = rng.choice(PROVENCE) if rng.random() < 0.5 else _tint(rng)
            DRAWERS[kind](image, (x + span // 2, y), span * 0.9, colour, rng)
            x += span + rng.randint(10, 40)
    # A window's light across the wall.
    light = Image.new("L", (width // 8, height // 8), 0)
    ImageDraw.Draw(light).polygon(
        [(20, 0), (50, 0), (90, height // 8), (60, height // 8)], fill=40
    )
    light = light.filter(ImageFilter.GaussianBlur(6)).resize(BANNER_SIZE)
    image.paste((255, 250, 235), (0, 0), light)
    return _jpeg(image)


# ---------------------------------------------------------------- Drawing


def _seed(text):
    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:8], "big")


def _named_colour(title, rng):
    text = f" {title.lower()} "
    for word, colour in NAMED_COLOURS:
        if word in text:
            return _jitter(colour, rng)
    return _tint(rng)


def _tint(rng):
    return _jitter(rng.choice(PROVENCE), rng)


def _jitter(colour, rng, amount=12):
    return tuple(max(0, min(255, c + rng.randint(-amount, amount))) for c in colour)


def _shade(colour, factor):
    return tuple(max(0, min(255, round(c * factor))) for c in colour)


def _noise(size, rng, cells=(64, 64), blur=0):
    """Soft, seeded noise (Pillow's own noise is not seeded)."""
    small = Image.frombytes("L", cells, rng.randbytes(cells[0] * cells[1]))
    if blur:
        small = small.filter(ImageFilter.GaussianBlur(blur))
    return small.resize(size, Image.BICUBIC)


def _backdrop(size, wall, table, horizon, rng):
    width, height = size
    top = int(height * horizon)
    image = Image.new("RGB", size, wall)
    # The wall darkens upwards, the table towards the viewer.
    wall_light = ImageOps.colorize(
        Image.linear_gradient("L").resize((width, top)), _shade(wall, 0.82), wall
    )
    image.paste(wall_light, (0, 0))
    table_light = ImageOps.colorize(
        Image.linear_gradient("L").resize((width, height - top)),
        _shade(table, 1.08),
        _shade(table, 0.78),
    )
    image.paste(table_light, (0, top))
    # Grain of the table and a faint texture on the wall.
    grain = _noise((width, height - top), rng, cells=(8, 96)).point(
        lambda v: int(v * 0.18)
    )
    image.paste(_shade(table, 0.7), (0, top), grain)
    plaster = _noise(size, rng, cells=(48, 48), blur=1).point(lambda v: int(v * 0.1))
    image.paste((255, 255, 255), (0, 0), plaster)
    draw = ImageDraw.Draw(image, "RGBA")
    draw.line((0, top, width, top), fill=(*_shade(table, 0.6), 200), width=3)
    return image


def _shadow(image, box, strength=120):
    """A soft shadow in ``box`` (an ellipse), blurred at a quarter size and
    only around the box."""
    scale, pad = 4, 24
    left, top = max(0, int(box[0]) - pad), max(0, int(box[1]) - pad)
    right = min(image.width, int(box[2]) + pad)
    bottom = min(image.height, int(box[3]) + pad)
    if right <= left or bottom <= top:
        return
    size = (right - left, bottom - top)
    mask = Image.new("L", (max(1, size[0] // scale), max(1, size[1] // scale)), 0)
    ImageDraw.Draw(mask).ellipse(
        [
            (box[0] - left) / scale,
            (box[1] - top) / scale,
            (box[2] - left) / scale,
            (box[3] - top) / scale,
        ],
        fill=strength,
    )
    mask = mask.filter(ImageFilter.GaussianBlur(4)).resize(size)
    image.paste((25, 18, 12), (left, top), mask)


def _fill(image, shape, box, colour, angle=90, strength=0.32, **kwargs):
    """Draw ``shape`` ("ellipse", "rectangle", "rounded_rectangle",
    "polygon", "pieslice") filled with ``colour``, lit from the top left."""
    if shape == "polygon":
        xs, ys = [p[0] for p in box], [p[1] for p in box]
        left, top, right, bottom = min(xs), min(ys), max(xs), max(ys)
    else:
        left, top, right, bottom = box
    left, top = int(left), int(top)
    span = (max(1, int(right) - left + 1), max(1, int(bottom) - top + 1))
    if shape == "polygon":
        local = [(x - left, y - top) for x, y in box]
    else:
        local = (box[0] - left, box[1] - top, box[2] - left, box[3] - top)
    mask = Image.new("L", span, 0)
    getattr(ImageDraw.Draw(mask), shape)(local, fill=255, **kwargs)
    light = ImageOps.colorize(
        Image.linear_gradient("L").rotate(angle).resize(span),
        _shade(colour, 1 + strength * 0.5),
        _shade(colour, 1 - strength),
    )
    image.paste(light, (left, top), mask)


def _glow(image, centre, radius):
    """Warm light around a flame."""
    x, y = int(centre[0]), int(centre[1])
    glow = Image.new("L", (radius * 4, radius * 4), 0)
    ImageDraw.Draw(glow).ellipse((radius, radius, radius * 3, radius * 3), fill=120)
    image.paste(
        (255, 220, 140),
        (x - radius * 2, y - radius * 2),
        glow.filter(ImageFilter.GaussianBlur(radius // 2)),
    )


def _highlight(image, box, alpha=70):
    ImageDraw.Draw(image, "RGBA").ellipse(box, fill=(255, 255, 255, alpha))


def draw_soap(image, base, size, colour, rng):
    x, y = base
    w, h, depth = size * 0.62, size * 0.2, size * 0.2
    _shadow(image, (x - w * 0.6, y - h * 0.4, x + w * 0.62, y + h * 0.5))
    _fill(
        image,
        "rounded_rectangle",
        (x - w / 2, y - depth - h * 0.2, x + w / 2, y + h * 0.2),
        _shade(colour, 0.85),
        radius=int(h * 0.5),
    )
    _fill(
        image,
        "rounded_rectangle",
        (x - w / 2, y - depth - h * 0.9, x + w / 2, y - depth + h * 0.2),
        colour,
        angle=0,
        strength=0.15,
        radius=int(h * 0.5),
    )
    draw = ImageDraw.Draw(image, "RGBA")
    stamp = (x - w * 0.22, y - depth - h * 0.72, x + w * 0.22, y - depth + h * 0.02)
    draw.rounded_rectangle(
        stamp, radius=int(h * 0.2), outline=(*_shade(colour, 0.7), 200), width=4
    )
    if rng.random() < 0.5:  # a sprig on top
        for n in range(5):
            draw.ellipse(
                (
                    x + w * 0.3 + n * 9,
                    y - depth - h * 1.1 - n * 6,
                    x + w * 0.3 + n * 9 + 14,
                    y - depth - h * 1.1 - n * 6 + 10,
                ),
                fill=(120, 100, 170, 230),
            )


def draw_santon(image, base, size, colour, rng):
    x, y = base
    h = size * 0.9
    _shadow(image, (x - h * 0.28, y - h * 0.05, x + h * 0.3, y + h * 0.07))
    dress = _jitter(colour, rng)
    _fill(
        image,
        "polygon",
        [
            (x - h * 0.25, y),
            (x + h * 0.25, y),
            (x + h * 0.1, y - h * 0.62),
            (x - h * 0.1, y - h * 0.62),
        ],
        dress,
        angle=0,
    )
    apron = rng.choice(PROVENCE)
    _fill(
        image,
        "polygon",
        [
            (x - h * 0.1, y - h * 0.05),
            (x + h * 0.1, y - h * 0.05),
            (x + h * 0.05, y - h * 0.45),
            (x - h * 0.05, y - h * 0.45),
        ],
        apron,
        angle=0,
    )
    _fill(
        image,
        "ellipse",
        (x - h * 0.14, y - h * 0.78, x + h * 0.14, y - h * 0.55),
        _shade(dress, 0.9),
    )  # shawl
    _fill(
        image,
        "ellipse",
        (x - h * 0.09, y - h * 0.95, x + h * 0.09, y - h * 0.76),
        (226, 178, 140),
    )  # face
    hat = rng.choice(((60, 45, 35), (240, 232, 214), (176, 52, 44)))
    _fill(
        image, "ellipse", (x - h * 0.16, y - h * 0.98, x + h * 0.16, y - h * 0.9), hat
    )
    _fill(
        image, "ellipse", (x - h * 0.08, y - h * 1.04, x + h * 0.08, y - h * 0.92), hat
    )
    if rng.random() < 0.6:  # a basket on the arm
        _fill(
            image,
            "pieslice",
            (x + h * 0.1, y - h * 0.5, x + h * 0.34, y - h * 0.26),
            (190, 150, 90),
            start=0,
            end=180,
        )


def draw_house(image, base, size, colour, rng):
    x, y = base
    w = size * 0.7
    _shadow(image, (x - w * 0.6, y - w * 0.08, x + w * 0.62, y + w * 0.1))
    walls = (226, 200, 160)
    _fill(image, "rectangle", (x - w / 2, y - w * 0.5, x + w / 2, y), walls, angle=0)
    _fill(
        image,
        "polygon",
        [
            (x - w * 0.58, y - w * 0.48),
            (x + w * 0.58, y - w * 0.48),
            (x + w * 0.4, y - w * 0.75),
            (x - w * 0.4, y - w * 0.75),
        ],
        (181, 88, 58),
    )
    draw = ImageDraw.Draw(image, "RGBA")
    for dx in (-0.3, 0.1):
        draw.rectangle(
            (x + w * dx, y - w * 0.38, x + w * (dx + 0.16), y - w * 0.2),
            fill=(70, 110, 90, 255),
        )
    draw.rectangle((x - w * 0.06, y - w * 0.26, x + w * 0.06, y), fill=(110, 70, 40))


def draw_bowl(image, base, size, colour, rng):
    x, y = base
    w = size * 0.8
    _shadow(image, (x - w * 0.5, y - w * 0.08, x + w * 0.52, y + w * 0.08))
    _fill(
        image,
        "pieslice",
        (x - w / 2, y - w * 0.62, x + w / 2, y + w * 0.05),
        colour,
        start=0,
        end=180,
        angle=0,
    )
    _fill(
        image,
        "ellipse",
        (x - w / 2, y - w * 0.4, x + w / 2, y - w * 0.2),
        _shade(colour, 0.7),
        angle=270,
    )
    draw = ImageDraw.Draw(image, "RGBA")
    draw.ellipse(
        (x - w / 2, y - w * 0.4, x + w / 2, y - w * 0.2),
        outline=(*_shade(colour, 1.2), 255),
        width=5,
    )
    _highlight(image, (x - w * 0.38, y - w * 0.22, x - w * 0.2, y - w * 0.08), 60)


def draw_plate(image, base, size, colour, rng):
    x, y = base
    w, h = size * 0.95, size * 0.42
    top = y - h * 0.75
    _shadow(image, (x - w * 0.5, top + h * 0.05, x + w * 0.52, top + h * 1.05))
    _fill(
        image,
        "ellipse",
        (x - w / 2, top, x + w / 2, top + h),
        (236, 230, 216),
        angle=270,
        strength=0.15,
    )
    _fill(
        image,
        "ellipse",
        (x - w * 0.34, top + h * 0.16, x + w * 0.34, top + h * 0.84),
        _shade((236, 230, 216), 0.94),
        angle=90,
        strength=0.1,
    )
    draw = ImageDraw.Draw(image, "RGBA")
    draw.ellipse(
        (x - w * 0.44, top + h * 0.06, x + w * 0.44, top + h * 0.94),
        outline=(*colour, 255),
        width=6,
    )
    for n in range(rng.randint(5, 9)):  # a painted decor
        angle = n / 8
        px = x + (w * 0.16) * (1 if n % 2 else -1) * angle
        py = top + h * (0.35 + 0.3 * (n % 3) / 2)
        draw.ellipse((px - 12, py - 7, px + 12, py + 7), fill=(*colour, 230))


def draw_jar(image, base, size, colour, rng):
    x, y = base
    w, h = size * 0.42, size * 0.55
    _shadow(image, (x - w * 0.65, y - h * 0.06, x + w * 0.7, y + h * 0.08))
    _fill(
        image,
        "rounded_rectangle",
        (x - w / 2, y - h, x + w / 2, y),
        colour,
        angle=0,
        radius=int(w * 0.18),
    )
    lid = rng.choice(((176, 52, 44), (212, 160, 40), (60, 90, 60), (230, 220, 200)))
    _fill(
        image,
        "rounded_rectangle",
        (x - w * 0.44, y - h * 1.16, x + w * 0.44, y - h * 0.96),
        lid,
        angle=0,
        radius=8,
    )
    draw = ImageDraw.Draw(image, "RGBA")
    if lid == (176, 52, 44):  # gingham cloth over the lid
        draw.polygon(
            [
                (x - w * 0.6, y - h * 0.95),
                (x + w * 0.6, y - h * 0.95),
                (x + w * 0.4, y - h * 1.2),
                (x - w * 0.4, y - h * 1.2),
            ],
            fill=(200, 60, 50, 230),
        )
    draw.rounded_rectangle(
        (x - w * 0.36, y - h * 0.62, x + w * 0.36, y - h * 0.3),
        radius=6,
        fill=(246, 240, 226, 245),
    )
    draw.line(
        (x - w * 0.24, y - h * 0.46, x + w * 0.24, y - h * 0.46),
        fill=(90, 70, 50, 200),
        width=5,
    )
    _highlight(image, (x - w * 0.42, y - h * 0.9, x - w * 0.28, y - h * 0.2), 55)


def draw_bottle(image, base, size, colour, rng):
    x, y = base
    w, h = size * 0.3, size * 0.95
    _shadow(image, (x - w * 0.8, y - h * 0.04, x + w * 0.9, y + h * 0.05))
    glass = colour if rng.random() < 0.5 else (120, 70, 25)
    _fill(
        image,
        "rounded_rectangle",
        (x - w / 2, y - h * 0.62, x + w / 2, y),
        glass,
        angle=0,
        radius=int(w * 0.3),
    )
    _fill(
        image,
        "polygon",
        [
            (x - w / 2 + 4, y - h * 0.58),
            (x + w / 2 - 4, y - h * 0.58),
            (x + w * 0.14, y - h * 0.78),
            (x - w * 0.14, y - h * 0.78),
        ],
        glass,
        angle=0,
    )
    _fill(
        image,
        "rectangle",
        (x - w * 0.14, y - h * 0.95, x + w * 0.14, y - h * 0.76),
        glass,
        angle=0,
    )
    _fill(
        image,
        "rectangle",
        (x - w * 0.17, y - h, x + w * 0.17, y - h * 0.93),
        (190, 160, 80),
        angle=0,
    )
    draw = ImageDraw.Draw(image, "RGBA")
    draw.rectangle(
        (x - w * 0.42, y - h * 0.42, x + w * 0.42, y - h * 0.16),
        fill=(244, 236, 220, 245),
    )
    draw.rectangle(
        (x - w * 0.42, y - h * 0.42, x + w * 0.42, y - h * 0.36),
        fill=(*rng.choice(PROVENCE), 255),
    )
    _highlight(image, (x - w * 0.38, y - h * 0.58, x - w * 0.24, y - h * 0.05), 60)


def draw_vase(image, base, size, colour, rng):
    x, y = base
    w = size * 0.6
    _shadow(image, (x - w * 0.5, y - w * 0.08, x + w * 0.55, y + w * 0.08))
    _fill(image, "ellipse", (x - w / 2, y - w * 0.85, x + w / 2, y), colour, angle=0)
    _fill(
        image,
        "rectangle",
        (x - w * 0.14, y - w * 1.2, x + w * 0.14, y - w * 0.7),
        colour,
        angle=0,
    )
    _fill(
        image,
        "ellipse",
        (x - w * 0.2, y - w * 1.26, x + w * 0.2, y - w * 1.14),
        _shade(colour, 0.75),
    )
    _highlight(image, (x - w * 0.36, y - w * 0.7, x - w * 0.18, y - w * 0.3), 60)


def draw_glass(image, base, size, colour, rng):
    x, y = base
    w, h = size * 0.42, size * 0.6
    _shadow(image, (x - w * 0.6, y - h * 0.05, x + w * 0.6, y + h * 0.06), 70)
    tint = colour if sum(colour) < 600 else (90, 150, 200)
    draw = ImageDraw.Draw(image, "RGBA")
    draw.polygon(
        [(x - w / 2, y - h), (x + w / 2, y - h), (x + w * 0.4, y), (x - w * 0.4, y)],
        fill=(*tint, 120),
    )
    draw.ellipse(
        (x - w / 2, y - h - w * 0.1, x + w / 2, y - h + w * 0.1),
        outline=(255, 255, 255, 180),
        width=4,
    )
    for _bubble in range(14):  # bubbles of "verre bullé"
        bx = x + rng.uniform(-w * 0.35, w * 0.35)
        by = y - rng.uniform(h * 0.1, h * 0.9)
        r = rng.uniform(3, 8)
        draw.ellipse((bx - r, by - r, bx + r, by + r), outline=(255, 255, 255, 150))
    draw.polygon(
        [
            (x - w * 0.4, y - h * 0.95),
            (x - w * 0.3, y - h * 0.95),
            (x - w * 0.24, y - h * 0.05),
            (x - w * 0.32, y - h * 0.05),
        ],
        fill=(255, 255, 255, 90),
    )


def draw_candle(image, base, size, colour, rng):
    x, y = base
    w, h = size * 0.45, size * 0.45
    _shadow(image, (x - w * 0.6, y - h * 0.06, x + w * 0.6, y + h * 0.08))
    _fill(
        image, "rectangle", (x - w / 2, y - h, x + w / 2, y), (236, 228, 214), angle=0
    )
    _fill(
        image,
        "ellipse",
        (x - w / 2, y - h - w * 0.1, x + w / 2, y - h + w * 0.1),
        (246, 240, 230),
        angle=270,
        strength=0.1,
    )
    draw = ImageDraw.Draw(image, "RGBA")
    draw.rectangle(
        (x - w / 2, y - h * 0.6, x + w / 2, y - h * 0.3), fill=(*colour, 255)
    )
    draw.line((x, y - h - 4, x, y - h - 22), fill=(40, 30, 25), width=3)
    _glow(image, (x, y - h - 40), 60)
    draw.ellipse((x - 9, y - h - 50, x + 9, y - h - 18), fill=(255, 190, 70, 255))
    draw.ellipse((x - 4, y - h - 38, x + 4, y - h - 22), fill=(255, 245, 210, 255))


def draw_nougat(image, base, size, colour, rng):
    x, y = base
    w, h = size * 0.7, size * 0.22
    _shadow(image, (x - w * 0.55, y - h * 0.3, x + w * 0.6, y + h * 0.4))
    cream = colour if sum(colour) < 250 else (240, 230, 205)
    _fill(
        image,
        "rectangle",
        (x - w / 2, y - h, x + w / 2, y),
        _shade(cream, 0.9),
        angle=0,
    )
    _fill(
        image,
        "polygon",
        [
            (x - w / 2, y - h),
            (x + w / 2, y - h),
            (x + w * 0.4, y - h * 1.6),
            (x - w * 0.6, y - h * 1.6),
        ],
        cream,
        angle=0,
        strength=0.12,
    )
    draw = ImageDraw.Draw(image, "RGBA")
    for _nut in range(22):
        nx = x + rng.uniform(-w * 0.45, w * 0.45)
        ny = y - rng.uniform(h * 0.15, h * 1.5)
        nut = rng.choice(((150, 100, 55), (120, 150, 60), (190, 140, 80)))
        draw.ellipse((nx - 9, ny - 6, nx + 9, ny + 6), fill=(*nut, 255))
    draw.rectangle((x - w / 2, y - h * 0.2, x + w / 2, y), fill=(250, 246, 236, 200))


def draw_lozenges(image, base, size, colour, rng):
    x, y = base
    icing = (246, 242, 232)
    for row, (dx, dy) in enumerate(
        ((-0.28, 0), (0.05, 0.02), (0.3, -0.06), (-0.05, -0.18))
    ):
        cx, cy = x + size * dx, y + size * dy - size * 0.04
        w, h = size * 0.3, size * 0.12
        _shadow(image, (cx - w * 0.5, cy - h * 0.2, cx + w * 0.55, cy + h * 0.8), 90)
        _fill(
            image,
            "polygon",
            [(cx - w / 2, cy), (cx, cy - h), (cx + w / 2, cy), (cx, cy + h)],
            icing if row % 2 == 0 else _shade(colour, 1.1),
            angle=0,
            strength=0.15,
        )
        ImageDraw.Draw(image, "RGBA").line(
            [(cx - w / 2, cy), (cx, cy + h), (cx + w / 2, cy)],
            fill=(*_shade(colour, 0.8), 255),
            width=6,
        )


def draw_sweets(image, base, size, colour, rng):
    x, y = base
    w, h = size * 0.9, size * 0.34
    top = y - h
    _shadow(image, (x - w * 0.52, top + h * 0.1, x + w * 0.54, y + h * 0.12))
    _fill(
        image,
        "rounded_rectangle",
        (x - w / 2, top, x + w / 2, y),
        (120, 40, 50),
        angle=270,
        radius=12,
    )
    _fill(
        image,
        "rounded_rectangle",
        (x - w * 0.46, top + 10, x + w * 0.46, y - 12),
        (240, 230, 210),
        angle=270,
        radius=8,
        strength=0.1,
    )
    sweet = colour if sum(colour) < 420 else (92, 54, 33)
    for row in range(2):
        for col in range(5):
            cx = x - w * 0.36 + col * w * 0.18
            cy = top + h * (0.32 + row * 0.38)
            r = w * 0.07
            _fill(
                image,
                "ellipse",
                (cx - r, cy - r * 0.8, cx + r, cy + r * 0.8),
                _jitter(sweet, rng, 20),
                angle=0,
            )


def draw_chocolate(image, base, size, colour, rng):
    x, y = base
    w, h = size * 0.8, size * 0.36
    top = y - h
    _shadow(image, (x - w * 0.52, top + h * 0.1, x + w * 0.54, y + h * 0.12))
    choc = (92, 54, 33) if sum(colour) > 420 else colour
    _fill(image, "rectangle", (x - w / 2, top, x + w / 2, y), choc, angle=270)
    draw = ImageDraw.Draw(image, "RGBA")
    for col in range(1, 4):
        draw.line(
            (x - w / 2 + col * w / 4, top, x - w / 2 + col * w / 4, y),
            fill=(*_shade(choc, 0.6), 255),
            width=5,
        )
    draw.line(
        (x - w / 2, top + h / 2, x + w / 2, top + h / 2),
        fill=(*_shade(choc, 0.6), 255),
        width=5,
    )
    # The paper wrapper over half of it.
    _fill(
        image,
        "rectangle",
        (x + w * 0.05, top - 6, x + w / 2 + 6, y + 6),
        colour if sum(colour) > 300 else (214, 196, 160),
        angle=0,
        strength=0.15,
    )


def draw_box(image, base, size, colour, rng):
    x, y = base
    w, h = size * 0.75, size * 0.42
    _shadow(image, (x - w * 0.55, y - h * 0.12, x + w * 0.6, y + h * 0.14))
    _fill(image, "rectangle", (x - w / 2, y - h, x + w / 2, y), colour, angle=0)
    _fill(
        image,
        "rectangle",
        (x - w * 0.53, y - h * 1.12, x + w * 0.53, y - h * 0.88),
        _shade(colour, 1.1),
        angle=0,
        strength=0.2,
    )
    ribbon = rng.choice(((176, 52, 44), (212, 160, 40), (240, 232, 214), (47, 84, 140)))
    draw = ImageDraw.Draw(image, "RGBA")
    draw.rectangle((x - w * 0.06, y - h * 1.12, x + w * 0.06, y), fill=(*ribbon, 255))
    draw.ellipse(
        (x - w * 0.2, y - h * 1.32, x - w * 0.01, y - h * 1.08),
        outline=(*ribbon, 255),
        width=10,
    )
    draw.ellipse(
        (x + w * 0.01, y - h * 1.32, x + w * 0.2, y - h * 1.08),
        outline=(*ribbon, 255),
        width=10,
    )


def draw_board(image, base, size, colour, rng):
    x, y = base
    red, green, blue = colour
    wood = colour if red > green > blue and red - blue > 40 else (176, 141, 90)
    w, h = size * 0.9, size * 0.3
    top = y - h
    _shadow(image, (x - w * 0.5, top + h * 0.3, x + w * 0.52, y + h * 0.2))
    _fill(
        image,
        "rounded_rectangle",
        (x - w / 2, top, x + w * 0.32, y),
        wood,
        angle=270,
        radius=int(h * 0.45),
    )
    _fill(
        image,
        "rounded_rectangle",
        (x + w * 0.28, top + h * 0.32, x + w / 2, y - h * 0.32),
        wood,
        angle=270,
        radius=int(h * 0.15),
    )
    draw = ImageDraw.Draw(image, "RGBA")
    for n in range(9):  # grain
        gy = top + h * (0.12 + n * 0.09) + rng.uniform(-4, 4)
        draw.arc(
            (x - w * 0.45, gy - h * 0.2, x + w * 0.3, gy + h * 0.2),
            start=190,
            end=350,
            fill=(*_shade(wood, 0.7), 150),
            width=2,
        )
    draw.ellipse(
        (x + w * 0.4, top + h * 0.42, x + w * 0.46, y - h * 0.42),
        fill=(*_shade(wood, 0.5), 255),
    )


def draw_knife(image, base, size, colour, rng):
    x, y = base
    w = size
    _shadow(image, (x - w * 0.5, y - w * 0.06, x + w * 0.5, y + w * 0.04), 90)
    handle = colour if sum(colour) < 600 else (150, 110, 70)
    _fill(
        image,
        "rounded_rectangle",
        (x - w * 0.45, y - w * 0.1, x, y - w * 0.02),
        handle,
        angle=270,
        radius=int(w * 0.04),
    )
    _fill(
        image,
        "polygon",
        [
            (x, y - w * 0.1),
            (x + w * 0.45, y - w * 0.09),
            (x + w * 0.38, y - w * 0.02),
            (x, y - w * 0.02),
        ],
        (200, 203, 209),
        angle=270,
        strength=0.25,
    )
    draw = ImageDraw.Draw(image, "RGBA")
    for dx in (0.1, 0.3):
        draw.ellipse(
            (x - w * dx - 6, y - w * 0.066, x - w * dx + 6, y - w * 0.054),
            fill=(220, 210, 190, 255),
        )


def draw_basket(image, base, size, colour, rng):
    x, y = base
    w, h = size * 0.85, size * 0.42
    wicker = (199, 164, 107)
    _shadow(image, (x - w * 0.5, y - h * 0.15, x + w * 0.52, y + h * 0.15))
    draw = ImageDraw.Draw(image, "RGBA")
    draw.arc(
        (x - w * 0.38, y - h * 1.9, x + w * 0.38, y - h * 0.6),
        start=180,
        end=360,
        fill=(*_shade(wicker, 0.75), 255),
        width=int(size * 0.035),
    )
    _fill(
        image,
        "polygon",
        [(x - w / 2, y - h), (x + w / 2, y - h), (x + w * 0.38, y), (x - w * 0.38, y)],
        wicker,
        angle=0,
    )
    for n in range(1, 8):  # weave
        wy = y - h + n * h / 8
        draw.line(
            (x - w / 2 + n * 6, wy, x + w / 2 - n * 6, wy),
            fill=(*_shade(wicker, 0.7), 200),
            width=3,
        )
    for n in range(-6, 7):
        draw.line(
            (x + n * w / 14, y - h, x + n * w / 18, y),
            fill=(*_shade(wicker, 0.8), 140),
            width=2,
        )
    _fill(
        image,
        "ellipse",
        (x - w / 2, y - h * 1.1, x + w / 2, y - h * 0.9),
        _shade(wicker, 0.8),
    )


def draw_jewel(image, base, size, colour, rng):
    x, y = base
    w = size * 0.6
    cushion = rng.choice(((47, 84, 140), (120, 40, 50), (60, 70, 60)))
    _shadow(image, (x - w * 0.6, y - w * 0.12, x + w * 0.62, y + w * 0.1))
    _fill(
        image,
        "rounded_rectangle",
        (x - w * 0.55, y - w * 0.4, x + w * 0.55, y),
        cushion,
        angle=270,
        radius=int(w * 0.15),
    )
    gold = colour[0] > 170 and colour[2] < 110
    metal = (212, 175, 55) if gold else (200, 203, 209)
    draw = ImageDraw.Draw(image, "RGBA")
    draw.ellipse(
        (x - w * 0.28, y - w * 0.82, x + w * 0.28, y - w * 0.26),
        outline=(*_shade(metal, 0.75), 255),
        width=int(w * 0.07),
    )
    draw.ellipse(
        (x - w * 0.27, y - w * 0.81, x + w * 0.26, y - w * 0.28),
        outline=(*metal, 255),
        width=int(w * 0.04),
    )
    gem = rng.choice(((176, 52, 44), (142, 124, 195), (196, 110, 40), (92, 120, 60)))
    _fill(
        image, "ellipse", (x - w * 0.09, y - w * 0.95, x + w * 0.09, y - w * 0.77), gem
    )
    _highlight(image, (x - w * 0.05, y - w * 0.92, x, y - w * 0.86), 160)


DRAWERS = {
    "soap": draw_soap,
    "santon": draw_santon,
    "house": draw_house,
    "bowl": draw_bowl,
    "plate": draw_plate,
    "jar": draw_jar,
    "bottle": draw_bottle,
    "vase": draw_vase,
    "glass": draw_glass,
    "candle": draw_candle,
    "nougat": draw_nougat,
    "lozenges": draw_lozenges,
    "sweets": draw_sweets,
    "chocolate": draw_chocolate,
    "box": draw_box,
    "board": draw_board,
    "knife": draw_knife,
    "basket": draw_basket,
    "jewel": draw_jewel,
}


def _jpeg(image):
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    return buffer.getvalue()
