"""Demo content of Déclic: the index below the home page and three guides to
selling online (good photos, describing a product, delivery and pickup).

The editorial team's demo accounts (``editeur@demo.fr`` in the "Editors"
group, ``moderateur@demo.fr`` in "Moderators") are in the demo's accounts
list (``shop.apps.core.demo.data.ACCOUNTS``), made by ``load_accounts``; here
the groups get their permissions and the workflow its task, in case the
database was emptied since the migration made them.

Every page is looked up by its slug first: a second load creates nothing
and changes nothing.
"""

from django.db import transaction
from wagtail.rich_text import RichText

from cms.setup import ensure_home_page
from cms.workflow import setup_editorial_workflow

from .models import ResourceIndexPage, ResourcePage, ResourceTopic

DECLIC = {
    "slug": "declic",
    "title": "Déclic",
    "introduction": (
        "Des guides pratiques pour vendre en ligne, et le diagnostic DEAR de la "
        "Chambre de Métiers et de l'Artisanat pour faire le point sur votre "
        "entreprise."
    ),
}

GUIDES = [
    {
        "slug": "de-bonnes-photos-de-vos-produits",
        "title": "De bonnes photos de vos produits",
        "topic": ResourceTopic.PHOTOS,
        "introduction": (
            "Sur une e-boutique, la photo remplace la main qui touche : une "
            "lumière douce, un fond simple et plusieurs angles suffisent."
        ),
        "body": [
            ("heading", "La lumière du jour"),
            (
                "paragraph",
                "<p>Placez le produit près d'une fenêtre, sans soleil direct. "
                "Un drap blanc ou une feuille de papier de l'autre côté renvoie "
                "la lumière et adoucit les ombres. Évitez le flash.</p>",
            ),
            ("heading", "Un fond qui s'efface"),
            (
                "paragraph",
                "<p>Un fond uni et clair met l'objet en valeur. Gardez le même "
                "fond pour tout votre catalogue : votre vitrine paraît plus "
                "soignée.</p>",
            ),
            ("heading", "Plusieurs vues, à la bonne taille"),
            (
                "paragraph",
                "<ul><li>une vue d'ensemble, de face ;</li><li>un détail qui "
                "montre la matière ou le geste ;</li><li>l'objet en situation, "
                "ou à côté d'une main pour donner l'échelle.</li></ul><p>Des "
                "photos carrées d'au moins 1 200 pixels de côté s'affichent "
                "nettement sur ordinateur comme sur téléphone.</p>",
            ),
        ],
    },
    {
        "slug": "bien-decrire-un-produit",
        "title": "Bien décrire un produit",
        "topic": ResourceTopic.SELLING_ONLINE,
        "introduction": (
            "Une bonne fiche produit répond aux questions que l'acheteur vous "
            "poserait à l'atelier : quoi, comment, de quelle taille, pour qui."
        ),
        "body": [
            ("heading", "Un titre clair"),
            (
                "paragraph",
                "<p>Commencez par ce qu'est l'objet, puis ce qui le distingue : "
                "« Savon à l'huile d'olive, parfum lavande, 100 g » plutôt que "
                "« Douceur de Provence ».</p>",
            ),
            ("heading", "Votre savoir-faire"),
            (
                "paragraph",
                "<p>Racontez en quelques phrases comment vous le fabriquez, avec "
                "quelles matières et d'où elles viennent. C'est ce qui fait la "
                "différence avec un produit industriel.</p>",
            ),
            ("heading", "Les informations pratiques"),
            (
                "paragraph",
                "<p>Dimensions, poids, contenance, entretien, composition et "
                "allergènes pour l'alimentaire : ces détails évitent les "
                "mauvaises surprises et les retours.</p>",
            ),
        ],
    },
    {
        "slug": "livraison-et-retrait",
        "title": "Livraison et retrait : choisir ce que vous proposez",
        "topic": ResourceTopic.PICKUP,
        "introduction": (
            "Retrait à l'atelier, en drive ou au point relais, livraison à "
            "domicile : proposez ce que vous pouvez tenir, et dites-le clairement."
        ),
        "body": [
            ("heading", "Le retrait à l'atelier"),
            (
                "paragraph",
                "<p>Le plus simple pour commencer : vos clients viennent chercher "
                "leur commande aux horaires que vous fixez. C'est aussi "
                "l'occasion de les rencontrer.</p>",
            ),
            ("heading", "Les drives et les points relais"),
            (
                "paragraph",
                "<p>Déposez vos colis dans un point de la place de marché : vos "
                "clients les retirent sur un créneau réservé, avec un code de "
                "retrait. Vous n'avez pas à être présent.</p>",
            ),
            ("heading", "La livraison"),
            (
                "paragraph",
                "<p>Pour les produits qui voyagent bien, fixez des frais de port "
                "qui couvrent l'emballage et l'envoi. Emballez solidement les "
                "objets fragiles : un santon cassé coûte plus cher qu'un carton "
                "de plus.</p>",
            ),
        ],
    },
]


def body_of(blocks):
    """The StreamField value of a guide's ``(kind, text)`` blocks."""
    body = []
    for kind, text in blocks:
        if kind == "heading":
            body.append(("heading", {"text": text, "size": "h2"}))
        else:
            body.append(("paragraph", RichText(text)))
    return body


@transaction.atomic
def load_demo_resources(report):
    """Déclic below the home page with three guides, and the editorial
    team's groups and workflow; nothing is written for a page already there
    (Déclic, whatever its slug, or a guide with the same slug)."""
    # The home page first: on an emptied database it makes the tree's root,
    # which the workflow is assigned to.
    home = ensure_home_page()
    setup_editorial_workflow()
    # One Déclic on the site (``max_count``): the editors' own, when made.
    index = ResourceIndexPage.objects.first()
    if index is None:
        index = home.add_child(instance=ResourceIndexPage(live=True, **DECLIC))
        index.save_revision().publish()
        report.count("resources index", True)
    else:
        report.count("resources index", False)

    for spec in GUIDES:
        if ResourcePage.objects.child_of(index).filter(slug=spec["slug"]).exists():
            report.count("resources", False)
            continue
        guide = index.add_child(
            instance=ResourcePage(
                slug=spec["slug"],
                title=spec["title"],
                topic=spec["topic"],
                introduction=spec["introduction"],
                body=body_of(spec["body"]),
                live=True,
            )
        )
        guide.save_revision().publish()
        report.count("resources", True)
