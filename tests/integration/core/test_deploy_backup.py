"""The backup CronJob's own script dumps a real PostgreSQL database, and the
restore command of deploy/README.md brings it back into an empty one."""

import os
import shutil
import subprocess
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
import yaml

pytestmark = [pytest.mark.service("postgres"), pytest.mark.django_db]

ROOT = Path(__file__).resolve().parents[3]

# As written in deploy/README.md ("Backups"), which this test keeps true.
RESTORE_COMMAND = (
    'pg_restore --clean --if-exists --no-owner --no-privileges --dbname="$DATABASE_URL"'
)


def database_url(settings_dict, name=None):
    return "postgres://{user}:{password}@{host}:{port}/{name}".format(
        user=quote(settings_dict["USER"], safe=""),
        password=quote(settings_dict["PASSWORD"], safe=""),
        host=settings_dict["HOST"] or "127.0.0.1",
        port=settings_dict["PORT"] or 5432,
        name=quote(name or settings_dict["NAME"], safe=""),
    )


def backup_script():
    """The shell script the CronJob's container runs."""
    documents = yaml.safe_load_all(
        (ROOT / "deploy" / "k8s" / "backup-cronjob.yaml").read_text()
    )
    (cronjob,) = [doc for doc in documents if doc and doc["kind"] == "CronJob"]
    (container,) = cronjob["spec"]["jobTemplate"]["spec"]["template"]["spec"][
        "containers"
    ]
    assert container["command"][:2] == ["sh", "-c"]
    return container["command"][2]


@pytest.fixture
def pg_tools():
    missing = [tool for tool in ("pg_dump", "pg_restore") if not shutil.which(tool)]
    if missing:
        pytest.skip(f"{', '.join(missing)} not installed (Debian: postgresql-client)")


@pytest.fixture
def empty_database(postgres_db):
    """A new, empty database beside the test one; dropped afterwards."""
    settings_dict = postgres_db.settings_dict
    name = f"{settings_dict['NAME']}_restore_{uuid.uuid4().hex[:8]}"
    admin = psycopg.connect(database_url(settings_dict, "postgres"), autocommit=True)
    admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield database_url(settings_dict, name)
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def test_nightly_dump_restores_into_an_empty_database_at_the_same_migrations(
    postgres_db, pg_tools, empty_database, tmp_path
):
    source_url = database_url(postgres_db.settings_dict)
    # Given a dump older than the days kept.
    old_dump = tmp_path / "boutique-20200101T023000Z.dump"
    old_dump.write_bytes(b"old")
    twenty_days_ago = time.time() - 20 * 86400
    os.utime(old_dump, (twenty_days_ago, twenty_days_ago))

    # When the CronJob's script runs against the database.
    backup = subprocess.run(
        ["sh", "-c", backup_script()],
        env={
            **os.environ,
            "DATABASE_URL": source_url,
            "BACKUP_DIR": str(tmp_path),
            "BACKUP_KEEP_DAYS": "14",
        },
        capture_output=True,
        text=True,
        timeout=300,
    )

    assert backup.returncode == 0, backup.stderr
    (dump,) = tmp_path.glob("boutique-*.dump")
    assert dump != old_dump, "the dump older than BACKUP_KEEP_DAYS is deleted"
    assert not list(tmp_path.glob("*.partial"))

    # Then the README's restore command loads it into an empty database...
    restore = subprocess.run(
        ["sh", "-c", f"{RESTORE_COMMAND} {dump}"],
        env={**os.environ, "DATABASE_URL": empty_database},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert restore.returncode == 0, restore.stderr
    assert RESTORE_COMMAND in (ROOT / "deploy" / "README.md").read_text()

    # ...which then holds the same tables, rows and migrations as the source.
    assert table_rows(empty_database) == table_rows(source_url)
    assert "django_migrations" in table_rows(empty_database)


def table_rows(url):
    """``{table: row count}`` of every table of the public schema at ``url``."""
    with psycopg.connect(url) as connection:
        tables = [
            name
            for (name,) in connection.execute(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
            )
        ]
        return {
            name: connection.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]
            for name in tables
        }
