"""Demo content of the campaigns and portraits.

"Mon artisan enchante le quotidien", running from the day the demo is first
loaded, built by choosing six artisans and one product on sale of each, with
a poster (and its PDF to print) and a radio spot with its transcript; and
the portraits of three artisans. Every page is looked up by its slug first:
a second load creates nothing and changes nothing.
"""

import datetime
import io
import math
import struct
import wave

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.rich_text import RichText

from cms.onsale import products_on_sale
from cms.setup import ensure_home_page
from vendors.models import Vendor

from .models import (
    CampaignArtisan,
    CampaignIndexPage,
    CampaignPage,
    CampaignProduct,
    PortraitIndexPage,
    PortraitPage,
)

CAMPAIGN_INDEX = {
    "slug": "campagnes",
    "title": "Campagnes",
    "introduction": (
        "Les campagnes de la chambre de métiers pour consommer local : affiches, "
        "spots radio et les artisans qui les font vivre."
    ),
}
PORTRAIT_INDEX = {
    "slug": "portraits",
    "title": "Portraits d'artisans",
    "introduction": (
        "Ils façonnent, cuisent, tissent et soufflent près de chez vous : "
        "rencontrez les artisans de la place de marché."
    ),
}

CAMPAIGN = {
    "slug": "mon-artisan-enchante-le-quotidien",
    "title": "Mon artisan enchante le quotidien",
    "tagline": "Des créations faites près de chez vous, par des mains connues",
    "introduction": (
        "Pendant deux mois, la chambre de métiers met à l'honneur les artisans "
        "de la région : chaque achat fait vivre un atelier du quartier."
    ),
    "days_long": 60,
    "artisans": [
        ("santons-magali-fabre", "Trois générations de santonniers à Aubagne."),
        ("savonnerie-marius-roux", "Le savon cuit au chaudron, comme en 1900."),
        ("calissons-laure-giraud", "L'amande de Provence, travaillée à la main."),
        ("ebenisterie-thomas-arnaud", "Des bois d'ici, des meubles pour la vie."),
        ("verrerie-julien-bonnet", "Le verre bullé de Biot, soufflé à la canne."),
        ("brasserie-de-la-plaine", "Une bière brassée au cœur de Marseille."),
    ],
    "paragraphs": [
        "<p>Acheter à l'artisan d'à côté, c'est garder vivants des savoir-faire, "
        "des emplois et des commerces dans nos communes. Retirez vos achats à "
        "l'atelier, au drive ou au point relais le plus proche.</p>",
    ],
    "spot_transcript": (
        "Voix off : Le matin, le pain de la boulangère. À midi, le savon de Marius. "
        "Le soir, le santon de Magali sur la cheminée.\n"
        "Mon artisan enchante le quotidien. Toutes leurs créations sur la place "
        "de marché des artisans de la région, à retirer près de chez vous.\n"
        "Une campagne de la chambre de métiers et de l'artisanat."
    ),
}

PORTRAITS = [
    {
        "vendor": "santons-magali-fabre",
        "title": "Magali Fabre, santonnière à Aubagne",
        "introduction": (
            "Dans son atelier du centre d'Aubagne, Magali Fabre modèle chaque "
            "santon à la main, comme sa grand-mère le lui a appris."
        ),
        "caption": "Magali Fabre peint un berger dans son atelier.",
        "paragraphs": [
            "<p>L'argile vient des collines du Garlaban. Modelage, séchage, "
            "cuisson, puis la peinture, trait après trait : il faut une journée "
            "pour un santon de 7 cm.</p>",
            "<p>Les visiteurs poussent la porte toute l'année ; en décembre, "
            "l'atelier ouvre aussi le dimanche.</p>",
        ],
        "quote": (
            "Un santon, c'est un voisin : le boulanger, la poissonnière, le "
            "berger. Je les fais ressembler aux gens d'ici.",
            "Magali Fabre",
        ),
    },
    {
        "vendor": "savonnerie-marius-roux",
        "title": "Marius Roux, le savon au chaudron",
        "introduction": (
            "À Salon-de-Provence, la savonnerie Roux cuit encore le savon de "
            "Marseille au chaudron, selon le procédé marseillais."
        ),
        "caption": "Les cubes de savon sèchent à l'air pendant un mois.",
        "paragraphs": [
            "<p>Quatorze jours de cuisson, des huiles végétales et aucun "
            "colorant : le savon sèche ensuite lentement, à l'air.</p>",
        ],
        "quote": (
            "Le savon ne se presse pas : il lui faut du temps, comme à nous.",
            "Marius Roux",
        ),
    },
    {
        "vendor": "verrerie-julien-bonnet",
        "title": "Julien Bonnet, souffleur de verre à Biot",
        "introduction": (
            "Le verre bullé de Biot naît à 1 200 °C, au bout de la canne de "
            "Julien Bonnet."
        ),
        "caption": "La paraison, avant d'être soufflée.",
        "paragraphs": [
            "<p>Chaque verre est unique : les bulles viennent du bicarbonate "
            "jeté dans le verre en fusion, un geste transmis à Biot depuis les "
            "années 1950.</p>",
        ],
        "quote": (
            "On ne souffle jamais deux fois le même verre.",
            "Julien Bonnet",
        ),
    },
]


def ensure_index(report, home, model, fields, kind):
    page = model.objects.child_of(home).filter(slug=fields["slug"]).first()
    created = page is None
    if created:
        page = home.add_child(instance=model(**fields))
        page.save_revision().publish()
    report.count(kind, created)
    return page


def vendor_of(code):
    return Vendor.objects.filter(partner__code=code).select_related("partner").first()


def demo_image(report, kind, title):
    from shop.apps.core.demo.images import product_image_jpeg

    image_model = get_image_model()
    image = image_model.objects.filter(title=title).first()
    created = image is None
    if created:
        picture = ImageFile(
            io.BytesIO(product_image_jpeg(kind)), name=f"demo-{kind}.jpg"
        )
        image = image_model.objects.create(title=title, description=title, file=picture)
    report.count("editorial images", created)
    return image


def poster_png(title, tagline):
    """The campaign's poster: its title and tagline on the chamber's colours."""
    poster = Image.new("RGB", (600, 850), (74, 58, 120))
    draw = ImageDraw.Draw(poster)
    draw.rectangle((30, 30, 570, 820), outline=(250, 247, 242), width=6)
    draw.ellipse((200, 120, 400, 320), fill=(143, 74, 16))
    y = 400
    for line in (title, "", tagline[:40], tagline[40:80]):
        draw.text((60, y), line, fill=(250, 247, 242))
        y += 40
    return poster


def poster_files(report, title, tagline):
    """The poster as an image and as a PDF to print."""
    image_model = get_image_model()
    document_model = get_document_model()
    image = image_model.objects.filter(title=f"Affiche {title}").first()
    document = document_model.objects.filter(title=f"Affiche {title} (PDF)").first()
    created = image is None or document is None
    if created:
        poster = poster_png(title, tagline)
        png = io.BytesIO()
        poster.save(png, "PNG")
        image = image or image_model.objects.create(
            title=f"Affiche {title}",
            file=ImageFile(io.BytesIO(png.getvalue()), name="affiche-campagne.png"),
        )
        pdf = io.BytesIO()
        poster.save(pdf, "PDF")
        document = document or document_model.objects.create(
            title=f"Affiche {title} (PDF)",
            file=ContentFile(pdf.getvalue(), name="affiche-campagne.pdf"),
        )
    report.count("campaign media", created)
    return image, document


def jingle_wav(seconds=3, rate=8000):
    """A short jingle (three notes) standing for the radio spot's recording."""
    out = io.BytesIO()
    with wave.open(out, "wb") as sound:
        sound.setnchannels(1)
        sound.setsampwidth(2)
        sound.setframerate(rate)
        frames = bytearray()
        notes = (523.25, 659.25, 783.99)
        per_note = seconds * rate // len(notes)
        for frequency in notes:
            for n in range(per_note):
                fade = min(1.0, (per_note - n) / (rate * 0.05))
                value = int(9000 * fade * math.sin(2 * math.pi * frequency * n / rate))
                frames += struct.pack("<h", value)
        sound.writeframes(bytes(frames))
    return out.getvalue()


def radio_spot(title):
    document_model = get_document_model()
    document = document_model.objects.filter(title=f"Spot radio {title}").first()
    if document is None:
        document = document_model.objects.create(
            title=f"Spot radio {title}",
            file=ContentFile(jingle_wav(), name="spot-radio-campagne.wav"),
        )
    return document


def load_campaign(report, index):
    spec = CAMPAIGN
    if CampaignPage.objects.filter(slug=spec["slug"]).exists():
        report.count("campaigns", False)
        return
    today = timezone.localdate()
    vendors = [(vendor_of(code), note) for code, note in spec["artisans"]]
    vendors = [(vendor, note) for vendor, note in vendors if vendor is not None]
    products = []
    for vendor, _ in vendors:
        product = (
            products_on_sale()
            .filter(stockrecords__partner__vendor=vendor)
            .order_by("id")
            .first()
        )
        if product is not None:
            products.append(product)
    poster, poster_pdf = poster_files(report, spec["title"], spec["tagline"])
    page = CampaignPage(
        slug=spec["slug"],
        title=spec["title"],
        tagline=spec["tagline"],
        introduction=spec["introduction"],
        starts_on=today,
        ends_on=today + datetime.timedelta(days=spec["days_long"]),
        hero_image=demo_image(report, "santon", "Un atelier de santonnier"),
        body=[("paragraph", RichText(text)) for text in spec["paragraphs"]],
        media=[
            (
                "poster",
                {
                    "title": "L'affiche de la campagne",
                    "image": poster,
                    "caption": "À afficher en boutique, en mairie et à l'atelier.",
                    "print_file": poster_pdf,
                },
            ),
            (
                "radio_spot",
                {
                    "title": "Le spot radio (30 secondes)",
                    "audio": radio_spot(spec["title"]),
                    "transcript": spec["spot_transcript"],
                    "credit": "Diffusé sur les radios locales de la région",
                },
            ),
        ],
    )
    page.chosen_artisans = [
        CampaignArtisan(vendor=vendor, note=note) for vendor, note in vendors
    ]
    page.chosen_products = [CampaignProduct(product=p) for p in products]
    index.add_child(instance=page)
    page.save_revision().publish()
    report.count("campaigns", True)


def load_portraits(report, index):
    for spec in PORTRAITS:
        vendor = vendor_of(spec["vendor"])
        if vendor is None or PortraitPage.objects.filter(vendor=vendor).exists():
            report.count("portraits", False)
            continue
        text, author = spec["quote"]
        page = index.add_child(
            instance=PortraitPage(
                slug=vendor.slug,
                title=spec["title"],
                vendor=vendor,
                introduction=spec["introduction"],
                photo=demo_image(report, vendor.metier.lower(), spec["caption"]),
                photo_caption=spec["caption"],
                body=[("paragraph", RichText(p)) for p in spec["paragraphs"]]
                + [("quote", {"text": text, "author": author, "role": vendor.metier})],
            )
        )
        page.save_revision().publish()
        report.count("portraits", True)


@transaction.atomic
def load_demo_campaigns(report):
    """The campaigns' index and the demo campaign, the portraits' index and
    three portraits, below the home page."""
    home = ensure_home_page()
    campaigns = ensure_index(
        report, home, CampaignIndexPage, CAMPAIGN_INDEX, "campaign index"
    )
    load_campaign(report, campaigns)
    portraits = ensure_index(
        report, home, PortraitIndexPage, PORTRAIT_INDEX, "portrait index"
    )
    load_portraits(report, portraits)
