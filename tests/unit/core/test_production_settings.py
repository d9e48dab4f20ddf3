"""Production settings refuse to start unsafe and pass Django's deploy checks."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "shop.settings.production",
    "SECRET_KEY": "a-long-random-production-secret-" + "x7Qp2Lm9Zr4Tt8Vw1Yb6Nc3" * 2,
    "DATABASE_URL": "sqlite:////tmp/boutique-check-deploy.sqlite3",
    "ALLOWED_HOSTS": "boutique.example.fr",
    # Test-only values: home delivery (on by default) is paid online.
    "STRIPE_SECRET_KEY": "sk_test_check_deploy_not_a_real_key",
    "STRIPE_PUBLISHABLE_KEY": "pk_test_check_deploy_not_a_real_key",
    "STRIPE_WEBHOOK_SECRET": "whsec_check_deploy_not_a_real_secret",
}
STRIPE_VARIABLES = (
    "STRIPE_SECRET_KEY",
    "STRIPE_PUBLISHABLE_KEY",
    "STRIPE_WEBHOOK_SECRET",
)


def run_manage(*args, env):
    # Only what a production host would have: no test-run switches.
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in PRODUCTION_ENV
        and k not in ("DJANGO_ALLOW_ASYNC_UNSAFE", "DELIVERY_ENABLED")
    }
    clean.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_the_required_variables():
    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_missing_secret_key_stops_start_up_naming_the_variable():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"}
    env["SECRET_KEY"] = ""

    result = run_manage("check", env=env)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY" in result.stderr


def test_missing_database_url_stops_start_up_naming_the_variable():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "DATABASE_URL"}
    env["DATABASE_URL"] = ""

    result = run_manage("check", env=env)

    assert result.returncode != 0
    assert "DATABASE_URL" in result.stderr


@pytest.mark.parametrize("missing", STRIPE_VARIABLES)
def test_delivery_without_a_stripe_key_stops_start_up_naming_it(missing):
    env = {**PRODUCTION_ENV, missing: ""}

    result = run_manage("check", env=env)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert f"DELIVERY_ENABLED) and is paid online, but {missing} is not set" in (
        result.stderr
    )


def test_without_delivery_the_shop_starts_without_stripe_keys():
    env = {**PRODUCTION_ENV, "DELIVERY_ENABLED": "false"}
    for name in STRIPE_VARIABLES:
        env[name] = ""

    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=env)

    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("redis_url", "seconds"),
    [("", "0"), ("redis://127.0.0.1:6379/0", "300")],
)
def test_whole_pages_are_cached_only_in_a_cache_every_process_shares(
    redis_url, seconds
):
    env = {**PRODUCTION_ENV, "REDIS_URL": redis_url}

    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.PAGE_CACHE_SECONDS)",
        env=env,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == seconds
