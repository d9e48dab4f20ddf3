"""PostgreSQL restarted under a running web server: the next request works.

The shared cluster stays up for the other tests: this test starts a cluster
of its own (initdb and pg_ctl, as the ``postgres`` user when run as root),
fills it with a copy of the migrated test database (pg_dump, much faster
than migrating anew), and runs gunicorn on it with production's settings,
whose connections are kept 60 s (CONN_MAX_AGE) and checked before reuse
(CONN_HEALTH_CHECKS). It asks for a page, restarts the cluster, which cuts
the kept connection, and asks again: the health check sees the dead
connection and opens a new one, so the visitor gets the page.
"""

import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import psycopg
import pytest
from django.conf import settings as django_settings

pytestmark = [pytest.mark.service("postgres"), pytest.mark.django_db]

PROJECT_ROOT = Path(django_settings.BASE_DIR)
WAIT = 30
PAGE = "/boutique/catalogue/"

# The web server's settings: production's, with static files served as in
# development (production's need ``collectstatic`` first).
SERVER_SETTINGS = """
from shop.settings.production import *  # noqa

STORAGES["staticfiles"] = {
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
"""
# What production requires of the environment, for a server on loopback.
PRODUCTION_ENV = {
    "SECRET_KEY": "outage-test-only-secret-key-not-for-production",
    "ALLOWED_HOSTS": "127.0.0.1",
    "SECURE_SSL_REDIRECT": "false",
    "DELIVERY_ENABLED": "false",
}


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def postgres_binaries():
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    return Path(found[-1]).parent if found else None


class Cluster:
    """A PostgreSQL cluster of the test's own, in a temporary directory."""

    def __init__(self, binaries, directory):
        self.binaries = binaries
        self.directory = Path(directory)
        self.data = self.directory / "data"
        self.port = free_port()
        self.log = self.directory / "postgres.log"

    def run(self, name, *args):
        command = [str(self.binaries / name), *args]
        if os.geteuid() == 0:  # initdb refuses root: run as postgres
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(
            command, check=True, capture_output=True, cwd="/", timeout=WAIT * 2
        )

    def init(self):
        if os.geteuid() == 0:
            shutil.chown(self.directory, "postgres", "postgres")
        self.run("initdb", "-D", str(self.data), "-U", "boutique", "-A", "trust", "-N")

    def pg_ctl(self, *args):
        options = (
            f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        self.run(
            "pg_ctl",
            "-D",
            str(self.data),
            "-l",
            str(self.log),
            "-o",
            options,
            "-w",
            "-t",
            str(WAIT),
            *args,
        )

    def url(self, name):
        return f"postgres://boutique@127.0.0.1:{self.port}/{name}"


@pytest.fixture
def cluster(postgres_db):
    binaries = postgres_binaries()
    if binaries is None:
        pytest.skip("no PostgreSQL server binaries in /usr/lib/postgresql/")
    directory = tempfile.mkdtemp(prefix="boutique-pg-outage-", dir="/tmp")
    os.chmod(directory, 0o755)
    cluster = Cluster(binaries, directory)
    cluster.init()
    cluster.pg_ctl("start")
    try:
        yield cluster
    finally:
        try:
            cluster.pg_ctl("stop", "-m", "immediate")
        finally:
            shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture
def migrated_copy(cluster, postgres_db):
    """A database in the cluster holding a copy of the migrated test database."""
    source = postgres_db.settings_dict
    with psycopg.connect(cluster.url("postgres"), autocommit=True) as conn:
        conn.execute("CREATE DATABASE shop")
    env = {**os.environ, "PGPASSWORD": source["PASSWORD"]}
    dump = subprocess.run(
        [
            str(cluster.binaries / "pg_dump"),
            "--no-owner",
            "--no-privileges",
            "-h",
            source["HOST"] or "127.0.0.1",
            "-p",
            str(source["PORT"] or 5432),
            "-U",
            source["USER"],
            source["NAME"],
        ],
        check=True,
        capture_output=True,
        env=env,
        timeout=WAIT * 2,
    )
    subprocess.run(
        [
            str(cluster.binaries / "psql"),
            "-q",
            "-v",
            "ON_ERROR_STOP=1",
            cluster.url("shop"),
        ],
        input=dump.stdout,
        check=True,
        capture_output=True,
        timeout=WAIT * 2,
    )
    return cluster.url("shop")


@pytest.fixture
def web_server(migrated_copy, tmp_path):
    """gunicorn, one worker process, on the cluster's database; its URL."""
    (tmp_path / "outage_web_settings.py").write_text(SERVER_SETTINGS)
    port = free_port()
    env = {
        **os.environ,
        **PRODUCTION_ENV,
        "PYTHONPATH": os.pathsep.join([str(tmp_path), str(PROJECT_ROOT)]),
        "DJANGO_SETTINGS_MODULE": "outage_web_settings",
        "DATABASE_URL": migrated_copy,
        "REDIS_URL": "",
        "CELERY_BROKER_URL": "",
        "SEARCH_BACKEND": "database",
    }
    log = tmp_path / "gunicorn.log"
    with open(log, "wb") as output:
        server = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "shop.wsgi:application",
                f"--bind=127.0.0.1:{port}",
                "--workers=1",
                "--threads=1",
                "--timeout=60",
                "--no-control-socket",
            ],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    server.url = f"http://127.0.0.1:{port}"
    server.log = log
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"gunicorn exited:\n{log.read_text(errors='replace')}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.2)
    else:
        pytest.fail(f"gunicorn did not listen:\n{log.read_text(errors='replace')}")
    yield server
    server.terminate()
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait(timeout=15)


def status_of(url):
    try:
        with urllib.request.urlopen(url, timeout=WAIT) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def application_connections(cluster_url):
    with psycopg.connect(cluster_url, autocommit=True) as conn:
        return conn.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = 'shop' AND pid <> pg_backend_pid()"
        ).fetchone()[0]


def test_the_first_request_after_a_database_restart_is_served(
    cluster, migrated_copy, web_server
):
    # given a page served with a database connection kept for the next one
    assert status_of(web_server.url + PAGE) == 200
    assert application_connections(migrated_copy) == 1

    # when PostgreSQL restarts, which cuts that connection
    cluster.pg_ctl("restart", "-m", "fast")
    assert application_connections(migrated_copy) == 0

    # then the very next request is served, on a new connection
    assert status_of(web_server.url + PAGE) == 200, web_server.log.read_text(
        errors="replace"
    )
    assert application_connections(migrated_copy) == 1
