#!/usr/bin/env python
"""``make bench``: the shop's pages under gunicorn beside the machine's ceiling.

One run:

1. picks a database of its own: ``boutique_bench`` on PostgreSQL when
   ``BENCH_DATABASE_URL``, ``DATABASE_URL`` or a local server on
   127.0.0.1:5432 with a known role answers and may create databases; a
   fresh SQLite file under ``var/bench/`` otherwise. Either is a copy of a
   migrated template, migrated again only when migrations change;
2. picks the cache as production does: Redis (``--redis-url``, database 15
   of 127.0.0.1:6379 by default, emptied before and after the run) when it
   answers, each worker's local memory otherwise, and says which;
3. collects static files, generates a catalogue
   (``manage.py generate_catalogue --home-page``) and sets the rest up
   (``bench_setup.py``): a Wagtail page below the home page, and a consumer
   signed in with a few products in their basket;
4. starts gunicorn with the production settings on a free loopback port,
   serving ``deploy.bench.wsgi:application`` (the shop, plus a static
   endpoint, an SQL query counter and stock Oscar's catalogue view, for the
   bench only: ``urls.py``, ``stock_oscar.py``);
5. for each page of ``PAGES`` (anonymous), ``STOCK_OSCAR_PAGES`` and
   ``SIGNED_IN_PAGES`` (with the consumer's session cookie, checked to be the
   signed-in page first): counts its SQL queries and bytes, then loads it and
   a static response of the same size from the same server, one after the
   other, with the same generator (wrk, or a Python one without wrk);
6. prints a table and the goals of issue #14 (``bench_goals.py``), each met
   or not and by how much, writes ``var/bench/results.json`` and stops
   gunicorn. ``--record-baseline`` writes the signed-in pages' figures to
   ``baseline.json``: what the speed-up goals divide by.

A page's ``ratio`` is its requests/s divided by the static twin's: the share
of what this machine's gunicorn could serve that the page reaches.
"""

import argparse
import contextlib
import hashlib
import http.client
import importlib.metadata
import json
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

try:  # run as a script, or imported by the benches beside it
    import bench_goals
except ModuleNotFoundError:  # imported as deploy.bench.bench
    from deploy.bench import bench_goals

REPO = Path(__file__).resolve().parent.parent.parent
BENCH_DIR = Path(__file__).resolve().parent
VAR = REPO / "var" / "bench"
VENV_BIN = Path(sys.executable).parent
RESULTS = VAR / "results.json"

# The pages measured, as (name, path). A path may name a value of
# ``URL_LOOKUPS`` in braces; adding a page is adding a line here (and a
# lookup when its URL depends on the generated data).
PAGES = [
    ("home", "/"),
    ("catalogue", "/boutique/catalogue/"),
    ("category", "{category}"),
    ("product", "{product}"),
    ("storefront", "{storefront}"),
    ("directory", "{directory}"),
    ("wagtail", "{wagtail}"),
]
# Oscar 4.2's own catalogue view on the same data, anonymous too; mounted by
# deploy/bench/urls.py (STOCK_OSCAR_CATALOGUE_PATH) on the bench's server only.
STOCK_OSCAR_PAGES = [("oscar catalogue", "/__bench__/oscar/catalogue/")]
# Loaded with the signed-in consumer's session cookie (bench_setup.py).
SIGNED_IN_PAGES = [
    ("signed-in catalogue", "/boutique/catalogue/"),
    ("signed-in basket", "/boutique/basket/"),
]
# What each signed-in page shows and an anonymous one does not: the logout
# link, and the consumer's basket (its item count in the header, its lines on
# the basket page). A page without them (a redirect to the login page, a lost
# session) is not measured. ``{basket_items}``: the items bench_setup put in.
SIGNED_IN_MARKERS = {
    "signed-in catalogue": [
        r'id="logout_link"',
        r'class="basket-mini__count"[^>]*>\s*{basket_items}\s*<',
    ],
    "signed-in basket": [
        r'id="logout_link"',
        r'(?s)(?:<li class="basket-line">.*?){{{basket_items}}}',
    ],
}

# Python expressions evaluated by ``manage.py shell`` against the bench
# database once the catalogue is generated; ``get_model`` is in scope.
URL_LOOKUPS = {
    "product": (
        "get_model('catalogue', 'Product')._default_manager"
        ".filter(code__startswith='gen-').order_by('pk').first().get_absolute_url()"
    ),
}

STATIC_PATH = "/__bench__/static/{size}"
BENCH_DB_NAME = "boutique_bench"
BENCH_TEMPLATE_NAME = "boutique_bench_template"
# Roles tried on a local PostgreSQL when no URL is given (user, password).
LOCAL_POSTGRES_ROLES = [
    ("boutique", "boutique"),
    ("postgres", "postgres"),
    ("postgres", ""),
]
POSTGRES_SCHEMES = ("postgres", "postgresql", "pgsql", "psql")
STEP_TIMEOUT = 240  # seconds, for each manage.py step
# Redis database 15 is the bench's own (tests use others): emptied at will.
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/15"


def log(message):
    print(f"[bench] {message}", flush=True)


class BenchError(Exception):
    """A step of the bench failed; the message says which and why."""


# Database
# ------------------------------------------------------------------------------


def redact(url):
    parts = urlsplit(url)
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
        return urlunsplit(parts._replace(netloc=netloc))
    return url


def with_database(url, name):
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def port_open(host, port, timeout=1.0):
    with contextlib.suppress(OSError), socket.create_connection((host, port), timeout):
        return True
    return False


def migrations_fingerprint():
    """A digest of what decides the migrated schema: packages and migrations."""
    digest = hashlib.sha256()
    for dist in sorted(
        importlib.metadata.distributions(), key=lambda d: d.metadata["Name"] or ""
    ):
        digest.update(f"{dist.metadata['Name']}=={dist.version}\n".encode())
    for pattern in ("*/migrations/*.py", "*/apps/*/migrations/*.py"):
        for path in sorted(REPO.glob(pattern)):
            digest.update(str(path.relative_to(REPO)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:32]


class PostgresDatabase:
    """``boutique_bench`` on a PostgreSQL server, cloned from a migrated template.

    Migrating Oscar and Wagtail takes minutes on a small machine, so the
    migrated schema is kept as ``boutique_bench_template`` (marked with the
    migrations' fingerprint) and each run starts from a fresh copy of it.
    """

    vendor = "postgresql"

    def __init__(self, server_url):
        self.server_url = server_url
        self.url = with_database(server_url, BENCH_DB_NAME)
        self.template_url = with_database(server_url, BENCH_TEMPLATE_NAME)

    def __str__(self):
        return redact(self.url)

    def admin(self):
        import psycopg

        parts = urlsplit(self.server_url)
        admin_db = parts.path.lstrip("/")
        if admin_db in ("", BENCH_DB_NAME, BENCH_TEMPLATE_NAME):
            admin_db = "postgres"
        conninfo = with_database(self.server_url, admin_db)
        conninfo = re.sub(r"^\w+://", "postgresql://", conninfo)
        return psycopg.connect(conninfo, autocommit=True, connect_timeout=3)

    def check(self):
        """Raise unless the server answers and lets this role create databases."""
        with self.admin() as conn:
            can_create = conn.execute(
                "SELECT rolcreatedb OR rolsuper FROM pg_roles "
                "WHERE rolname = current_user"
            ).fetchone()[0]
        if not can_create:
            raise BenchError("the role may not create databases (CREATEDB)")

    def template_fingerprint(self):
        with self.admin() as conn:
            row = conn.execute(
                "SELECT shobj_description(oid, 'pg_database') FROM pg_database "
                "WHERE datname = %s",
                [BENCH_TEMPLATE_NAME],
            ).fetchone()
        return row[0] if row else None

    def create_template(self):
        self._recreate(BENCH_TEMPLATE_NAME)

    def mark_template(self, fingerprint):
        from psycopg import sql

        with self.admin() as conn:
            conn.execute(
                sql.SQL("COMMENT ON DATABASE {} IS {}").format(
                    sql.Identifier(BENCH_TEMPLATE_NAME), sql.Literal(fingerprint)
                )
            )

    def clone_template(self):
        self._recreate(BENCH_DB_NAME, template=BENCH_TEMPLATE_NAME)

    def _recreate(self, name, template=None):
        from psycopg import sql

        with self.admin() as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                    sql.Identifier(name)
                )
            )
            create = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
            if template:
                create += sql.SQL(" TEMPLATE {}").format(sql.Identifier(template))
            conn.execute(create)


class SqliteDatabase:
    """A fresh SQLite file under ``var/bench/``, copied from a migrated one."""

    vendor = "sqlite"

    def __init__(self):
        self.path = VAR / "bench.sqlite3"
        self.template_path = VAR / "template.sqlite3"
        self.stamp_path = VAR / "template.fingerprint"
        self.url = f"sqlite:///{self.path}"
        self.template_url = f"sqlite:///{self.template_path}"

    def __str__(self):
        return str(self.path)

    def template_fingerprint(self):
        if self.template_path.exists() and self.stamp_path.exists():
            return self.stamp_path.read_text().strip()
        return None

    def create_template(self):
        self.stamp_path.unlink(missing_ok=True)
        self._remove(self.template_path)

    def mark_template(self, fingerprint):
        self.stamp_path.write_text(fingerprint + "\n")

    def clone_template(self):
        self._remove(self.path)
        shutil.copyfile(self.template_path, self.path)

    @staticmethod
    def _remove(path):
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)


def postgres_candidates():
    """Yield ``(origin, url)`` of the PostgreSQL servers worth trying, in order."""
    for variable in ("BENCH_DATABASE_URL", "DATABASE_URL"):
        url = os.environ.get(variable, "")
        if url.split(":", 1)[0] in POSTGRES_SCHEMES:
            yield variable, url
    if port_open("127.0.0.1", 5432):
        for user, password in LOCAL_POSTGRES_ROLES:
            auth = f"{user}:{password}" if password else user
            yield f"local role {user}", f"postgres://{auth}@127.0.0.1:5432/postgres"


def pick_database(choice="auto"):
    """PostgreSQL when a server answers and lets us create databases, else SQLite."""
    candidates = postgres_candidates() if choice != "sqlite" else []
    for origin, url in candidates:
        database = PostgresDatabase(url)
        try:
            database.check()
        except Exception as exc:  # any refusal means: try the next one
            reason = str(exc).strip().splitlines()[0] if str(exc).strip() else exc
            log(f"PostgreSQL from {origin} ({redact(url)}) not usable: {reason}")
            continue
        log(f"database: PostgreSQL from {origin}, {database}")
        return database
    if choice == "postgresql":
        raise BenchError("no usable PostgreSQL (see above)")
    database = SqliteDatabase()
    log(f"database: SQLite, {database}")
    return database


def prepare_database(database):
    """Give ``database`` a fresh, migrated schema; migrate the template if stale."""
    fingerprint = migrations_fingerprint()
    if database.template_fingerprint() != fingerprint:
        log("migrating a template database (again only when migrations change)")
        database.create_template()
        manage(server_environment(database.template_url), "migrate", "--noinput")
        database.mark_template(fingerprint)
    database.clone_template()
    env = server_environment(database.url)
    # Normally nothing to apply; it keeps the run right if the fingerprint
    # missed a change.
    manage(env, "migrate", "--noinput")
    return env


# Django steps and gunicorn
# ------------------------------------------------------------------------------


def server_environment(database_url):
    """The environment of gunicorn and of the manage.py steps."""
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "shop.settings.production",
            "SECRET_KEY": os.environ.get("BENCH_SECRET_KEY")
            or "bench-only-" + secrets.token_hex(24),
            "DATABASE_URL": database_url,
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "false",
            "STATIC_ROOT": str(VAR / "static"),
            "MEDIA_ROOT": str(VAR / "media"),
            "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
            "BENCH_STATIC_ENDPOINT": "1",
            "LOG_LEVEL": os.environ.get("LOG_LEVEL", "WARNING"),
            "PYTHONUNBUFFERED": "1",
        }
    )
    # Production requires Stripe's keys while home delivery is on; the bench
    # never pays, so placeholders do unless real test keys are given.
    for name, placeholder in (
        ("STRIPE_SECRET_KEY", "sk_test_bench"),
        ("STRIPE_PUBLISHABLE_KEY", "pk_test_bench"),
        ("STRIPE_WEBHOOK_SECRET", "whsec_bench"),
    ):
        env.setdefault(name, placeholder)
    env.pop("BENCH_DATABASE_URL", None)
    return env


def manage(env, *args):
    """Run ``manage.py *args`` and return its standard output."""
    started = time.monotonic()
    try:
        done = subprocess.run(
            [sys.executable, str(REPO / "manage.py"), *args],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
            timeout=STEP_TIMEOUT,
        )
    except subprocess.TimeoutExpired as exc:
        raise BenchError(f"manage.py {args[0]} took over {STEP_TIMEOUT}s") from exc
    if done.returncode != 0:
        raise BenchError(
            f"manage.py {' '.join(args)} failed ({done.returncode}):\n"
            f"{done.stdout[-2000:]}{done.stderr[-4000:]}"
        )
    log(f"manage.py {args[0]}: {time.monotonic() - started:.1f}s")
    return done.stdout


def resolve_paths(env, pages=PAGES, lookups=URL_LOOKUPS):
    """Fill the ``{lookup}`` placeholders of ``pages`` from the database."""
    needed = sorted(
        {name for _, path in pages for name in re.findall(r"{(\w+)}", path)}
    )
    if not needed:
        return dict(pages)
    code = "\n".join(
        [
            "import json",
            "from oscar.core.loading import get_model",
            "print('BENCH_LOOKUPS ' + json.dumps({",
            *(f"    {name!r}: {lookups[name]}," for name in needed),
            "}))",
        ]
    )
    output = manage(env, "shell", "--no-imports", "-c", code)
    line = next(ln for ln in output.splitlines() if ln.startswith("BENCH_LOOKUPS "))
    values = json.loads(line.split(" ", 1)[1])
    return {name: path.format(**values) for name, path in pages}


def prepare_shop(env):
    """Run ``bench_setup.py`` in the bench's database; return what it printed:
    ``{"lookups": {name: path}, "cookie": {name: value}, "basket_items": n}``."""
    output = manage(
        env,
        "shell",
        "--no-imports",
        "-c",
        "from deploy.bench.bench_setup import print_setup; print_setup()",
    )
    line = next(
        (ln for ln in output.splitlines() if ln.startswith("BENCH_SETUP ")), None
    )
    if line is None:
        raise BenchError(f"bench_setup printed no BENCH_SETUP line:\n{output}")
    return json.loads(line.split(" ", 1)[1])


def fill_paths(pages, lookups):
    """``{name: path}`` of ``pages``, their ``{lookup}`` placeholders filled."""
    return {name: path.format(**lookups) for name, path in pages}


def pick_cache(redis_url):
    """``redis_url`` when Redis answers there (emptied first), else None.

    Production caches (and keeps sessions) in Redis; without it every worker
    has a local memory cache of its own, which the bench says.
    """
    if not redis_url:
        log("cache: local memory per worker (--redis-url '')")
        return None
    parts = urlsplit(redis_url)
    if not port_open(parts.hostname or "127.0.0.1", parts.port or 6379):
        log(f"cache: local memory per worker (no Redis at {redact(redis_url)})")
        return None
    try:
        flush_redis(redis_url)
    except Exception as exc:  # any refusal: measure without Redis, and say so
        log(f"cache: local memory per worker (Redis refused: {exc})")
        return None
    log(f"cache: Redis, {redact(redis_url)} (emptied)")
    return redis_url


def flush_redis(url):
    import redis

    redis.Redis.from_url(url, socket_connect_timeout=3).flushdb()


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Gunicorn:
    """The app under gunicorn, stopped on exit whatever happens."""

    def __init__(self, env, workers, worker_class):
        self.env = env
        self.workers = workers
        self.worker_class = worker_class
        self.port = free_port()
        self.log_path = VAR / "gunicorn.log"
        self.process = None

    def __enter__(self):
        command = [
            str(VENV_BIN / "gunicorn"),
            "deploy.bench.wsgi:application",
            f"--bind=127.0.0.1:{self.port}",
            f"--workers={self.workers}",
            f"--worker-class={self.worker_class}",
            f"--chdir={REPO}",
            "--timeout=60",
            "--log-level=warning",
        ]
        log(f"gunicorn: {self.workers} {self.worker_class} workers on port {self.port}")
        self.log_file = open(self.log_path, "w")  # closed in __exit__
        # Its own session: a Ctrl-C reaches only this script, which stops it.
        self.process = subprocess.Popen(
            command,
            cwd=REPO,
            env=self.env,
            stdout=self.log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            self.wait_until_up()
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def wait_until_up(self, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise BenchError(f"gunicorn exited early:\n{self.log_tail()}")
            with contextlib.suppress(OSError, http.client.HTTPException):
                status, _, _ = fetch(self.port, STATIC_PATH.format(size=1))
                if status == 200:
                    return
            time.sleep(0.2)
        raise BenchError(f"gunicorn did not answer in {timeout}s:\n{self.log_tail()}")

    def log_tail(self, lines=30):
        self.log_file.flush()
        text = self.log_path.read_text(errors="replace").splitlines()
        return "\n".join(text[-lines:])

    def __exit__(self, *exc_info):
        if self.process and self.process.poll() is None:
            self.process.terminate()  # gunicorn's graceful shutdown
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
            log("gunicorn stopped")
        self.log_file.close()


# Measuring
# ------------------------------------------------------------------------------


def fetch(port, path, headers=None, timeout=30):
    """GET ``path``; return ``(status, headers, body)``."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


def sample_page(port, path, workers, headers=None, markers=()):
    """Return ``(bytes, queries, samples)`` of ``path``, past each worker's warm-up.

    Each worker's first requests fill its caches (templates, Wagtail site,
    thumbnails); the queries reported are the most any later request made.
    Every answer must be a 200 whose body matches each regular expression of
    ``markers``.
    """
    counts = []
    for _ in range(2 * workers + 2):
        status, answer_headers, body = fetch(
            port, path, {**(headers or {}), "X-Bench-Count-Queries": "1"}
        )
        if status != 200:
            raise BenchError(f"GET {path} answered {status}")
        missing = missing_markers(body.decode(errors="replace"), markers)
        if missing:
            raise BenchError(f"GET {path}: the page lacks {', '.join(missing)}")
        counts.append(int(answer_headers.get("X-Bench-Queries", -1)))
    return len(body), max(counts[workers:]), counts


def missing_markers(text, markers):
    """The regular expressions of ``markers`` that ``text`` does not match."""
    return [marker for marker in markers if not re.search(marker, text)]


def cookie_header(cookies):
    return {"Cookie": "; ".join(f"{name}={value}" for name, value in cookies.items())}


class Wrk:
    name = "wrk"

    def __init__(self, executable, connections, threads):
        self.executable = executable
        self.connections = connections
        self.threads = threads

    def run(self, port, path, seconds, headers=None):
        command = [
            self.executable,
            f"--connections={self.connections}",
            f"--threads={self.threads}",
            f"--duration={seconds}s",
            "--timeout=10s",
            f"--script={BENCH_DIR / 'report.lua'}",
            *(f"--header={name}: {value}" for name, value in (headers or {}).items()),
            f"http://127.0.0.1:{port}{path}",
        ]
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=seconds + 30
        )
        line = next(
            (ln for ln in done.stdout.splitlines() if ln.startswith("BENCH_JSON ")),
            None,
        )
        if done.returncode != 0 or line is None:
            raise BenchError(f"wrk failed on {path}:\n{done.stdout}{done.stderr}")
        raw = json.loads(line.split(" ", 1)[1])
        return {
            "requests": raw["requests"],
            "rps": raw["requests"] / (raw["duration_us"] / 1e6),
            "p50_ms": raw["p50_us"] / 1000,
            "p95_ms": raw["p95_us"] / 1000,
            "p99_ms": raw["p99_us"] / 1000,
            "max_ms": raw["max_us"] / 1000,
            "errors": sum(raw["errors"].values()),
            "error_detail": raw["errors"],
        }


class PythonLoad:
    """Fallback generator: threads on HTTP/1.1 connections, kept alive when the
    server allows. Slower than wrk, so its ceiling may be its own."""

    name = "python"

    def __init__(self, connections):
        self.connections = connections

    def run(self, port, path, seconds, headers=None):
        latencies = [[] for _ in range(self.connections)]
        errors = [0] * self.connections
        deadline = time.monotonic() + seconds

        def worker(index):
            conn = None
            while time.monotonic() < deadline:
                started = time.monotonic()
                try:
                    if conn is None:
                        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                    conn.request("GET", path, headers=headers or {})
                    response = conn.getresponse()
                    response.read()
                    if response.status >= 400:
                        errors[index] += 1
                    latencies[index].append(time.monotonic() - started)
                    if response.will_close:
                        conn.close()
                        conn = None
                except (OSError, http.client.HTTPException):
                    errors[index] += 1
                    if conn is not None:
                        conn.close()
                    conn = None
            if conn is not None:
                conn.close()

        started = time.monotonic()
        threads = [
            threading.Thread(target=worker, args=(i,), daemon=True)
            for i in range(self.connections)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
        samples = sorted(s for per_thread in latencies for s in per_thread)
        if len(samples) < 2:
            raise BenchError(f"no answer from {path} in {seconds}s")
        cuts = statistics.quantiles(samples, n=100, method="inclusive")
        return {
            "requests": len(samples),
            "rps": len(samples) / elapsed,
            "p50_ms": cuts[49] * 1000,
            "p95_ms": cuts[94] * 1000,
            "p99_ms": cuts[98] * 1000,
            "max_ms": samples[-1] * 1000,
            "errors": sum(errors),
            "error_detail": {"status_or_socket": sum(errors)},
        }


def load_generator(args):
    executable = shutil.which("wrk")
    if executable and not args.python_load:
        return Wrk(executable, args.connections, args.wrk_threads)
    log("wrk not found (apt-get install wrk): using the Python load generator")
    return PythonLoad(args.connections)


def settle(port, timeout=60, quick=0.05):
    """Wait until the server answers a tiny static response at once.

    A load run leaves requests queued in gunicorn's backlog when it stops (a
    slow page, eight connections); the next run would otherwise wait for them.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        started = time.monotonic()
        with contextlib.suppress(OSError, http.client.HTTPException):
            fetch(port, STATIC_PATH.format(size=1), timeout=timeout)
        if time.monotonic() - started < quick:
            return
    log(f"the server was still busy {timeout}s after a run")


def measure(generator, port, path, args, headers=None):
    settle(port)
    generator.run(port, path, args.warmup, headers=headers)
    settle(port)
    return generator.run(port, path, args.duration, headers=headers)


def bench_pages(port, paths, generator, args, headers=None, markers=None):
    """Measure each of ``paths`` (``{name: path}``) and its static twin.

    ``headers`` go with every request for a page (the signed-in consumer's
    cookie), none with the static twin's; ``markers`` (``{name: [regular
    expression]}``) is what each page must show before it is measured.
    """
    results = []
    for name, path in paths.items():
        log(f"{name}: {path}")
        row = {"name": name, "path": path, "signed_in": bool(headers)}
        try:
            size, queries, counts = sample_page(
                port, path, args.workers, headers, (markers or {}).get(name, ())
            )
            row.update({"bytes": size, "queries": queries, "query_samples": counts})
            row["page"] = measure(generator, port, path, args, headers)
            static_path = STATIC_PATH.format(size=size)
            row["static"] = measure(generator, port, static_path, args)
        except (BenchError, OSError, http.client.HTTPException) as exc:
            log(f"{name}: not measured: {exc}")
            row["error"] = str(exc)
            results.append(row)
            continue
        if not row["page"]["requests"] or not row["static"]["rps"]:
            row["error"] = "no answer during the run"
            log(f"{name}: not measured: {row['error']}")
        else:
            row["ratio"] = row["page"]["rps"] / row["static"]["rps"]
        results.append(row)
    return results


# Report
# ------------------------------------------------------------------------------

COLUMNS = [
    ("page", "{:<20}"),
    ("bytes", "{:>7}"),
    ("req/s", "{:>8}"),
    ("p50 ms", "{:>7}"),
    ("p95 ms", "{:>7}"),
    ("SQL/req", "{:>7}"),
    ("static req/s", "{:>12}"),
    ("static p50", "{:>10}"),
    ("static p95", "{:>10}"),
    ("ratio", "{:>6}"),
    ("errors", "{:>6}"),
]


def table(results):
    header = " ".join(fmt.format(title) for title, fmt in COLUMNS)
    lines = [header, "-" * len(header)]
    for row in results:
        name = row["name"]
        if "error" in row:
            lines.append(f"{name:<20} not measured: {row['error']}")
            continue
        page, static = row["page"], row["static"]
        cells = [
            name,
            row["bytes"],
            f"{page['rps']:.1f}",
            f"{page['p50_ms']:.1f}",
            f"{page['p95_ms']:.1f}",
            row["queries"],
            f"{static['rps']:.1f}",
            f"{static['p50_ms']:.1f}",
            f"{static['p95_ms']:.1f}",
            f"{row['ratio']:.3f}",
            page["errors"] + static["errors"],
        ]
        lines.append(
            " ".join(
                fmt.format(cell) for cell, (_, fmt) in zip(cells, COLUMNS, strict=True)
            )
        )
    return "\n".join(lines)


def git_revision():
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        done = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=5,
        )
        return done.stdout.strip() or None
    return None


# Main
# ------------------------------------------------------------------------------


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--products", type=int, default=2000)
    parser.add_argument("--artisans", type=int, default=50)
    parser.add_argument(
        "--database",
        choices=["auto", "postgresql", "sqlite"],
        default="auto",
        help="auto: PostgreSQL when one is usable, SQLite otherwise",
    )
    parser.add_argument("--duration", type=int, default=10, help="seconds per URL")
    parser.add_argument("--warmup", type=int, default=2, help="seconds per URL")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--worker-class", default="sync", help="gunicorn worker class")
    parser.add_argument(
        "--wrk-threads",
        type=int,
        default=1,
        help="wrk threads; one leaves the most CPU to the server on a small machine",
    )
    parser.add_argument(
        "--python-load", action="store_true", help="use the Python generator"
    )
    parser.add_argument(
        "--redis-url",
        default=DEFAULT_REDIS_URL,
        help="the shop's cache and sessions, as in production, when Redis "
        "answers there (emptied before and after); '' for local memory",
    )
    parser.add_argument(
        "--pages",
        type=lambda text: [name.strip() for name in text.split(",") if name.strip()],
        help="measure only these pages, by name, comma-separated",
    )
    parser.add_argument(
        "--baseline",
        type=Path,
        default=bench_goals.BASELINE_PATH,
        help="the signed-in pages' figures the speed-up goals divide by",
    )
    parser.add_argument(
        "--record-baseline",
        action="store_true",
        help="write this run's signed-in figures to --baseline first",
    )
    return parser.parse_args(argv)


def stop_on_sigterm(signum, frame):
    raise KeyboardInterrupt


def main(argv=None):
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, stop_on_sigterm)
    # Also when started in the background, where SIGINT comes in ignored.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    started = time.monotonic()
    VAR.mkdir(parents=True, exist_ok=True)

    database = pick_database(args.database)
    env = prepare_database(database)
    redis_url = pick_cache(args.redis_url)
    if redis_url:
        env["REDIS_URL"] = redis_url
    else:
        env.pop("REDIS_URL", None)
    # The checkout bench's test of the collected files (beside this file; it
    # imports this module, hence here).
    from checkout_bench import static_files_stale

    if static_files_stale():
        manage(env, "collectstatic", "--noinput", "--verbosity=0")
    else:
        log("collectstatic: skipped, the static files are up to date")
    output = manage(
        env,
        "generate_catalogue",
        f"--products={args.products}",
        f"--artisans={args.artisans}",
        "--home-page",
    )
    log(output.strip())
    setup = prepare_shop(env)
    lookups = setup["lookups"]
    groups = [
        (fill_paths(PAGES, lookups), None, {}),
        (fill_paths(STOCK_OSCAR_PAGES, lookups), None, {}),
        (
            fill_paths(SIGNED_IN_PAGES, lookups),
            cookie_header(setup["cookie"]),
            {
                name: [m.format(basket_items=setup["basket_items"]) for m in markers]
                for name, markers in SIGNED_IN_MARKERS.items()
            },
        ),
    ]
    if args.pages:
        groups = [
            ({n: p for n, p in paths.items() if n in args.pages}, headers, markers)
            for paths, headers, markers in groups
        ]
    generator = load_generator(args)

    # The machine may be shared: what else ran, as the load averages say.
    load_before = os.getloadavg()
    results = []
    try:
        with Gunicorn(env, args.workers, args.worker_class) as server:
            for paths, headers, markers in groups:
                results += bench_pages(
                    server.port, paths, generator, args, headers, markers
                )
            failed = any(
                "error" in row or row["page"]["errors"] or row["static"]["errors"]
                for row in results
            )
            if failed:
                log(f"gunicorn log ({server.log_path}):\n{server.log_tail()}")
    finally:
        if redis_url:
            flush_redis(redis_url)

    conditions = {
        "machine": {
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "load_average_1_5_15_min": {
                "before": [round(x, 2) for x in load_before],
                "after": [round(x, 2) for x in os.getloadavg()],
            },
        },
        "database": {"vendor": database.vendor, "url": str(database)},
        "cache": "redis" if redis_url else "local memory",
        "catalogue": {"products": args.products, "artisans": args.artisans},
        "server": {
            "workers": args.workers,
            "worker_class": args.worker_class,
            "settings": "shop.settings.production",
        },
        "load": {
            "generator": generator.name,
            "connections": args.connections,
            "duration_s": args.duration,
            "warmup_s": args.warmup,
        },
    }
    run_context = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "revision": git_revision(),
        **conditions,
    }
    if args.record_baseline:
        document = bench_goals.baseline_document(
            results,
            {
                "about": "Issue #14: the signed-in pages before the page cache; "
                "bench.py --record-baseline wrote it.",
                **run_context,
            },
        )
        args.baseline.write_text(json.dumps(document, indent=2) + "\n")
        log(f"baseline written: {args.baseline}")
    try:
        baseline = bench_goals.read_baseline(args.baseline)
    except (bench_goals.BaselineError, ValueError) as exc:
        raise BenchError(f"unreadable baseline: {exc}") from exc
    verdicts = bench_goals.evaluate(results, baseline)

    report = {
        **run_context,
        "pages": results,
        "baseline": str(args.baseline) if baseline else None,
        "goals": [
            {
                "goal": v.goal,
                "target": v.target,
                "at_least": v.at_least,
                "measured": v.measured,
                "met": v.met,
            }
            for v in verdicts
        ],
    }
    RESULTS.write_text(json.dumps(report, indent=2) + "\n")

    print()
    print(
        f"{database.vendor}, {args.products} products / {args.artisans} artisans, "
        f"gunicorn {args.workers}x{args.worker_class}, "
        f"cache {conditions['cache']}, "
        f"{generator.name} {args.connections} connections, "
        f"{args.duration}s per URL, {os.cpu_count()} CPUs, load average "
        f"{load_before[0]:.1f} before, {os.getloadavg()[0]:.1f} after"
    )
    print(table(results))
    print(f"\nratio = page req/s / static req/s of the same size; {RESULTS}")
    print()
    if baseline is None:
        print(f"no baseline at {args.baseline}: run once with --record-baseline")
    else:
        print(f"baseline: {args.baseline}")
    for line in bench_goals.summary(verdicts):
        print(line)
    log(f"done in {time.monotonic() - started:.0f}s")
    return 1 if any("error" in row for row in results) else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BenchError as exc:
        log(f"failed: {exc}")
        sys.exit(1)
    except KeyboardInterrupt:
        log("interrupted")
        sys.exit(130)
