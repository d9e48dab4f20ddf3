"""gunicorn, started with deploy/gunicorn.conf.py and the production settings,
writes nothing but JSON lines: its own, its access log and the application's."""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "shop.settings.production",
    "SECRET_KEY": "a-long-random-production-secret-" + "x7Qp2Lm9Zr4Tt8Vw1Yb6Nc3" * 2,
    # /livez touches no database: this one never needs to exist.
    "DATABASE_URL": "sqlite:////tmp/boutique-gunicorn-logging.sqlite3",
    "ALLOWED_HOSTS": "127.0.0.1",
    # Pickups only: no Stripe keys needed to start.
    "DELIVERY_ENABLED": "false",
    "GUNICORN_WORKERS": "1",
}


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get_when_up(url, headers, deadline):
    """GET ``url`` as soon as the server accepts connections."""
    while True:
        try:
            request = urllib.request.Request(url, headers=headers)
            with urllib.request.urlopen(request, timeout=5) as response:
                return response.status, response.read()
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def test_gunicorn_error_access_and_application_logs_are_json_lines(tmp_path):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("SENTRY_")}
    env.update(PRODUCTION_ENV, GUNICORN_BIND=f"127.0.0.1:{port}")
    stdout_path, stderr_path = tmp_path / "stdout.log", tmp_path / "stderr.log"
    with open(stdout_path, "w") as stdout, open(stderr_path, "w") as stderr:
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "--config",
                "deploy/gunicorn.conf.py",
                "shop.wsgi:application",
            ],
            cwd=ROOT,
            env=env,
            stdout=stdout,
            stderr=stderr,
        )
        try:
            status, body = get_when_up(
                f"http://127.0.0.1:{port}/livez",
                {"X-Request-ID": "9b2e4c6d8f0a4b1c9d3e5f7a9b1c3d5e"},
                deadline=time.monotonic() + 90,
            )
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=60)

    assert (status, json.loads(body)) == (200, {"status": "ok"})
    out_lines = stdout_path.read_text().splitlines()
    err_lines = stderr_path.read_text().splitlines()
    # Every line, on both streams, is one JSON object.
    access = [json.loads(line) for line in out_lines if line.strip()]
    errors = [json.loads(line) for line in err_lines if line.strip()]

    (livez,) = [line for line in access if line.get("path") == "/livez"]
    assert livez["logger"] == "gunicorn.access"
    assert livez["level"] == "INFO"
    assert livez["method"] == "GET"
    assert livez["status"] == 200
    assert livez["request_id"] == "9b2e4c6d8f0a4b1c9d3e5f7a9b1c3d5e"
    assert isinstance(livez["duration_ms"], float)
    assert "GET /livez" in livez["message"]

    loggers = {line["logger"] for line in errors}
    assert "gunicorn.error" in loggers
    assert any(
        line["logger"] == "gunicorn.error" and "Listening at" in line["message"]
        for line in errors
    )
    # The application's own lines, from the worker, are JSON too.
    assert loggers - {"gunicorn.error"}, errors
