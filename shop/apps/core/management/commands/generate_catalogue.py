"""Generate a large synthetic catalogue, for benchmarks and load tests.

Unlike ``load_demo`` (a handful of realistic artisans with images and
accounts), this writes thousands of rows in a few bulk inserts: artisans
(``Partner`` + ``Vendor``), one product class, a few categories, products,
their stock records with TTC prices in EUR and their category links. Every
generated row is recognisable by its ``gen-`` code, which is how a second run
sees that the catalogue is already there and leaves it unchanged.

Bulk inserts skip ``save()`` and signals: nothing in the project listens to
catalogue saves today; a search index that does must be rebuilt afterwards.
"""

import random
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.text import slugify
from oscar.apps.catalogue.categories import create_from_breadcrumbs
from oscar.core.loading import get_model

from cms.setup import ensure_home_page
from vendors.models import Vendor

Partner = get_model("partner", "Partner")
StockRecord = get_model("partner", "StockRecord")
Product = get_model("catalogue", "Product")
ProductClass = get_model("catalogue", "ProductClass")
ProductCategory = get_model("catalogue", "ProductCategory")

CODE_PREFIX = "gen-"
PRODUCT_CLASS_SLUG = "gen-artisanat"
BATCH_SIZE = 500

# (craft, shop prefix, category, product nouns, price range in euros TTC)
CRAFTS = [
    (
        "savonnier",
        "Savonnerie",
        "Savons et cosmétiques",
        ["Savon", "Pain de savon"],
        (4, 15),
    ),
    ("santonnier", "Atelier de santons", "Santons", ["Santon", "Crèche"], (12, 90)),
    ("confiseur", "Confiserie", "Confiserie", ["Calissons", "Nougat"], (6, 40)),
    (
        "parfumeur",
        "Parfumerie",
        "Parfums",
        ["Eau de parfum", "Bougie parfumée"],
        (15, 120),
    ),
    ("verrier", "Verrerie", "Verre", ["Carafe", "Verre soufflé"], (20, 180)),
    ("brasseur", "Brasserie", "Bières", ["Bière blonde", "Bière ambrée"], (3, 12)),
    ("ébéniste", "Ébénisterie", "Bois", ["Plateau", "Planche à découper"], (25, 400)),
    ("potier", "Poterie", "Céramique", ["Bol", "Assiette", "Pichet"], (10, 95)),
]
QUALIFIERS = [
    "à la lavande",
    "à l'huile d'olive",
    "au miel de Provence",
    "à la figue",
    "aux agrumes",
    "au romarin",
    "bleu de Moustiers",
    "émaillé",
    "ocre",
    "d'Aubagne",
    "de Biot",
    "de Vallauris",
    "en olivier",
    "traditionnel",
]
COMMUNES = [
    "Salon-de-Provence",
    "Aubagne",
    "Aix-en-Provence",
    "Grasse",
    "Biot",
    "Marseille",
    "Toulon",
    "Vallauris",
    "Avignon",
    "Nice",
    "Arles",
    "Apt",
    "Manosque",
    "Forcalquier",
    "Moustiers-Sainte-Marie",
    "Digne-les-Bains",
]
SURNAMES = [
    "Martin",
    "Bernard",
    "Roux",
    "Fabre",
    "Blanc",
    "Giraud",
    "Arnaud",
    "Mistral",
    "Olivier",
    "Bonnet",
    "Reynaud",
    "Michel",
    "Garcia",
    "Meyer",
    "Chabert",
]


class Command(BaseCommand):
    help = (
        "Generate a synthetic catalogue (artisans, products, stock records) in "
        "bulk, for benchmarks. Does nothing when one was already generated."
    )

    def add_arguments(self, parser):
        parser.add_argument("--products", type=int, default=2000)
        parser.add_argument("--artisans", type=int, default=50)
        parser.add_argument(
            "--seed", type=int, default=1, help="Seed of the random names and prices."
        )
        parser.add_argument(
            "--home-page",
            action="store_true",
            help="Also put the Wagtail home page in place with a latest products "
            "block.",
        )

    def handle(self, *args, products, artisans, seed, home_page, **options):
        if products < 1 or artisans < 1:
            raise CommandError("--products and --artisans must be at least 1.")
        existing = Product._default_manager.filter(code__startswith=CODE_PREFIX).count()
        if existing:
            self.stdout.write(
                f"A generated catalogue is already there ({existing} products); "
                "nothing changed."
            )
        else:
            self.generate(products, artisans, random.Random(seed))
        if home_page:
            ensure_home_page_with_latest_products()

    @transaction.atomic
    def generate(self, product_count, artisan_count, rng):
        product_class, _ = ProductClass._default_manager.get_or_create(
            slug=PRODUCT_CLASS_SLUG,
            defaults={"name": "Artisanat (généré)", "track_stock": True},
        )
        categories = {
            name: create_from_breadcrumbs(name) for _, _, name, _, _ in CRAFTS
        }

        crafts = [CRAFTS[i % len(CRAFTS)] for i in range(artisan_count)]
        partners = Partner._default_manager.bulk_create(
            [
                Partner(
                    code=f"{CODE_PREFIX}artisan-{i:04d}",
                    name=f"{craft[1]} {rng.choice(SURNAMES)} {i:04d}",
                )
                for i, craft in enumerate(crafts, start=1)
            ],
            batch_size=BATCH_SIZE,
        )
        Vendor._default_manager.bulk_create(
            [
                Vendor(
                    partner=partner,
                    slug=slugify(partner.name),
                    metier=craft[0],
                    commune=rng.choice(COMMUNES),
                    description=f"{craft[1]} artisanale en Provence.",
                )
                for partner, craft in zip(partners, crafts, strict=True)
            ],
            batch_size=BATCH_SIZE,
        )

        # Products are spread evenly over the artisans, in creation order.
        owners = [i % artisan_count for i in range(product_count)]
        titles = []
        for owner in owners:
            noun = rng.choice(crafts[owner][3])
            titles.append(f"{noun} {rng.choice(QUALIFIERS)}")
        new_products = Product._default_manager.bulk_create(
            [
                Product(
                    structure=Product.STANDALONE,
                    product_class=product_class,
                    title=title,
                    slug=slugify(title),
                    code=f"{CODE_PREFIX}{n:06d}",
                    description=(
                        f"{title}, fait main par {partners[owner].name}. "
                        "Pièce de fabrication artisanale et locale."
                    ),
                )
                for n, (title, owner) in enumerate(
                    zip(titles, owners, strict=True), start=1
                )
            ],
            batch_size=BATCH_SIZE,
        )
        StockRecord._default_manager.bulk_create(
            [
                StockRecord(
                    product=product,
                    partner=partners[owner],
                    partner_sku=product.code,
                    price_currency="EUR",
                    price=self.price(rng, crafts[owner][4]),
                    num_in_stock=rng.randint(0, 50),
                )
                for product, owner in zip(new_products, owners, strict=True)
            ],
            batch_size=BATCH_SIZE,
        )
        ProductCategory._default_manager.bulk_create(
            [
                ProductCategory(product=product, category=categories[crafts[owner][2]])
                for product, owner in zip(new_products, owners, strict=True)
            ],
            batch_size=BATCH_SIZE,
        )
        self.stdout.write(
            f"Generated {len(new_products)} products from {len(partners)} artisans."
        )

    @staticmethod
    def price(rng, bounds):
        """A TTC price in euros within ``bounds``, ending like shop prices do."""
        low, high = bounds
        cents = rng.choice(["0", "0.50", "0.90"])
        return Decimal(rng.randint(low, high)) + Decimal(cents)


def ensure_home_page_with_latest_products():
    """Put the home page in place with a latest products block (idempotent)."""
    home = ensure_home_page()
    if not any(block.block_type == "latest_products" for block in home.body):
        block = home.body.stream_block.child_blocks["latest_products"]
        value = block.to_python({"title": "Nouveautés", "count": 8})
        home.body.append(("latest_products", value))
        home.save_revision().publish()
