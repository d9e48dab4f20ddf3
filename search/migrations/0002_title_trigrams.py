"""PostgreSQL only, for the ``database`` search backend:

- ``catalogue_product.search_document``: the French full-text document of
  the title and description, a stored generated column (computed by
  PostgreSQL on every write; Django's product model does not know it), with
  a GIN index, so searches neither recompute nor recheck documents;
- a trigram index on the lower-cased titles, for the typo-forgiving match
  ``word <% lower(title)``.
"""

from django.db import migrations

FORWARD = [
    "DROP INDEX IF EXISTS search_product_french_document",
    """
    ALTER TABLE catalogue_product ADD COLUMN IF NOT EXISTS search_document tsvector
    GENERATED ALWAYS AS (
        to_tsvector('fr_unaccent'::regconfig,
            COALESCE(title, '') || ' ' || COALESCE(description, ''))
    ) STORED
    """,
    "CREATE INDEX IF NOT EXISTS search_product_document "
    "ON catalogue_product USING gin (search_document)",
    "CREATE INDEX IF NOT EXISTS search_product_title_trigrams "
    "ON catalogue_product USING gin (lower(title) gin_trgm_ops)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS search_product_title_trigrams",
    "ALTER TABLE catalogue_product DROP COLUMN IF EXISTS search_document",
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
    dependencies = [("search", "0001_postgresql_full_text")]

    operations = [migrations.RunPython(forward, backward)]
