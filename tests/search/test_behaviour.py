"""What consumers get from search, the same on every backend (see
``search/backends/base.py`` for the rules)."""

import pytest

from search.backends.base import ProductQuery
from vendors.models import VendorStatus

from .conftest import MARSEILLE


def found(backend, **query):
    page = backend.search(ProductQuery(**query), 0, 50)
    assert page.total == len(page.product_ids)
    return page


def ids(backend, **query):
    return set(found(backend, **query).product_ids)


def test_words_find_the_artisans_products_only_when_they_are_for_sale(
    backend, catalogue
):
    assert ids(backend, text="savon") == catalogue.ids(
        "savon_marseille", "savon_anesse", "coffret_savons"
    )


@pytest.mark.parametrize(
    "text, expected",
    [
        ("poterie", {"assiette"}),  # "Poteries": the plural does not matter
        ("POTERIES", {"assiette"}),
        ("cafe", {"bol_cafe"}),  # accents are folded
        ("crèche", {"creche"}),
        ("creche", {"creche"}),
        ("huile", {"savon_marseille"}),  # "l'huile": the elision is dropped
        ("émail", {"assiette"}),  # the description counts
    ],
)
def test_french_words_match_however_they_are_written(
    backend, catalogue, text, expected
):
    assert ids(backend, text=text) == catalogue.ids(*expected)


def test_every_word_must_match_somewhere_among_text_artisan_and_category(
    backend, catalogue
):
    # "aubagne" is the santonnier's commune, "santons" in the titles.
    assert ids(backend, text="santons aubagne") == catalogue.ids(
        "santon_berger", "creche", "coffret_santons"
    )
    # The artisan's name, craft and the category name are searchable.
    assert ids(backend, text="ferrari") == catalogue.ids(
        "santon_berger", "creche", "coffret_santons"
    )
    assert ids(backend, text="potier") == catalogue.ids("assiette", "bol_cafe")
    assert ids(backend, text="faiences") == catalogue.ids("assiette", "bol_cafe")
    assert ids(backend, text="cadeau santons") == catalogue.ids("coffret_santons")
    assert ids(backend, text="savon aubagne") == set()


@pytest.mark.parametrize(
    "text",
    [
        '"',
        '"savon',
        "savon AND (OR NOT",
        "((((",
        "*",
        "~1 ^2 -+ :/ \\",
        "savon" * 2000,
        "a b c d e f g h i j k l m n o p",
        "\x00savon",
        "🧼",
    ],
)
def test_hostile_query_strings_never_raise(backend, catalogue, text):
    page = backend.search(ProductQuery(text=text, with_facets=True), 0, 20)
    assert page.total == len(page.product_ids) <= len(catalogue.products)
    assert backend.count(ProductQuery(text=text)) == page.total


@pytest.mark.parametrize("text", ['"savon', "savon AND", "savon^2 OR", "NOT savon~1"])
def test_quotes_and_operators_are_not_words_to_look_for(backend, catalogue, text):
    assert ids(backend, text=text) == catalogue.ids(
        "savon_marseille", "savon_anesse", "coffret_savons"
    )


def test_facet_counts_for_everything_for_sale(backend, catalogue):
    facets = found(backend, with_facets=True).facets
    assert facets["metier"] == {"Savonnier": 3, "Santonnier": 3, "Potier": 2}
    assert facets["commune"] == {
        "Marseille": 3,
        "Aubagne": 3,
        "Moustiers-Sainte-Marie": 2,
    }
    assert facets["fulfilment"] == {
        "delivery": 5,
        "drive": 3,
        "workshop": 3,
        "relay": 2,
    }
    assert facets["price"] == {"0-10": 2, "10-25": 2, "25-50": 3, "100+": 1}
    assert facets["in_stock"] == {"1": 7}
    assert facets["label"] == {
        "fait_main": 3,
        "produit_en_provence": 3,
        "artisan_art": 3,
        "maitre_artisan": 2,
    }
    c = catalogue.categories
    assert facets["category"] == {
        str(c["savons"].pk): 2,
        str(c["coffrets"].pk): 2,
        str(c["santons"].pk): 2,
        str(c["faiences"].pk): 2,
    }


def test_selecting_facets_narrows_and_each_facet_counts_without_its_own_filter(
    backend, catalogue
):
    page = found(
        backend,
        text="cadeau",
        filters=(("commune", ("Marseille",)),),
        with_facets=True,
    )
    assert set(page.product_ids) == catalogue.ids("coffret_savons")
    # The commune facet still offers Aubagne, with what choosing it would give.
    assert page.facets["commune"] == {"Marseille": 1, "Aubagne": 1}
    # Other facets count within Marseille.
    assert page.facets["metier"] == {"Savonnier": 1}
    assert page.facets["price"] == {"25-50": 1}

    # Two communes are alternatives; a second facet narrows.
    both = found(
        backend,
        text="cadeau",
        filters=(("commune", ("Marseille", "Aubagne")), ("price", ("25-50",))),
        with_facets=True,
    )
    assert set(both.product_ids) == catalogue.ids("coffret_savons", "coffret_santons")
    assert both.facets["price"] == {"25-50": 2}


def test_fulfilment_label_price_and_stock_filters(backend, catalogue):
    assert ids(backend, filters=(("fulfilment", ("drive",)),)) == catalogue.ids(
        "savon_marseille", "savon_anesse", "coffret_savons"
    )
    assert ids(
        backend, text="savon", filters=(("fulfilment", ("drive",)),)
    ) == catalogue.ids("savon_marseille", "savon_anesse", "coffret_savons")
    assert ids(backend, filters=(("fulfilment", ("workshop", "relay")),)) == (
        catalogue.ids(
            "santon_berger", "creche", "coffret_santons", "assiette", "bol_cafe"
        )
    )
    assert ids(backend, filters=(("label", ("maitre_artisan",)),)) == (
        catalogue.ids("assiette", "bol_cafe")
    )
    assert ids(backend, filters=(("price", ("100+",)),)) == catalogue.ids("creche")
    assert ids(backend, text="savon", filters=(("in_stock", ("1",)),)) == catalogue.ids(
        "savon_marseille", "coffret_savons"
    )
    category = catalogue.categories["coffrets"]
    assert ids(backend, filters=(("category", (str(category.pk),)),)) == (
        catalogue.ids("coffret_savons", "coffret_santons")
    )


def test_a_category_page_lists_its_products(backend, catalogue):
    santons = catalogue.categories["santons"]
    parent = santons.get_parent()
    assert ids(backend, category_ids=(santons.pk,)) == catalogue.ids(
        "santon_berger", "creche"
    )
    assert ids(backend, category_ids=(parent.pk, santons.pk)) == catalogue.ids(
        "santon_berger", "creche"
    )


def ordered(backend, **query):
    return found(backend, **query).product_ids


def test_sorts(backend, catalogue):
    p = catalogue.products
    by_price = ordered(backend, text="santons", sort="price-asc")
    assert by_price == [p["santon_berger"].pk, p["coffret_santons"].pk, p["creche"].pk]
    assert ordered(backend, text="santons", sort="price-desc") == by_price[::-1]
    newest = ordered(backend, sort="newest")
    assert newest[0] == p["bol_cafe"].pk  # created last among those for sale
    assert newest == sorted(newest, reverse=True)  # created in id order here
    titles = ordered(backend, text="santons", sort="title-asc")
    assert titles == [p["coffret_santons"].pk, p["creche"].pk, p["santon_berger"].pk]


def test_relevance_puts_title_matches_first(backend, catalogue):
    # The bowl's description mentions the plate; the plate has it in its title.
    assert ordered(backend, text="assiette", sort="relevance") == [
        catalogue.products["assiette"].pk,
        catalogue.products["bol_cafe"].pk,
    ]


def test_distance_from_marseille_puts_the_nearest_first_with_distances(
    backend, catalogue
):
    page = found(backend, sort="distance", near=MARSEILLE)
    p = catalogue.products
    marseille = catalogue.ids("savon_marseille", "savon_anesse", "coffret_savons")
    aubagne = catalogue.ids("santon_berger", "creche", "coffret_santons")
    assert set(page.product_ids[:3]) == marseille
    assert set(page.product_ids[3:6]) == aubagne
    assert set(page.product_ids[6:]) == catalogue.ids("assiette", "bol_cafe")
    assert page.distances[p["savon_marseille"].pk] == pytest.approx(0, abs=0.5)
    assert page.distances[p["creche"].pk] == pytest.approx(16.3, abs=1.5)
    assert page.distances[p["assiette"].pk] == pytest.approx(86, abs=6)


def test_max_km_keeps_what_is_near(backend, catalogue):
    assert ids(
        backend, text="cadeau", near=MARSEILLE, max_km=25, sort="distance"
    ) == catalogue.ids("coffret_savons", "coffret_santons")
    assert ids(backend, near=MARSEILLE, max_km=5) == catalogue.ids(
        "savon_marseille", "savon_anesse", "coffret_savons"
    )


def test_pages_are_stable_slices_of_one_order(backend, catalogue):
    query = ProductQuery(sort="price-asc")
    whole = backend.search(query, 0, 50).product_ids
    pages = [backend.search(query, start, 3) for start in (0, 3, 6)]
    assert [pk for page in pages for pk in page.product_ids] == whole
    assert all(page.total == 8 for page in pages)


def test_autocomplete_suggests_products_artisans_and_categories(backend, catalogue):
    suggestions = backend.autocomplete("sav")
    kinds = {(s.kind, s.label) for s in suggestions}
    assert ("artisan", "Savonnerie du Vieux Port") in kinds
    assert ("category", "Savons") in kinds
    assert ("product", "Savon de Marseille à l'huile d'olive") in kinds
    assert not {label for kind, label in kinds if "interdit" in label}
    product = next(s for s in suggestions if s.kind == "product")
    assert product.url.startswith("/boutique/catalogue/")
    assert backend.autocomplete("") == []
    assert backend.autocomplete('"(') == []


def test_artisans_for_the_directory(backend, catalogue):
    v = catalogue.vendors
    assert backend.search_artisans("aubagne") == [v["santonnier"].pk]
    assert backend.search_artisans("santonnier") == [v["santonnier"].pk]
    nearest = backend.search_artisans("", near=MARSEILLE)
    # A shop on vacation is still in the directory; a suspended one is not.
    assert nearest == [
        v["savonnerie"].pk,
        v["resting"].pk,
        v["santonnier"].pk,
        v["potier"].pk,
    ]


def test_suspending_an_artisan_removes_their_products(backend, catalogue):
    santonnier = catalogue.vendors["santonnier"]
    santonnier.status = VendorStatus.SUSPENDED
    santonnier.save()
    backend.index_vendors([santonnier.pk])
    backend.refresh()
    assert ids(backend, text="santons") == set()
    assert "Aubagne" not in found(backend, with_facets=True).facets["commune"]
