#!/usr/bin/env python
"""Search on a generated catalogue, backend by backend: latency and reindexing.

One run:

1. prepares the bench database exactly as ``bench.py`` does (PostgreSQL when
   one is usable, SQLite otherwise; a fresh copy of a migrated template) and
   generates a catalogue (``manage.py generate_catalogue``); the artisans get
   coordinates around their town so that distance searches mean something;
2. for Elasticsearch (when ``ELASTICSEARCH_URL`` is set): rebuilds the index
   under its own prefix (``<ELASTICSEARCH_INDEX_PREFIX or boutique>-bench``)
   and reports documents per second, then reindexes a slice of products the
   way the signal task does;
3. for each backend (``database`` always, ``elasticsearch`` when set up):
   runs each query of ``QUERIES`` (after a warm-up) and reports p50/p95 in
   milliseconds, and the cost of counting facets (the same query with and
   without them);
4. prints a markdown table and writes ``var/bench/search-results.json``.

It shares ``bench.py``'s database: run one bench at a time.

    .venv/bin/python deploy/bench/search_bench.py --products 2000 --artisans 50
"""

import argparse
import json
import os
import random
import statistics
import sys
import time
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import bench

REPO = Path(__file__).resolve().parent.parent.parent
RESULTS = bench.VAR / "search-results.json"

# Workshops are placed around these towns (the generator's communes).
TOWNS = {
    "Salon-de-Provence": (43.6403, 5.0970),
    "Aubagne": (43.2927, 5.5708),
    "Aix-en-Provence": (43.5297, 5.4474),
    "Grasse": (43.6584, 6.9225),
    "Biot": (43.6286, 7.0960),
    "Marseille": (43.2965, 5.3698),
    "Toulon": (43.1242, 5.9280),
    "Vallauris": (43.5788, 7.0541),
    "Avignon": (43.9493, 4.8055),
    "Nice": (43.7102, 7.2620),
    "Arles": (43.6766, 4.6278),
    "Apt": (43.8764, 5.3964),
    "Manosque": (43.8340, 5.7844),
    "Forcalquier": (43.9597, 5.7803),
    "Moustiers-Sainte-Marie": (43.8455, 6.2216),
    "Digne-les-Bains": (44.0925, 6.2356),
}
MARSEILLE = (43.2965, 5.3698)
SEARCH_BENCH_DB_NAME = "boutique_search_bench"


def queries():
    """(name, ProductQuery) of what consumers typically ask."""
    from search.backends.base import GeoPoint, ProductQuery

    near = GeoPoint(*MARSEILLE)
    return [
        ("savon", ProductQuery(text="savon")),
        ("santon", ProductQuery(text="santon")),
        ("cadeau (no match)", ProductQuery(text="cadeau")),
        ("a town: aubagne", ProductQuery(text="aubagne")),
        ("two words: savon lavande", ProductQuery(text="savon lavande")),
        ("savon, price-asc", ProductQuery(text="savon", sort="price-asc")),
        ("browse, newest", ProductQuery()),
        ("savon + facets", ProductQuery(text="savon", with_facets=True)),
        (
            "savon + facets, 2 selected",
            ProductQuery(
                text="savon",
                filters=(("metier", ("savonnier", "potier")), ("in_stock", ("1",))),
                with_facets=True,
            ),
        ),
        ("browse + facets", ProductQuery(with_facets=True)),
        ("near Marseille, by distance", ProductQuery(near=near, sort="distance")),
        (
            "santon within 30 km",
            ProductQuery(text="santon", near=near, max_km=30, sort="distance"),
        ),
    ]


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--products", type=int, default=50_000)
    parser.add_argument("--artisans", type=int, default=500)
    parser.add_argument(
        "--database",
        choices=["auto", "postgresql", "sqlite"],
        default="auto",
        help="auto: PostgreSQL when one is usable, SQLite otherwise",
    )
    parser.add_argument("--rounds", type=int, default=30, help="runs per query")
    parser.add_argument("--warmup", type=int, default=3, help="untimed runs first")
    parser.add_argument(
        "--seconds-per-query",
        type=float,
        default=20,
        help="fewer rounds for a query slower than this allows",
    )
    parser.add_argument("--page-size", type=int, default=24)
    parser.add_argument(
        "--reuse-database",
        action="store_true",
        help="keep the bench database of an earlier run when it already holds a "
        "generated catalogue (only migrated again), instead of a fresh copy",
    )
    parser.add_argument(
        "--database-name",
        default=SEARCH_BENCH_DB_NAME,
        help="PostgreSQL database (or SQLite file stem) of this bench; another "
        "name than the default also gets a template of its own",
    )
    parser.add_argument(
        "--rebuild-only",
        action="store_true",
        help="time the Elasticsearch rebuild and updates only, not the searches",
    )
    return parser.parse_args(argv)


def pick_database(choice, name=SEARCH_BENCH_DB_NAME):
    """``bench.py``'s choice of server, with a database (or SQLite file) of our
    own cloned from the same migrated template; a database named otherwise
    than the default gets its own template, so that benches run side by side
    do not migrate each other's."""
    bench.BENCH_DB_NAME = name
    if name != SEARCH_BENCH_DB_NAME:
        bench.BENCH_TEMPLATE_NAME = f"{name}_template"
    database = bench.pick_database(choice)
    if database.vendor == "sqlite":
        stem = "search-bench" if name == SEARCH_BENCH_DB_NAME else name
        database.path = bench.VAR / f"{stem}.sqlite3"
        database.url = f"sqlite:///{database.path}"
    return database


def generated_products(env):
    """Generated products already in the bench database, or None without one
    (no database, or no schema yet)."""
    code = (
        "from oscar.core.loading import get_model\n"
        "print('BENCH_PRODUCTS', get_model('catalogue', 'Product')"
        "._default_manager.filter(code__startswith='gen-').count())"
    )
    try:
        output = bench.manage(env, "shell", "--no-imports", "-c", code)
    except bench.BenchError:
        return None
    line = next(ln for ln in output.splitlines() if ln.startswith("BENCH_PRODUCTS "))
    return int(line.split()[1])


def prepared_database(database, args):
    """The environment of a migrated bench database holding the catalogue.

    With ``--reuse-database``, a database already holding a generated
    catalogue of ``--products`` is only migrated (new indexes apply);
    otherwise a fresh copy of the template gets a new catalogue.
    """
    if args.reuse_database:
        env = bench.server_environment(database.url)
        if generated_products(env) == args.products:
            bench.log(f"reusing {database} and its {args.products} products")
            bench.manage(env, "migrate", "--noinput")
            return env
    env = bench.prepare_database(database)
    output = bench.manage(
        env,
        "generate_catalogue",
        f"--products={args.products}",
        f"--artisans={args.artisans}",
    )
    bench.log(output.strip())
    return env


def setup_django(env):
    """Point this process at the bench database, with production settings."""
    os.environ.update(env)
    prefix = os.environ.get("ELASTICSEARCH_INDEX_PREFIX", "boutique")
    os.environ["ELASTICSEARCH_INDEX_PREFIX"] = f"{prefix}-bench"
    sys.path.insert(0, str(REPO))
    import django

    django.setup()


def place_workshops(seed=1):
    """Give every artisan coordinates a few km around their town."""
    from vendors.models import Vendor

    rng = random.Random(seed)
    vendors = list(Vendor.objects.all())
    for vendor in vendors:
        lat, lon = TOWNS.get(vendor.commune, MARSEILLE)
        vendor.latitude = Decimal(f"{lat + rng.uniform(-0.05, 0.05):.6f}")
        vendor.longitude = Decimal(f"{lon + rng.uniform(-0.05, 0.05):.6f}")
    Vendor.objects.bulk_update(vendors, ["latitude", "longitude"], batch_size=500)
    return len(vendors)


def percentile(samples, share):
    ordered = sorted(samples)
    index = min(len(ordered) - 1, round(share * (len(ordered) - 1)))
    return ordered[index]


def results_of(page):
    """Total results of a backend's answer (a ``SearchPage``, or ids)."""
    return page.total if hasattr(page, "total") else len(page)


def time_query(backend, query, args):
    """``(p50 ms, p95 ms, results, rounds)`` of one query, after a warm-up.

    A slow query gets fewer rounds, so that the whole run stays within
    about ``--seconds-per-query`` for it.
    """
    started = time.perf_counter()
    page = backend.search(query, 0, args.page_size)
    first_s = time.perf_counter() - started
    rounds = max(1, min(args.rounds, int(args.seconds_per_query / max(first_s, 1e-6))))
    for _ in range(args.warmup - 1 if rounds == args.rounds else 0):
        backend.search(query, 0, args.page_size)
    samples = []
    for _ in range(rounds):
        started = time.perf_counter()
        page = backend.search(query, 0, args.page_size)
        samples.append((time.perf_counter() - started) * 1000)
    return (
        percentile(samples, 0.5),
        percentile(samples, 0.95),
        results_of(page),
        rounds,
    )


def bench_queries(name, backend, args):
    rows = []
    for label, query in queries():
        try:
            p50, p95, total, rounds = time_query(backend, query, args)
        except Exception as exc:  # a backend may not answer every query yet
            bench.log(f"{name}: {label}: {exc.__class__.__name__}: {exc}")
            rows.append({"backend": name, "query": label, "error": str(exc)[:80]})
            continue
        bench.log(f"{name}: {label}: p50 {p50:.1f} ms ({rounds} rounds)")
        rows.append(
            {
                "backend": name,
                "query": label,
                "p50_ms": p50,
                "p95_ms": p95,
                "results": total,
                "rounds": rounds,
            }
        )
    return rows


def facet_cost(rows):
    """Extra p50 of counting facets: the same words with and without."""
    by_query = {(r["backend"], r["query"]): r for r in rows if "p50_ms" in r}
    costs = {}
    for backend in {r["backend"] for r in rows}:
        pairs = [("savon", "savon + facets"), ("browse, newest", "browse + facets")]
        extra = [
            by_query[(backend, with_)]["p50_ms"]
            - by_query[(backend, without)]["p50_ms"]
            for without, with_ in pairs
            if (backend, with_) in by_query and (backend, without) in by_query
        ]
        if extra:
            costs[backend] = statistics.mean(extra)
    return costs


def bench_reindexing(backend, args):
    """Documents per second of a full rebuild and of signal-style updates."""
    from search.documents import indexable_product_ids

    product_count = indexable_product_ids().count()
    started = time.perf_counter()
    backend.rebuild()
    rebuild_s = time.perf_counter() - started

    ids = list(indexable_product_ids()[: min(2000, product_count)])
    started = time.perf_counter()
    for start in range(0, len(ids), 100):  # as the task gets them: small batches
        backend.index_products(ids[start : start + 100])
    update_s = time.perf_counter() - started
    backend.refresh()
    return {
        "products": product_count,
        "rebuild_s": rebuild_s,
        "rebuild_docs_per_s": product_count / rebuild_s if rebuild_s else None,
        "updated": len(ids),
        "update_docs_per_s": len(ids) / update_s if update_s else None,
    }


def table(rows, facets, reindex):
    lines = [
        "| backend | query | p50 ms | p95 ms | results | rounds |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for row in rows:
        if "error" in row:
            lines.append(
                f"| {row['backend']} | {row['query']} | error: {row['error']} | | | |"
            )
        else:
            lines.append(
                f"| {row['backend']} | {row['query']} | {row['p50_ms']:.1f} | "
                f"{row['p95_ms']:.1f} | {row['results']} | {row['rounds']} |"
            )
    lines.append("")
    lines.append("| backend | facet counting, extra p50 ms |")
    lines.append("|---|---:|")
    for backend, cost in sorted(facets.items()):
        lines.append(f"| {backend} | {cost:.1f} |")
    if reindex:
        lines += [
            "",
            "| elasticsearch indexing | documents | seconds | docs/s |",
            "|---|---:|---:|---:|",
            f"| full rebuild (products + artisans) | {reindex['products']} | "
            f"{reindex['rebuild_s']:.1f} | {reindex['rebuild_docs_per_s']:.0f} |",
            f"| updates in batches of 100 | {reindex['updated']} | "
            f"{reindex['updated'] / reindex['update_docs_per_s']:.1f} | "
            f"{reindex['update_docs_per_s']:.0f} |",
        ]
    return "\n".join(lines)


def main(argv=None):
    args = parse_args(argv)
    started = time.monotonic()
    bench.VAR.mkdir(parents=True, exist_ok=True)
    database = pick_database(args.database, args.database_name)
    env = prepared_database(database, args)
    setup_django(env)
    bench.log(f"placed {place_workshops()} workshops around their towns")

    from search.backends import get_search_backend

    backends = {"database": get_search_backend("database")}
    reindex = None
    if os.environ.get("ELASTICSEARCH_URL"):
        backends["elasticsearch"] = get_search_backend("elasticsearch")
        bench.log("elasticsearch: rebuilding the bench index")
        reindex = bench_reindexing(backends["elasticsearch"], args)
    else:
        bench.log("ELASTICSEARCH_URL is not set: database backend only")

    rows = []
    searched = {} if args.rebuild_only else backends
    for name, backend in searched.items():
        bench.log(f"{name}: {len(queries())} queries x {args.rounds} rounds")
        rows += bench_queries(name, backend, args)
    facets = facet_cost(rows)
    if "elasticsearch" in backends:
        backends["elasticsearch"].delete_indices()

    RESULTS.write_text(
        json.dumps(
            {
                "date": datetime.now(UTC).isoformat(timespec="seconds"),
                "database": {"vendor": database.vendor, "url": str(database)},
                "catalogue": {"products": args.products, "artisans": args.artisans},
                "rounds": args.rounds,
                "queries": rows,
                "facet_cost_ms": facets,
                "elasticsearch_indexing": reindex,
            },
            indent=2,
        )
        + "\n"
    )
    print()
    print(
        f"{database.vendor}, {args.products} products / {args.artisans} artisans, "
        f"{args.rounds} rounds per query, page of {args.page_size}, "
        f"{os.cpu_count()} CPUs, {time.monotonic() - started:.0f}s in all"
    )
    print(table(rows, facets, reindex))
    print(f"\n{RESULTS}")


if __name__ == "__main__":
    try:
        main()
    except bench.BenchError as exc:
        print(f"search bench failed: {exc}", file=sys.stderr)
        sys.exit(1)
