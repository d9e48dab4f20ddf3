"""Demo content of the editorial blocks: the chamber's contact and social
links, three partners with drawn logos, each artisans' label described.

Idempotent: a second run creates nothing.
"""

import io

from django.core.files.images import ImageFile
from PIL import Image, ImageDraw
from wagtail.images import get_image_model

from vendors.models import VendorLabel

from .models import LegalSettings
from .snippets import Label, Partner, PartnerKind

CONTACT = {
    "contact_address": "5 boulevard Pèbre\n13008 Marseille",
    "opening_hours": "Du lundi au vendredi, 8 h 30 – 12 h et 13 h 30 – 17 h",
    "facebook_url": "https://www.facebook.com/cmar.paca",
    "instagram_url": "https://www.instagram.com/cmar.paca",
    "linkedin_url": "https://www.linkedin.com/company/cmar-paca",
    "youtube_url": "https://www.youtube.com/@cmar-paca",
}

PARTNERS = [
    ("Région Sud", PartnerKind.FUNDER, "https://www.maregionsud.fr", (0, 94, 184)),
    (
        "Chambre de métiers",
        PartnerKind.INSTITUTION,
        "https://www.cmar-paca.fr",
        (200, 60, 40),
    ),
    (
        "Métropole Aix-Marseille",
        PartnerKind.PARTNER,
        "https://ampmetropole.fr",
        (30, 130, 90),
    ),
]

LABELS = {
    VendorLabel.ARTISAN_ART: "Un métier d'art reconnu, au savoir-faire rare.",
    VendorLabel.MAITRE_ARTISAN: "Le plus haut titre de l'artisanat.",
    VendorLabel.FAIT_MAIN: "Fabriqué à la main à l'atelier, pièce par pièce.",
    VendorLabel.EPV: "Label d'État des entreprises aux savoir-faire d'excellence.",
    VendorLabel.BIO: "Matières premières issues de l'agriculture biologique.",
    VendorLabel.PRODUIT_EN_PROVENCE: "Conçu et fabriqué en Provence-Alpes-Côte d'Azur.",
}


def logo_png(name, colour):
    """A simple logo: a coloured disc and the organisation's initials."""
    image = Image.new("RGB", (320, 160), "white")
    draw = ImageDraw.Draw(image)
    draw.ellipse((16, 16, 144, 144), fill=colour)
    initials = "".join(word[0] for word in name.split() if word[0].isupper())[:3]
    draw.text((60, 70), initials, fill="white")
    draw.text((160, 70), name[:18], fill=colour)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def load_demo_blocks(report):
    """Fill the site settings' contact, the partners and the labels."""
    legal = LegalSettings.load()
    changed = [field for field, value in CONTACT.items() if not getattr(legal, field)]
    for field in changed:
        setattr(legal, field, CONTACT[field])
    if changed:
        legal.save()
    report.count("site settings", bool(changed))

    image_model = get_image_model()
    for order, (name, kind, website, colour) in enumerate(PARTNERS):
        partner, created = Partner.objects.get_or_create(
            name=name, defaults={"kind": kind, "website": website, "order": order}
        )
        if created or partner.logo_id is None:
            data = io.BytesIO(logo_png(name, colour))
            partner.logo = image_model.objects.create(
                title=f"Logo {name}", file=ImageFile(data, name=f"logo-{order}.png")
            )
            partner.save()
        report.count("partners", created)

    for code, description in LABELS.items():
        _, created = Label.objects.get_or_create(
            code=code, defaults={"name": str(code.label), "description": description}
        )
        report.count("labels", created)
