"""Production logs are JSON lines carrying the request's id; errors go to
Sentry only when SENTRY_DSN is set, without personal data."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "shop.settings.production",
    "SECRET_KEY": "a-long-random-production-secret-" + "x7Qp2Lm9Zr4Tt8Vw1Yb6Nc3" * 2,
    "DATABASE_URL": "sqlite:////tmp/boutique-logging-check.sqlite3",
    "ALLOWED_HOSTS": "boutique.example.fr",
    "LOG_LEVEL": "INFO",
    # Pickups only: no Stripe keys needed to start.
    "DELIVERY_ENABLED": "false",
}


def run_with_production_settings(script, **extra_env):
    """Run ``script`` after ``django.setup()`` under the production settings."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in PRODUCTION_ENV and not k.startswith("SENTRY_")
    }
    env.update(PRODUCTION_ENV, **extra_env)
    result = subprocess.run(
        [sys.executable, "-c", "import django\ndjango.setup()\n" + script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result


def json_lines(text):
    """Every non-empty line of ``text`` parsed as JSON (fails on any other)."""
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_production_log_lines_are_json_with_time_level_logger_and_message():
    result = run_with_production_settings(
        "import logging\n"
        "logging.getLogger('vendors.stock').warning('Stock low for %s', 'savon')\n"
    )

    lines = json_lines(result.stderr)
    line = next(entry for entry in lines if entry["logger"] == "vendors.stock")
    assert line["level"] == "WARNING"
    assert line["message"] == "Stock low for savon"
    assert line["time"].startswith("20")
    # Outside a request there is no request id.
    assert line["request_id"] == ""


def test_a_log_line_written_during_a_request_carries_the_proxys_request_id():
    # A request for a host the site does not serve is logged as an error by
    # Django (django.security.DisallowedHost), inside the request.
    result = run_with_production_settings(
        "from django.test import Client\n"
        "request_id = '4f1c2a9be0d34c7f9a51b2c3d4e5f607'\n"
        "response = Client().get(\n"
        "    '/livez', HTTP_HOST='evil.example', HTTP_X_REQUEST_ID=request_id\n"
        ")\n"
        "print(response.status_code, response['X-Request-ID'])\n"
    )

    assert result.stdout.split() == ["400", "4f1c2a9be0d34c7f9a51b2c3d4e5f607"]
    line = next(
        entry
        for entry in json_lines(result.stderr)
        if entry["logger"] == "django.security.DisallowedHost"
    )
    assert line["level"] == "ERROR"
    assert "evil.example" in line["message"]
    assert line["request_id"] == "4f1c2a9be0d34c7f9a51b2c3d4e5f607"


def test_the_response_carries_the_proxys_request_id(client):
    response = client.get("/livez", HTTP_X_REQUEST_ID="0123456789abcdef")

    assert response["X-Request-ID"] == "0123456789abcdef"


@pytest.mark.parametrize(
    "given",
    ["", "short", "with space and\nnew line", "x" * 65, '"}{"level":"ERROR"'],
)
def test_a_request_id_that_is_no_proxys_id_is_replaced_by_a_fresh_one(client, given):
    response = client.get("/livez", HTTP_X_REQUEST_ID=given)

    request_id = response["X-Request-ID"]
    assert request_id != given
    assert len(request_id) == 32
    assert set(request_id) <= set("0123456789abcdef")


SENTRY_STATE = """
import json
import sentry_sdk
client = sentry_sdk.get_client()
print(json.dumps({
    "active": client.is_active(),
    "pii": client.options.get("send_default_pii"),
    "environment": client.options.get("environment"),
    "release": client.options.get("release"),
    "integrations": sorted(client.integrations),
}))
"""


def test_sentry_is_initialised_when_sentry_dsn_is_set_without_personal_data():
    # Nothing listens on port 1: no event can leave this test.
    result = run_with_production_settings(
        SENTRY_STATE,
        SENTRY_DSN="https://0123456789abcdef@127.0.0.1:1/42",
        SENTRY_ENVIRONMENT="staging",
        SENTRY_RELEASE="artisans-marketplace@0.1.0",
    )

    state = json.loads(result.stdout.strip().splitlines()[-1])
    assert state["active"] is True
    assert state["pii"] is False
    assert state["environment"] == "staging"
    assert state["release"] == "artisans-marketplace@0.1.0"
    assert {"django", "celery"} <= set(state["integrations"])


def test_sentry_stays_off_without_sentry_dsn():
    result = run_with_production_settings(SENTRY_STATE)

    state = json.loads(result.stdout.strip().splitlines()[-1])
    assert state["active"] is False
