"""French full-text search on PostgreSQL for the ``database`` search backend.

- the ``unaccent`` and ``pg_trgm`` extensions (both trusted: the database's
  owner may create them);
- ``fr_unaccent``: PostgreSQL's ``french`` configuration with accents folded
  before stemming, so "cafe" finds "café";
- a GIN index on the products' French document (title and description), the
  exact expression ``search.backends.database.ProductDocument`` queries.

Nothing happens on SQLite.
"""

from django.db import migrations

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    """
    DO $$
    BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'fr_unaccent') THEN
            CREATE TEXT SEARCH CONFIGURATION fr_unaccent (COPY = french);
            ALTER TEXT SEARCH CONFIGURATION fr_unaccent
                ALTER MAPPING FOR hword, hword_part, word
                WITH unaccent, french_stem;
        END IF;
    END
    $$
    """,
    """
    CREATE INDEX IF NOT EXISTS search_product_french_document
    ON catalogue_product USING gin (
        to_tsvector('fr_unaccent'::regconfig,
            COALESCE(title, '') || ' ' || COALESCE(description, ''))
    )
    """,
]
BACKWARD = [
    "DROP INDEX IF EXISTS search_product_french_document",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS fr_unaccent",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in FORWARD:
        schema_editor.execute(statement)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in BACKWARD:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue", "0032_category_exclude_from_menu_category_long_description"),
    ]

    operations = [migrations.RunPython(forward, backward)]
