"""The demo's content, as plain data: artisans of the region and their products.

Every row has a natural key the loader looks it up by (partner code, product
UPC, e-mail address, category path), which is what makes loading idempotent.
Prices are tax-inclusive (TTC) euros, as artisans type them.
"""

from decimal import Decimal as D

PRODUCT_CLASS = {
    "name": "Artisanat",
    "track_stock": True,
    "requires_shipping": True,
}

COUNTRY = {
    "iso_3166_1_a2": "FR",
    "iso_3166_1_a3": "FRA",
    "iso_3166_1_numeric": "250",
    "name": "France",
    "printable_name": "France",
    "display_order": 1,
    "is_shipping_country": True,
}

# Breadcrumbs of Oscar categories, parents before children.
CATEGORIES = [
    "Beauté & bien-être > Savons",
    "Beauté & bien-être > Parfums",
    "Épicerie fine > Confiseries",
    "Épicerie fine > Chocolats",
    "Épicerie fine > Bières & boissons",
    "Maison & déco > Céramique",
    "Maison & déco > Verrerie",
    "Maison & déco > Bois & mobilier",
    "Maison & déco > Vannerie",
    "Maison & déco > Arts de la table",
    "Jeux & traditions > Santons",
    "Bijoux & accessoires",
]

# Each artisan: an Oscar partner (``code`` is its natural key) and its vendor.
# ``products`` rows are (title, TTC price, units in stock, description); the
# product's UPC, also its partner SKU, is ``sku_prefix`` plus its position.
ARTISANS = [
    {
        "code": "savonnerie-marius-roux",
        "name": "Savonnerie Marius Roux",
        "metier": "Savonnier",
        "commune": "Salon-de-Provence",
        "sku_prefix": "SMR",
        "category": "Beauté & bien-être > Savons",
        "description": (
            "Depuis trois générations, la famille Roux cuit le savon de Marseille "
            "au chaudron, selon le procédé marseillais, à deux pas du château de "
            "l'Empéri. Huiles végétales, pas de colorant, séchage lent à l'air."
        ),
        "products": [
            (
                "Cube de savon de Marseille 72 % huile d'olive, 600 g",
                D("9.50"),
                80,
                "Le cube traditionnel cuit au chaudron, à l'huile d'olive, sans "
                "colorant ni parfum. Pour le corps comme pour le linge.",
            ),
            (
                "Savon de Marseille à l'huile de coprah, 300 g",
                D("5.90"),
                120,
                "Un savon blanc et doux, idéal pour la toilette de toute la famille.",
            ),
            (
                "Savon à la lavande de Haute-Provence, 100 g",
                D("4.80"),
                60,
                "Parfumé à l'huile essentielle de lavande fine cueillie sur le "
                "plateau de Valensole.",
            ),
            (
                "Savon au lait d'ânesse, 100 g",
                D("6.50"),
                3,
                "Enrichi en lait d'ânesse bio d'un élevage des Alpilles, pour les "
                "peaux sensibles.",
            ),
            (
                "Savon à l'argile verte et à la menthe, 100 g",
                D("4.80"),
                45,
                "Purifiant et rafraîchissant, pour les peaux mixtes à grasses.",
            ),
            (
                "Copeaux de savon de Marseille pour le linge, 750 g",
                D("8.90"),
                30,
                "À dissoudre dans l'eau chaude pour une lessive naturelle et "
                "économique.",
            ),
            (
                "Savon liquide de Marseille à l'huile d'olive, 1 L",
                D("12.50"),
                25,
                "Pour les mains, la vaisselle et l'entretien de la maison.",
            ),
            (
                "Porte-savon en bois d'olivier",
                D("11.00"),
                18,
                "Tourné dans une branche d'olivier de Provence, rainuré pour que le "
                "savon sèche bien.",
            ),
            (
                "Coffret découverte de six savons parfumés",
                D("24.00"),
                12,
                "Lavande, verveine, figue, fleur d'oranger, miel et olive : six "
                "savons de 100 g dans un coffret en carton recyclé.",
            ),
            (
                "Savon noir à l'huile d'olive, 500 g",
                D("7.90"),
                2,
                "Pâte onctueuse pour le gommage au hammam comme pour l'entretien "
                "des tomettes.",
            ),
        ],
    },
    {
        "code": "santons-magali-fabre",
        "name": "Santons Magali Fabre",
        "metier": "Santonnier",
        "commune": "Aubagne",
        "sku_prefix": "SMF",
        "category": "Jeux & traditions > Santons",
        "description": (
            "Santonnière à Aubagne, capitale du santon, Magali Fabre modèle, cuit "
            "et peint à la main chaque personnage de la crèche provençale dans "
            "l'argile rouge du pays."
        ),
        "products": [
            (
                "Santon le Ravi, 7 cm",
                D("18.50"),
                25,
                "Le personnage émerveillé de la crèche, les bras levés au ciel. "
                "Argile d'Aubagne modelée et peinte à la main.",
            ),
            (
                "Santon la Poissonnière, 7 cm",
                D("19.50"),
                14,
                "Elle porte sur la tête sa corbeille de poissons fraîchement pêchés.",
            ),
            (
                "Santon le Tambourinaire, 7 cm",
                D("19.50"),
                9,
                "Galoubet à la bouche et tambourin au côté, il ouvre la marche des "
                "bergers.",
            ),
            (
                "Santon la Bohémienne, 7 cm",
                D("19.50"),
                4,
                "Enveloppée dans son châle, elle vient dire la bonne aventure à "
                "l'Enfant.",
            ),
            (
                "Santon le Berger et son agneau, 7 cm",
                D("21.00"),
                11,
                "Le premier à recevoir la nouvelle, il porte son plus bel agneau.",
            ),
            (
                "Santon la Marchande de lavande, 7 cm",
                D("19.50"),
                7,
                "Ses bouquets de lavande parfument toute la crèche.",
            ),
            (
                "Santon le Meunier, 7 cm",
                D("19.50"),
                6,
                "Son sac de farine sur l'épaule, il descend du moulin.",
            ),
            (
                "Sainte Famille, trois santons de 7 cm",
                D("54.00"),
                5,
                "Marie, Joseph et l'Enfant Jésus, peints dans les tons traditionnels.",
            ),
            (
                "Santon l'Arlésienne habillée, 20 cm",
                D("68.00"),
                2,
                "Santon habillé de tissus provençaux cousus à la main, coiffe et "
                "châle de dentelle.",
            ),
            (
                "Crèche provençale en bois, à garnir",
                D("45.00"),
                8,
                "Étable en bois de pin et toit de tuiles miniatures, pour santons "
                "de 7 cm.",
            ),
        ],
    },
    {
        "code": "atelier-du-garlaban",
        "name": "Atelier du Garlaban",
        "metier": "Santonnier",
        "commune": "Aubagne",
        "sku_prefix": "ADG",
        "category": "Jeux & traditions > Santons",
        "description": (
            "Au pied du Garlaban cher à Marcel Pagnol, Jean-Pierre Blanc façonne "
            "des santons de 12 cm et les décors de la crèche : mas, puits, "
            "moulins, tous en terre cuite."
        ),
        "products": [
            (
                "Santon le Pêcheur, 12 cm",
                D("32.00"),
                10,
                "Son filet sur l'épaule, il apporte la pêche du jour.",
            ),
            (
                "Santon le Boumian, 12 cm",
                D("32.00"),
                6,
                "Le bohémien repenti, chapeau noir et besace, figure haute en "
                "couleur de la pastorale.",
            ),
            (
                "Santon la Fileuse, 12 cm",
                D("32.00"),
                9,
                "Assise à son rouet, elle file la laine des moutons du berger.",
            ),
            (
                "Le Vieux et la Vieille, paire de santons de 12 cm",
                D("62.00"),
                4,
                "Le couple bras dessus bras dessous, emmitouflé contre le mistral.",
            ),
            (
                "Santon le Maire, 12 cm",
                D("32.00"),
                7,
                "Écharpe tricolore et air solennel, il conduit le cortège du village.",
            ),
            (
                "Santon le Joueur de boules, 12 cm",
                D("34.00"),
                12,
                "Accroupi, la boule à la main, il mesure le point avant de tirer.",
            ),
            (
                "Mas provençal miniature en terre cuite",
                D("58.00"),
                3,
                "Façade ocre, volets bleus et génoise : le décor du village de la "
                "crèche.",
            ),
            (
                "Puits provençal miniature",
                D("24.00"),
                15,
                "Puits de pierre et sa ferronnerie, pour compléter la place du "
                "village.",
            ),
            (
                "Moulin à vent miniature",
                D("39.00"),
                5,
                "Le moulin de Daudet, ailes de bois mobiles, en terre cuite patinée.",
            ),
            (
                "Santon l'Ange Boufareu, 12 cm",
                D("34.00"),
                8,
                "L'ange aux joues rondes qui souffle dans sa trompette au-dessus "
                "de l'étable.",
            ),
        ],
    },
    {
        "code": "calissons-laure-giraud",
        "name": "Calissons Laure Giraud",
        "metier": "Confiseur",
        "commune": "Aix-en-Provence",
        "sku_prefix": "CLG",
        "category": "Épicerie fine > Confiseries",
        "description": (
            "Confiseuse installée près du cours Mirabeau, Laure Giraud prépare ses "
            "calissons d'Aix avec des amandes de Provence, du melon confit et une "
            "fine glace royale, façonnés chaque matin."
        ),
        "products": [
            (
                "Calissons d'Aix, boîte losange de 250 g",
                D("16.90"),
                40,
                "La pâte d'amande au melon confit, sur son pain azyme, nappée de "
                "glace royale.",
            ),
            (
                "Calissons d'Aix, boîte losange de 500 g",
                D("31.50"),
                22,
                "Le grand format à partager, dans la boîte losange traditionnelle.",
            ),
            (
                "Calissons à la lavande, 200 g",
                D("15.50"),
                18,
                "Une pointe de lavande fine pour une version florale du calisson.",
            ),
            (
                "Calissons au citron de Menton, 200 g",
                D("15.90"),
                3,
                "Le zeste du citron de Menton apporte une fraîcheur acidulée.",
            ),
            (
                "Calissons au chocolat noir, 200 g",
                D("15.90"),
                16,
                "Enrobés d'un chocolat noir à 64 % de cacao.",
            ),
            (
                "Sachet de dix calissons en vrac",
                D("7.50"),
                60,
                "Pour goûter ou glisser dans une corbeille de fête.",
            ),
            (
                "Pâtes de fruits de Provence, 300 g",
                D("11.90"),
                25,
                "Abricot, coing, figue et melon, cuits en chaudron de cuivre.",
            ),
            (
                "Fruits confits d'Apt assortis, 250 g",
                D("18.50"),
                10,
                "Une sélection de fruits confits par un confiseur d'Apt, "
                "capitale du fruit confit.",
            ),
            (
                "Coffret cadeau calissons et navettes",
                D("29.00"),
                9,
                "Deux spécialités provençales réunies dans un coffret illustré.",
            ),
            (
                "Navettes à la fleur d'oranger, 200 g",
                D("7.90"),
                35,
                "Biscuits en forme de barque, parfumés à la fleur d'oranger.",
            ),
        ],
    },
    {
        "code": "parfumerie-helene-castel",
        "name": "Parfumerie Hélène Castel",
        "metier": "Parfumeur",
        "commune": "Grasse",
        "sku_prefix": "PHC",
        "category": "Beauté & bien-être > Parfums",
        "description": (
            "Formée dans les maisons de Grasse, Hélène Castel compose en petites "
            "séries des parfums autour des fleurs du pays grassois : jasmin, rose "
            "centifolia, tubéreuse et fleur d'oranger."
        ),
        "products": [
            (
                "Eau de parfum Jasmin de Grasse, 50 ml",
                D("58.00"),
                14,
                "Un jasmin solaire et lumineux, cueilli à l'aube dans les champs "
                "de Grasse.",
            ),
            (
                "Eau de parfum Rose centifolia, 50 ml",
                D("62.00"),
                10,
                "La rose de mai, miellée et poudrée, sur un fond de musc blanc.",
            ),
            (
                "Eau de toilette Fleur d'oranger, 100 ml",
                D("39.00"),
                20,
                "Fraîche et réconfortante, comme une promenade sous les orangers.",
            ),
            (
                "Eau de Cologne Néroli, 100 ml",
                D("34.00"),
                24,
                "Agrumes et néroli pour une fraîcheur d'été.",
            ),
            (
                "Eau de parfum Mimosa du Tanneron, 30 ml",
                D("42.00"),
                2,
                "Le mimosa de février, duveteux et doux, en édition limitée.",
            ),
            (
                "Parfum solide Tubéreuse, 15 g",
                D("19.00"),
                30,
                "Dans un boîtier en laiton, à glisser dans le sac.",
            ),
            (
                "Bougie parfumée Figuier, 180 g",
                D("32.00"),
                16,
                "Cire végétale et mèche en coton, environ 40 heures de combustion.",
            ),
            (
                "Diffuseur de parfum d'ambiance Lavande, 100 ml",
                D("28.00"),
                12,
                "Avec ses bâtonnets de rotin, pour parfumer une pièce pendant "
                "deux mois.",
            ),
            (
                "Coffret découverte, cinq miniatures de 5 ml",
                D("45.00"),
                7,
                "Les cinq eaux de parfum de la maison, pour trouver la sienne.",
            ),
            (
                "Savon parfumé Fleur d'oranger, 100 g",
                D("12.00"),
                22,
                "Un savon surgras au beurre de karité, parfumé à la fleur "
                "d'oranger de la maison.",
            ),
        ],
    },
    {
        "code": "verrerie-julien-bonnet",
        "name": "Verrerie Julien Bonnet",
        "metier": "Verrier",
        "commune": "Biot",
        "sku_prefix": "VJB",
        "category": "Maison & déco > Verrerie",
        "description": (
            "Maître verrier à Biot, Julien Bonnet souffle à la canne le célèbre "
            "verre bullé du village. Chaque pièce est unique : les bulles naissent "
            "du bicarbonate glissé dans la matière en fusion."
        ),
        "products": [
            (
                "Verre à eau bullé bleu",
                D("22.00"),
                36,
                "Le verre emblématique de Biot, soufflé à la bouche.",
            ),
            (
                "Carafe bullée, 1 L",
                D("58.00"),
                8,
                "Col élancé et anse rapportée à chaud.",
            ),
            (
                "Gobelets bullés, lot de six",
                D("119.00"),
                5,
                "Six gobelets aux teintes de la Méditerranée.",
            ),
            (
                "Vase boule en verre soufflé",
                D("75.00"),
                6,
                "Un vase rond aux reflets turquoise, pour un bouquet de mimosa.",
            ),
            (
                "Photophore en verre soufflé ambre",
                D("36.00"),
                14,
                "La flamme de la bougie fait danser les bulles du verre.",
            ),
            (
                "Saladier bullé, 25 cm",
                D("85.00"),
                4,
                "Un grand saladier vert olive pour les tablées d'été.",
            ),
            (
                "Flûtes à champagne bullées, la paire",
                D("64.00"),
                10,
                "Deux flûtes sur pied pour trinquer aux beaux jours.",
            ),
            (
                "Presse-papier cigale",
                D("42.00"),
                12,
                "Une cigale prise dans une goutte de verre cristallin.",
            ),
            (
                "Bouteille à huile d'olive en verre bullé",
                D("34.00"),
                18,
                "Avec son bouchon verseur en liège, pour la table.",
            ),
            (
                "Lampe à huile en verre soufflé",
                D("48.00"),
                1,
                "Une lampe à mèche à poser en terrasse, les soirs d'été.",
            ),
        ],
    },
    {
        "code": "brasserie-de-la-plaine",
        "name": "Brasserie de la Plaine",
        "metier": "Brasseur",
        "commune": "Marseille 6e",
        "sku_prefix": "BDP",
        "category": "Épicerie fine > Bières & boissons",
        "description": (
            "Micro-brasserie du quartier de la Plaine, entre Cours Julien et Notre-"
            "Dame-du-Mont. Bières non filtrées, refermentées en bouteille, "
            "brassées avec des malts français et des aromates de la garrigue."
        ),
        "products": [
            (
                "Bière blonde de la Plaine, 33 cl",
                D("3.50"),
                240,
                "Une blonde légère et désaltérante, 5 % vol.",
            ),
            (
                "Bière blanche au zeste d'orange, 33 cl",
                D("3.60"),
                180,
                "Froment, coriandre et écorces d'orange de Provence, 4,8 % vol.",
            ),
            (
                "IPA du Cours Julien, 33 cl",
                D("3.90"),
                150,
                "Houblonnée à cru, notes d'agrumes et de pin, 6,2 % vol.",
            ),
            (
                "Bière ambrée au miel de garrigue, 33 cl",
                D("3.80"),
                120,
                "Malts caramel et miel de garrigue des collines marseillaises, "
                "6 % vol.",
            ),
            (
                "Stout au café torréfié à Marseille, 33 cl",
                D("4.20"),
                60,
                "Noire et ronde, au café d'un torréfacteur du quartier, 7 % vol.",
            ),
            (
                "Bière de saison au thym, 75 cl",
                D("8.90"),
                3,
                "Une saison sèche et épicée, au thym des calanques, 6,5 % vol.",
            ),
            (
                "Pack découverte, six bières de 33 cl",
                D("21.50"),
                40,
                "Les six recettes de la brasserie, pour goûter toute la gamme.",
            ),
            (
                "Verre à bière gravé, 33 cl",
                D("6.50"),
                50,
                "Gravé du logo de la brasserie.",
            ),
            (
                "Limonade artisanale au citron, 33 cl",
                D("2.90"),
                90,
                "Citrons pressés et sucre de canne, sans arôme ajouté.",
            ),
            (
                "Coffret cadeau du brasseur, trois bières et un verre",
                D("19.90"),
                15,
                "Une blonde, une ambrée, une IPA et leur verre gravé.",
            ),
        ],
    },
    {
        "code": "ebenisterie-thomas-arnaud",
        "name": "Ébénisterie Thomas Arnaud",
        "metier": "Ébéniste",
        "commune": "Toulon",
        "sku_prefix": "ETA",
        "category": "Maison & déco > Bois & mobilier",
        "description": (
            "Ébéniste dans le quartier du Mourillon, Thomas Arnaud travaille les "
            "bois massifs de la région, olivier, chêne, noyer et frêne, pour des "
            "meubles et objets faits pour durer."
        ),
        "products": [
            (
                "Planche à découper en olivier",
                D("39.00"),
                20,
                "Taillée dans le bois d'olivier, nourrie à l'huile alimentaire.",
            ),
            (
                "Tabouret en chêne massif",
                D("145.00"),
                4,
                "Assemblage à tenons et mortaises, finition huile-cire.",
            ),
            (
                "Table de chevet en noyer",
                D("420.00"),
                2,
                "Un tiroir à queues d'aronde et une niche ouverte.",
            ),
            (
                "Boîte à bijoux en marqueterie",
                D("89.00"),
                6,
                "Motif de rose des vents en bois précieux, intérieur feutré.",
            ),
            (
                "Plateau de service en frêne",
                D("65.00"),
                10,
                "Poignées découpées dans la masse, pour l'apéritif en terrasse.",
            ),
            (
                "Étagère murale en chêne",
                D("119.00"),
                7,
                "Fixation invisible, 80 cm de long.",
            ),
            (
                "Couverts à salade en olivier, la paire",
                D("28.00"),
                25,
                "Cuillère et fourchette sculptées à la main.",
            ),
            (
                "Miroir encadré de noyer",
                D("180.00"),
                3,
                "Cadre en noyer massif de 60 x 40 cm.",
            ),
            (
                "Mortier et pilon en olivier",
                D("45.00"),
                12,
                "Pour l'aïoli et le pistou, comme autrefois.",
            ),
            (
                "Banc de ferme en chêne, 120 cm",
                D("390.00"),
                1,
                "Un banc robuste pour la table de la cuisine ou l'entrée.",
            ),
        ],
    },
    {
        "code": "poterie-camille-ferrand",
        "name": "Poterie Camille Ferrand",
        "metier": "Potier",
        "commune": "Vallauris",
        "sku_prefix": "PCF",
        "category": "Maison & déco > Céramique",
        "description": (
            "Potière à Vallauris, la ville où Picasso découvrit la céramique, "
            "Camille Ferrand tourne la terre et la cuit au four à gaz. Émaux "
            "maison aux couleurs de la Côte d'Azur."
        ),
        "products": [
            (
                "Bol en grès émaillé vert olive",
                D("24.00"),
                30,
                "Tourné à la main, il passe au lave-vaisselle et au micro-ondes.",
            ),
            (
                "Assiette plate en terre vernissée jaune",
                D("29.00"),
                24,
                "Le jaune de Provence, 27 cm de diamètre.",
            ),
            (
                "Tian provençal en terre cuite, 30 cm",
                D("55.00"),
                8,
                "Le plat des légumes rôtis au four, vernissé à l'intérieur.",
            ),
            (
                "Cruche à eau vernissée",
                D("48.00"),
                6,
                "Elle garde l'eau fraîche sur la table de l'été.",
            ),
            (
                "Tasse à café et sa soucoupe",
                D("22.00"),
                40,
                "Émail bleu de Vallauris, pour un expresso en terrasse.",
            ),
            (
                "Pichet à vin émaillé bleu",
                D("38.00"),
                11,
                "Un pichet de 50 cl au bec verseur bien dessiné.",
            ),
            (
                "Plat à gratin rectangulaire",
                D("46.00"),
                9,
                "Grès résistant au four, pour le gratin dauphinois du dimanche.",
            ),
            (
                "Vase à col étroit, émail craquelé",
                D("65.00"),
                3,
                "Une pièce unique à l'émail blanc craquelé.",
            ),
            (
                "Saladier en terre vernissée",
                D("59.00"),
                5,
                "Vert et jaune mêlés, 30 cm de diamètre.",
            ),
            (
                "Beurrier en grès",
                D("27.00"),
                14,
                "Avec son couvercle, il garde le beurre à bonne température.",
            ),
        ],
    },
    {
        "code": "nougaterie-du-ventoux",
        "name": "Nougaterie du Ventoux",
        "metier": "Nougatier",
        "commune": "Sault",
        "sku_prefix": "NDV",
        "category": "Épicerie fine > Confiseries",
        "description": (
            "Sur le plateau de Sault, au pied du mont Ventoux, la famille Reynaud "
            "fabrique le nougat avec le miel de lavande des ruchers voisins et "
            "des amandes de Provence."
        ),
        "products": [
            (
                "Nougat blanc tendre au miel de lavande, 200 g",
                D("9.90"),
                70,
                "Le nougat de Sault, tendre et parfumé, aux amandes torréfiées.",
            ),
            (
                "Nougat noir croquant, 200 g",
                D("9.50"),
                55,
                "Miel caramélisé et amandes entières, l'un des treize desserts.",
            ),
            (
                "Nougat blanc aux amandes et pistaches, 200 g",
                D("11.50"),
                35,
                "Pistaches vertes et amandes dans un nougat moelleux.",
            ),
            (
                "Barres de nougat, assortiment de dix",
                D("12.90"),
                28,
                "Dix barres de 20 g : blanc, noir, pistache, figue et chocolat.",
            ),
            (
                "Nougat à la figue, 150 g",
                D("8.90"),
                2,
                "Des morceaux de figue séchée dans un nougat tendre.",
            ),
            (
                "Nougat enrobé de chocolat noir, 150 g",
                D("10.50"),
                20,
                "Le nougat tendre sous une fine couche de chocolat noir.",
            ),
            (
                "Macarons de Sault aux amandes, 200 g",
                D("9.50"),
                26,
                "Moelleux à cœur, la recette du village.",
            ),
            (
                "Miel de lavande de Sault, 500 g",
                D("12.00"),
                45,
                "Un miel clair et crémeux, récolté sur les champs de lavande.",
            ),
            (
                "Coffret des treize desserts de Noël",
                D("34.00"),
                6,
                "Nougats blanc et noir, fruits secs, pâtes de fruits et pompe à "
                "l'huile : la tradition du réveillon provençal.",
            ),
            (
                "Pâte d'amande de Provence, 200 g",
                D("8.50"),
                30,
                "À 50 % d'amandes, à croquer ou à cuisiner.",
            ),
        ],
    },
    {
        "code": "chocolaterie-des-papes",
        "name": "Chocolaterie des Papes",
        "metier": "Chocolatier",
        "commune": "Avignon",
        "sku_prefix": "CDP",
        "category": "Épicerie fine > Chocolats",
        "description": (
            "Dans une ruelle de l'intra-muros d'Avignon, Antoine Mercier torréfie "
            "ses fèves et signe la papaline d'Avignon, chocolat fourré à la "
            "liqueur d'origan du Comtat."
        ),
        "products": [
            (
                "Papalines d'Avignon, boîte de 200 g",
                D("17.50"),
                30,
                "La spécialité d'Avignon : une fine coque de chocolat rose fourrée "
                "à la liqueur d'origan du Comtat.",
            ),
            (
                "Tablette de chocolat noir 70 % aux éclats d'amande",
                D("6.50"),
                50,
                "Un grand cru de Tanzanie et des amandes de Provence caramélisées.",
            ),
            (
                "Tablette de chocolat au lait et à la lavande",
                D("6.50"),
                45,
                "Un chocolat au lait doux infusé à la lavande fine.",
            ),
            (
                "Ballotin de pralinés assortis, 250 g",
                D("22.00"),
                18,
                "Amande, noisette, pistache et sésame, enrobés à la main.",
            ),
            (
                "Orangettes, 150 g",
                D("12.50"),
                3,
                "Écorces d'orange confites enrobées de chocolat noir.",
            ),
            (
                "Mendiants provençaux, 200 g",
                D("13.90"),
                16,
                "Disques de chocolat garnis d'amandes, de noisettes, de figues et "
                "de raisins.",
            ),
            (
                "Chocolat chaud à l'ancienne, 250 g",
                D("9.90"),
                22,
                "Copeaux de chocolat noir à fondre dans le lait chaud.",
            ),
            (
                "Truffes au cacao, 200 g",
                D("14.50"),
                12,
                "Une ganache fondante roulée dans le cacao amer.",
            ),
            (
                "Cigales en chocolat, sachet de douze",
                D("11.00"),
                35,
                "Des cigales en chocolat au lait, pour les enfants petits et grands.",
            ),
            (
                "Pâte à tartiner à la noisette, 250 g",
                D("8.90"),
                27,
                "Sans huile de palme, avec 45 % de noisettes.",
            ),
        ],
    },
    {
        "code": "faiencerie-sophie-lambert",
        "name": "Faïencerie Sophie Lambert",
        "metier": "Faïencier",
        "commune": "Moustiers-Sainte-Marie",
        "sku_prefix": "FSL",
        "category": "Maison & déco > Céramique",
        "description": (
            "Au cœur du village de Moustiers-Sainte-Marie, sous l'étoile suspendue "
            "entre les falaises, Sophie Lambert perpétue la faïence de Moustiers : "
            "émail stannifère et décors peints au pinceau."
        ),
        "products": [
            (
                "Assiette décor Bérain, 24 cm",
                D("68.00"),
                9,
                "Le décor de lambrequins en camaïeu bleu, inspiré du XVIIe siècle.",
            ),
            (
                "Tasse décor fleurs de pomme de terre",
                D("38.00"),
                15,
                "Le décor polychrome le plus célèbre de Moustiers.",
            ),
            (
                "Plat ovale décor grotesques",
                D("145.00"),
                2,
                "Personnages fantaisistes peints en vert et jaune, 40 cm.",
            ),
            (
                "Pot à épices décor oiseaux",
                D("42.00"),
                12,
                "Avec son couvercle, pour le sel ou les herbes de Provence.",
            ),
            (
                "Bougeoir décor étoile de Moustiers",
                D("35.00"),
                14,
                "L'étoile du village peinte en bleu sur fond blanc.",
            ),
            (
                "Sucrier décor camaïeu bleu",
                D("58.00"),
                6,
                "Un sucrier à anses et à couvercle, décor floral.",
            ),
            (
                "Coupelle décor cigale",
                D("24.00"),
                28,
                "Une petite coupelle pour les olives ou les bijoux.",
            ),
            (
                "Pot d'apothicaire",
                D("120.00"),
                3,
                "Une reproduction fidèle des pots des pharmacies d'autrefois.",
            ),
            (
                "Dessous de plat en faïence",
                D("32.00"),
                19,
                "Carreau de 20 cm sur liège, décor fleurs de pomme de terre.",
            ),
            (
                "Carreau mural décor étoile",
                D("28.00"),
                25,
                "Un carreau de 15 cm pour une crédence ou une salle de bains.",
            ),
        ],
    },
    {
        "code": "coutellerie-du-paillon",
        "name": "Coutellerie du Paillon",
        "metier": "Coutelier",
        "commune": "Nice",
        "sku_prefix": "CPN",
        "category": "Maison & déco > Arts de la table",
        "description": (
            "Coutelier forgeron dans le Vieux-Nice, Lucas Ricci forge ses lames en "
            "acier carbone et inoxydable et monte des manches en olivier, buis, "
            "genévrier et corne."
        ),
        "products": [
            (
                "Couteau de poche, manche en olivier",
                D("65.00"),
                15,
                "Lame de 8 cm en acier inoxydable, mitre en laiton.",
            ),
            (
                "Couteau de poche, manche en corne",
                D("78.00"),
                8,
                "Corne blonde et lame forgée en acier carbone.",
            ),
            (
                "Couteau d'office forgé, 10 cm",
                D("55.00"),
                12,
                "Pour éplucher et tailler, une lame fine et précise.",
            ),
            (
                "Couteau de cuisine, lame de 20 cm",
                D("120.00"),
                5,
                "Le couteau du chef, forgé d'une seule pièce.",
            ),
            (
                "Couteaux de table, manche en buis, lot de six",
                D("180.00"),
                4,
                "Six couteaux à lame crantée, manches en buis de Provence.",
            ),
            (
                "Tire-bouchon sommelier en genévrier",
                D("48.00"),
                10,
                "Double levier et manche en genévrier parfumé.",
            ),
            (
                "Couteau à fromage",
                D("42.00"),
                16,
                "Lame ajourée et pointe fourchue, manche en olivier.",
            ),
            (
                "Pierre à aiguiser naturelle",
                D("35.00"),
                20,
                "Pierre à eau double face pour entretenir le fil de ses lames.",
            ),
            (
                "Étui en cuir pour couteau de poche",
                D("22.00"),
                30,
                "Cuir tanné au végétal, cousu main.",
            ),
            (
                "Couteau à huîtres",
                D("38.00"),
                1,
                "Lame courte et garde protectrice, manche en olivier.",
            ),
        ],
    },
    {
        "code": "vannerie-de-cadenet",
        "name": "Vannerie de Cadenet",
        "metier": "Vannier",
        "commune": "Cadenet",
        "sku_prefix": "VDC",
        "category": "Maison & déco > Vannerie",
        "description": (
            "Cadenet, au bord de la Durance, fut le village des vanniers. Élise "
            "Martin y tresse l'osier qu'elle cultive elle-même et perpétue les "
            "formes des paniers provençaux."
        ),
        "products": [
            (
                "Panier de marché en osier",
                D("58.00"),
                12,
                "Le grand panier rond pour aller au marché, anses renforcées.",
            ),
            (
                "Corbeille à pain ronde",
                D("28.00"),
                20,
                "Tressée serrée en osier blanc, 25 cm de diamètre.",
            ),
            (
                "Panier à bouteilles",
                D("45.00"),
                9,
                "Six compartiments pour emporter le rosé au pique-nique.",
            ),
            (
                "Hotte de vendangeur",
                D("120.00"),
                2,
                "La hotte portée à dos pendant les vendanges, à bretelles de cuir.",
            ),
            (
                "Corbeille à linge",
                D("75.00"),
                6,
                "Grande corbeille ovale à deux poignées.",
            ),
            (
                "Panier à champignons",
                D("39.00"),
                10,
                "À claire-voie, pour que les spores retombent en forêt.",
            ),
            (
                "Dessous de plat tressé",
                D("15.00"),
                26,
                "Un dessous de plat rond en osier brut.",
            ),
            (
                "Panier à œufs",
                D("32.00"),
                11,
                "La forme traditionnelle, pour une douzaine d'œufs.",
            ),
            (
                "Suspension luminaire en rotin",
                D("95.00"),
                4,
                "Un abat-jour ajouré qui dessine des ombres sur les murs.",
            ),
            (
                "Couffin en osier",
                D("149.00"),
                3,
                "Couffin pour nouveau-né, garni d'un matelas en coton bio.",
            ),
        ],
    },
    {
        "code": "atelier-ines-martin",
        "name": "Atelier Inès Martin",
        "metier": "Bijoutier",
        "commune": "Forcalquier",
        "sku_prefix": "AIM",
        "category": "Bijoux & accessoires",
        "description": (
            "Bijoutière créatrice à Forcalquier, Inès Martin façonne l'argent "
            "recyclé et le laiton en bijoux inspirés de la Haute-Provence : "
            "olivier, lavande, cigale et ocres du Luberon."
        ),
        "products": [
            (
                "Boucles d'oreilles cigale en argent",
                D("45.00"),
                18,
                "Petites cigales ciselées en argent 925 recyclé.",
            ),
            (
                "Collier pendentif feuille d'olivier en argent",
                D("68.00"),
                10,
                "Une feuille d'olivier sur une chaîne fine de 45 cm.",
            ),
            (
                "Bague martelée en argent",
                D("55.00"),
                14,
                "Un anneau large martelé à la main, taille ajustable.",
            ),
            (
                "Bracelet jonc en laiton",
                D("39.00"),
                20,
                "Jonc ouvert en laiton brossé, vernis pour ne pas noircir.",
            ),
            (
                "Broche brin de lavande émaillée",
                D("32.00"),
                3,
                "Émail violet sur argent, pour une veste ou un chapeau de paille.",
            ),
            (
                "Pendentif croix de Provence",
                D("58.00"),
                7,
                "La croix provençale en argent, chaîne comprise.",
            ),
            (
                "Boucles d'oreilles aux ocres du Luberon",
                D("36.00"),
                12,
                "Résine teintée aux pigments d'ocre de Roussillon.",
            ),
            (
                "Bracelet cordon et perle d'argent",
                D("29.00"),
                25,
                "Cordon de coton ciré et perle d'argent, fermoir coulissant.",
            ),
            (
                "Chaîne de cheville en argent",
                D("34.00"),
                15,
                "Une chaîne fine pour les sandales d'été.",
            ),
            (
                "Jonc en or jaune 9 carats",
                D("240.00"),
                1,
                "Un jonc fin en or recyclé, à porter seul ou accumulé.",
            ),
        ],
    },
]

# The demo's accounts (username = e-mail); their password is
# ``settings.DEMO_PASSWORD``. ``partner`` links an artisan account to the
# partner (by code) whose shop it runs.
ACCOUNTS = [
    {
        "email": "consommateur@demo.fr",
        "first_name": "Claire",
        "last_name": "Moreau",
    },
    {
        "email": "artisan@demo.fr",
        "first_name": "Marius",
        "last_name": "Roux",
        "partner": "savonnerie-marius-roux",
    },
    {
        "email": "artisan2@demo.fr",
        "first_name": "Magali",
        "last_name": "Fabre",
        "partner": "santons-magali-fabre",
    },
    {
        "email": "artisan3@demo.fr",
        "first_name": "Jean-Pierre",
        "last_name": "Blanc",
        "partner": "atelier-du-garlaban",
    },
    {
        "email": "logistique@demo.fr",
        "first_name": "Karim",
        "last_name": "Benali",
        "groups": ["Logistique"],
    },
    {
        "email": "admin@demo.fr",
        "first_name": "Nathalie",
        "last_name": "Chabert",
        "is_staff": True,
        "is_superuser": True,
    },
    # The editorial team (cms.workflow): the editor writes pages and submits
    # them; the moderator, chamber staff, approves them.
    {
        "email": "editeur@demo.fr",
        "first_name": "Sophie",
        "last_name": "Giraud",
        "groups": ["Editors"],
    },
    {
        "email": "moderateur@demo.fr",
        "first_name": "Laurent",
        "last_name": "Martel",
        "is_staff": True,
        "groups": ["Moderators"],
    },
]
# Staff confirm each sign-in with an authenticator app: the demo staff's app
# has this known secret (hex; MFZH I2LT MFXH GLLE MVWW 6LLU N52H AIJB in
# base32, as apps take it). Demo data only.
DEMO_TOTP_KEY = "6172746973616e732d64656d6f2d746f74702121"

HOME_PAGE = {
    "introduction": (
        "Savons, santons, calissons, faïences et verre soufflé : les e-boutiques "
        "des artisans de Provence-Alpes-Côte d'Azur, réunies dans un seul panier."
    ),
    "body": [
        ("heading", {"text": "Consommez local", "size": "h2"}),
        (
            "paragraph",
            "<p>Derrière chaque objet, il y a un atelier près de chez vous. "
            "Commandez auprès de plusieurs artisans en une seule fois, puis faites-"
            "vous livrer, retirez votre commande à l'atelier ou dans un point "
            "relais. <b>Mon artisan enchante le quotidien</b> : la campagne de la "
            "Chambre de Métiers et de l'Artisanat pour les savoir-faire de la "
            "région.</p>",
        ),
        (
            "call_to_action",
            {
                "title": "Mon artisan enchante le quotidien",
                "text": "Plus de cent créations faites à la main, de Grasse à Avignon.",
                "link_label": "Découvrir le catalogue",
                "link_url": "/boutique/catalogue/",
            },
        ),
        ("latest_products", {"title": "Nouveautés des ateliers", "count": 8}),
    ],
}


# Where each demo commune is: postcode and the town centre's coordinates.
COMMUNES = {
    "Salon-de-Provence": ("13300", D("43.640200"), D("5.097200")),
    "Aubagne": ("13400", D("43.292800"), D("5.570800")),
    "Aix-en-Provence": ("13100", D("43.529700"), D("5.447400")),
    "Grasse": ("06130", D("43.658300"), D("6.923100")),
    "Biot": ("06410", D("43.628500"), D("7.095800")),
    "Marseille 6e": ("13006", D("43.287600"), D("5.381700")),
    "Toulon": ("83000", D("43.124200"), D("5.928000")),
    "Vallauris": ("06220", D("43.578000"), D("7.053000")),
    "Sault": ("84390", D("44.089900"), D("5.408900")),
    "Avignon": ("84000", D("43.949300"), D("4.805500")),
    "Moustiers-Sainte-Marie": ("04360", D("43.846100"), D("6.221400")),
    "Nice": ("06000", D("43.710200"), D("7.262000")),
    "Cadenet": ("84160", D("43.734500"), D("5.375300")),
    "Forcalquier": ("04300", D("43.959600"), D("5.780600")),
}

# Shop details by partner code: VAT regime, labels and opening hours. Food is
# taxed at 5.5 %, beer and crafts at 20 %; two small workshops are exempt.
SHOP_DETAILS = {
    "savonnerie-marius-roux": ("20", ["fait_main", "produit_en_provence"]),
    "santons-magali-fabre": ("20", ["artisan_art", "fait_main"]),
    "atelier-du-garlaban": ("franchise", ["fait_main"]),
    "calissons-laure-giraud": ("5.5", ["maitre_artisan", "produit_en_provence"]),
    "parfumerie-helene-castel": ("20", ["artisan_art", "epv"]),
    "verrerie-julien-bonnet": ("20", ["artisan_art", "maitre_artisan"]),
    "brasserie-de-la-plaine": ("20", ["bio"]),
    "ebenisterie-thomas-arnaud": ("20", ["maitre_artisan", "fait_main"]),
    "poterie-camille-ferrand": ("20", ["artisan_art", "fait_main"]),
    "nougaterie-du-ventoux": ("5.5", ["produit_en_provence"]),
    "chocolaterie-des-papes": ("5.5", ["maitre_artisan"]),
    "faiencerie-sophie-lambert": ("20", ["artisan_art", "epv"]),
    "coutellerie-du-paillon": ("20", ["fait_main"]),
    "vannerie-de-cadenet": ("franchise", ["fait_main", "produit_en_provence"]),
    "atelier-ines-martin": ("franchise", ["artisan_art", "fait_main"]),
}

OPENING_HOURS = "Du mardi au samedi, 9 h 30 – 12 h 30 et 14 h 30 – 18 h 30"


# Drive points in the towns, relay points (town halls, shops) in rural
# communes: (slug, kind, name, address, postcode, commune, lat, lon, access).
PICKUP_POINTS = [
    (
        "drive-marseille-prado",
        "drive",
        "Drive des artisans – Marseille Prado",
        "Parking du Prado, 12 avenue du Prado",
        "13006",
        "Marseille",
        D("43.282100"),
        D("5.384900"),
        "Entrée par la contre-allée, place 14 à 20.",
    ),
    (
        "drive-aix-jas-de-bouffan",
        "drive",
        "Drive des artisans – Aix Jas de Bouffan",
        "Rue Jean-Claude Izzo",
        "13090",
        "Aix-en-Provence",
        D("43.525000"),
        D("5.420800"),
        "Sous l'auvent vert, sonnez au guichet.",
    ),
    (
        "drive-toulon-mourillon",
        "drive",
        "Drive des artisans – Toulon Mourillon",
        "Place Émile Claude",
        "83000",
        "Toulon",
        D("43.111000"),
        D("5.944200"),
        "Côté marché couvert.",
    ),
    (
        "drive-nice-saint-roch",
        "drive",
        "Drive des artisans – Nice Saint-Roch",
        "Boulevard Pierre Sola",
        "06300",
        "Nice",
        D("43.713700"),
        D("7.285200"),
        "Quai de chargement B.",
    ),
    (
        "drive-avignon-courtine",
        "drive",
        "Drive des artisans – Avignon Courtine",
        "Avenue de la Gare TGV",
        "84000",
        "Avignon",
        D("43.921400"),
        D("4.786300"),
        "Face au parking P2.",
    ),
    (
        "relais-mairie-sault",
        "relay",
        "Relais – Mairie de Sault",
        "Place de l'Hôtel de Ville",
        "84390",
        "Sault",
        D("44.090000"),
        D("5.409000"),
        "Accueil de la mairie, aux heures d'ouverture.",
    ),
    (
        "relais-epicerie-cadenet",
        "relay",
        "Relais – Épicerie du Cours, Cadenet",
        "Cours Voltaire",
        "84160",
        "Cadenet",
        D("43.733900"),
        D("5.374000"),
        "Demandez le colis au comptoir.",
    ),
    (
        "relais-mairie-moustiers",
        "relay",
        "Relais – Mairie de Moustiers",
        "Place de la Mairie",
        "04360",
        "Moustiers-Sainte-Marie",
        D("43.846300"),
        D("6.221000"),
        "Bureau d'accueil, rez-de-chaussée.",
    ),
]

# Opening times by kind of point: (weekdays, start, end, slot minutes, capacity).
POINT_SCHEDULES = {
    "drive": ([1, 2, 3, 4, 5], "16:00", "19:00", 60, 8),
    "relay": ([2, 5], "10:00", "12:00", 60, 4),
    "workshop": ([1, 2, 3, 4, 5], "10:00", "12:00", 60, 3),
}

# Drive points run by the demo logistics account.
LOGISTICS_POINTS = [
    "drive-marseille-prado",
    "drive-aix-jas-de-bouffan",
    "drive-toulon-mourillon",
]

# Artisans who also hand over at their own workshop.
WORKSHOP_PICKUP = [
    "savonnerie-marius-roux",
    "santons-magali-fabre",
    "atelier-du-garlaban",
    "calissons-laure-giraud",
    "poterie-camille-ferrand",
    "verrerie-julien-bonnet",
]
# How many of the nearest drive/relay points each artisan serves.
POINTS_SERVED = 3

# The chamber's legal information on the legal pages (demo values; the SIRET
# is made up, with a valid check digit).
LEGAL_SETTINGS = {
    "publisher_name": (
        "Chambre de Métiers et de l'Artisanat de région Provence-Alpes-Côte d'Azur"
    ),
    "publisher_status": "Établissement public administratif de l'État",
    "publisher_address": "5 boulevard Pèbre\n13008 Marseille",
    "publisher_phone": "04 91 00 00 00",
    "contact_email": "contact@artisans-provence.fr",
    "publication_director": "Le président de la Chambre",
    "host_name": "OVH SAS",
    "host_address": "2 rue Kellermann\n59100 Roubaix",
    "dpo_contact": "dpo@artisans-provence.fr",
    "mediator_name": (
        "CM2C, Centre de la Médiation de la Consommation de Conciliateurs de Justice"
    ),
    "mediator_address": "49 rue de Ponthieu\n75008 Paris",
    "mediator_website": "https://www.cm2c.net",
}


# The demo consumer's orders (``orders.load_orders``), paid at pickup, by
# order number: each artisan's products (UPC, quantity), where they are
# collected (``"workshop"`` or a pickup point's slug; an artisan who does not
# serve it hands over at a drive point of the demo logistics account), how
# the customer pays there, and how far the part has gone.
DEMO_ORDERS = [
    {
        "number": "DEMO-0001",
        "parts": [
            {
                # Franchise en base: its invoice carries the 293 B mention.
                "artisan": "atelier-du-garlaban",
                "items": [("ADG-001", 1), ("ADG-003", 1)],
                "pickup": "workshop",
                "paid_by": "card",
            },
            {
                "artisan": "santons-magali-fabre",
                "items": [("SMF-001", 2), ("SMF-002", 1)],
                "pickup": "drive-marseille-prado",
                "paid_by": "cash",
            },
            {
                "artisan": "savonnerie-marius-roux",
                "items": [("SMR-001", 2), ("SMR-003", 3)],
                "pickup": "workshop",
                "paid_by": "card",
            },
        ],
        "status": "completed",
    },
    {
        "number": "DEMO-0002",
        "parts": [
            {
                "artisan": "savonnerie-marius-roux",
                "items": [("SMR-002", 2)],
                "pickup": "drive-aix-jas-de-bouffan",
                "paid_by": "cash",
            },
        ],
        # Checked in at the drive point: waiting for its customer.
        "status": "ready",
    },
]
# A refund made at pickup on a completed demo part: the santon maker's
# poissonnière, chipped, brought back to the drive and paid back in cash.
DEMO_PICKUP_REFUND = {
    "order": "DEMO-0001",
    "artisan": "santons-magali-fabre",
    "upc": "SMF-002",
    "method": "cash",
    "reason": "Santon ébréché au déballage, rapporté au drive et remboursé.",
}


# Approved reviews on a few products: the product page shows the average and
# the latest ones. (product title, reviewer, e-mail or None for the demo
# consumer's account, score, title, body)
REVIEWS = [
    (
        "Cube de savon de Marseille 72 % huile d'olive, 600 g",
        "Camille",
        None,
        5,
        "Le vrai savon de Marseille",
        "Il dure des mois et ne dessèche pas la peau. Retiré au drive en cinq minutes.",
    ),
    (
        "Cube de savon de Marseille 72 % huile d'olive, 600 g",
        "Hélène B.",
        "helene.b@example.fr",
        4,
        "Très bon, un peu gros",
        "Parfait pour le linge ; je le coupe en quatre pour la salle de bains.",
    ),
    (
        "Savon à la lavande de Haute-Provence, 100 g",
        "Marc",
        "marc.t@example.fr",
        5,
        "Une odeur de champ de lavande",
        "Un cadeau qui a fait plaisir, joliment emballé par l'atelier.",
    ),
]
