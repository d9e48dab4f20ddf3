"""Demo content of "À lire" and of the agenda.

Two articles (the santons of Aubagne, why buying local matters) and two
events (the santonniers' Christmas market in Aubagne, an "Ateliers Tendances"
afternoon for artisans at the chamber in Marseille), dated from the day the
demo is first loaded. Every page is looked up by its slug first: a second
load, on any later day, creates nothing and changes nothing.
"""

import datetime
from decimal import Decimal as D
from io import BytesIO

from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.rich_text import RichText

from cms.setup import ensure_home_page
from shop.apps.geo.models import Commune

from .models import (
    ArticleCategory,
    ArticlePage,
    EventIndexPage,
    EventKind,
    EventPage,
    NewsIndexPage,
)

NEWS_INDEX = {
    "slug": "a-lire",
    "title": "À lire",
    "introduction": (
        "Portraits d'ateliers, savoir-faire et bonnes raisons de consommer local "
        "en Provence-Alpes-Côte d'Azur."
    ),
}
EVENT_INDEX = {
    "slug": "agenda",
    "title": "Agenda",
    "introduction": (
        "Marchés d'artisans, ateliers, portes ouvertes et rendez-vous des "
        "artisans de la région."
    ),
}

ARTICLES = [
    {
        "slug": "les-santons-d-aubagne",
        "title": "Les santons d'Aubagne, de l'argile à la crèche",
        "days_ago": 3,
        "author": "La rédaction",
        "category": ArticleCategory.KNOW_HOW,
        "introduction": (
            "À Aubagne, capitale du santon, les santonniers modèlent, cuisent et "
            "peignent à la main les petits personnages de la crèche provençale."
        ),
        "paragraphs": [
            "<p>Le santon naît d'une boule d'argile rouge pressée dans un moule "
            "de plâtre, puis retouchée à l'ébauchoir. Après un séchage lent, il "
            "est cuit au four avant d'être peint, couleur après couleur.</p>",
            "<p>Chaque atelier a ses personnages : le berger, la poissonnière, le "
            "ravi, le tambourinaire. Acheter un santon à l'atelier, c'est "
            "soutenir un savoir-faire transmis de génération en génération.</p>",
        ],
        "image": ("santon", "Santons peints à la main dans un atelier d'Aubagne"),
    },
    {
        "slug": "acheter-local-pourquoi-ca-compte",
        "title": "Acheter local : pourquoi ça compte",
        "days_ago": 10,
        "author": "Chambre de Métiers et de l'Artisanat",
        "category": ArticleCategory.BUY_LOCAL,
        "introduction": (
            "Un achat chez un artisan de la région fait vivre un atelier, garde "
            "des savoir-faire près de chez vous et raccourcit le chemin des "
            "produits."
        ),
        "paragraphs": [
            "<p>Quand vous achetez à un artisan de Provence, l'essentiel de la "
            "somme reste dans la région : il paie un loyer, un apprenti, des "
            "fournisseurs voisins.</p>",
            "<p>Le retrait en drive, au point relais ou à l'atelier évite des "
            "livraisons lointaines : le produit fait quelques kilomètres, pas "
            "quelques milliers.</p>",
        ],
        "image": ("savon", "Savons et paniers d'artisans sur un étal"),
    },
]

EVENTS = [
    {
        "slug": "marche-des-santonniers-aubagne",
        "title": "Marché des santonniers d'Aubagne",
        "kind": EventKind.MARKET,
        "in_days": 10,
        "starts": datetime.time(10, 0),
        "days_long": 2,
        "ends": datetime.time(19, 0),
        "place_name": "Cours Foch",
        "address": "Cours Maréchal Foch",
        "commune": "Aubagne",
        "latitude": D("43.292800"),
        "longitude": D("5.570800"),
        "price": "Entrée libre",
        "registration_url": "",
        "introduction": (
            "Le marché de Noël des santonniers : une trentaine d'ateliers "
            "d'Aubagne et de Provence présentent leurs santons et leurs crèches."
        ),
        "paragraphs": [
            "<p>Démonstrations de modelage et de peinture chaque après-midi, "
            "ateliers pour les enfants le samedi.</p>"
        ],
    },
    {
        "slug": "ateliers-tendances-vendre-en-ligne",
        "title": "Ateliers Tendances : vendre en ligne et en drive",
        "kind": EventKind.TRENDS,
        "in_days": 21,
        "starts": datetime.time(14, 0),
        "days_long": 0,
        "ends": datetime.time(17, 0),
        "place_name": "Chambre de Métiers et de l'Artisanat",
        "address": "5 boulevard Pèbre",
        "commune": "Marseille",
        "latitude": D("43.258600"),
        "longitude": D("5.378500"),
        "price": "Gratuit pour les artisans inscrits à la chambre",
        "registration_url": "https://www.cmar-paca.fr/",
        "introduction": (
            "Un après-midi pour les artisans : ouvrir son e-boutique, soigner "
            "ses photos, proposer le retrait en drive et au point relais."
        ),
        "paragraphs": [
            "<p>Retours d'expérience d'artisans déjà en ligne, puis ateliers "
            "pratiques en petits groupes.</p>"
        ],
    },
]


def body_of(paragraphs):
    return [("paragraph", RichText(text)) for text in paragraphs]


def ensure_index(report, home, model, fields, kind):
    """The index page at ``fields["slug"]`` below ``home``, made when missing."""
    index = model.objects.child_of(home).filter(slug=fields["slug"]).first()
    if index is not None:
        report.count(kind, False)
        return index
    index = home.add_child(instance=model(live=True, **fields))
    index.save_revision().publish()
    report.count(kind, True)
    return index


def demo_image(report, kind, title):
    """A generated picture for an article, reused when already stored."""
    from shop.apps.core.demo.images import product_image_jpeg

    Image = get_image_model()
    image = Image.objects.filter(title=title).first()
    if image is not None:
        report.count("editorial images", False)
        return image
    # Given as an ImageFile, the picture's width and height are read from it.
    picture = ImageFile(BytesIO(product_image_jpeg(kind)), name=f"demo-{kind}.jpg")
    image = Image.objects.create(title=title, description=title, file=picture)
    report.count("editorial images", True)
    return image


def commune_named(name):
    return Commune.objects.communes().filter(name=name).first()


def event_times(spec, today):
    """Aware start and end in the site's time zone, ``in_days`` from today."""
    day = today + datetime.timedelta(days=spec["in_days"])
    last_day = day + datetime.timedelta(days=spec["days_long"])
    starts = timezone.make_aware(datetime.datetime.combine(day, spec["starts"]))
    ends = timezone.make_aware(datetime.datetime.combine(last_day, spec["ends"]))
    return starts, ends


@transaction.atomic
def load_demo_news(report):
    """ "À lire" with two articles and "Agenda" with two events, below the
    home page; nothing is written for a page whose slug is already there."""
    home = ensure_home_page()
    news = ensure_index(report, home, NewsIndexPage, NEWS_INDEX, "news index")
    agenda = ensure_index(report, home, EventIndexPage, EVENT_INDEX, "agenda")
    today = timezone.localdate()

    for spec in ARTICLES:
        if ArticlePage.objects.child_of(news).filter(slug=spec["slug"]).exists():
            report.count("articles", False)
            continue
        article = news.add_child(
            instance=ArticlePage(
                slug=spec["slug"],
                title=spec["title"],
                date=today - datetime.timedelta(days=spec["days_ago"]),
                author=spec["author"],
                category=spec["category"],
                introduction=spec["introduction"],
                body=body_of(spec["paragraphs"]),
                hero_image=demo_image(report, *spec["image"]),
                live=True,
            )
        )
        article.save_revision().publish()
        report.count("articles", True)

    for spec in EVENTS:
        if EventPage.objects.child_of(agenda).filter(slug=spec["slug"]).exists():
            report.count("events", False)
            continue
        starts, ends = event_times(spec, today)
        commune = commune_named(spec["commune"])
        event = agenda.add_child(
            instance=EventPage(
                slug=spec["slug"],
                title=spec["title"],
                kind=spec["kind"],
                starts_at=starts,
                ends_at=ends,
                place_name=spec["place_name"],
                address=spec["address"],
                commune=commune,
                latitude=spec["latitude"],
                longitude=spec["longitude"],
                price=spec["price"],
                registration_url=spec["registration_url"],
                introduction=spec["introduction"],
                body=body_of(spec["paragraphs"]),
                live=True,
            )
        )
        event.save_revision().publish()
        report.count("events", True)
