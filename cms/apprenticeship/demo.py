"""Demo apprenticeship offers: the "Apprentissage" index under the home page,
five open offers of demo artisans, and one application.

``load_demo_apprenticeship(report)`` is idempotent: the index is found by its
slug, an offer by its shop and title, the application by its offer and
address; nothing is written a second time.
"""

import datetime

from django.utils import timezone

from cms.setup import ensure_home_page
from vendors.models import Vendor

from .models import ApprenticeshipApplication, ApprenticeshipIndexPage, Diploma

INDEX = {
    "title": "Apprentissage",
    "slug": "apprentissage",
    "introduction": (
        "Les artisans de la boutique forment leurs successeurs : trouvez un "
        "contrat d'apprentissage près de chez vous et postulez en ligne."
    ),
}

# (craft of the demo shop, title, diploma, its full name, weeks until the
# closing date, duration in months)
OFFERS = [
    ("Ébéniste", "Apprenti·e ébéniste", Diploma.CAP, "CAP ébéniste", 5, 24),
    (
        "Potier",
        "Apprenti·e tourneur·se en céramique",
        Diploma.CAP,
        "CAP tournage en céramique",
        7,
        24,
    ),
    (
        "Verrier",
        "Apprenti·e souffleur·se de verre",
        Diploma.CAP,
        "CAP arts du verre et du cristal",
        9,
        24,
    ),
    ("Chocolatier", "Apprenti·e chocolatier", Diploma.CAP, "CAP chocolatier", 6, 12),
    (
        "Bijoutier",
        "Apprenti·e bijoutier·e",
        Diploma.BMA,
        "BMA bijou, option bijouterie-joaillerie",
        11,
        24,
    ),
]

APPLICANT = {
    "name": "Léa Martin",
    "email": "lea.martin@example.fr",
    "age_bracket": "16-17",
    "message": (
        "Bonjour, je sors de 3e et je voudrais apprendre le métier dans votre "
        "atelier. Je suis disponible pour un stage de découverte."
    ),
}


def ensure_index(report):
    home = ensure_home_page()
    index = ApprenticeshipIndexPage.objects.child_of(home).first()
    if index is not None:
        report.count("apprenticeship index", False)
        return index
    index = home.add_child(instance=ApprenticeshipIndexPage(live=True, **INDEX))
    index.save_revision().publish()
    report.count("apprenticeship index", True)
    return index


def load_demo_apprenticeship(report):
    """The index page and the demo offers, once the demo shops exist."""
    ensure_index(report)
    today = timezone.localdate()
    first = None
    for craft, title, diploma, diploma_name, weeks, months in OFFERS:
        vendor = Vendor.objects.selling().filter(metier=craft).order_by("pk").first()
        if vendor is None:
            continue
        offer, created = vendor.apprenticeship_offers.get_or_create(
            title=title,
            defaults={
                "metier": craft,
                "diploma": diploma,
                "starts_on": datetime.date(today.year + (today.month >= 9), 9, 1),
                "duration_months": months,
                "town": vendor.town,
                "place": vendor.commune,
                "hours_per_week": 35,
                "closes_on": today + datetime.timedelta(weeks=weeks),
                "description": (
                    f"Notre atelier accueille un·e apprenti·e en {diploma_name}, "
                    "en alternance avec le CFA. Vous apprendrez chaque geste du "
                    "métier, de la préparation à la vente, aux côtés de l'artisan."
                ),
            },
        )
        report.count("apprenticeship offers", created)
        first = first or offer
    if first is not None:
        _application, created = ApprenticeshipApplication.objects.get_or_create(
            offer=first, email=APPLICANT["email"], defaults=APPLICANT
        )
        report.count("apprenticeship applications", created)
