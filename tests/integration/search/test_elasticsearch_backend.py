"""The ``elasticsearch`` search backend against a real node: French words,
typos, hostile input, distances, facets, and an index that stays true."""

from decimal import Decimal as D

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from oscar.apps.catalogue.categories import create_from_breadcrumbs
from oscar.core.loading import get_model

from search.backends.base import GeoPoint, ProductQuery, SearchUnavailable
from search.indexing import PendingUpdate
from tests.factories import VendorFactory, create_artisan_product
from vendors.models import VendorStatus

pytestmark = [pytest.mark.service("elasticsearch"), pytest.mark.django_db]

Product = get_model("catalogue", "Product")
ProductCategory = get_model("catalogue", "ProductCategory")
StockRecord = get_model("partner", "StockRecord")

MARSEILLE = GeoPoint(43.2965, 5.3698)


def found(backend, text="", **query):
    """Ids of the products a consumer finds for ``text`` (first 50)."""
    return backend.search(ProductQuery(text=text, **query), 0, 50).product_ids


def indexed(backend, *products):
    """Load ``products`` (and everything else) as a deployment does."""
    backend.rebuild()
    return products


# Rebuilding without downtime.


def test_rebuild_points_the_alias_at_a_new_index_and_drops_the_old_one(
    search_backend,
):
    savon = create_artisan_product(title="Savon au lait d'ânesse")
    search_backend.rebuild()
    first_index = search_backend.concrete_indices("products")
    santon = create_artisan_product(title="Santon du berger")

    search_backend.rebuild()

    second_index = search_backend.concrete_indices("products")
    assert len(first_index) == len(second_index) == 1
    assert second_index != first_index
    aliased = search_backend.client.indices.get_alias(
        name=search_backend.alias("products")
    )
    assert list(aliased) == second_index
    assert found(search_backend, "santon") == [santon.pk]
    assert found(search_backend, "savon") == [savon.pk]


def test_searches_answer_from_the_old_index_until_the_rebuild_switches(
    search_backend,
):
    old = create_artisan_product(title="Bol émaillé bleu")
    search_backend.rebuild()
    new = create_artisan_product(title="Bol en grès")
    seen_while_loading = []

    def search_meanwhile(kind, done, total):
        if kind == "products":
            seen_while_loading.append(sorted(found(search_backend, "bol")))

    search_backend.rebuild(progress=search_meanwhile)

    # Every search during the load answered, from the old index.
    assert seen_while_loading
    assert all(ids == [old.pk] for ids in seen_while_loading)
    assert sorted(found(search_backend, "bol")) == sorted([old.pk, new.pk])


def test_live_updates_during_a_rebuild_reach_the_new_index(search_backend):
    search_backend.rebuild()
    carafe = create_artisan_product(title="Carafe soufflée")

    def update_while_loading(kind, done, total):
        if kind == "products" and done == 0:
            # Neither loaded yet nor in the old index: the live update must
            # land in both indices.
            StockRecord._default_manager.filter(product=carafe).update(price=D("44"))
            search_backend.index_products([carafe.pk])

    search_backend.rebuild(progress=update_while_loading)

    assert found(search_backend, "carafe", filters=(("price", ("25-50",)),)) == [
        carafe.pk
    ]


# Checking the index against the tables.


def test_check_reports_a_product_changed_behind_the_index_until_reindexed(
    search_backend,
):
    product = create_artisan_product(title="Nougat noir", price="9.00")
    hidden = create_artisan_product(title="Nougat blanc")
    search_backend.rebuild()
    assert search_backend.check().clean

    # Queryset updates send no signal: the index cannot know.
    StockRecord._default_manager.filter(product=product).update(price=D("12.50"))
    Product._default_manager.filter(pk=hidden.pk).update(is_public=False)
    report = search_backend.check()

    assert not report.clean
    assert report.stale["products"] == [product.pk]
    assert report.extra["products"] == [hidden.pk]
    assert report.missing["products"] == []

    search_backend.index_products([product.pk, hidden.pk])
    search_backend.refresh()

    assert search_backend.check().clean
    assert found(search_backend, "nougat") == [product.pk]


def test_search_check_command_exits_non_zero_when_the_index_differs(
    search_backend, capsys
):
    product = create_artisan_product(title="Calissons d'Aix")
    search_backend.rebuild()
    StockRecord._default_manager.filter(product=product).update(num_in_stock=0)

    with pytest.raises(CommandError) as error:
        call_command("search_check")

    assert error.value.returncode == 1
    assert f"1 products outdated in the index: {product.pk}" in capsys.readouterr().out


def test_search_rebuild_command_loads_the_index_with_a_progress_bar(
    search_backend, capsys
):
    products = [create_artisan_product(title=f"Pichet {n}") for n in range(3)]

    call_command("search_rebuild", batch_size=2)

    output = capsys.readouterr().out
    assert "products  [" in output
    assert "3/3" in output
    assert sorted(found(search_backend, "pichet")) == sorted(p.pk for p in products)
    call_command("search_check")  # clean: no CommandError


def test_search_commands_refuse_politely_with_the_database_backend(settings, capsys):
    settings.SEARCH_BACKEND = "database"

    call_command("search_rebuild")
    call_command("search_check")

    assert capsys.readouterr().out.count("has no index") == 2


# Keeping the index true through signals, tasks and commits.


def test_saved_products_are_indexed_once_their_transaction_commits(
    search_backend, django_capture_on_commit_callbacks
):
    search_backend.rebuild()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        first = create_artisan_product(title="Crèche provençale")
        second = create_artisan_product(title="Crèche en bois")
        first.title = "Crèche provençale complète"
        first.save()
    search_backend.refresh()

    # One task for the whole transaction, however many saves.
    queued = [
        cb for cb in callbacks if getattr(cb, "__func__", None) is PendingUpdate.queue
    ]
    assert len(queued) == 1
    assert sorted(found(search_backend, "crèche")) == sorted([first.pk, second.pk])
    assert found(search_backend, "complète") == [first.pk]


def test_an_uncommitted_change_is_not_indexed(search_backend):
    search_backend.rebuild()

    # The test's transaction never commits: nothing reaches the index.
    create_artisan_product(title="Lampe en verre")
    search_backend.refresh()

    assert found(search_backend, "lampe") == []


def test_a_price_change_on_the_stock_record_reaches_the_index(
    search_backend, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        product = create_artisan_product(title="Plateau en olivier", price="30")
    search_backend.refresh()
    assert found(search_backend, "plateau", sort="price-asc") == [product.pk]

    with django_capture_on_commit_callbacks(execute=True):
        offer = product.stockrecords.get()
        offer.price = D("150")
        offer.save()
    search_backend.refresh()

    assert found(search_backend, "plateau", filters=(("price", ("100+",)),)) == [
        product.pk
    ]


def test_suspending_an_artisan_removes_their_products_from_results(
    search_backend, django_capture_on_commit_callbacks
):
    # Committed (and so indexed through the signals) before the change.
    with django_capture_on_commit_callbacks(execute=True):
        vendor = VendorFactory(metier="Santonnier")
        santon = create_artisan_product(vendor, title="Santon boumian")
        other = create_artisan_product(title="Santon pêcheur")
    search_backend.refresh()
    assert sorted(found(search_backend, "santon")) == sorted([santon.pk, other.pk])

    with django_capture_on_commit_callbacks(execute=True):
        vendor.status = VendorStatus.SUSPENDED
        vendor.save()
    search_backend.refresh()

    assert found(search_backend, "santon") == [other.pk]
    assert vendor.pk not in search_backend.search_artisans("santonnier")


def test_an_artisan_back_from_vacation_is_found_again(
    search_backend, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        vendor = VendorFactory(vacation_mode=True)
        product = create_artisan_product(vendor, title="Bougie parfumée")
    search_backend.refresh()
    assert found(search_backend, "bougie") == []

    with django_capture_on_commit_callbacks(execute=True):
        vendor.vacation_mode = False
        vendor.save()
    search_backend.refresh()

    assert found(search_backend, "bougie") == [product.pk]


# French words and typos.


@pytest.mark.parametrize(
    ("title", "typed"),
    [
        ("Poteries d'Aubagne", "poterie"),  # plural
        ("Café torréfié au feu de bois", "cafe"),  # accents
        ("Huile d'olive vierge extra", "l'huile"),  # elision in the query
        ("L'écharpe en laine", "echarpe"),  # elision in the title
        ("SAVON À L'ARGILE", "savon argile"),  # case, stop words
        ("Santons de Provence", "santon"),
        ("Savon de Marseille", "savn"),  # a letter missing
        ("Santons de Provence", "snatons"),  # two letters swapped
    ],
)
def test_french_words_and_typos_find_the_product(search_backend, title, typed):
    product = create_artisan_product(title=title)
    create_artisan_product(title="Bière ambrée")
    search_backend.rebuild()

    assert found(search_backend, typed) == [product.pk]


def test_every_word_must_match_in_one_field_or_another(search_backend):
    aubagne = VendorFactory(commune="Aubagne", metier="Potier")
    biot = VendorFactory(commune="Biot", metier="Potier")
    in_aubagne = create_artisan_product(aubagne, title="Bol en terre")
    create_artisan_product(biot, title="Bol en terre")
    search_backend.rebuild()

    assert found(search_backend, "bol aubagne") == [in_aubagne.pk]
    assert found(search_backend, "bol potier aubagne") == [in_aubagne.pk]
    assert found(search_backend, "bol grasse") == []


@pytest.mark.parametrize(
    "text",
    [
        '"savon',
        "savon)",
        "((savon AND OR NOT",
        "savon~2^5",
        "*",
        "?",
        "\\",
        "/sav.*/",
        '{"query": {"match_all": {}}}',
        "savon " * 500,
        "x" * 10_000,
        "\x00savon\x00",
        "l'",
        "de la",
        "🧼 savon",
    ],
)
def test_hostile_or_odd_queries_never_raise(search_backend, text):
    product = create_artisan_product(title="Savon à l'huile d'olive")
    search_backend.rebuild()

    page = search_backend.search(ProductQuery(text=text, with_facets=True), 0, 10)
    count = search_backend.count(ProductQuery(text=text))
    search_backend.autocomplete(text)
    search_backend.search_artisans(text)

    assert page.total == count
    if "savon" in text and "x" not in text:
        assert product.pk in page.product_ids


# Distances.


def test_distance_sort_is_nearest_first_with_distances_in_km(search_backend):
    def product_in(commune, lat, lon, title):
        vendor = VendorFactory(commune=commune, latitude=lat, longitude=lon)
        return create_artisan_product(vendor, title=title)

    avignon = product_in("Avignon", D("43.9493"), D("4.8055"), "Savon d'Avignon")
    aubagne = product_in("Aubagne", D("43.2927"), D("5.5708"), "Savon d'Aubagne")
    aix = product_in("Aix-en-Provence", D("43.5297"), D("5.4474"), "Savon d'Aix")
    nowhere = create_artisan_product(title="Savon sans adresse")
    search_backend.rebuild()

    page = search_backend.search(
        ProductQuery(text="savon", near=MARSEILLE, sort="distance"), 0, 10
    )

    assert page.product_ids == [aubagne.pk, aix.pk, avignon.pk, nowhere.pk]
    assert page.distances[aubagne.pk] == pytest.approx(16.27, abs=0.05)
    assert page.distances[aix.pk] == pytest.approx(26.68, abs=0.05)
    assert page.distances[avignon.pk] == pytest.approx(85.63, abs=0.05)
    assert nowhere.pk not in page.distances

    within_30 = search_backend.search(
        ProductQuery(near=MARSEILLE, max_km=30, sort="price-asc"), 0, 10
    )
    assert sorted(within_30.product_ids) == sorted([aubagne.pk, aix.pk])
    assert set(within_30.distances) == {aubagne.pk, aix.pk}


def test_artisans_nearest_first(search_backend):
    far = VendorFactory(latitude=D("43.9493"), longitude=D("4.8055"))
    near = VendorFactory(latitude=D("43.2927"), longitude=D("5.5708"))
    unlocated = VendorFactory()
    search_backend.rebuild()

    assert search_backend.search_artisans(near=MARSEILLE) == [
        near.pk,
        far.pk,
        unlocated.pk,
    ]


# Narrowing and order.


def test_facet_counts_ignore_their_own_selection_and_apply_the_others(
    search_backend,
):
    potier = VendorFactory(metier="Potier", commune="Aubagne")
    verrier = VendorFactory(metier="Verrier", commune="Biot")
    verrier_aubagne = VendorFactory(metier="Verrier", commune="Aubagne")
    bowl = create_artisan_product(potier, title="Bol", price="20")
    create_artisan_product(verrier, title="Verre", price="30")
    glass = create_artisan_product(verrier_aubagne, title="Carafe", price="60")
    search_backend.rebuild()

    page = search_backend.search(
        ProductQuery(
            filters=(("metier", ("Potier", "Verrier")), ("commune", ("Aubagne",))),
            with_facets=True,
        ),
        0,
        10,
    )

    assert sorted(page.product_ids) == sorted([bowl.pk, glass.pk])
    assert page.total == 2
    # Crafts counted in Aubagne only; towns counted for both crafts.
    assert page.facets["metier"] == {"Potier": 1, "Verrier": 1}
    assert page.facets["commune"] == {"Aubagne": 2, "Biot": 1}
    assert page.facets["price"] == {"10-25": 1, "50-100": 1}
    assert page.facets["in_stock"] == {"1": 2}
    assert page.facets["fulfilment"] == {"delivery": 2}


def test_category_page_and_category_facet(search_backend):
    ceramics = create_from_breadcrumbs("Céramique")
    bowls = create_from_breadcrumbs("Céramique > Bols")
    bowl = create_artisan_product(title="Bol à café")
    plate = create_artisan_product(title="Assiette")
    create_artisan_product(title="Savon")
    ProductCategory.objects.create(product=bowl, category=bowls)
    ProductCategory.objects.create(product=plate, category=ceramics)
    search_backend.rebuild()

    page = search_backend.search(
        ProductQuery(category_ids=(ceramics.pk, bowls.pk), with_facets=True), 0, 10
    )

    assert sorted(page.product_ids) == sorted([bowl.pk, plate.pk])
    assert page.facets["category"] == {str(ceramics.pk): 1, str(bowls.pk): 1}
    assert found(search_backend, "ceramique") == [plate.pk]


def test_price_sorts_break_ties_by_descending_id(search_backend):
    cheap = create_artisan_product(title="Bol", price="5")
    same_a = create_artisan_product(title="Bol", price="10")
    same_b = create_artisan_product(title="Bol", price="10")
    search_backend.rebuild()

    assert found(search_backend, sort="price-asc") == [cheap.pk, same_b.pk, same_a.pk]
    assert found(search_backend, sort="price-desc") == [same_b.pk, same_a.pk, cheap.pk]


def test_autocomplete_suggests_products_artisans_and_categories(search_backend):
    pottery = create_from_breadcrumbs("Poterie")
    vendor = VendorFactory(partner__name="Atelier Potier Fabre", metier="Potier")
    product = create_artisan_product(vendor, title="Pot à miel")
    ProductCategory.objects.create(product=product, category=pottery)
    search_backend.rebuild()

    suggestions = search_backend.autocomplete("pot")

    assert [(s.kind, s.label) for s in suggestions] == [
        ("product", "Pot à miel"),
        ("artisan", "Atelier Potier Fabre"),
        ("category", "Poterie"),
    ]
    assert suggestions[0].url == product.get_absolute_url()


# When Elasticsearch is away.


def test_an_unreachable_node_raises_search_unavailable(settings):
    from search.backends.elasticsearch import ElasticsearchSearchBackend

    # Nothing listens on port 1: connections are refused at once.
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:1"
    backend = ElasticsearchSearchBackend()

    with pytest.raises(SearchUnavailable):
        backend.ping()
    with pytest.raises(SearchUnavailable):
        backend.search(ProductQuery(text="savon"), 0, 10)
