"""What the search commands share: picking a backend that keeps an index."""

from django.conf import settings

from search.backends import BACKENDS, get_search_backend


def add_backend_argument(parser):
    parser.add_argument(
        "--backend",
        choices=sorted(BACKENDS),
        help="Search backend to work on (default: settings.SEARCH_BACKEND).",
    )


def indexed_backend(command, name):
    """The named (or configured) backend, or None after saying politely that
    it keeps no index (the ``database`` backend reads the tables)."""
    name = name or settings.SEARCH_BACKEND
    backend = get_search_backend(name)
    if not getattr(backend, "keeps_index", False):
        command.stdout.write(
            f"The {name!r} search backend reads the tables directly: it has no "
            "index to rebuild or check. Use --backend elasticsearch to work on "
            "the Elasticsearch index anyway."
        )
        return None
    return backend
